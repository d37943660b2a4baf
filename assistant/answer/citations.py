"""Citations: a passage's cited stretch as a ``Citation``, the notes an
answer adds about the validity of what it cites, the refusal, and an LLM
answer's [n] (passage numbers) turned into citations."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.llm import CANNOT_ANSWER
from assistant.records import Citation, Passage
from assistant.text import Sentence, match_form, split_sentences

__all__ = ["REFUSAL", "make_citation", "refusal_text", "renumber", "superseded_note"]

REFUSAL = CANNOT_ANSWER  # the extractive refusal and the LLM's say the same


def make_citation(n: int, p: Passage, sentences: Sequence[Sentence]) -> Citation:
    """A citation whose span is the cited stretch of the chunk (a real substring)."""
    start = min(s.start for s in sentences)
    end = max(s.end for s in sentences)
    return Citation(
        n=n,
        chunk_id=p.chunk.chunk_id,
        doc_id=p.doc.doc_id,
        title=p.doc.title,
        source=p.doc.source,
        section=p.chunk.section,
        page=p.chunk.page,
        text=p.chunk.text,
        span=p.chunk.text[start:end],
        status=p.doc.status,
        doc_number=p.doc.doc_number,
        issuer=p.doc.issuer,
        issued=p.doc.issued,
        validity=p.doc.validity(),
        expires=p.doc.expires,
    )


def refusal_text(passages: Sequence[Passage]) -> str:
    """The refusal, naming the closest documents so the user can look."""
    titles: list[str] = []
    for p in passages:
        if p.doc.title and p.doc.title not in titles:
            titles.append(p.doc.title)
    if not titles:
        return REFUSAL
    return REFUSAL + "最接近的文件：" + "、".join(f"《{t}》" for t in titles[:3]) + "。"


def superseded_note(citations: Sequence[Citation], passages: Sequence[Passage] = ()) -> str:
    """A note for each cited document that a newer version replaced or that expired."""
    years = {p.doc.doc_id: p.doc.year for p in passages}
    notes: list[str] = []
    for c in citations:
        year = years.get(c.doc_id) or (int(c.issued[:4]) if c.issued[:4].isdigit() else None)
        name = f"《{c.title}》" + (f"({year})" if year else "")
        if c.status == "superseded":
            note = f"（注：该条文出自已被新版本替代的{name}）"
        elif c.validity == "expired":
            note = f"（注：{name}有效期至{c.expires[:10]}，已失效）"
        elif c.validity == "pending":
            note = f"（注：{name}尚未施行）"
        else:
            continue
        if note not in notes:
            notes.append(note)
    return "".join(notes)


def renumber(text: str, evidence: Sequence[Passage]) -> tuple[str, list[Citation]]:
    """LLM [n] = passage n → citations numbered in order of first use, each with
    the chunk sentence that best matches the claim it follows."""
    mapping: dict[int, int] = {}
    claims: dict[int, list[str]] = {}
    for m in re.finditer(r"([^\[\]\n。；]*)\[(\d+)\]", text):
        n = int(m.group(2))
        mapping.setdefault(n, len(mapping) + 1)
        claims.setdefault(n, []).append(m.group(1))
    out = re.sub(r"\[(\d+)\]", lambda m: f"[{mapping[int(m.group(1))]}]", text)
    citations = []
    for n, new in mapping.items():
        p = evidence[n - 1]
        citations.append(make_citation(new, p, [_best_sentence(p, " ".join(claims[n]))]))
    return out, citations


def _best_sentence(p: Passage, claim: str) -> Sentence:
    """The chunk sentence sharing most character bigrams with the claim."""
    claim_n = match_form(claim)
    grams = {claim_n[i : i + 2] for i in range(len(claim_n) - 1)}
    sentences = split_sentences(p.chunk.text) or [Sentence(p.chunk.text, 0, len(p.chunk.text))]
    return max(sentences, key=lambda s: sum(g in match_form(s.text) for g in grams))
