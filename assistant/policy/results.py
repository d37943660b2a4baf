"""A clause matched against a firm: met, partly met or not, with the checks
that decided it (``policy.matching`` makes them, ``policy.report`` shows them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from assistant.policy.cards import MeasureCard
from assistant.policy.checks import ConditionCheck

MatchStatus = Literal["met", "partial", "not_met"]


@dataclass(frozen=True)
class MatchResult:
    card: MeasureCard
    status: MatchStatus
    checks: tuple[ConditionCheck, ...]
    supports: tuple[str, ...]
    cited: str  # 《中华人民共和国企业所得税法》第二十八条
    why: str = ""  # what makes it this firm's concern: "经营活动“开展研发”"
    score: float = 0.0  # how near the clause is to what the firm does (1.0: nearest)
    related: tuple[MeasureCard, ...] = field(default=(), compare=False)

    @property
    def missing(self) -> list[ConditionCheck]:
        return [c for c in self.checks if c.status == "unknown"]

    @property
    def failed(self) -> list[ConditionCheck]:
        return [c for c in self.checks if c.status == "not_met"]


def overall(checks: list[ConditionCheck] | tuple[ConditionCheck, ...]) -> MatchStatus:
    """Not met if any check fails; partial if any is unknown; else met."""
    if any(c.status == "not_met" for c in checks):
        return "not_met"
    return "partial" if any(c.status == "unknown" for c in checks) else "met"


__all__ = ["MatchResult", "MatchStatus", "overall"]
