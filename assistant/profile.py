"""Firm profiles and the 政策计算器: which measures does this firm meet?

`match(profile, cards)` checks every support card's conditions against the
profile (met / not met / unknown when the profile lacks the field) and
follows definitions: a firm that meets 企业所得税法实施条例 第九十二条's
conditions *is* a 小型微利企业, so it gets 企业所得税法 第二十八条's 20% rate.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from assistant import measure_patterns as P
from assistant.errors import ConfigError
from assistant.measures import Condition, MeasureCard, definitions_by_entity, fmt_number
from assistant.records import validity_label

CheckStatus = Literal["met", "not_met", "unknown"]
MatchStatus = Literal["met", "partial", "not_met"]

# Condition field → FirmProfile attribute.
PROFILE_FIELDS = {
    "taxable_income": "taxable_income_wan",
    "employees": "employees",
    "total_assets": "total_assets_wan",
    "annual_revenue": "annual_revenue_wan",
}
FIELD_LABELS = {
    "taxable_income_wan": "应纳税所得额",
    "employees": "从业人数",
    "total_assets_wan": "资产总额",
    "annual_revenue_wan": "营业收入",
}


class FirmProfile(BaseModel):
    """What the firm tells us about itself; None = not stated."""

    industry: str = ""
    industrial: bool | None = None
    employees: int | None = None
    annual_revenue_wan: float | None = None
    total_assets_wan: float | None = None
    taxable_income_wan: float | None = None
    qualifications: list[str] = []
    region: str | None = None

    @classmethod
    def from_json(cls, path: str | Path) -> FirmProfile:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as err:
            raise ConfigError(f"Firm profile not found: {path}") from err
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ConfigError(f"Firm profile {path} is not valid JSON: {err}") from err
        if not isinstance(data, dict):
            raise ConfigError(f"Firm profile {path} must be a JSON object")
        try:
            profile = cls.model_validate(data)
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise ConfigError(f"Firm profile {path}: field {where!r}: {first['msg']}") from err
        if profile.industrial is None and profile.industry:
            profile = profile.model_copy(update={"industrial": infer_industrial(profile.industry)})
        return profile

    def qualification_names(self) -> set[str]:
        return {P.ENTITY_ALIASES.get(q, q) for q in self.qualifications}


def infer_industrial(industry: str) -> bool | None:
    """木材加工 / 制造 / 加工 → True; 软件 / 零售 / 服务 → False; else unknown."""
    if any(w in industry for w in P.INDUSTRIAL_WORDS):
        return True
    if any(w in industry for w in P.NON_INDUSTRIAL_WORDS):
        return False
    return None


MONEY = r"(?P<n>" + P.NUM + r")\s*(?P<u>万元|亿元|元|万|亿)"
_PROFILE_PATTERNS = {
    "employees": re.compile(
        r"(?:员工|职工|从业人员|从业人数|雇员|人员)(?:人数)?(?:有|为|共|约|是|大概)?\s*(?P<n>"
        + P.NUM
        + r")\s*(?:人|名|个)|(?P<n2>"
        + P.NUM
        + r")\s*(?:名|个)?(?:员工|职工|从业人员)"
    ),
    "total_assets_wan": re.compile(
        r"(?:资产总额|总资产|资产)(?:规模)?(?:有|为|共|约|是|大概)?\s*" + MONEY
    ),
    "taxable_income_wan": re.compile(r"应纳税所得额?(?:有|为|约|是|大概)?\s*" + MONEY),
    "annual_revenue_wan": re.compile(
        r"(?:年营业收入|营业收入|年营收|营收|年收入|年销售额|销售额|收入)(?:有|为|约|是|达|大概)?\s*"
        + MONEY
    ),
}
_INDUSTRY_RE = re.compile(
    r"(?:我们|我司|本公司|公司|我|本企业)(?:是|属于)(?:一家|一个|家)?(?P<ind>[^，。,；;？?]{1,20}?)(?:企业|公司|厂|行业)"
    r"|从事(?P<ind2>[^，。,；;？?]{1,20}?)(?:行业|业务|生产|，|。)"
)


def _wan(number: str, unit: str) -> float | None:
    value = P.parse_number(number)
    if value is None:
        return None
    return {"亿元": value * 10_000, "亿": value * 10_000, "元": value / 10_000}.get(unit, value)


def parse_profile_from_text(text: str) -> FirmProfile:
    """Facts a clerk's sentence states: '员工90人，资产2000万元…' → FirmProfile."""
    data: dict[str, object] = {}
    if m := _PROFILE_PATTERNS["employees"].search(text):
        value = P.parse_number(m.group("n") or m.group("n2"))
        data["employees"] = int(value) if value is not None else None
    for name in ("taxable_income_wan", "total_assets_wan", "annual_revenue_wan"):
        if m := _PROFILE_PATTERNS[name].search(text):
            data[name] = _wan(m.group("n"), m.group("u"))
    if m := _INDUSTRY_RE.search(text):
        industry = (m.group("ind") or m.group("ind2") or "").strip()
        # "我们是高新技术企业" names a qualification, not an industry.
        if industry and not P.ENTITY_RE.fullmatch(industry + "企业"):
            data["industry"] = industry
    industry = str(data.get("industry", ""))
    data["industrial"] = infer_industrial(industry or text)
    data["qualifications"] = sorted(
        {P.ENTITY_ALIASES[m.group()] for m in P.ENTITY_RE.finditer(text)}
    )
    data["region"] = P.region_in(text) or None
    return FirmProfile.model_validate(data)


