"""A point or item asked for by its place: "第三点", "第二个机遇", "第三方面",
"第三条建议", "二是什么" — and a point within a part, "对策第一部分的第二点"."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.normalize import normalize_text
from assistant.text.numbers import parse_number

__all__ = ["ORDINAL", "asked_places", "point_not_article"]

# "第三点", "第二个机遇", "第三方面", "第三条建议", "第三项": a point of a
# report or an item of an article, by its place (an article alone is ``article``).
_PLACE = r"第([一二三四五六七八九十\d]{1,3})"
_OF_POINTS = r"(?=建议|措施|对策|意见|举措)"  # "第三条建议"
# "对策建议部分的第一条": a point of a part a report names, not an article
_IN_A_PART = r"(?<=(?:部分|方面|建议|对策|措施)[的里中])"
# "二是什么": the report's point by its own opening (一是…, 二是…)
_POINT_ASKED = r"(?<![第一二三四五六七八九十\d])([一二三四五六七八九十])是(?=什么|啥|哪|指什么)"
ORDINAL = re.compile(
    rf"{_PLACE}(?:点|个|方面|大?部分|项|条{_OF_POINTS})|{_IN_A_PART}{_PLACE}条|{_POINT_ASKED}"
)
# The points ORDINAL reads whose 条 would read as an article's.
_POINT_AS_ARTICLE = re.compile(rf"{_PLACE}条{_OF_POINTS}|{_IN_A_PART}{_PLACE}条")


def point_not_article(text: str) -> str:
    """ "第二条对策" as "第二项对策": a point by its place, for keyword search
    (where "第二条" would find every law's article 2)."""
    return _POINT_AS_ARTICLE.sub(lambda m: f"第{m.group(1) or m.group(2)}项", text)


# A part of a report, which holds points: "第一部分", "第三方面".
_PART_PLACE = re.compile(r"(?:部分|方面)$")


@lru_cache(maxsize=512)
def asked_places(question: str) -> tuple[int, int]:
    """(the place of the point asked for, the place of the part it is in):
    "对策第一部分的第二点" is (2, 1); a single place is (n, 0)."""
    found = list(ORDINAL.finditer(normalize_text(question)))
    places = [int(parse_number(next(g for g in m.groups() if g)) or 0) for m in found]
    if not places:
        return 0, 0
    part, point = found[0].group(), found[-1].group()
    if len(found) > 1 and _PART_PLACE.search(part) and not _PART_PLACE.search(point):
        return places[-1], places[0]
    return places[0], 0
