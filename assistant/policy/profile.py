"""Firm profiles: what a firm says about itself, from JSON, a form or a chat sentence.

Matching a profile against measure cards is `assistant.matching`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel, ValidationError

from assistant.errors import ConfigError
from assistant.policy import patterns as P
from assistant.text import NUM, parse_money, parse_number, region_in

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


MONEY = r"(?P<money>" + NUM + r"\s*(?:万元|亿元|元|万|亿))"
_PROFILE_PATTERNS = {
    "employees": re.compile(
        r"(?:员工|职工|从业人员|从业人数|雇员|人员)(?:人数)?(?:有|为|共|约|是|大概)?\s*(?P<n>"
        + NUM
        + r")\s*(?:人|名|个)|(?P<n2>"
        + NUM
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


def parse_profile_from_text(text: str) -> FirmProfile:
    """Facts a clerk's sentence states: '员工90人，资产2000万元…' → FirmProfile."""
    data: dict[str, object] = {}
    if m := _PROFILE_PATTERNS["employees"].search(text):
        value = parse_number(m.group("n") or m.group("n2"))
        data["employees"] = int(value) if value is not None else None
    for name in ("taxable_income_wan", "total_assets_wan", "annual_revenue_wan"):
        if m := _PROFILE_PATTERNS[name].search(text):
            data[name] = parse_money(m.group("money"))
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
    data["region"] = region_in(text) or None
    return FirmProfile.model_validate(data)


__all__ = [
    "FIELD_LABELS",
    "PROFILE_FIELDS",
    "FirmProfile",
    "infer_industrial",
    "parse_profile_from_text",
]
