"""Firm profiles: what a firm says about itself, from JSON, a form or a chat sentence.

Matching a profile against measure cards is ``policy.matching``. Impossible
values (negative people or money) are refused with one line; facts the
corpus has no standard for (the SME size class) are the firm's own word.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from assistant.errors import ConfigError
from assistant.policy import patterns as P
from assistant.text import NUM, REGIONS, parse_money, parse_number, region_in, regions_in

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


SIZES = ("大型", "中型", "小型", "微型")
_VAT_KINDS = ("小规模纳税人", "一般纳税人")
ENTITY_TYPES = ("企业", "个体工商户", "农民专业合作社", "其他组织")


class FirmProfile(BaseModel):
    """What the firm tells us about itself; None = not stated."""

    entity_type: str = Field("企业", description="企业, 个体工商户, 农民专业合作社 or 其他组织")
    legal_form: str = ""  # 有限公司, 个人独资企业, 合伙企业…
    industry: str = ""
    industrial: bool | None = None
    region: str | None = None
    employees: int | None = Field(None, ge=0)
    annual_revenue_wan: float | None = Field(None, ge=0)
    total_assets_wan: float | None = Field(None, ge=0)
    taxable_income_wan: float | None = Field(None, ge=0)
    monthly_sales_wan: float | None = Field(None, ge=0)
    qualifications: list[str] = []
    size: str | None = Field(None, description="self-declared SME class: 大型/中型/小型/微型")
    founded: dt.date | None = None
    resident: bool | None = None  # registered in China (a 居民企业); None: from the region
    foreign_invested: bool | None = None
    vat_status: str | None = None  # 小规模纳税人 / 一般纳税人
    activities: list[str] = []  # what the firm does that makes a clause relevant

    def model_post_init(self, _context: object) -> None:
        if self.size is not None and self.size not in SIZES:
            raise ValueError(f"size must be one of {'、'.join(SIZES)}")
        if self.entity_type not in ENTITY_TYPES:
            raise ValueError(f"entity_type must be one of {'、'.join(ENTITY_TYPES)}")

    @property
    def is_resident(self) -> bool | None:
        """A firm registered in China is a 居民企业 (企业所得税法 第二条)."""
        if self.resident is not None:
            return self.resident
        return True if self.region and region_in(self.region) else None

    @property
    def pays_enterprise_income_tax(self) -> bool:
        """企业和其他取得收入的组织, not 个体工商户, 个人独资企业 or 合伙企业
        (企业所得税法 第一条)."""
        solo = any(w in self.legal_form for w in ("个人独资", "合伙"))
        return self.entity_type != "个体工商户" and not solo

    @classmethod
    def checked(cls, data: dict, where: str = "Firm profile") -> FirmProfile:
        """``data`` as a profile, or a one-line ``ConfigError`` naming the bad field."""
        try:
            profile = cls.model_validate(data)
        except ValidationError as err:
            first = err.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "profile"
            message = str(first["msg"]).removeprefix("Value error, ")
            raise ConfigError(f"{where}: field {field!r}: {message}") from err
        if profile.industrial is None and profile.industry:
            profile = profile.model_copy(update={"industrial": infer_industrial(profile.industry)})
        return profile

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
        return cls.checked(data, f"Firm profile {path}")

    def qualification_names(self) -> set[str]:
        """Declared statuses by their canonical names: "专精特新" is a
        专精特新中小企业, and a "小巨人" is one too."""
        out = set()
        for q in self.qualifications:
            name = P.ENTITY_ALIASES.get(q) or P.ENTITY_ALIASES.get(q + "企业")
            if name is None and (m := P.ENTITY_RE.search(q)):
                name = P.ENTITY_ALIASES[m.group()]
            out.add(name or q)
            out |= P.IMPLIED_QUALIFICATIONS.get(name or q, set())
        return out


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
        + r"|(?<![\d.])(?P<n3>"
        + NUM
        + r")\s*人(?![民次以])"
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


_SIZE_RE = re.compile(r"(大型|中型|小型|微型)企业|(小微|中小)企业")
_ASKING = re.compile(r"享受|哪些|什么|有没有|能否|可以吗|吗$|请问|政策|支持")
_OPENERS = re.compile(
    r"^(?:我们|我司|本公司|本企业|公司|我|另外|还|也|并且|而且|同时|目前|现在|正在|今年|去年)+"
)


def _without_places(text: str) -> str:
    """ "杭州一家软件" → "软件": where a firm is, is its region, not its business."""
    text = re.sub("|".join(REGIONS) + r"|[省市区县]", "", text) if regions_in(text) else text
    # "广西百色的芒果种植": the 的 that tied the place to the business goes too
    return re.sub(r"^的?(?:一家|一个|家|个)?(?:大型|中型|小型|微型|小微|中小)?", "", text)


def activities_in(text: str) -> list[str]:
    """What the firm says it does or is going through, clause by clause: the
    parts of its description that are not its identity, its figures or the
    question ("参与政府采购", "被大型企业拖欠货款")."""
    out = []
    for part in re.split(r"[，。；;,！!？?\n]", text):
        part = _OPENERS.sub("", _without_places(part).strip())
        status = _SIZE_RE.sub("", P.ENTITY_RE.sub("", part))
        if len(re.findall(r"[\u4e00-\u9fff]", re.sub("登记|注册|的|是|为|属于", "", status))) < 2:
            continue  # a status: 个体工商户, 小型企业, 小规模纳税人
        if len(re.findall(r"[\u4e00-\u9fff]", part)) < 3 or _ASKING.search(part):
            continue
        if re.search(r"\d|[一二三四五六七八九十百千万]+(?:人|名|万元|亿元)", part):
            continue  # a figure: read by the number patterns
        if re.match(r"(?:是|属于|为)", part):
            continue  # its identity
        if _INDUSTRY_RE.search("我们" + part) and part.endswith(("企业", "公司", "厂", "行业")):
            continue
        out.append(part)
    return out


# "股权投资一家未上市的中小高新技术企业": a firm the asker deals with (invests
# in, buys from, supplies), named after the verb in the same clause — its
# kind is not the asker's.
_DEALS = re.compile(r"(?:投资|投了|入股|参股|收购|并购|控股|持股|供货|采购|合作)[^，,。；;]{0,14}$")


def _dealt_with(text: str, m: re.Match[str]) -> bool:
    return bool(_DEALS.search(text[: m.start()]))


def parse_profile_from_text(text: str) -> FirmProfile:
    """Facts a clerk's sentence states: '员工90人，资产2000万元…' → FirmProfile."""
    data: dict[str, object] = {}
    if m := _PROFILE_PATTERNS["employees"].search(text):
        value = parse_number(m.group("n") or m.group("n2") or m.group("n3"))
        data["employees"] = int(value) if value is not None else None
    for name in ("taxable_income_wan", "total_assets_wan", "annual_revenue_wan"):
        if m := _PROFILE_PATTERNS[name].search(text):
            data[name] = parse_money(m.group("money"))
    if m := _INDUSTRY_RE.search(text):
        industry = _without_places(m.group("ind") or m.group("ind2") or "").strip()
        # "我们是高新技术企业" names a qualification, not an industry.
        if industry and not P.ENTITY_RE.fullmatch(industry + "企业"):
            data["industry"] = industry
    industry = str(data.get("industry", ""))
    data["industrial"] = infer_industrial(industry or text)
    # A taxpayer kind is the firm's vat_status, not a qualification it holds
    # (searched as one, "一般纳税人" finds every clause about 纳税人).
    data["qualifications"] = sorted(
        {
            P.ENTITY_ALIASES[m.group()]
            for m in P.ENTITY_RE.finditer(text)
            if not _dealt_with(text, m)
        }
        - set(_VAT_KINDS)
    )
    data["region"] = region_in(text) or None
    if sizes := [m.group(1) for m in _SIZE_RE.finditer(text) if m.group(1)]:
        data["size"] = sizes[0]
    if re.search("个体工商户|个体户", text):
        data["entity_type"] = "个体工商户"
    if m := re.search("|".join(_VAT_KINDS), text):
        data["vat_status"] = m.group()
    if re.search("外商投资企业|外资企业|外商独资|中外合资", text):
        data["foreign_invested"] = True
    data["activities"] = activities_in(text)
    return FirmProfile.model_validate(data)


__all__ = [
    "ENTITY_TYPES",
    "FIELD_LABELS",
    "PROFILE_FIELDS",
    "SIZES",
    "FirmProfile",
    "activities_in",
    "infer_industrial",
    "parse_profile_from_text",
]
