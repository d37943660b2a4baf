"""The rate a firm pays (``assistant.policy.rates``): the item of 增值税法
第十条 whose kinds of sale are what the firm sells, the more specific item
winning; the 征收率 of 第十一条 for a small-scale taxpayer."""

from __future__ import annotations

from assistant.policy.matching import match
from assistant.policy.profile import FirmProfile
from assistant.policy.rates import sale_kinds
from tests.assistant.policy.test_extract import cards_of

VAT = "增值税法(2024-12-25).md"


def rates_for(firm: FirmProfile) -> dict[str, str]:
    cards = cards_of(VAT, "第十条")[0] + cards_of(VAT, "第十一条")[0]
    return {f"{r.card.article}{r.card.item}": r.status for r in match(firm, cards)}


def test_an_item_names_its_kinds_of_sale_and_not_what_it_gives_way_to() -> None:
    cards, _ = cards_of(VAT, "第十条")
    nine = next(c for c in cards if c.item == "（二）")
    kinds = sale_kinds(nine.clause)
    assert {"交通运输", "建筑", "不动产租赁服务", "农产品", "化肥"} <= set(kinds)
    assert not any("本条" in k or k == "货物" for k in kinds)  # 下列货物: its items say


def test_a_general_taxpayer_gets_the_item_each_of_its_sales_falls_under() -> None:
    haulier = FirmProfile(
        region="广东广州", vat_status="一般纳税人", activities=["道路货物运输", "仓储服务"]
    )
    assert rates_for(haulier) == {"第十条（二）": "met", "第十条（三）": "met"}
    # a farm's produce is 农产品 (9%), not the goods of （一） it gives way to
    farm = haulier.model_copy(update={"activities": ["种植并销售蔬菜"]})
    assert rates_for(farm) == {"第十条（二）": "met"}
    # 热水器 is not 热水, nor does a firm that only sells at home export
    heaters = haulier.model_copy(update={"activities": ["热水器销售"]})
    assert rates_for(heaters) == {"第十条（一）": "met"}
    exporter = heaters.model_copy(update={"activities": ["热水器销售", "产品出口东南亚"]})
    assert rates_for(exporter) == {"第十条（一）": "met", "第十条（四）": "met"}


def test_a_small_scale_taxpayer_pays_the_levy_rate_not_a_tax_rate() -> None:
    noodles = FirmProfile(
        entity_type="个体工商户",
        region="广西南宁",
        vat_status="小规模纳税人",
        industry="餐饮",
        activities=["经营米粉店"],
    )
    assert rates_for(noodles) == {"第十一条": "met"}
    # who has not said which kind of taxpayer it is must confirm it first
    unsure = noodles.model_copy(update={"vat_status": None})
    assert set(rates_for(unsure).values()) == {"partial"}


def test_an_exemption_below_a_threshold_the_corpus_only_names_needs_the_firms_word() -> None:
    # 第二十三条: 销售额未达到起征点的，免征增值税 — the 起征点 is the State Council's
    cards = cards_of(VAT, "第二十三条")[0]
    shop = FirmProfile(
        entity_type="个体工商户",
        region="广东广州",
        vat_status="小规模纳税人",
        annual_revenue_wan=500,
        activities=["经营服装店"],
    )
    assert {r.status for r in match(shop, cards)} == {"partial"}
    below = shop.model_copy(update={"activities": ["经营服装店", "销售额未达起征点"]})
    assert {r.status for r in match(below, cards)} == {"met"}
    above = shop.model_copy(update={"activities": ["经营服装店", "月销售额超过起征点"]})
    assert {r.status for r in match(above, cards)} == {"not_met"}
