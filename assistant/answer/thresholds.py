"""An amount the asker states, and the thresholds it meets: "合同纠纷标的额
3000万元，一审归哪级法院管" is answered by the line 2000万元以上 — not by
4000万元以上 or 50亿元以上, which it does not reach.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text import figures

__all__ = ["THRESHOLD_BONUS", "sets_threshold"]

THRESHOLD_BONUS = 0.25
_AFTER = re.compile(r"(?:（[^）]{0,8}）)?(?:及|或)?(?P<way>以上|以下|以内)")
_BEFORE = re.compile(r"(?P<way>不超过|超过|不低于|低于|高于|不满|未满|达到|不足)$")
_AT_LEAST = ("以上", "超过", "不低于", "高于", "达到")


@lru_cache(maxsize=256)
def _stated(question: str) -> tuple[tuple[str, float], ...]:
    """The amounts a question states (a firm's 3000万元, 90人), by kind."""
    return tuple((f.kind, f.value) for f in figures(question) if f.kind in ("money", "count"))


def sets_threshold(question: str, text: str) -> bool:
    """Does ``text`` set a threshold that an amount the question states
    meets — the line the asker's own figure falls under ("标的额3000万元":
    2000万元以上, not 4000万元以上 nor 50亿元以上)?"""
    stated = _stated(question)
    if not stated:
        return False
    for f in figures(text):
        way = _AFTER.match(text, f.end) or _BEFORE.search(text[: f.start])
        if way is None:
            continue
        above = way.group("way") in _AT_LEAST
        if any(k == f.kind and (v >= f.value if above else v <= f.value) for k, v in stated):
            return True
    return False
