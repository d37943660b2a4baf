"""Fusing the dense and keyword lists, and what is added on top.

Relative score fusion (the default): each side's scores min-max normalised
over its candidates, weighted (``settings.dense_weight``) and summed.
Reciprocal rank fusion throws away how far ahead a hit is: a passage holding
the question's rare terms (BM25 7.6 against 3.5 for the rest) ranked below
passages both sides found mediocre; on the dev set RSF gave hit@10 0.95 /
MRR 0.79 against RRF's 0.82 / 0.70 (README).

On top of the fused score: a small boost for passages that state the figure
a "多少/几" question asks for, and question-term coverage — what a reader
checks first: BM25 scores one rare word highly and the embedding blurs exact
terms, so a passage that shares one striking word (应用场景) can outrank the
one that holds all of 打造·典型·应用场景·形成. The coverage weights come from
jieba's general-Chinese idf table, not from our corpus, so they do not drift
as documents are added.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import pairwise

from assistant.records import ChunkRecord, DocRecord
from assistant.text import (
    CJK,
    asked_count_unit,
    asked_part,
    asks_for_figure,
    chunk_context,
    coverage,
    figures,
    match_form,
    part_of,
    question_terms,
    stated_figures,
)

__all__ = [
    "FIGURE_BOOST",
    "PART_PENALTY",
    "add_coverage",
    "figure_factors",
    "part_factors",
    "rrf",
    "rsf",
]

Hits = Sequence[tuple[str, float]]


def rrf(lists: Sequence[tuple[float, Sequence[str]]], k: int) -> dict[str, float]:
    """Weighted reciprocal rank fusion: ``sum w / (k + rank)``."""
    scores: dict[str, float] = {}
    for weight, ranked in lists:
        for rank, cid in enumerate(ranked, start=1):
            scores[cid] = scores.get(cid, 0.0) + weight / (k + rank)
    return scores


def rsf(sides: Sequence[tuple[float, Sequence[Hits]]]) -> dict[str, float]:
    """Relative score fusion: per side, the best raw score of each chunk over
    that side's lists, min-max normalised, weighted and summed."""
    scores: dict[str, float] = {}
    for weight, lists in sides:
        best: dict[str, float] = {}
        for hits in lists:
            for cid, score in hits:
                best[cid] = max(score, best.get(cid, float("-inf")))
        if not best:
            continue
        lo, hi = min(best.values()), max(best.values())
        span = hi - lo
        for cid, score in best.items():
            norm = (score - lo) / span if span > 0 else 1.0
            scores[cid] = scores.get(cid, 0.0) + weight * norm
    return scores


# "多少项/几家/多少" asks for a count or an amount: the passage that answers it
# states a figure ("100多项"), which similar passages of laws rarely do.
FIGURE_BOOST = 0.2
STATED_BOOST = 0.3
_ANY_COUNT = frozenset({"percent", "count", "money"})


def figure_factors(query: str, chunks: Sequence[ChunkRecord]) -> dict[str, float]:
    """chunk_id -> 1 + FIGURE_BOOST for chunks stating the figure a
    "多少/几" question asks for (of its counting word, when it names one),
    × 1 + STATED_BOOST for chunks stating a figure the question itself states
    ("那24家中试基地分别在哪些城市": the passage counting them is its subject)."""
    q = match_form(query)
    stated = stated_figures(query)
    factors = {
        c.chunk_id: 1.0 + STATED_BOOST
        for c in chunks
        if stated and any(f.key in stated for f in figures(c.text))
    }
    if not asks_for_figure(query) or not ("多少" in q or "几" in q or "howm" in q):
        return factors
    unit = asked_count_unit(query)

    def states(chunk: ChunkRecord) -> bool:
        found = figures(chunk.text)
        if unit:
            return any(f.unit == unit for f in found)
        return any(f.kind in _ANY_COUNT for f in found)

    for c in chunks:
        if states(c):
            factors[c.chunk_id] = factors.get(c.chunk_id, 1.0) * (1.0 + FIGURE_BOOST)
    return factors


def add_coverage(
    fused: dict[str, float],
    query: str,
    chunks: Sequence[ChunkRecord],
    by_id: Mapping[str, DocRecord],
    weight: float,
    k: int,
) -> dict[str, float]:
    """``fused`` plus ``weight`` × the weighted share of the query's terms that a
    chunk (or its document title, headings, dates) holds, and ``PAIRS`` × the
    share of the query's adjacent terms it holds run together.

    The bonus is at most ``weight × (1 + PAIRS)``: a chunk fused more than
    that below the k-th best cannot reach the top k, so it is not scored."""
    terms = question_terms(query)
    if not terms or not fused:
        return fused
    pairs = _adjacent(terms)
    floor = sorted(fused.values(), reverse=True)[min(k, len(fused)) - 1] - weight * (1 + PAIRS)
    out = dict(fused)
    for c in chunks:
        if fused.get(c.chunk_id, float("-inf")) < floor:
            continue
        d = by_id.get(c.doc_id)
        context = chunk_context(d, c) if d else ""
        text = match_form(c.text)
        out[c.chunk_id] += weight * (
            coverage(terms, text, context) + PAIRS * _together(pairs, text)
        )
    return out


# Words the question runs together (创新·孵化·平台) found together in a chunk:
# a compound the text names as one thing, which bag-of-words scores miss.
PAIRS = 0.6


def _adjacent(terms: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    return [
        (a + b, wa + wb) for (a, wa), (b, wb) in pairwise(terms) if CJK.search(a) and CJK.search(b)
    ]


def _together(pairs: Sequence[tuple[str, float]], text: str) -> float:
    total = sum(w for _, w in pairs)
    return sum(w for pair, w in pairs if pair in text) / total if total else 0.0


# "报告建议我们搭建哪些平台": not the report's problems that share the words
# (text.parts). Only the other part is lowered: a report's part is never
# lifted above a law that answers a question saying 应当 or 重点.
PART_PENALTY = 0.25


def part_factors(query: str, chunks: Sequence[ChunkRecord]) -> dict[str, float]:
    """chunk_id -> 1 - PART_PENALTY for chunks of the other part of a report
    than the one the question asks of (its measures or its problems)."""
    asked = asked_part(query)
    if not asked:
        return {}
    return {c.chunk_id: 1.0 - PART_PENALTY for c in chunks if part_of(c.section) not in ("", asked)}
