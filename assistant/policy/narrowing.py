"""A clause that narrows whom it is for in words no other check reads
("特定地区内新设立的…高新技术企业", "对承接科技成果的企业…给予补助"): the
firm must confirm it, unless its own words say it (said_by_firm) or its
region answers it (placed: 民族自治地方)."""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.policy import patterns as P
from assistant.policy.cards import MeasureCard
from assistant.policy.checks import ConditionCheck, parties_of
from assistant.policy.profile import FirmProfile
from assistant.policy.relevance import statutory_words
from assistant.text import coverage, ethnic_autonomous, match_form, question_terms

__all__ = [
    "NARROWING_SAID",
    "check_donation",
    "check_income",
    "check_purpose",
    "narrowed",
    "placed",
    "said_by_firm",
]


# Words before a party that do not narrow it, or that other checks decide.
_PLAIN_MODIFIERS = re.compile(
    r"符合(?:规定|国家规定|本[法条例办规定]+规定)?(?:的)?条件的|国家需要重点扶持的|"
    # holding a certified status is having been certified: 经认定（复审）合格的
    r"经[^，。；]{0,12}?(?:认定|复审|评定|备案)(?:[（(][^）)]{0,6}[）)])?(?:合格)?的|"
    r"依法设立的|各类|本[省市区县]|本行政区域内的?|所在地的?|境内的?|相关|有关|其他|下列|"
    r"[，、和及或与]|其|的"
)
_CLAUSE_BREAK = re.compile(r"[。；;：:，,\n]")


def narrowed(card: MeasureCard, parties: list[str]) -> ConditionCheck | None:
    """A party the clause narrows in words no check reads ("特定地区内新设立的
    …高新技术企业"): the firm must confirm it, so the clause cannot be ✓."""
    text = card.text
    for f in card.entities:
        if f.value not in parties or f.start < card.start:
            continue
        at = f.start - card.start
        before = _CLAUSE_BREAK.split(text[:at])[-1]
        # "大型企业迟延支付中小企业款项": the party is an object, not narrowed;
        # "退役军人…等创办小型微型企业" narrows it by who founded it
        if not before.rstrip().endswith(("的", "创办", "创立", "兴办", "开办")):
            continue
        if check := _narrowing(card, before, f.text):
            return check
    # A clause naming no party may still narrow whom it pays: "对承接科技
    # 成果的企业，…给予补助" is not for a firm that sold its patent.
    if not parties_of(card) and (m := _RECIPIENT.search(card.text) or _SUBJECT.match(card.text)):
        return _narrowing(card, m.group("who"), m.group("party"))
    # A grant on what firms do together: "大中型企业与小型微型企业组成联合体共同
    # 参加政府采购的，给予联合体…价格扣除" is not for a firm that bids alone.
    # (Who pays whom late is the payer check's.)
    for m in _WHEN.finditer(card.clause or card.text):
        when = m.group("when")
        if not _TOGETHER.search(when) or P.PAYMENT_RE.search(when):
            continue
        if check := _narrowing(card, when, ""):
            return check
    return None


_TOGETHER = re.compile(
    r"(?:企业|单位|机构)(?:与|同|和)[^，。；]{0,20}?(?:组成|联合|共同|合作|合资)"
)
_WHEN = re.compile(r"(?:^|[。；;：:\n）)])\s*(?P<when>[^，,。；;：:\n（(）)]{6,60}?的)[，,]")


# "本法公布前已经批准设立的企业，依照当时的…规定，享受低税率优惠的，…": the
# clause's subject, narrowed by what stands before it.
_SUBJECT = re.compile(
    r"^\s*(?:第[一二三四五六七八九十百]+条\s*)?(?P<who>[^，。；]{0,40}?的[^，。；的]{0,8}?)"
    r"(?P<party>企业|单位|纳税人)[，,]"
)
_RECIPIENT = re.compile(r"对(?P<who>[^，。；]{2,50}?的)(?P<party>企业|单位|经营主体|市场主体)")


def _narrowing(card: MeasureCard, before: str, party: str) -> ConditionCheck | None:
    # What other checks read (本市创立十八个月内: the firm's age) is not
    # left for the firm to confirm.
    for cond in card.conditions:
        before = before.replace(cond.text.strip(), "")
    left = _PLAIN_MODIFIERS.sub("", before)
    left = re.sub(r"^第[一二三四五六七八九十百]+条\s*", "", left).strip()
    if len(re.findall(r"[\u4e00-\u9fff]", left)) < 6:
        return None
    return ConditionCheck(
        f"{before.strip()}{party}",
        "unknown",
        "条文对适用对象另有限定，请自行核实",
        card.cited,
        about="narrowed",
    )


_LIGHT = re.compile(r"^是指|开展|从事|进行|实施|采取|方式|经营主体|市场主体|单位|企业$")
NARROWING_SAID = 0.7  # share of the narrowing's terms the firm's own words must give


