"""Measure cards: who qualifies, on what conditions, for which support.

`extract_measures(chunk, doc)` reads one policy passage with patterns of
Chinese policy phrasing (no LLM). Every extracted value keeps the exact span
of the chunk text it came from (offsets + text), so the UI can highlight it
and `validate_card` can reject anything a model invented.

Two kinds of card: a *definition* says what makes an entity (企业所得税法实施
条例 第九十二条: 小型微利企业 is 工业企业 with ≤30万元 income …); a *support*
says what an entity gets (企业所得税法 第二十八条: 小型微利企业 → 20% rate).
They are linked by entity name when matching a firm (`assistant.matching`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from assistant.policy import patterns as P
from assistant.policy.cards import (
    CardKind,
    Condition,
    Fact,
    MeasureCard,
    Support,
    definitions_by_entity,
    fmt_number,
)
from assistant.policy.clauses import Unit, clause_text, units_of
from assistant.policy.definitions import party_cards, party_defined, term_card
from assistant.policy.facts import base_card, departments_in, entities_in, industries_in
from assistant.policy.values import comparisons, supports_in
from assistant.records import ChunkRecord, DocRecord

ARTICLE_RE = re.compile(r"(?m)^[ \t\u3000]*(第[零一二三四五六七八九十百千]+条)(?=[ \u3000])")
ITEM_RE = P.ITEM_RE


# --- segmentation ----------------------------------------------------------------


def articles_of(chunk: ChunkRecord) -> Iterator[tuple[str, int, int]]:
    """(article label, start, end) segments of the chunk text."""
    text = chunk.text
    heads = list(ARTICLE_RE.finditer(text))
    fallback = next((s for s in reversed(chunk.section_path) if re.fullmatch(r"第.+条", s)), "")
    if not heads:
        yield fallback, 0, len(text)
        return
    if text[: heads[0].start()].strip():
        yield fallback, 0, heads[0].start()
    for i, head in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        yield head.group(1), head.start(), end


def paragraph_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line of ``text[start:end]``: its 款, as
    cards number them."""
    out, pos = [], start
    for line in text[start:end].split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((pos + lead, pos + len(line.rstrip())))
        pos += len(line) + 1
    return out


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    # "…百分之四十以上，其中预留给小型微型企业的比例不低于百分之七十" is two measures.
    for m in re.finditer(r"(?:[^。；;，]|，(?!其中))+[。；;，]?", text[start:end]):
        if m.group().strip():
            out.append((start + m.start(), start + m.end()))
    return out


# "国家机关…不得违约拖欠市场主体的…账款，大型企业不得…拖欠中小企业账款": two
# rules, each with its own subject, for different parties.
_MODAL = re.compile(r"不得|应当|禁止")
_NEW_RULE = re.compile(r"，(?=[^，。；;]{2,20}?(?:不得|应当|禁止))")


