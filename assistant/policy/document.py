"""Measure cards of a whole document: its passages read in order, so a list
split over two passages keeps its lead, and its standard tax rate attached
to the reduced rates it holds (for the calculator's estimate)."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.policy.cards import MeasureCard
from assistant.policy.extract import ARTICLE_RE, articles_of, extract_measures
from assistant.records import ChunkRecord, DocRecord


def document_measures(chunks: list[ChunkRecord], doc: DocRecord) -> list[MeasureCard]:
    """Measure cards of a whole document, its passages read in order so a list
    split over two passages keeps its lead."""
    out: list[MeasureCard] = []
    carried: MeasureCard | None = None
    for chunk in chunks:
        cards = extract_measures(chunk, doc, carried)
        # A passage with no article head of its own continues the same list.
        if ARTICLE_RE.search(chunk.text):
            carried = open_lead(cards, chunk)
        out.extend(cards)
    base = _standard_rate(chunks)
    if base is None:
        return out
    rate, article = base
    return [
        replace(c, base_rate=rate, base_article=article)
        if any(s.kind == "减按" and s.rate is not None and s.rate < rate for s in c.supports)
        else c
        for c in out
    ]


# "企业所得税的税率为25％": a rate stated for all, with no relief word before it.
_STANDARD_RATE = re.compile(
    r"(?P<tax>[\u4e00-\u9fff]{2,8}税)的税率为(?P<rate>\d+(?:\.\d+)?)[%％][。；]"
)


def _standard_rate(chunks: list[ChunkRecord]) -> tuple[float, str] | None:
    for chunk in chunks:
        for m in _STANDARD_RATE.finditer(chunk.text):
            article = next((a for a, s, e in articles_of(chunk) if s <= m.start() < e), "")
            if article:
                return float(m.group("rate")), article
    return None


def open_lead(cards: list[MeasureCard], chunk: ChunkRecord) -> MeasureCard | None:
    """The last card of ``chunk`` when its clause opens a list the next passage
    continues ("下列支出，可以…加计扣除：" with no item after it here)."""
    if cards and cards[-1].clause.rstrip().endswith(("：", ":")) and not cards[-1].item:
        tail = chunk.text[cards[-1].end :].strip()
        return cards[-1] if not tail else None
    return None


__all__ = ["document_measures", "open_lead"]
