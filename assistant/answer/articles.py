"""An article asked for by number ("专利法第四十二条规定了什么？"), found and
quoted whole.

The article is looked up in the document the question names (or, when it
names none, in the documents of the top passages), by the chunks whose
section ends in that 第X条 — a long article spans several chunks, and
retrieval may rank only one of them. The answer quotes the whole article;
past ``LONG`` characters it quotes whole paragraphs up to there and points to
the source view for the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from assistant.answer.named import glossed_titles
from assistant.records import ChunkRecord, DocRecord, Passage
from assistant.retrieval import named_documents
from assistant.text import (
    Ask,
    Sentence,
    english_terms,
    item_kind,
    items_end,
    list_end,
    opens_point,
    regions_in,
    split_sentences,
)

__all__ = [
    "COMMENCEMENT",
    "TAKES_EFFECT",
    "Corpus",
    "Found",
    "asks_commencement",
    "find_article",
    "find_commencement",
    "find_point",
    "following_items",
    "joined",
    "preceding_lead",
]

LONG = 900  # characters of an article quoted in the answer itself


class Corpus(Protocol):
    """What the answer step reads besides the passages (a ``Store`` is one)."""

    def documents(self) -> Sequence[DocRecord]: ...

    def doc_chunks(self, doc_id: str) -> list[ChunkRecord]: ...


@dataclass(frozen=True)
class Found:
    doc: DocRecord
    chunks: list[ChunkRecord]  # the article's chunks, in order

    @property
    def passages(self) -> list[Passage]:
        return [Passage(c, self.doc, 1.0, i + 1) for i, c in enumerate(self.chunks)]


def _article_of(chunk: ChunkRecord) -> str:
    last = chunk.section_path[-1] if chunk.section_path else ""
    return last.split(" ")[0]


def _candidates(ask: Ask, passages: Sequence[Passage], corpus: Corpus | None) -> list[DocRecord]:
    """Documents the article may be in, best first: those the question names
    (the version in force unless it names a year of another), else the
    document of the top passage (a 第二条 asked of the report under discussion
    is not another law's 第二条)."""
    docs = list(corpus.documents()) if corpus is not None else []
    named: list[DocRecord] = []
    for mention in ask.documents:
        named += [d for d in named_documents(mention, docs) if d not in named]
    if named:
        years = re.findall(r"(?:19|20)\d{2}", ask.question)
        regions = regions_in(ask.question)
        # Of a regional and a national document with the same name, the one of
        # the region the question names; of two versions, the asked or current one.
        named.sort(
            key=lambda d: (
                not any(y in (d.issued + d.effective + d.source) for y in years),
                bool(regions) and not any(r in d.title for r in regions),
                d.status != "current",
            )
        )
        return named
    return [passages[0].doc] if passages else []


def find_article(
    ask: Ask, passages: Sequence[Passage], corpus: Corpus | None
) -> tuple[Found | None, DocRecord | None]:
    """(the article, None) when found; (None, the named document) when the
    question names a document that has no such article; (None, None) else."""
    if not ask.article:
        return None, None
    candidates = _candidates(ask, passages, corpus)
    for doc in candidates:
        if corpus is not None:
            chunks = corpus.doc_chunks(doc.doc_id)
        else:
            chunks = [p.chunk for p in passages if p.doc.doc_id == doc.doc_id]
        hits = sorted(
            (c for c in chunks if _article_of(c) == ask.article), key=lambda c: (c.start, c.end)
        )
        if hits:
            return Found(doc, hits), None
        if ask.documents:
            return None, doc  # the named document has no such article
    return None, None


# The sentence that puts a document in force: "本法自2020年1月1日起施行",
# "本办法自公布之日起施行".
COMMENCEMENT = re.compile(r"自[^。；]{0,40}?起(?:施行|实施|生效)")
TAKES_EFFECT = re.compile(r"施行|实施|生效")
# A question about when a document takes effect (English read in its
# glossary form: take effect / come into force → 施行).
_ASKS_COMMENCEMENT = re.compile(r"施行|生效|takeeffect|tookeffect|intoforce|effective")


def asks_commencement(ask: Ask) -> bool:
    """Does the question ask when a document takes effect (a date, not a span
    such as "多少日的调整期")?"""
    if ask.kinds != frozenset({"date"}):
        return False
    asked = ask.question
    for name in ask.documents:  # 《…实施…办法》 names no question
        asked = asked.replace(name, "")
    return bool(_ASKS_COMMENCEMENT.search(re.sub(r"[\s'’]", "", asked.lower())))


def find_commencement(ask: Ask, passages: Sequence[Passage], corpus: Corpus | None) -> Found | None:
    """For "X什么时候施行": the chunk of the named document that says when it
    takes effect. Retrieval may rank its header (with the adoption date)
    above it: both are dates of the same document."""
    if corpus is None or not asks_commencement(ask):
        return None
    # (an English question names its documents through the glossary: ``analyse``)
    glossed = english_terms(ask.question) if ask.english else []
    candidates = _candidates(ask, passages, corpus) if ask.documents else []
    if not candidates and glossed:  # one word names no title
        candidates = glossed_titles(glossed, corpus.documents(), least=2)
    for doc in candidates[:1]:
        chunks = [c for c in corpus.doc_chunks(doc.doc_id) if COMMENCEMENT.search(c.text)]
        if chunks:
            return Found(doc, chunks[-1:])  # the last: the closing article
    return None


def find_point(ask: Ask, passages: Sequence[Passage], corpus: Corpus | None) -> Found | None:
    """For "智慧园区建设的第三条建议": the chunk that opens point 三是 (or item
    （三）) of the section the top passages are in, when retrieval found its
    siblings but not it — a point's own words may share little with the
    question, which names its section and its place."""
    n = ask.ordinal
    if corpus is None or not n:
        return None
    top = passages[:_POINT_DEPTH]
    for p in top:
        section = p.chunk.section_path
        if not section:
            continue
        if any(q.chunk.section_path == section and _opens(n, q.chunk) for q in top):
            return None  # found already (a 三是 of another section is not it)
        for c in corpus.doc_chunks(p.doc.doc_id):
            if c.section_path == section and _opens(n, c):
                return Found(p.doc, [c])
    return None


def _opens(n: int, chunk: ChunkRecord) -> bool:
    return any(opens_point(n, s.text) for s in split_sentences(chunk.text))


_POINT_DEPTH = 3  # top passages whose section may hold the point asked


def article_text(found: Found) -> tuple[str, list[tuple[ChunkRecord, Sentence]], bool]:
    """The article's body as quoted (without its 第X条 label), the span cited
    in each chunk, and whether that is all of it: past ``LONG`` characters,
    whole paragraphs up to there."""
    parts: list[str] = []
    spans: list[tuple[ChunkRecord, Sentence]] = []
    used, complete = 0, True
    for i, c in enumerate(found.chunks):
        text = c.text.strip()
        start = c.text.find(text)
        label = _article_of(c)
        if i == 0 and text.startswith(label):
            body = text[len(label) :].lstrip(" \u3000")
            start += len(text) - len(body)
            text = body
        if used and used + len(text) > LONG:
            complete = False
            break
        if not used and len(text) > LONG:
            kept: list[str] = []
            for para in text.split("\n"):
                if kept and sum(len(k) for k in kept) + len(para) > LONG:
                    complete = False
                    break
                kept.append(para)
            text = "\n".join(kept).rstrip()
        parts.append(text)
        spans.append((c, Sentence(text, start, start + len(text))))
        used += len(text)
    return re.sub(r"\n\s*\n", "\n", "\n".join(parts)), spans, complete


def following_items(corpus: Corpus, chunk: ChunkRecord) -> list[tuple[ChunkRecord, Sentence]]:
    """The rest of a list that runs past the end of ``chunk``: the items that
    open the chunks after it in the same article (a long article is cut into
    several chunks, and its list with it)."""
    chunks = corpus.doc_chunks(chunk.doc_id)
    at = next((i for i, c in enumerate(chunks) if c.chunk_id == chunk.chunk_id), None)
    out: list[tuple[ChunkRecord, Sentence]] = []
    for nxt in chunks[at + 1 :] if at is not None else ():
        if nxt.section_path != chunk.section_path:
            break
        end = items_end(nxt.text)
        if end == 0:
            break
        start = len(nxt.text) - len(nxt.text.lstrip())
        out.append((nxt, Sentence(nxt.text[start:end], start, end)))
        if end < len(nxt.text.rstrip()):
            break  # the list ends inside this chunk
    return out


def preceding_lead(corpus: Corpus, chunk: ChunkRecord) -> tuple[ChunkRecord, Sentence] | None:
    """The lead ("…税率为百分之九：") of the list whose items open ``chunk``,
    with its chunk, from the chunks before it in the same article (None when
    the chunk opens with no item, or the list before it was closed)."""
    if not items_end(chunk.text):
        return None
    chunks = corpus.doc_chunks(chunk.doc_id)
    at = next((i for i, c in enumerate(chunks) if c.chunk_id == chunk.chunk_id), 0)
    for prev in reversed(chunks[:at]):
        if prev.section_path != chunk.section_path:
            return None
        text = prev.text.rstrip()
        leads = [s for s in split_sentences(text) if s.text.endswith(("：", ":"))]
        # The lead of the chunk's items is the one whose items are of their
        # kind: "（三）…" continues "第十条 增值税税率：（一）…", not the "1.…" of "（二）…：".
        kind = item_kind(chunk.text)
        leads = [x for x in leads if item_kind(text[x.end :]) in (kind, "")]
        if leads:
            lead = leads[-1]  # its items must run to the end of the chunk
            return (prev, lead) if list_end(text, lead, len(text)) >= len(text) else None
        if items_end(text) < len(text):
            return None  # a chunk of items only: the lead is further back
    return None


def joined(passages: Sequence[Passage], found: Found, first: bool = False) -> list[Passage]:
    """The passages with ``found``'s chunks added (those not among them yet),
    scored with the best — or ``first``, ahead of them: retrieval did not rank
    them, the question named them (its document, or a point by its place)."""
    top = max((p.score for p in passages), default=1.0)
    if first:  # ahead of the others, those among them included
        ids = {p.chunk.chunk_id for p in found.passages}
        out = [replace(p, score=top) for p in found.passages]
        out += [p for p in passages if p.chunk.chunk_id not in ids]
        return [replace(p, rank=i + 1) for i, p in enumerate(out)]
    have = {p.chunk.chunk_id for p in passages}
    new = [replace(p, score=top) for p in found.passages if p.chunk.chunk_id not in have]
    out = [*passages, *new]
    return [replace(p, rank=i + 1) for i, p in enumerate(out)]
