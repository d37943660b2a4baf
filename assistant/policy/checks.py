"""The single checks of a clause against a firm: its party, a numeric
condition, its industry scope, its region, and a party the clause narrows
in words no check reads. ``policy.matching`` combines them per clause."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from assistant.policy import patterns as P
from assistant.policy.cards import Condition, MeasureCard, fmt_number
from assistant.policy.parties import CheckStatus, PartyCheck
from assistant.policy.profile import FIELD_LABELS, PROFILE_FIELDS, FirmProfile
from assistant.policy.relevance import statutory_words
from assistant.policy.values import COMPARE
from assistant.text import parse_number, partial, same_region

if TYPE_CHECKING:
    from assistant.policy.results import MatchResult


@dataclass(frozen=True)
class ConditionCheck:
    description: str  # "从业人数 不超过 100人"
    status: CheckStatus
    reason: str  # "画像：120人，超过 100人" / "画像未提供从业人数"
    source: str = ""  # the clause the condition comes from
    via: MatchResult | None = None  # for a defined party: the definition that decided it
    about: str = ""  # party / scope / threshold / industry / region / payer


_NAMED = re.compile(r"起征点|规定(?:的)?(?:比例|标准|数额)")
_BELOW = re.compile(r"未达|没达|不到|达不到|低于|未超过|没超过|以下")
_ABOVE = re.compile(r"超过|达到|高于|以上")


def _named_threshold(
    cond: Condition, profile: FirmProfile, desc: str, source: str
) -> ConditionCheck:
    """A threshold the corpus names but does not state (起征点, 规定标准): the
    firm's own words may say which side it is on ("销售额未达起征点")."""
    what = _NAMED.search(cond.text)
    for said in profile.activities if what and cond.op in ("<", "<=") else []:
        if what.group()[:3] not in said:
            continue
        below = bool(_BELOW.search(said))
        status: CheckStatus = "met" if below else "not_met" if _ABOVE.search(said) else "unknown"
        if status != "unknown":
            return ConditionCheck(desc, status, f"画像：“{said}”", source, about="threshold")
    reason = "标准由有关规定确定，需自行核实"
    return ConditionCheck(desc, "unknown", reason, source, about="threshold")


def check_condition(
    cond: Condition, profile: FirmProfile, source: str, today: date | None = None
) -> ConditionCheck:
    desc = cond.describe()
    if cond.field == "industrial":
        if profile.industrial is None:
            return ConditionCheck(
                desc, "unknown", "画像未说明是否为工业企业", source, about="threshold"
            )
        ok = profile.industrial == bool(cond.value)
        actual = "工业企业" if profile.industrial else "非工业企业"
        status: CheckStatus = "met" if ok else "not_met"
        return ConditionCheck(desc, status, f"画像：{actual}", source, about="threshold")
    if cond.tier:
        # Each side of the amount gets its own share of the relief.
        reason = "分段适用：金额只决定各部分的优惠，不决定是否适用"
        return ConditionCheck(desc, "met", reason, source, about="threshold")
    if cond.value is None:
        return _named_threshold(cond, profile, desc, source)
    if cond.field == "age":
        return _check_age(cond, profile, desc, source, today or date.today())
    attr = PROFILE_FIELDS.get(cond.field)
    if attr is None and cond.unit in ("年", "周年", "个月") and (span := _said_span(cond, profile)):
        held, said = span  # "股权投资…满两年了" against "投资于…2年以上"
        ok = COMPARE[cond.op](held, cond.value)
        return ConditionCheck(desc, "met" if ok else "not_met", said, source, about="threshold")
    if attr is None:
        reason = f"画像中没有「{cond.subject}」的信息"
        return ConditionCheck(desc, "unknown", reason, source, about="threshold")
    actual = getattr(profile, attr)
    if actual is None:
        reason = f"画像未提供{FIELD_LABELS[attr]}"
        return ConditionCheck(desc, "unknown", reason, source, about="threshold")
    ok = COMPARE[cond.op](actual, cond.value)
    if ok:
        shown = f"画像：{fmt_number(actual)}{cond.unit}"
        return ConditionCheck(desc, "met", shown, source, about="threshold")
    broken = {"<=": ">", "<": "≥", ">=": "<", ">": "≤", "==": "≠"}[cond.op]
    reason = f"{cond.subject} {fmt_number(actual)} {broken} {fmt_number(cond.value)}（{cond.unit}）"
    return ConditionCheck(desc, "not_met", reason, source, about="threshold")


