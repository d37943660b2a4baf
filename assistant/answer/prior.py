"""How much a sentence is preferred before its words are read: by its
passage's rank, by whose text it is (a region's own for a question naming the
region, the national one otherwise — and a national clause naming the asked
region as that region's rule), and by the part of a report it is in."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.records import Passage
from assistant.text import own_region, part_of, province_of, regions_in

__all__ = ["NATIONAL_PRIOR", "place_weight", "prior_of"]

PART_PRIOR = 0.75  # a passage of the other part of a report than the one asked of (text.parts)
# "我们…生产自动化程度不高，园区能怎么帮我们": the firm's case is the problem the report names
FIRM_PART_PRIOR = 0.5

# A sentence naming places, none of them the one asked of, speaks of those.
OTHER_PLACES = 0.8
NATIONAL_PRIOR = 0.95
# A national clause that names the asked region among others is that
# region's own rule, ahead of the clauses around it that name none.
NAMES_ASKED = 1.15


def place_weight(asked: tuple[str, ...], p: Passage, text: str) -> float:
    """ "广西的中级法院…" is answered by the clause of a national text that
    names 广西 (as the region's own text would be: ``prior_of``), not by the
    one naming 北京、上海…."""
    # a city's province speaks for it ("南宁" is answered by the clause naming 广西)
    if any(a in text or province_of(a) in text for a in asked):
        return 1.0 if own_region(p.doc.title, p.doc.issuer) else NAMES_ASKED / NATIONAL_PRIOR
    return OTHER_PLACES if regions_in(text) else 1.0


def prior_of(i: int, p: Passage, asked: Sequence[str], part: str, firm: bool = False) -> float:
    """How much a sentence of the ``i``-th passage is preferred before its words
    are read: higher-ranked passages gently; a region's own text for a question
    naming it, the national one otherwise; not the other part of a report —
    least of all for a firm, whose own case echoes the report's problems."""
    prior = max(0.85, 1.0 - 0.03 * i)
    if part and part_of(p.chunk.section) not in ("", part):
        # "报告建议我们搭建哪些平台": a measure, not the problem naming it
        prior *= FIRM_PART_PRIOR if firm else PART_PRIOR
    own = own_region(p.doc.title, p.doc.issuer)
    # a city asked of is in its province's texts (杭州 → 浙江省…条例)
    if own and own not in asked and own not in {province_of(a) for a in asked}:
        prior *= 0.9  # the national text for a question naming no region, else the region's
    elif asked and not own:
        prior *= (
            NATIONAL_PRIOR  # a national text answers a region's question after the region's own
        )
    return prior
