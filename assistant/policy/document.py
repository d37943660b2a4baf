"""Measure cards of a whole document: its passages read in order, so a list
split over two passages keeps its lead, and its standard tax rate attached
to the reduced rates it holds (for the calculator's estimate)."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.policy.cards import MeasureCard
from assistant.policy.extract import ARTICLE_RE, articles_of, extract_measures, paragraph_spans
from assistant.policy.facts import entities_in
from assistant.records import ChunkRecord, DocRecord
from assistant.text import chinese_number


def document_measures(chunks: list[ChunkRecord], doc: DocRecord) -> list[MeasureCard]:
    """Measure cards of a whole document, its passages read in order so a list
    split over two passages keeps its lead."""
    out: list[MeasureCard] = []
    carried: MeasureCard | None = None
    prev: ChunkRecord | None = None
    for chunk in chunks:
        out = _with_sub_items(out, prev, chunk)
        prev = chunk
        cards = extract_measures(chunk, doc, carried)
        # A passage with no article head of its own continues the same list.
        if ARTICLE_RE.search(chunk.text):
            carried = open_lead(cards, chunk)
        out.extend(cards)
    out = _with_cited(out, chunks)
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


# "1.农产品、食用植物油、食用盐；": a numbered sub-item of an item.
_SUB_ITEM = re.compile(r"(?:\s*\d+[.．、][^\n]*\n?)+")


def _with_sub_items(
    cards: list[MeasureCard], prev: ChunkRecord | None, chunk: ChunkRecord
) -> list[MeasureCard]:
    """The sub-items a passage opens with belong to the item the passage
    before ended on (增值税法 第十条（二）'s goods run over two passages)."""
    m = _SUB_ITEM.match(chunk.text)
    if not m or not cards or prev is None or not cards[-1].item:
        return cards
    last = cards[-1]
    rest = prev.text[last.end :].strip()
    if last.chunk_id != prev.chunk_id or (rest and not _SUB_ITEM.fullmatch(rest)):
        return cards  # the passage before ended on something the card is not
    more = "\n".join(line.strip() for line in m.group().splitlines() if line.strip())
    return [
        replace(c, clause=f"{c.clause or c.text}\n{more}")
        if (c.chunk_id, c.article, c.item) == (last.chunk_id, last.article, last.item)
        else c
        for c in cards
    ]


# "（五）本法第三条第三款规定的所得": a clause that grants what another
# paragraph of its own document describes.
_CITED = re.compile(
    r"本(?:法|条例|办法|规定)(第[一二三四五六七八九十百]+条)第([一二三四五六七八九十]+)款规定的"
)


def _with_cited(cards: list[MeasureCard], chunks: list[ChunkRecord]) -> list[MeasureCard]:
    """Cards whose clause cites a paragraph of the same document read with
    it: its parties are the clause's (第三条第三款: 非居民企业…未设立机构、
    场所的) and its words are checked with the clause's own."""
    paragraphs: dict[tuple[str, int], str] = {}
    for chunk in chunks:
        for article, start, end in articles_of(chunk):
            for i, (s, e) in enumerate(paragraph_spans(chunk.text, start, end)):
                paragraphs.setdefault((article, i + 1), chunk.text[s:e])
    out = []
    for card in cards:
        m = _CITED.search(card.clause or card.text)
        cited = paragraphs.get((m.group(1), int(chinese_number(m.group(2)) or 0))) if m else None
        if not m or not cited:
            out.append(card)
            continue
        label = f"{m.group(1)}第{m.group(2)}款"
        entities = [replace(f, start=-1, end=-1) for f in entities_in(cited, 0, len(cited))]
        out.append(
            replace(
                card,
                clause=f"{card.clause or card.text}（{label}：{cited}）",
                entities=(
                    *card.entities,
                    *(e for e in entities if e.value not in card.entity_names),
                ),
            )
        )
    return out


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