# How long, in the firm's words: "满两年了", "已3年", "10个月".
_DURATION = r"(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十]+)(?:个)?(?P<unit>月|年)"
# How long the firm has done something.
_SPAN = re.compile(rf"(?:满|已经|已|超过|有)?{_DURATION}")
_SAME_DOING = 0.3  # partial(): 60 % of the firm's words are the clause's


def _said_span(cond: Condition, profile: FirmProfile) -> tuple[float, str] | None:
    """(how long, in the condition's unit; the firm's words) when the firm
    says how long it has done what the clause times ("股权投资一家未上市的中小
    高新技术企业满两年了" for "投资于未上市的中小高新技术企业2年以上")."""
    for said in profile.activities:
        m = _SPAN.search(said)
        if m is None or (months := _months(m)) is None:
            continue
        if partial(said[: m.start()], cond.subject) < _SAME_DOING:
            continue
        held = months if cond.unit == "个月" else months / 12
        return held, f"画像：经营情况“{said}”"
    return None


def _months(m: re.Match[str]) -> float | None:
    """A ``_DURATION`` match in months (None when its number does not parse)."""
    n = parse_number(m.group("n"))
    return None if n is None else n * (12 if m.group("unit") == "年" else 1)


def _check_age(
    cond: Condition, profile: FirmProfile, desc: str, source: str, today: date
) -> ConditionCheck:
    """成立/创立…个月内: months since the firm's founding date, as of ``today``
    (or the age the firm gives in its own words: "成立才10个月")."""
    limit = cond.value * (12 if cond.unit in ("年", "周年") else 1) if cond.value else 0.0
    if profile.founded is not None:
        months = (today.year - profile.founded.year) * 12 + today.month - profile.founded.month
        if cond.unit in ("日", "天", "工作日"):
            months, limit = (today - profile.founded).days, cond.value or 0.0
        reason = f"画像：{profile.founded.isoformat()}成立"
    elif (said := _said_age(profile)) is not None and cond.unit not in ("日", "天", "工作日"):
        months, reason = said
    else:
        return ConditionCheck(desc, "unknown", "画像未提供成立日期", source, about="threshold")
    ok = cond.op in ("<=", "<", ">=", ">") and COMPARE[cond.op](months, limit)
    status: CheckStatus = "met" if ok else "not_met"
    return ConditionCheck(desc, status, reason, source, about="threshold")


_AGE = re.compile(rf"(?:成立|创立|注册|开业)(?:才|刚|已经|已)?(?:满)?{_DURATION}")


def _said_age(profile: FirmProfile) -> tuple[float, str] | None:
    """(months, the firm's words) when an activity states its age."""
    for said in profile.activities:
        if (m := _AGE.search(said)) and (months := _months(m)):
            return months, f"画像：经营情况“{said}”"
    return None


def check_industry(card: MeasureCard, profile: FirmProfile) -> ConditionCheck | None:
    industries = [f.value for f in card.industries]
    if not industries:
        return None
    desc = "行业属于" + "、".join(industries)
    if not profile.industry:
        return ConditionCheck(desc, "unknown", "画像未提供所属行业", card.cited, about="industry")
    if any(P.industry_matches(i, profile.industry, profile.industrial) for i in industries):
        return ConditionCheck(
            desc, "met", f"画像：{profile.industry}", card.cited, about="industry"
        )
    reason = f"画像行业“{profile.industry}”不在其列"
    return ConditionCheck(desc, "not_met", reason, card.cited, about="industry")


def check_region(card: MeasureCard, profile: FirmProfile) -> ConditionCheck | None:
    if not card.region:
        return None
    desc = f"注册地在{card.region}"
    if profile.is_resident is False:
        reason = "画像：境外企业"
        return ConditionCheck(desc, "not_met", reason, card.cited, about="region")
    if not profile.region:
        return ConditionCheck(desc, "unknown", "画像未提供所在地区", card.cited, about="region")
    status: CheckStatus = "met" if same_region(card.region, profile.region) else "not_met"
    return ConditionCheck(desc, status, f"画像：{profile.region}", card.cited, about="region")


# An item that lists the projects it covers ("(二)企业从事下列项目的所得，减半
# 征收：1．花卉、茶…的种植；2．海水养殖、内陆养殖") covers those and no others:
# a 蔬菜 farm is under (一), not (二), though both are 农、林、牧、渔业.
_LISTED = re.compile(r"下列(?:项目|产品|行业)")
_SUB_ITEM = re.compile(r"(?:^|\n)\s*\d+\s*[．.、]\s*([^\n]+)")
_ENTRY_SPLIT = re.compile(r"[、，,；;。和及与]|以及|或者|等")
_TRADE_WORDS = re.compile(
    r"(?:的)?(?:种植|养殖|栽培|培育|饲养|加工|生产|制造|销售|批发|零售|经营|服务)$"
)


