"""An amount the asker states, and the thresholds it meets: "合同纠纷标的额
3000万元，一审归哪级法院管" is answered by the line 2000万元以上 — not by
4000万元以上 or 50亿元以上, which it does not reach.

A threshold is read as the calculator reads one (``policy.values``).
"""

from __future__ import annotations

from functools import lru_cache

from assistant.policy.checks import check_condition
from assistant.policy.profile import FirmProfile, parse_profile_from_text
from assistant.policy.values import COMPARE, comparisons, quantities
from assistant.text import figures, normalize_text

__all__ = ["THRESHOLD_BONUS", "meets_every", "sets_threshold"]

THRESHOLD_BONUS = 0.25
# The kind of figure a threshold's unit is of.
_KIND = {"万元": "money", "人": "count", "户": "count", "家": "count"}


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
    return any(
        k == _KIND.get(q.unit) and COMPARE[q.op](v, q.value)
        for q in quantities(text, 0, len(text))
        if q.op  # a bare figure sets no threshold
        for k, v in stated
    )


@lru_cache(maxsize=64)
def _firm(question: str) -> FirmProfile:
    """The firm a question describes (read once: every sentence is checked)."""
    return parse_profile_from_text(normalize_text(question))


def meets_every(question: str, text: str) -> bool:
    """Does the firm the question describes meet every threshold ``text`` sets
    that its own figures speak to, and one at least ("员工60人、资产2000万、
    所得25万": 不超过100人, 3000万元, 30万元 — a firm of 500 people does not)?
    Read as the calculator reads a firm and a clause."""
    profile = _firm(question)
    conditions, _ = comparisons(text, 0, len(text))
    statuses = {check_condition(c, profile, "").status for c in conditions}
    return "met" in statuses and "not_met" not in statuses
