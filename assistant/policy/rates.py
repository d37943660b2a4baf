"""The rate a firm pays: which of a tax's stated rates is its own.

A clause stating a rate for every payer of a tax ("纳税人销售交通运输、建筑…
服务…，税率为百分之九", 增值税法 第十条) grants nothing, but a firm asking what
applies to it needs its rate. The rate is the firm's when a kind of sale the
clause names is what the firm sells, in its own words or read through
``data/sale_kinds.txt``; of two items that fit one sale the more specific
wins ("除本条第二项…规定外"). A 征收率 for 简易计税 is a small-scale taxpayer's
and a 税率 a general taxpayer's (增值税法 第八条); a rate for a named party
(非居民企业) is matched like any clause for that party.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from assistant.policy.cards import MeasureCard
from assistant.policy.checks import ConditionCheck
from assistant.policy.parties import holds
from assistant.policy.profile import FirmProfile
from assistant.policy.relevance import statutory_words
from assistant.policy.results import MatchResult, overall

SALE_KINDS_FILE = Path(__file__).parents[1] / "data" / "sale_kinds.txt"
RATE_KINDS = ("税率", "征收率")
_EXCEPT = re.compile(r"除本条((?:第[一二三四五六七八九十]+项、?)+)规定(?:的)?外")
_PART = re.compile(r"[、，,；;：:。\n]|\d+[.．]")
_VERB = re.compile(r"^(?:纳税人|境内单位和个人)?(?:销售或者进口|销售|进口|转让|提供)*")
_CROSS = re.compile(r"跨境(?:销售|提供)?(?:国务院规定范围内的)?")
# "热水器" is not 热水, nor "建筑材料" 建筑: a kind followed by a goods word.
_GOODS_AFTER = re.compile(r"器|机|设备|材料|用品|配件|制品")
# What is done to the firm, not what it sells.
_DONE_TO = re.compile(r"被|遭|拖欠|欠|收取|收费|罚|索要")
_GENERAL = {"货物", "服务", "无形资产"}  # too common to be read from the firm's words


def is_rate(card: MeasureCard) -> bool:
    """A clause whose only grant is a stated rate."""
    return bool(card.supports) and all(s.kind in RATE_KINDS for s in card.supports)


def sale_kinds(clause: str) -> list[str]:
    """The kinds of sale an item names: "纳税人销售交通运输、邮政…服务，销售不动产，
    …销售或者进口下列货物…：1.农产品…" → 交通运输, 邮政, …, 不动产, 农产品 …"""
    text = re.sub(r"[；;，,][^，,；;。]*除外", "", _EXCEPT.sub("", clause))
    text = re.sub(r"^第[一二三四五六七八九十百]+条[^（(]*", "", text)
    text = re.sub(r"[（(][一二三四五六七八九十]+[)）]", "", text)
    text = re.sub(r"(?:适用)?(?:税率|征收率)为[^：:；;。]*", "", text)
    # "跨境销售国务院规定范围内的服务、无形资产": every kind is a cross-border one
    cross = "跨境" if _CROSS.search(text) else ""
    text = _CROSS.sub("", text)
    kinds = []
    for part in _PART.split(text):
        part = _VERB.sub("", part.strip())
        if len(part) >= 2 and not part.startswith("下列"):  # 下列货物: its items say which
            kinds.append(cross + part)
    return list(dict.fromkeys(kinds))


def _excepted(clause: str) -> set[str]:
    """The items this one gives way to: 除本条第二项、第四项…规定外 → {（二）, （四）}."""
    m = _EXCEPT.search(clause)
    if not m:
        return set()
    return {f"（{n}）" for n in re.findall(r"第([一二三四五六七八九十]+)项", m.group(1))}


def sold(phrase: str, kinds: list[str]) -> set[str]:
    """The kinds among ``kinds`` that the firm's phrase sells."""
    found = set()
    for kind in kinds:
        at = phrase.find(kind)
        if kind not in _GENERAL and at >= 0 and not _GOODS_AFTER.match(phrase, at + len(kind)):
            found.add(kind)
    said = " ".join(statutory_words(phrase, SALE_KINDS_FILE)).split()
    found |= {k for k in kinds if k in said}
    if not found:  # a sale named only in general words
        general = (
            "货物" if re.search(r"销售|卖|出售", phrase) else "服务" if "服务" in phrase else ""
        )
        found |= {general} & set(kinds)
    return found


def own_items(
    kinds: dict[str, list[str]], cards: list[MeasureCard], phrases: list[str]
) -> set[str]:
    """Card ids of the rate items the firm's sales fall under (``kinds``: each
    card's kinds of sale, by card id): for each sale, the items it fits, less
    those that give way to another that fits too."""
    chosen: set[str] = set()
    for phrase in phrases:
        if _DONE_TO.search(phrase):
            continue  # "被收取检测服务费": a fee paid, not a service sold
        fits = {c.card_id: c for c in cards if sold(phrase, kinds[c.card_id])}
        labels = {c.item for c in fits.values() if c.item}
        chosen |= {i for i, c in fits.items() if not (_excepted(c.clause or c.text) & labels)}
    return chosen


def own_rates(
    results: dict[str, MatchResult], profile: FirmProfile, phrases: list[str]
) -> dict[str, MatchResult]:
    """The rate clauses (keyed as given) that are the firm's: by what it
    sells, and by whether it pays by 税率 or 征收率."""
    cards = [r.card for r in results.values()]
    kinds = {c.card_id: sale_kinds(c.clause or c.text) for c in cards}
    chosen = own_items(kinds, cards, phrases)
    out = {}
    for key, r in results.items():
        own = kinds[r.card.card_id]
        if r.card.card_id not in chosen and (own or r.card.item):
            continue
        if not own and "征收率" not in (r.card.clause or r.card.text):
            continue  # "企业所得税的税率为25％": everyone's, nobody's news
        check = regime(r.card, profile)
        if check.status == "not_met":
            continue
        sells = [k for p in phrases for k in sold(p, own)]
        why = f"所售{'、'.join(dict.fromkeys(sells))}" if sells else check.description
        checks = (*r.checks, check)
        # what every such seller pays: listed after what the firm can claim
        out[key] = replace(r, checks=checks, status=overall(checks), why=why, score=0.3)
    return out


def regime(card: MeasureCard, profile: FirmProfile) -> ConditionCheck:
    """A 征收率 is the small-scale taxpayer's, a 税率 the general taxpayer's."""
    simple = "征收率" in (card.clause or card.text)
    wanted = "小规模纳税人" if simple else "一般纳税人"
    desc = f"{wanted}（{'简易计税' if simple else '一般计税'}）"
    kind = holds(profile, wanted)
    assert kind is not None  # a taxpayer kind is always the profile's to say
    return ConditionCheck(desc, kind.status, kind.reason, card.cited, about="scope")


__all__ = ["RATE_KINDS", "is_rate", "own_items", "own_rates", "regime", "sale_kinds", "sold"]
