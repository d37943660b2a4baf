"""Who a clause is for, and whether a firm is that party.

A clause names its party ("小型微利企业", "个体工商户", "非居民企业") or
speaks through its document (《保障中小企业款项支付条例》 protects 中小企业;
《企业所得税法》's reliefs reach only those who pay that tax). Three sorts of
party, checked differently against a profile:

- *classes* a firm is or is not by what it says of itself: size (中小企业),
  legal type (个体工商户), tax residence (居民企业), VAT status, foreign
  investment;
- *qualifications* a body certifies (高新技术企业, 专精特新…): met when the
  firm declares it, else not met, with "若取得" advice;
- *defined* parties (小型微利企业) are decided by the corpus's own
  definition, followed in ``policy.matching``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.policy.profile import FirmProfile

CheckStatus = Literal["met", "not_met", "unknown"]

SMALL_AND_MEDIUM = {
    "中小企业": ("中型", "小型", "微型"),
    "中小微企业": ("中型", "小型", "微型"),
    "小型微型企业": ("小型", "微型"),
    "小微企业": ("小型", "微型"),
    "小企业": ("小型", "微型"),
}
# Certified statuses: a firm has one only when it says so.
QUALIFICATIONS = frozenset(
    {
        "高新技术企业",
        "专精特新中小企业",
        "专精特新小巨人企业",
        "科技型中小企业",
        "技术先进型服务企业",
        "规上工业企业",
        "链主企业",
        "龙头企业",
        "单项冠军企业",
        "创业投资企业",
        "新型研发机构",
        "科技企业孵化器",
    }
)
# Certificates a firm applies for; the rest of QUALIFICATIONS are kinds of
# business (创业投资企业, 科技企业孵化器) a firm is or is not.
ATTAINABLE = frozenset(
    {
        "高新技术企业",
        "专精特新中小企业",
        "专精特新小巨人企业",
        "科技型中小企业",
        "技术先进型服务企业",
    }
)
# A document written for one party: its clauses that name no party of their
# own are for that party. (title word, party)
DOCUMENT_PARTIES: tuple[tuple[str, str], ...] = (
    ("个体工商户", "个体工商户"),
    ("中小企业", "中小企业"),
    ("民营", "民营企业"),
    ("外商投资", "外商投资企业"),
    ("企业所得税", "企业所得税纳税人"),
)


# A class a firm is by where it is registered, never one it could become:
# its clauses concern only firms that are it.
RESIDENCE_ONLY = ("非居民企业",)


@dataclass(frozen=True)
class PartyCheck:
    party: str
    status: CheckStatus
    reason: str


def document_party(title: str) -> str:
    """The party a document is written for ('' when it is for everyone)."""
    return next((party for word, party in DOCUMENT_PARTIES if word in title), "")


def is_specific(party: str) -> bool:
    """A certified or defined status: a clause for it concerns a firm that has
    it whatever the firm does (小型微利企业 gets its rate)."""
    return party in QUALIFICATIONS or party in ("小型微利企业", "小规模纳税人", *RESIDENCE_ONLY)


def attainable(party: str) -> bool:
    """A status a firm can apply for, worth telling it what it would open."""
    return party in ATTAINABLE


def holds(profile: FirmProfile, party: str) -> PartyCheck | None:
    """Is the firm ``party``? None for a party decided by a definition in the
    corpus (小型微利企业) or one this module does not know."""
    if party in profile.qualification_names():
        return PartyCheck(party, "met", "画像声明具备该资格")
    if party in SMALL_AND_MEDIUM:
        return _size(profile, party, SMALL_AND_MEDIUM[party])
    check = _CLASS_CHECKS.get(party)
    if check is not None:
        return check(profile, party)
    if party in QUALIFICATIONS:
        # A kind of business (创业投资企业) is what the firm's trade says it is.
        kind = party.removesuffix("企业")
        if not attainable(party) and profile.industry and kind in profile.industry:
            return PartyCheck(party, "met", f"画像：所属行业为{profile.industry}")
        return PartyCheck(party, "not_met", f"画像未列出{party}资格")
    return None


def _company(profile: FirmProfile, party: str) -> PartyCheck | None:
    if profile.entity_type != "企业":
        return PartyCheck(party, "not_met", f"画像：{profile.entity_type}，不是企业")
    if profile.is_resident is False:
        return PartyCheck(party, "not_met", "画像：境外企业，不是在中国境内依法设立的企业")
    return None


def _size(profile: FirmProfile, party: str, sizes: tuple[str, ...]) -> PartyCheck:
    if (failed := _company(profile, party)) is not None:
        return failed
    if profile.size is None:
        return PartyCheck(party, "unknown", "画像未提供企业规模（大型/中型/小型/微型）")
    if profile.size in sizes:
        return PartyCheck(party, "met", f"画像：{profile.size}企业")
    return PartyCheck(party, "not_met", f"画像：{profile.size}企业，不属于{party}")


def _sole_trader(profile: FirmProfile, party: str) -> PartyCheck:
    ok = profile.entity_type == "个体工商户"
    return PartyCheck(party, "met" if ok else "not_met", f"画像：{profile.entity_type}")


def _income_tax_payer(profile: FirmProfile, party: str) -> PartyCheck:
    if profile.pays_enterprise_income_tax:
        return PartyCheck(party, "met", "画像：企业，缴纳企业所得税")
    who = profile.legal_form or profile.entity_type
    return PartyCheck(party, "not_met", f"画像：{who}，不缴纳企业所得税（企业所得税法第一条）")


def _resident(profile: FirmProfile, party: str) -> PartyCheck:
    if not profile.pays_enterprise_income_tax:
        return _income_tax_payer(profile, party)
    resident = profile.is_resident
    if resident is None:
        return PartyCheck(party, "unknown", "画像未说明是否在中国境内注册（居民企业）")
    wanted = party == "居民企业"
    label = "居民企业" if resident else "非居民企业"
    return PartyCheck(party, "met" if resident == wanted else "not_met", f"画像：{label}")


def _vat(profile: FirmProfile, party: str) -> PartyCheck:
    if profile.vat_status is None:
        return PartyCheck(party, "unknown", "画像未说明增值税纳税人类型")
    ok = profile.vat_status == party
    return PartyCheck(party, "met" if ok else "not_met", f"画像：{profile.vat_status}")


def _foreign(profile: FirmProfile, party: str) -> PartyCheck:
    if profile.foreign_invested is None:
        return PartyCheck(party, "unknown", "画像未说明是否为外商投资企业")
    ok = profile.foreign_invested and profile.is_resident is not False
    reason = "画像：外商投资企业" if ok else "画像：不是在中国境内的外商投资企业"
    return PartyCheck(party, "met" if ok else "not_met", reason)


def _private(profile: FirmProfile, party: str) -> PartyCheck:
    if profile.entity_type not in ("企业", "个体工商户") or profile.is_resident is False:
        return PartyCheck(party, "not_met", "画像：不是境内民营经济组织")
    if profile.foreign_invested or re.search("国有|国企|央企", profile.legal_form):
        return PartyCheck(party, "not_met", "画像：不是民营企业")
    return PartyCheck(party, "met", "画像：境内非国有企业")


# Growing, raising or catching what it sells: 增值税法 第二十四条 exempts an
# 农业生产者's own produce, not a processor's bought-in catch.
_FARMING = re.compile(r"种植|养殖|栽培|饲养|捕捞|农业|林业|渔业|畜牧|农场|果园|茶园|鱼塘|牧场")


def _farmer(profile: FirmProfile, party: str) -> PartyCheck:
    if profile.entity_type == "农民专业合作社":
        return PartyCheck(party, "met", "画像：农民专业合作社")
    if _FARMING.search(" ".join([profile.industry, *profile.activities])):
        return PartyCheck(party, "met", f"画像：{profile.industry or '从事农业生产'}")
    if not profile.industry:
        return PartyCheck(party, "unknown", "画像未提供所属行业")
    return PartyCheck(party, "not_met", f"画像行业“{profile.industry}”不是农业生产")


_CLASS_CHECKS = {
    "农业生产者": _farmer,
    "个体工商户": _sole_trader,
    "企业所得税纳税人": _income_tax_payer,
    "居民企业": _resident,
    "非居民企业": _resident,
    "小规模纳税人": _vat,
    "一般纳税人": _vat,
    "外商投资企业": _foreign,
    "民营企业": _private,
    "民营经济组织": _private,
}


__all__ = [
    "ATTAINABLE",
    "QUALIFICATIONS",
    "RESIDENCE_ONLY",
    "SMALL_AND_MEDIUM",
    "CheckStatus",
    "PartyCheck",
    "attainable",
    "document_party",
    "holds",
    "is_specific",
]