def said_by_firm(check: ConditionCheck, profile: FirmProfile) -> ConditionCheck:
    """A narrowing the firm's own words state ("经首贷服务中心获得首笔贷款" for
    "通过首贷服务中心获得首次贷款的中小企业") is met, quoting those words."""
    # The narrowing's own words, not the party's name the firm need not say,
    # nor the light verbs a firm says otherwise (开展/进行技术改造).
    words = _LIGHT.sub("", P.ENTITY_RE.sub("", check.description))
    # "高等学校毕业生、退役军人和失业人员、残疾人员等创办": any one of a list
    enumerated = "等" in words or "或" in words
    options = re.split(r"[、和或及]|等", words) if enumerated else [words]
    wanted = [
        terms
        for w in options
        if (terms := [t for t in question_terms(w) if not P.ENTITY_RE.fullmatch(t[0])])
    ]
    for said in profile.activities:
        # in the firm's words or the statutory words for them (卖专利 → 技术转让)
        text = match_form(" ".join([said, *statutory_words(said)]))
        if any(coverage(terms, text) >= NARROWING_SAID for terms in wanted):
            return replace(check, status="met", reason=f"画像：经营情况“{said}”")
    return check


def placed(check: ConditionCheck, profile: FirmProfile) -> ConditionCheck:
    """A narrowing by a kind of place, which the firm's region answers: "民族
    自治地方的企业" (企业所得税法 第二十九条) is a firm in 广西, not one in 成都."""
    if check.status != "unknown" or "民族自治地方" not in check.description:
        return check
    inside = ethnic_autonomous(profile.region or "")
    if inside is None:
        return check
    where = f"画像：{profile.region}"
    if inside:
        return replace(check, status="met", reason=f"{where}，属民族自治地方")
    return replace(check, status="not_met", reason=f"{where}，不属民族自治地方")


# A relief on a kind of income ("居民企业技术转让所得不超过500万元的部分，免征"):
# a firm without such income has nothing it applies to. Income every firm has
# (应纳税所得, 所得税) and project income (``checks.check_listed``) are not kinds.
_INCOME = re.compile(
    r"(?:^|[，。；\s、的])(?P<kind>[\u4e00-\u9fff]{2,8}?)所得(?=不超过|未超过|超过|免征|减半|减按|可以|的部分)"
)
_NOT_A_KIND = re.compile(r"应纳税|纳税|项目|年度|境外|境内|全部|取得|上述|本条|其$")


def check_income(card: MeasureCard, profile: FirmProfile) -> ConditionCheck | None:
    m = _INCOME.search(card.clause or card.text)
    bare = re.sub(r"^.*(?:企业|纳税人|单位)", "", m.group("kind")) if m else ""
    if len(bare) < 2 or _NOT_A_KIND.search(bare):
        return None
    kind = f"{bare}所得"
    check = ConditionCheck(kind, "unknown", f"请核实是否有{kind}", card.cited, about="narrowed")
    # the firm names what earns the income ("技术转让"), seldom the income itself
    said = said_by_firm(replace(check, description=bare), profile)
    return replace(said, description=kind)


# 公益性捐赠 is one made through a 公益性社会组织 or a government of county level
# or above (企业所得税法实施条例 第五十一条): a gift handed over directly is not.
_THROUGH = re.compile(r"通过[^，。；]{0,12}?(?:政府|民政|公益|慈善|基金会|红十字|社会组织)")
_DIRECT = re.compile(r"未通过|没有通过|不通过|直接(?:向|给|捐|送)")


def check_donation(card: MeasureCard, profile: FirmProfile) -> ConditionCheck | None:
    if "公益性捐赠" not in (card.clause or card.text):
        return None
    desc = "公益性捐赠（通过公益性社会组织或县级以上人民政府）"
    for said in profile.activities:
        if "捐" not in said:
            continue
        if _DIRECT.search(said):
            return ConditionCheck(desc, "not_met", f"画像：“{said}”", card.cited, about="narrowed")
        if _THROUGH.search(said) or "公益性" in said:  # the firm says so itself
            return ConditionCheck(desc, "met", f"画像：“{said}”", card.cited, about="narrowed")
    return ConditionCheck(desc, "unknown", "请核实捐赠途径", card.cited, about="narrowed")


# A grant on equipment bought for a purpose ("购置用于环境保护、节能节水、安全
# 生产等专用设备的投资额"): buying trucks is not buying that.
_PURPOSE = re.compile(r"用于([^，。；]{4,30}?)(?:等)?(?:专用)?(?:设备|设施)")


def check_purpose(card: MeasureCard, profile: FirmProfile) -> ConditionCheck | None:
    m = _PURPOSE.search(card.clause or card.text)
    if m is None:
        return None
    desc = f"设备{m.group()}"
    check = ConditionCheck(desc, "unknown", "请核实设备是否属此用途", card.cited, about="narrowed")
    for purpose in re.split(r"[、和及或]", m.group(1)):  # any one of the purposes
        said = said_by_firm(replace(check, description=purpose), profile)
        if said.status == "met":
            return replace(said, description=desc)
    return check