def _rules(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence split where a new subject takes up a new 不得/应当 rule."""
    out, at = [], start
    for m in _NEW_RULE.finditer(text, start, end):
        if _MODAL.search(text, at, m.start()) and not text[m.end() :].startswith(("但", "并")):
            out.append((at, m.end()))
            at = m.end()
    return [*out, (at, end)] if out else [(start, end)]


# --- cards ---------------------------------------------------------------------------


def extract_measures(
    chunk: ChunkRecord, doc: DocRecord, carried: MeasureCard | None = None
) -> list[MeasureCard]:
    """Measure cards found in one passage, every value tied to its span.

    ``carried`` is the lead of a list the passage before opened and this one
    continues (its items grant what the lead says)."""
    cards: list[MeasureCard] = []
    for i, (article, a_start, a_end) in enumerate(articles_of(chunk)):
        lead = carried if i == 0 and carried is not None and carried.article == article else None
        cards.extend(_article_cards(chunk, doc, article, a_start, a_end, lead))
    return [replace(c, card_id=f"{chunk.chunk_id}:{i}") for i, c in enumerate(cards)]


def _article_cards(
    chunk: ChunkRecord,
    doc: DocRecord,
    article: str,
    a_start: int,
    a_end: int,
    carried: MeasureCard | None = None,
) -> list[MeasureCard]:
    text = chunk.text
    paras = paragraph_spans(text, a_start, a_end)
    if not paras:
        return []
    article_depts = departments_in(text, a_start, a_end)
    head = ARTICLE_RE.match(text, paras[0][0])
    lead_start = head.end() if head else paras[0][0]
    definition = party_defined(text, lead_start, paras[0][1])
    if definition is not None:
        return party_cards(chunk, doc, article, definition, paras, article_depts)
    units = units_of(text, paras)
    leads = {u.lead for u in units if u.lead}
    by_lead: dict[tuple[int, int], list[MeasureCard]] = {}
    cards: list[MeasureCard] = []
    for unit in units:
        own: list[MeasureCard] = []
        for s_start, s_end in _sentences(text, unit.start, unit.end):
            if s_start == paras[0][0] and head:
                s_start = lead_start
            rules = _rules(text, s_start, s_end)
            for r_start, r_end in rules:
                card = _support_card(chunk, doc, article, r_start, r_end, article_depts)
                if card is not None:
                    own.append(replace(card, alternative=len(rules) > 1))
        lead_cards = by_lead.get(unit.lead, []) if unit.lead else []
        if unit.item and not unit.lead and carried is not None:
            lead_cards = [_elsewhere(carried)]  # the article's lead is in the passage before
        if unit.item and lead_cards:
            lead = lead_cards[0]
            # An item speaks within its lead: who it is for, which industry.
            own = [
                replace(
                    c,
                    entities=(*lead.entities, *c.entities),
                    industries=c.industries or lead.industries,
                )
                for c in own
            ] or [_inherit(lead, text, unit)]
        where = {
            "item": unit.item,
            "paragraph": unit.paragraph,
            "clause": clause_text(text, unit, lead_cards),
        }
        placed = [replace(c, **where) for c in own]
        if (unit.start, unit.end) in leads:
            by_lead[(unit.start, unit.end)] = placed  # it speaks through its items
        else:
            cards.extend(placed)
    if term := term_card(chunk, doc, article, lead_start, paras[0][1]):
        cards.append(term)
    return cards


def _elsewhere(card: MeasureCard) -> MeasureCard:
    """A lead read from another passage: its facts keep their text, not offsets."""
    return replace(
        card,
        entities=tuple(replace(f, start=-1, end=-1) for f in card.entities),
        supports=tuple(
            replace(s, start=-1, end=-1, value_start=-1, value_end=-1) for s in card.supports
        ),
        rights=tuple(replace(f, start=-1, end=-1) for f in card.rights),
        conditions=tuple(replace(c, start=-1, end=-1) for c in card.conditions),
        departments=(),
    )


def _inherit(lead: MeasureCard, text: str, unit: Unit) -> MeasureCard:
    """An item that grants what its lead says: "企业的下列支出，可以…加计扣除：
    （一）开发新技术…的研究开发费用" is the 加计扣除 of R&D costs."""
    conditions, _ = comparisons(text, unit.start, unit.end)
    return replace(
        lead,
        text=text[unit.start : unit.end],
        start=unit.start,
        end=unit.end,
        entities=(*lead.entities, *entities_in(text, unit.start, unit.end)),
        conditions=(*lead.conditions, *conditions),
        industries=tuple(industries_in(text, unit.start, unit.end)) or lead.industries,
        departments=tuple(departments_in(text, unit.start, unit.end)) or lead.departments,
    )


# "…的项目，不得享受本条规定的…优惠": a permission denied
_DENIED = re.compile(r"(?:不得|不能|不予|不可|无权|禁止|不)[\u4e00-\u9fff]{0,4}$")


def _rights(text: str, s: int, e: int) -> list[Fact]:
    found = []
    for m in P.RIGHT_RE.finditer(text, s, e):
        before = text[s : m.start()]
        if "是指" in before:
            continue  # a definition that mentions rights grants none
        # "研究开发机构享有下列权利", "部门可以…申请": a public body's powers
        if (
            m.group()[0] in "有享可"
            and P.ORGAN_RE.search(before)
            and not P.FIRM_PARTY_RE.search(before)
        ):
            continue
        found.append(Fact(m.group(), m.group(), m.start(), m.end()))
    # The subject may open the whole sentence, a few commas before this part.
    head = max(text.rfind(ch, 0, s) for ch in "。；;\n") + 1
    head = max(head, ARTICLE_RE.match(text, head).end() if ARTICLE_RE.match(text, head) else head)
    m = P.PERMISSION_RE.match(text[head:e])
    if m and head + m.end() > s and not _DENIED.search(m.group()):
        found.insert(0, Fact(m.group().strip(), m.group(), head + m.start(), head + m.end()))
    return found


def _support_card(chunk, doc, article, s, e, article_depts) -> MeasureCard | None:
    text = chunk.text
    conditions, values = comparisons(text, s, e)
    supports = supports_in(text, s, e, values)
    rights = [] if P.PENAL_RE.search(text, s, e) else _rights(text, s, e)
    if not supports and not rights:
        return None
    depts = departments_in(text, s, e) or _governing(article_depts, s)
    return replace(
        base_card(chunk, doc, article, s, e),
        entities=tuple(entities_in(text, s, e)),
        conditions=tuple(conditions),
        supports=tuple(supports),
        departments=tuple(depts),
        industries=tuple(industries_in(text, s, e)),
        rights=tuple(rights),
    )


def _governing(depts: list[Fact], pos: int) -> list[Fact]:
    """The body a clause without its own subject answers to: the last one named before it."""
    before = [d for d in depts if d.start < pos]
    return before[-1:] or depts[:1]


__all__ = [
    "CardKind",
    "Condition",
    "Fact",
    "MeasureCard",
    "Support",
    "definitions_by_entity",
    "entities_in",
    "extract_measures",
    "fmt_number",
    "paragraph_spans",
]