def _entries(texts: list[str]) -> list[str]:
    out = []
    for text in texts:
        for part in _ENTRY_SPLIT.split(text):
            part = _TRADE_WORDS.sub("", part.strip())
            part = re.sub(r"^其他", "", part)
            if len(part) >= 1 and re.search(r"[\u4e00-\u9fff]", part):
                out.append(part)
    return out


def check_listed(card: MeasureCard, profile: FirmProfile) -> ConditionCheck | None:
    clause = card.clause or card.text
    if not card.item or not _LISTED.search(clause):
        return None
    listed = _entries(_SUB_ITEM.findall(clause))
    if not listed:
        return None
    desc = "所从事项目在本项所列之内"
    if not profile.industry:
        return ConditionCheck(desc, "unknown", "画像未提供所属行业", card.cited, about="industry")
    # and the statutory words for the firm's (水稻 is a 谷物)
    trades = _entries([profile.industry, *" ".join(statutory_words(profile.industry)).split()])
    covered = [t for t in trades if any(e in t or t in e for e in listed)]
    if covered:
        reason = f"画像：{'、'.join(covered)}在所列项目中"
        return ConditionCheck(desc, "met", reason, card.cited, about="industry")
    reason = f"画像行业“{profile.industry}”不在本项所列项目中"
    return ConditionCheck(desc, "not_met", reason, card.cited, about="industry")


# A grant limited to what a catalogue lists (《环境保护专用设备企业所得税优惠目录》,
# 公共基础设施项目目录): the firm must confirm its item is listed.
_CATALOGUE = re.compile(r"《[^》]{2,40}目录》|列入[^，。；]{0,20}目录|目录(?:范围|规定|所列|内)")


_NOT_LISTED = re.compile(r"非[^，。；]{0,8}目录|不在[^，。；]{0,8}目录|未列入|不属于|不是")


def check_catalogue(card: MeasureCard, profile: FirmProfile) -> ConditionCheck | None:
    m = _CATALOGUE.search(card.clause or card.text)
    if m is None:
        return None
    name = m.group() if m.group().startswith("《") else "有关目录"
    desc = f"属于{name}所列"
    said = [a for a in [*profile.activities, *profile.qualifications] if "目录" in a]
    if said:
        # "购置分选包装机械（非专用设备目录）": the firm says it is not listed
        status = "not_met" if _NOT_LISTED.search(said[0]) else "met"
        return ConditionCheck(desc, status, f"画像：{said[0]}", card.cited, about="threshold")
    reason = f"须属于{name}所列，请自行核实"
    return ConditionCheck(desc, "unknown", reason, card.cited, about="threshold")


# A 非居民企业's clauses differ by whether it has an establishment in China
# (企业所得税法 第三条): the clause's words against the firm's own.
_NO_SITE = re.compile(r"(?:无|没有|未|不)(?:在中国境内)?(?:设立|设有)?(?:任何)?机构")
_SITE = re.compile(r"(?:设立|设有|有)了?[^，。（）()]{0,8}(?:机构|场所|分公司|代表处|办事处)")


def check_establishment(card: MeasureCard, profile: FirmProfile) -> ConditionCheck | None:
    clause = card.clause or card.text
    if "非居民企业" not in card.entity_names or "机构、场所" not in clause:
        return None
    wants = not _NO_SITE.search(clause)
    desc = "在中国境内" + ("设立" if wants else "未设立") + "机构、场所"
    said = " ".join([profile.region or "", profile.industry, *profile.activities])
    has = False if _NO_SITE.search(said) else True if _SITE.search(said) else None
    if has is None:
        reason = "画像未说明在中国境内是否设立机构、场所"
        return ConditionCheck(desc, "unknown", reason, card.cited, about="threshold")
    status: CheckStatus = "met" if has == wants else "not_met"
    reason = "画像：" + ("在中国境内设有机构、场所" if has else "在中国境内无机构、场所")
    return ConditionCheck(desc, status, reason, card.cited, about="threshold")


# A clause for those inside China ("境内单位和个人跨境销售服务…税率为零"):
# a firm registered abroad is not one.
_DOMESTIC = re.compile(r"境内(?:的)?(?:单位|企业|纳税人)|在中国境内(?:依法)?设立的(?:企业|单位)")


def check_domestic(card: MeasureCard, profile: FirmProfile) -> ConditionCheck | None:
    m = _DOMESTIC.search(card.clause or card.text)
    if m is None or profile.is_resident is not False:
        return None
    return ConditionCheck(
        m.group(), "not_met", "画像：境外注册，不是境内单位", card.cited, about="party"
    )


