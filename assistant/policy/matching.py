"""The 政策计算器: which measures does this firm meet, and why?

`match(profile, cards)` checks every support card's conditions against the
profile (met / not met / unknown when the profile lacks the field) and
follows definitions: a firm that meets 企业所得税法实施条例 第九十二条's
conditions *is* a 小型微利企业, so it gets 企业所得税法 第二十八条's 20% rate.

A card that names industries (新能源、电子信息…) is checked against the
firm's industry, through the families in `measure_patterns.INDUSTRY_FAMILIES`
(软件 is 数字经济; 木材加工 is 制造业). Only measures in force count, and only
from policy texts: a research report's recommendation is not a support a
firm can claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from assistant.policy import patterns as P
from assistant.policy.extract import Condition, MeasureCard, definitions_by_entity, fmt_number
from assistant.policy.profile import FIELD_LABELS, PROFILE_FIELDS, FirmProfile
from assistant.records import validity_label

CheckStatus = Literal["met", "not_met", "unknown"]
MatchStatus = Literal["met", "partial", "not_met"]
NOT_MEASURES = ("报告",)  # document types whose "measures" are proposals


@dataclass(frozen=True)
class ConditionCheck:
    description: str  # "从业人数 不超过 100人"
    status: CheckStatus
    reason: str  # "画像：120人，超过 100人" / "画像未提供从业人数"
    source: str = ""  # the clause the condition comes from
    via: MatchResult | None = None  # for a qualification: the definition that decided it
    about: str = ""  # "region" for where the firm is registered


@dataclass(frozen=True)
class MatchResult:
    card: MeasureCard
    status: MatchStatus
    checks: tuple[ConditionCheck, ...]
    supports: tuple[str, ...]
    cited: str  # 《中华人民共和国企业所得税法》第二十八条

    @property
    def missing(self) -> list[ConditionCheck]:
        return [c for c in self.checks if c.status == "unknown"]

    @property
    def failed(self) -> list[ConditionCheck]:
        return [c for c in self.checks if c.status == "not_met"]


def _check_condition(cond: Condition, profile: FirmProfile, source: str) -> ConditionCheck:
    desc = cond.describe()
    if cond.field == "industrial":
        if profile.industrial is None:
            return ConditionCheck(desc, "unknown", "画像未说明是否为工业企业", source)
        ok = profile.industrial == bool(cond.value)
        actual = "工业企业" if profile.industrial else "非工业企业"
        return ConditionCheck(desc, "met" if ok else "not_met", f"画像：{actual}", source)
    if cond.value is None:
        return ConditionCheck(desc, "unknown", "标准由有关规定确定，需自行核实", source)
    attr = PROFILE_FIELDS.get(cond.field)
    if attr is None:
        return ConditionCheck(desc, "unknown", f"画像中没有「{cond.subject}」的信息", source)
    actual = getattr(profile, attr)
    if actual is None:
        return ConditionCheck(desc, "unknown", f"画像未提供{FIELD_LABELS[attr]}", source)
    ok = {
        "<=": actual <= cond.value,
        "<": actual < cond.value,
        ">=": actual >= cond.value,
        ">": actual > cond.value,
        "==": actual == cond.value,
    }[cond.op]
    shown = f"{fmt_number(actual)}{cond.unit}"
    if ok:
        return ConditionCheck(desc, "met", f"画像：{shown}", source)
    broken = {"<=": ">", "<": "≥", ">=": "<", ">": "≤", "==": "≠"}[cond.op]
    reason = f"{cond.subject} {fmt_number(actual)} {broken} {fmt_number(cond.value)}（{cond.unit}）"
    return ConditionCheck(desc, "not_met", reason, source)


def _check_industry(industries: list[str], profile: FirmProfile, source: str) -> ConditionCheck:
    desc = "行业属于" + "、".join(industries)
    if not profile.industry:
        return ConditionCheck(desc, "unknown", "画像未提供所属行业", source)
    if any(P.industry_matches(i, profile.industry, profile.industrial) for i in industries):
        return ConditionCheck(desc, "met", f"画像：{profile.industry}", source)
    return ConditionCheck(desc, "not_met", f"画像行业“{profile.industry}”不在其列", source)


def _overall(checks: list[ConditionCheck]) -> MatchStatus:
    if any(c.status == "not_met" for c in checks):
        return "not_met"
    return "partial" if any(c.status == "unknown" for c in checks) else "met"


class _Matcher:
    def __init__(self, profile: FirmProfile, cards: list[MeasureCard]) -> None:
        self.profile = profile
        self.definitions = definitions_by_entity(cards)
        self.declared = profile.qualification_names()
        self._memo: dict[str, ConditionCheck] = {}

    def evaluate(self, card: MeasureCard, depth: int = 0) -> MatchResult:
        checks: list[ConditionCheck] = []
        if card.kind == "support" and card.entity_names:
            checks.append(self.qualification(card.entity_names, card.cited, depth))
        checks += [_check_condition(c, self.profile, card.cited) for c in card.conditions]
        industries = [f.value for f in card.industries]
        if industries:
            checks.append(_check_industry(industries, self.profile, card.cited))
        if card.region:
            checks.append(self.region(card))
        return MatchResult(
            card,
            _overall(checks),
            tuple(checks),
            tuple(s.describe() for s in card.supports),
            card.cited,
        )

    def qualification(self, names: list[str], source: str, depth: int) -> ConditionCheck:
        options = [self.entity(n, source, depth) for n in names]
        rank = {"met": 0, "unknown": 1, "not_met": 2}
        return min(options, key=lambda c: rank[c.status])

    def entity(self, name: str, source: str, depth: int) -> ConditionCheck:
        desc = f"属于{name}"
        if name in self.declared:
            return ConditionCheck(desc, "met", "画像声明具备该资格", source)
        if name in self._memo:
            return self._memo[name]
        defs = self.definitions.get(name, [])
        if not defs or depth > 3:
            return ConditionCheck(desc, "unknown", f"画像未说明是否为{name}", source)
        results = [self.evaluate(d, depth + 1) for d in defs]
        # A definition with nothing to check (中小企业 "by the standards the State
        # Council sets") cannot make a firm qualify: say so, don't claim a match.
        testable = [r for r in results if r.checks]
        if not testable:
            where = results[0].cited
            check = ConditionCheck(
                desc,
                "unknown",
                f"{where}未给出可核对的条件，请按有关标准确认",
                source,
                via=None,
            )
            self._memo[name] = check
            return check
        results = testable
        order = {"met": 0, "partial": 1, "not_met": 2}
        best = min(results, key=lambda r: (order[r.status], len(r.failed), len(r.missing)))
        status: CheckStatus = {"met": "met", "partial": "unknown", "not_met": "not_met"}[
            best.status
        ]
        where = best.cited + (best.card.branch or "")
        if status == "met":
            reason = f"符合{where}对{name}的界定"
        elif status == "not_met":
            reason = f"不符合{where}对{name}的界定：" + "；".join(
                dict.fromkeys(c.reason for c in best.failed)
            )
        else:
            reason = f"{where}的条件缺少信息：" + "；".join(
                dict.fromkeys(c.reason for c in best.missing)
            )
        check = ConditionCheck(desc, status, reason, source, via=best)
        self._memo[name] = check
        return check

    def region(self, card: MeasureCard) -> ConditionCheck:
        desc = f"注册地在{card.region}"
        if not self.profile.region:
            return ConditionCheck(desc, "unknown", "画像未提供所在地区", card.cited, about="region")
        ok = card.region in self.profile.region or self.profile.region in card.region
        status: CheckStatus = "met" if ok else "not_met"
        return ConditionCheck(
            desc, status, f"画像：{self.profile.region}", card.cited, about="region"
        )


def match(
    profile: FirmProfile,
    cards: list[MeasureCard],
    include_superseded: bool = False,
    include_generic: bool = False,
    today: date | None = None,
) -> list[MatchResult]:
    """Support measures for this firm: fully met, then partly met, then not met.

    Only measures in force today count: cards from superseded documents or
    past their 有效期 (and measures not yet in force) are left out unless
    `include_superseded`, and their definitions are not followed either.
    Cards from research reports are proposals and are left out. Supports with
    no condition about the firm (they apply to every enterprise, nationally or
    in a region) are left out unless `include_generic`.
    """
    usable = [
        c
        for c in cards
        if (include_superseded or c.validity(today) == "current") and c.doc_type not in NOT_MEASURES
    ]
    matcher = _Matcher(profile, usable)
    results = [matcher.evaluate(c) for c in usable if c.kind == "support" and c.supports]
    if not include_generic:
        results = [r for r in results if not _generic(r)]
    order = {"met": 0, "partial": 1, "not_met": 2}
    return sorted(
        results, key=lambda r: (order[r.status], len(r.failed), len(r.missing), -len(r.checks))
    )


def _generic(result: MatchResult) -> bool:
    """Nothing about the firm decides it: no condition, or only the region
    (a local measure for every enterprise there, like a national one for all)."""
    return all(c.about == "region" for c in result.checks)


MARKS = {"met": "✓", "not_met": "✗", "unknown": "？"}
HEADINGS = {"met": "符合条件", "partial": "部分符合（缺少信息）", "not_met": "不符合"}


def elsewhere(result: MatchResult) -> str:
    """The region of a local measure that is out of reach because of where the
    firm is: another region, or the only open question is the region; '' otherwise."""
    region = result.card.region
    if not region or result.status == "met":
        return ""
    where = [c for c in result.checks if c.about == "region"]
    if any(c.status == "not_met" for c in where):
        return region
    open_checks = [c for c in result.checks if c.status != "met"]
    return region if open_checks and all(c in where for c in open_checks) else ""


def format_match(results: list[MatchResult]) -> str:
    """Plain Chinese text for the CLI and the page: each measure, its conditions,
    the clause. Local measures that only fail on region are counted, not listed."""
    if not results:
        return "没有找到与该企业画像相关的支持措施。"
    lines: list[str] = []
    for status in ("met", "partial", "not_met"):
        group = [r for r in results if r.status == status]
        listed = [r for r in group if not elsewhere(r)]
        others: dict[str, int] = {}
        for r in group:
            if region := elsewhere(r):
                others[region] = others.get(region, 0) + 1
        if not group:
            continue
        lines.append(f"== {HEADINGS[status]}（{len(group)}项）==")
        for r in listed:
            label = "；".join(r.supports) or "支持措施"
            validity = r.card.validity()
            tag = f"［{validity_label(validity)}］" if validity != "current" else ""
            lines.append(f"- {label}{tag} —— {r.cited}")
            lines.append(f"  原文：{r.card.text.strip()}")
            lines += _format_checks(r.checks, indent="    ")
        if others:
            where = "、".join(f"{k}{v}项" for k, v in sorted(others.items(), key=lambda kv: -kv[1]))
            why = "需确认企业所在地区" if status == "partial" else "仅适用于其他地区"
            lines.append(f"- 另有{sum(others.values())}项地方措施{why}，未逐条列出：{where}")
    return "\n".join(lines)


def _format_checks(checks: tuple[ConditionCheck, ...], indent: str) -> list[str]:
    out = []
    for c in checks:
        out.append(f"{indent}{MARKS[c.status]} {c.description}：{c.reason}")
        if c.via is not None:
            out.append(f"{indent}  依据 {c.via.cited}{c.via.card.branch}：")
            out += _format_checks(c.via.checks, indent + "    ")
    return out


__all__ = ["ConditionCheck", "MatchResult", "elsewhere", "format_match", "match"]
