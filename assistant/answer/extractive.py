"""The default answer generator: copy the sentences that answer the question.

No LLM. From the top passages we pick the one or two sentences that hold the
answer (factoid), or a short list with one citation per item (list and
applicability questions). The answer text only copies passage text plus
connective framing that holds no figures, so every number shown is a number
in a cited source. Refusal is decided by ``evidence.evidence_strength``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.answer.citations import make_citation, refusal_text
from assistant.answer.evidence import (
    ARTICLE_LABEL,
    DEFINITION,
    Scored,
    evidence_strength,
    score_sentences,
)
from assistant.records import Citation, Passage
from assistant.settings import Settings
from assistant.text import (
    ITEM_START,
    Sentence,
    asks_for_definition,
    asks_for_figure,
    asks_for_list,
    coverage,
    has_figure,
    is_english,
    list_end,
    match_form,
    question_terms,
    split_sentences,
)

__all__ = ["Extract", "extractive_answer"]

EN_LEAD = "From the sources (original Chinese text):\n"
LIST_LEAD = "资料中的相关内容：\n"
_MAX_SENTENCE = 150  # longer sentences shrink to their best clauses


@dataclass(frozen=True)
class Extract:
    """An extractive answer: text, its citations and the pieces to stream."""

    text: str
    citations: list[Citation]
    refused: bool
    strength: float
    pieces: tuple[str, ...] = field(default=())


def extractive_answer(
    question: str,
    passages: Sequence[Passage],
    *,
    settings: Settings,
    embeddings: Embeddings | None = None,
) -> Extract:
    """Answer by copying sentences; refuse when the evidence is weak.

    ``embeddings``, when given, choose the sentences of an English question by
    meaning: its words cannot match the Chinese text, so term coverage alone
    would fall back to the shortest sentences (headings such as 二是…)."""
    strength = evidence_strength(question, passages)
    scored = [s for s in score_sentences(question, passages) if s.score > 0]
    if embeddings is not None and is_english(question) and scored:
        scored = _by_meaning(question, passages, scored, embeddings)
    if not passages or not scored or strength < settings.refusal_threshold:
        text = refusal_text(passages)
        return Extract(text, [], True, strength, (text,))
    if asks_for_definition(question):
        # "X是指什么": the sentence that defines X is the answer, not others naming X.
        defining = [s for s in scored if DEFINITION.search(s.sentence.text) and s.cover > 0]
        scored = defining or scored
    if asks_for_list(question):
        chosen = _pick_list(scored)
    else:
        chosen = _pick_factoid(scored, max(1, min(2, settings.max_answer_sentences)))
        chosen = [_with_antecedent(passages, _extend(question, passages, s)) for s in chosen]
        chosen = [_with_items(passages, _with_lead(passages, s)) for s in chosen]
        chosen = _drop_contained(chosen)
    return _assemble(question, passages, chosen, strength)


MEANING_PASSAGES = 3  # their sentences are embedded (0.2–0.35 s uncached, ~30 ms cached)


def _by_meaning(
    question: str, passages: Sequence[Passage], scored: list[Scored], embeddings: Embeddings
) -> list[Scored]:
    """Re-score by cosine to the question; a 0.01 gap in cosine weighs like 0.1 coverage."""
    pool = [s for s in scored if s.passage_index < MEANING_PASSAGES]
    if not pool:
        return scored
    vecs = np.asarray(embeddings.embed_documents([s.sentence.text for s in pool]), dtype=np.float32)
    q = np.asarray(embeddings.embed_query(question), dtype=np.float32)
    sims = vecs @ q
    best = float(sims.max())
    rescored = [
        Scored(s.score + 10.0 * (float(sim) - best), s.cover, s.passage_index, s.sentence)
        for s, sim in zip(pool, sims, strict=True)
    ]
    rescored.sort(key=lambda x: (-x.score, x.passage_index, x.sentence.start))
    return [s for s in rescored if s.score > 0] or rescored[:1]


def _pick_factoid(scored: list[Scored], limit: int) -> list[Scored]:
    best = scored[0]
    chosen = [best]
    for s in scored[1 : limit + 3]:
        if len(chosen) >= limit:
            break
        short = len(best.sentence.text) + len(s.sentence.text) < 160
        if s.score >= 0.85 * best.score and short and s.sentence.text != best.sentence.text:
            chosen.append(s)
    return chosen


def _extend(question: str, passages: Sequence[Passage], s: Scored) -> Scored:
    """A figure rule split at ；keeps its next clause when that clause holds a
    figure too ("…30日内支付款项；合同另有约定的，…最长不得超过60日。")."""
    if not asks_for_figure(question) or not s.sentence.text.endswith(("；", ";")):
        return s
    text = passages[s.passage_index].chunk.text
    following = [x for x in split_sentences(text) if x.start >= s.sentence.end]
    if not following:
        return s
    nxt = following[0]
    joined = text[s.sentence.start : nxt.end]
    if has_figure(nxt.text) and len(joined) <= 160 and "\n" not in joined:
        return _widened(s, text, s.sentence.start, nxt.end)
    return s


def _widened(s: Scored, text: str, start: int, end: int) -> Scored:
    """``s`` quoting ``text[start:end]`` of its passage instead."""
    return Scored(s.score, s.cover, s.passage_index, Sentence(text[start:end], start, end))


def _with_lead(passages: Sequence[Passage], s: Scored) -> Scored:
    """An item ("(五)…规定的其他条件。") read alone loses what it is an item of:
    quote its lead ("…同时符合下列条件的企业：") with the whole list."""
    text = passages[s.passage_index].chunk.text
    if not ITEM_START.match(s.sentence.text):
        return s
    leads = [x for x in split_sentences(text) if x.end <= s.sentence.start]
    lead = next((x for x in reversed(leads) if x.text.endswith(("：", ":"))), None)
    if lead is None:
        return s
    end = list_end(text, lead)
    if end < s.sentence.end:
        return s  # the item is not in that lead's list (or the list is too long)
    return _widened(s, text, lead.start, end)


def _with_items(passages: Sequence[Passage], s: Scored) -> Scored:
    """A sentence that introduces a list ("…并符合下列条件的企业：") is quoted
    with the items that follow it in the same passage: they are its content."""
    text = passages[s.passage_index].chunk.text
    end = list_end(text, s.sentence)
    if end == s.sentence.end:
        return s
    return _widened(s, text, s.sentence.start, end)


def _with_antecedent(passages: Sequence[Passage], s: Scored) -> Scored:
    """A clause that follows a ；("合同另有约定的，…最长不得超过60日。") has its
    subject in the clause before it ("机关、事业单位…30日内支付款项；"): quote
    both, or the reader applies the term to the wrong party."""
    text = passages[s.passage_index].chunk.text
    before = text[: s.sentence.start].rstrip()
    if not before.endswith(("；", ";")):
        return s
    previous = [x for x in split_sentences(text) if x.end <= s.sentence.start]
    if not previous:
        return s
    prev = previous[-1]
    joined = text[prev.start : s.sentence.end]
    if len(joined) > 220 or "\n" in joined:
        return s
    return _widened(s, text, prev.start, s.sentence.end)


def _drop_contained(chosen: list[Scored]) -> list[Scored]:
    """An extended sentence may now hold another chosen one: keep it once."""

    def inside(i: int, j: int) -> bool:
        a, b = chosen[i].sentence, chosen[j].sentence
        same = (a.start, a.end) == (b.start, b.end)
        return (
            i != j
            and chosen[i].passage_index == chosen[j].passage_index
            and b.start <= a.start
            and a.end <= b.end
            and (not same or j < i)  # of two equal spans keep the first
        )

    return [a for i, a in enumerate(chosen) if not any(inside(i, j) for j in range(len(chosen)))]


def _pick_list(scored: list[Scored], limit: int = 5) -> list[Scored]:
    best = scored[0].score
    chosen: list[Scored] = []
    seen: set[str] = set()
    for s in scored:
        if s.score < 0.5 * best or len(chosen) >= limit:
            break
        key = match_form(s.sentence.text)
        if key not in seen and len(key) >= 6:
            seen.add(key)
            chosen.append(s)
    return chosen


def _assemble(
    question: str, passages: Sequence[Passage], chosen: list[Scored], strength: float
) -> Extract:
    terms = question_terms(question)
    figure = asks_for_figure(question)
    is_list = asks_for_list(question) and len(chosen) > 1
    numbers: dict[int, int] = {}  # passage index -> its [n], in order of first use
    used: dict[int, list[Sentence]] = {}
    # List items keep their score order; factoid sentences their reading order.
    order = chosen if is_list else sorted(chosen, key=lambda s: (s.passage_index, s.sentence.start))
    if is_english(question):
        pieces = [EN_LEAD]
    elif is_list:
        pieces = [LIST_LEAD]
    else:
        pieces = [_framing(passages[order[0].passage_index], order[0].sentence)]
    for i, s in enumerate(order):
        n = numbers.setdefault(s.passage_index, len(numbers) + 1)
        used.setdefault(s.passage_index, []).append(s.sentence)
        body = _trim(s.sentence.text, terms, figure)
        nxt = order[i + 1] if i + 1 < len(order) else None
        # Adjacent sentences of one passage read as one quotation, cited once.
        joined = (
            not is_list
            and nxt is not None
            and nxt.passage_index == s.passage_index
            and not passages[s.passage_index]
            .chunk.text[s.sentence.end : nxt.sentence.start]
            .strip()
        )
        mark = "" if joined else f"[{n}]"
        pieces.append(f"- {body}{mark}\n" if is_list else f"{body}{mark}")
    citations = [make_citation(n, passages[i], used[i]) for i, n in numbers.items()]
    pieces = [p for p in pieces if p]
    return Extract("".join(pieces).rstrip(), citations, False, strength, tuple(pieces))


def _trim(sentence: str, terms: Sequence[tuple[str, float]], figure: bool) -> str:
    """A long sentence shrinks to its best run of clauses (copied verbatim);
    a lead with its list items (``_with_items``) is trimmed line by line."""
    if "\n" in sentence.strip():
        lines = [ln.strip() for ln in sentence.split("\n") if ln.strip()]
        return "\n".join(_trim(ln, terms, figure) for ln in lines)
    if len(sentence) <= _MAX_SENTENCE:
        return sentence
    clauses = re.findall(r"[^，,]+[，,]?", sentence)
    best, best_key = sentence[:_MAX_SENTENCE], (-1.0, 0)
    for i in range(len(clauses)):
        for j in range(i + 1, len(clauses) + 1):
            window = "".join(clauses[i:j])
            if len(window) > _MAX_SENTENCE:
                break
            score = coverage(terms, match_form(window))
            if figure and has_figure(window):
                score += 0.25
            key = (score, -len(window))
            if key > best_key:
                best, best_key = window, key
    prefix = "" if sentence.startswith(best) else "……"
    suffix = "" if sentence.endswith(best) else "……"
    return prefix + best.rstrip("，,") + suffix


def _framing(p: Passage, s: Sentence) -> str:
    """ "根据《title》第X条：" — names only; a title holding digits is left out
    (framing must add no number that the chunk does not hold)."""
    title = p.doc.title.strip()
    if not title or re.search(r"\d", title):
        return ""
    article = ""
    if not ARTICLE_LABEL.match(s.text):
        labels = list(ARTICLE_LABEL.finditer(p.chunk.text[: s.start]))
        if labels:
            article = labels[-1].group()
        elif ARTICLE_LABEL.fullmatch(p.chunk.section.split(" > ")[-1].split(" ")[0]):
            article = p.chunk.section.split(" > ")[-1].split(" ")[0]
    return f"根据《{title}》{article}："