# --- matching --------------------------------------------------------------------


@dataclass(frozen=True)
class ConditionCheck:
    description: str  # "从业人数 不超过 100人"
    status: CheckStatus
    reason: str  # "画像：120人，超过 100人" / "画像未提供从业人数"
    source: str = ""  # the clause the condition comes from
    via: MatchResult | None = None  # for a qualification: the definition that decided it


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
            return ConditionCheck(desc, "unknown", "画像未提供所在地区", card.cited)
        ok = card.region in self.profile.region or self.profile.region in card.region
        return ConditionCheck(
            desc, "met" if ok else "not_met", f"画像：{self.profile.region}", card.cited
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
    Supports with no condition at all (they apply to every enterprise) are
    left out unless `include_generic`.
    """
    usable = [c for c in cards if include_superseded or c.validity(today) == "current"]
    matcher = _Matcher(profile, usable)
    results = [matcher.evaluate(c) for c in usable if c.kind == "support" and c.supports]
    if not include_generic:
        results = [r for r in results if r.checks]
    order = {"met": 0, "partial": 1, "not_met": 2}
    return sorted(
        results, key=lambda r: (order[r.status], len(r.failed), len(r.missing), -len(r.checks))
    )


MARKS = {"met": "✓", "not_met": "✗", "unknown": "？"}
HEADINGS = {"met": "符合条件", "partial": "部分符合（缺少信息）", "not_met": "不符合"}


def format_match(results: list[MatchResult]) -> str:
    """Plain Chinese text for the CLI: each measure, its conditions, the clause."""
    if not results:
        return "没有找到与该企业画像相关的支持措施。"
    lines: list[str] = []
    for status in ("met", "partial", "not_met"):
        group = [r for r in results if r.status == status]
        if not group:
            continue
        lines.append(f"== {HEADINGS[status]}（{len(group)}项）==")
        for r in group:
            label = "；".join(r.supports) or "支持措施"
            validity = r.card.validity()
            tag = f"［{validity_label(validity)}］" if validity != "current" else ""
            lines.append(f"- {label}{tag} —— {r.cited}")
            lines.append(f"  原文：{r.card.text.strip()}")
            lines += _format_checks(r.checks, indent="    ")
    return "\n".join(lines)


def _format_checks(checks: tuple[ConditionCheck, ...], indent: str) -> list[str]:
    out = []
    for c in checks:
        out.append(f"{indent}{MARKS[c.status]} {c.description}：{c.reason}")
        if c.via is not None:
            out.append(f"{indent}  依据 {c.via.cited}{c.via.card.branch}：")
            out += _format_checks(c.via.checks, indent + "    ")
    return out


__all__ = [
    "ConditionCheck",
    "FirmProfile",
    "MatchResult",
    "format_match",
    "infer_industrial",
    "match",
    "parse_profile_from_text",
]
