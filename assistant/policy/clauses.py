"""How an article divides into clauses: paragraphs (款), and numbered items
（一） with their sub-items (1．…) and the lead paragraph that opens them. A
clause is what the calculator cites and quotes whole."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.policy import patterns as P
from assistant.policy.cards import MeasureCard


@dataclass(frozen=True)
class Unit:
    """One clause of an article: a paragraph (款), or a numbered item （一） with
    its sub-items (1．…) and the lead paragraph that introduces it."""

    item: str
    paragraph: int
    start: int
    end: int
    lead: tuple[int, int] | None = None


SUB_ITEM = re.compile(r"[ \t\u3000]*(?:\d+[.．、](?!\d)|[（(]\d+[)）])")


def item_label(raw: str) -> str:
    """An item's number as the corpus's citations write it: "(二)" is "（二）"."""
    return raw.strip().replace("(", "（").replace(")", "）")


def units_of(text: str, paras: list[tuple[int, int]]) -> list[Unit]:
    units: list[Unit] = []
    paragraph = 0  # items （一） belong to the paragraph (款) before them
    lead: tuple[int, int] | None = None
    for p_start, p_end in paras:
        item = P.ITEM_RE.match(text, p_start)
        if item is None:
            paragraph += 1
            ends_open = text[p_start:p_end].rstrip().endswith(("：", ":"))
            lead = (p_start, p_end) if ends_open else None
            units.append(Unit("", paragraph, p_start, p_end))
            continue
        last = units[-1] if units else None
        # "1．蔬菜…" under "（一）企业从事下列项目的所得，免征…：" is part of （一）.
        if (
            last
            and last.item
            and SUB_ITEM.match(text, p_start)
            and not SUB_ITEM.match(text, last.start)
        ):
            units[-1] = replace(last, end=p_end)
            continue
        units.append(Unit(item_label(item.group()), paragraph, p_start, p_end, lead))
    return units


def clause_text(text: str, unit: Unit, lead_cards: list[MeasureCard]) -> str:
    body = text[unit.start : unit.end]
    if unit.lead:
        return text[unit.lead[0] : unit.lead[1]] + "\n" + body
    if unit.item and lead_cards:
        return lead_cards[0].clause.split("\n")[0] + "\n" + body
    return body


__all__ = ["SUB_ITEM", "Unit", "clause_text", "item_label", "units_of"]