_PAYERS = ("机关", "事业单位", "大型企业", "国有企业", "国有大型企业", "企业")
# "国有大型企业" binds a payer that is both: a large private buyer is not bound.
_STATE_LARGE = re.compile(r"国有大型企业|大型国有企业")
_BOTH = frozenset({"国有企业", "大型企业"})
# Customers that are companies: a clause binding 企业 in general binds them.
_COMPANIES = frozenset({"大型企业", "国有企业", "中小企业", "企业"})


def payers_bound(clause: str) -> list[str]:
    """The payers a payment clause binds ([] when it is not one or names none)."""
    if not P.PAYMENT_RE.search(clause):
        return []
    # A clause binds companies in general only when it says so (企业事业单位);
    # a 公司 it mentions is not a payer it binds.
    named = P.payer_kinds(clause) - {"企业"}
    if P.ANY_COMPANY_RE.search(clause):
        named.add("企业")
    if _STATE_LARGE.search(clause):
        rest = _STATE_LARGE.sub("", clause)
        named = {k for k in named if k not in _BOTH or k in P.payer_kinds(rest)}
        named.add("国有大型企业")
    return [k for k in _PAYERS if k in named]


# A body the firm bid to, gave to or dealt with otherwise ("投标市应急管理局设备
# 采购被…门槛排斥", "通过县民政局捐赠") is no customer that owes it, unless the
# words speak of payment.
_NOT_SOLD_TO = re.compile(
    r"投标|招标|投诉|举报|质疑|审批|检查|评比|会费|排斥|捐|认定|申请|缴纳|缴税"
)
_PAID = re.compile(r"付款|欠|拖|汇票|结算|货款|账款|款项|工程款|支付")


def customer_kinds(profile: FirmProfile) -> set[str]:
    """The kinds of customer the firm's own words name (机关, 大型企业…)."""
    said = [a for a in profile.activities if _PAID.search(a) or not _NOT_SOLD_TO.search(a)]
    return set().union(set(), *(P.payer_kinds(a) for a in said))


def check_payer(card: MeasureCard, named: set[str], bound: list[str]) -> ConditionCheck | None:
    """A payment protection binds the payers it names (or its article names:
    "中小企业有权要求拖欠方支付" follows the paragraph naming 拖欠方): the
    30-day rule for 机关、事业单位 is not the firm's when its customer is a
    large company."""
    if not bound:
        return None
    desc = "付款方为" + "、".join(bound)
    if not named:
        reason = f"画像未说明付款方是否为{'、'.join(bound)}"
        return ConditionCheck(desc, "unknown", reason, card.cited, about="payer")
    if named & (_COMPANIES - {"企业"}):
        named = named - {"企业"}  # 国有大型集团: shown as what it is, not "企业" too
    shown = "、".join(k for k, _ in P.PAYER_KINDS if k in named)
    if named >= _BOTH:
        named = named | {"国有大型企业"}
    if named & set(bound) or ("企业" in bound and named & _COMPANIES):
        return ConditionCheck(desc, "met", f"画像：付款方为{shown}", card.cited, about="payer")
    reason = f"画像：付款方为{shown}，本条针对{'、'.join(bound)}"
    return ConditionCheck(desc, "not_met", reason, card.cited, about="payer")


def party_check(check: PartyCheck, source: str) -> ConditionCheck:
    return ConditionCheck(f"属于{check.party}", check.status, check.reason, source, about="party")


_EMBEDDED = re.compile(r"^[^的]*?(?:工作|活动|事业|发展)中[^，。；]*?的(?:单位|个人|组织|人员)")


def parties_of(card: MeasureCard) -> list[str]:
    """The parties a clause names as the one it is for: "从居民企业取得" names
    where income comes from, not who gets the relief."""
    out = []
    for f in card.entities:
        before = card.clause or card.text
        at = before.find(f.text)
        if at > 0 and before[at - 1] in "从与":
            continue
        # "对在…促进高新技术企业…发展工作中作出重大贡献的单位和个人给予奖励":
        # the entity sits inside what describes another party
        after = re.split(r"[，,。；;：:]", before[at + len(f.text) :], maxsplit=1)[0]
        if at >= 0 and _EMBEDDED.search(after):
            continue
        out.append(f.value)
    return list(dict.fromkeys(out))


def replace_about(check: ConditionCheck, about: str) -> ConditionCheck:
    return replace(check, via=None, about=about)


__all__ = [
    "ConditionCheck",
    "check_catalogue",
    "check_condition",
    "check_establishment",
    "check_industry",
    "check_listed",
    "check_payer",
    "check_region",
    "customer_kinds",
    "parties_of",
    "party_check",
    "payers_bound",
    "replace_about",
]
