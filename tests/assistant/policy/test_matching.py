"""Matching beyond size thresholds: industries, research reports, regions."""

from __future__ import annotations

from dataclasses import replace

from assistant.policy import patterns as P
from assistant.policy.extract import extract_measures
from assistant.policy.matching import elsewhere, format_match, match
from assistant.policy.profile import FirmProfile
from assistant.records import ChunkRecord, DocRecord
from tests.assistant.policy.test_extract import CIT, CIT_RULES, cards_of

WOOD = FirmProfile(industry="木材加工", industrial=True, employees=90, region="广西")


def test_industry_families() -> None:
    assert P.industry_matches("数字经济", "软件开发", False)
    assert P.industry_matches("农、林、牧、渔业", "水产养殖", False)
    assert P.industry_matches("制造业", "木材加工", True)
    assert not P.industry_matches("制造业", "软件开发", False)
    assert not P.industry_matches("新能源", "木材加工", True)


def test_a_measure_for_another_industry_is_not_met_and_says_why() -> None:
    cards, _ = cards_of(CIT_RULES, "第八十六条")
    assert [f.value for f in cards[0].industries] == ["农、林、牧、渔业"]
    (wood,) = match(WOOD, cards)
    assert wood.status == "not_met"
    assert "画像行业“木材加工”不在其列" in wood.failed[0].reason
    (farm,) = match(FirmProfile(industry="蔬菜种植"), cards)
    assert farm.status == "met"
    (unknown,) = match(FirmProfile(employees=10), cards)
    assert unknown.status == "partial" and "所属行业" in unknown.missing[0].reason


def test_what_equipment_is_for_is_not_an_industry_scope() -> None:
    cards, _ = cards_of(CIT, "第三十四条")  # 购置用于环境保护、节能节水…专用设备
    assert cards and all(not c.industries for c in cards)


def test_a_research_reports_recommendation_is_not_a_claimable_measure() -> None:
    text = "加大对新能源、电子信息等产业的招商力度，制定税收减免、资金扶持等优惠政策。"
    chunk = ChunkRecord("r#1", "r", text, ("五、对策建议",))
    report = DocRecord("r", "某产业发展研究", "r.txt", doc_type="报告")
    cards = extract_measures(chunk, report)
    assert cards and match(FirmProfile(industry="新能源电池"), cards) == []
    as_policy = [replace(c, doc_type="措施") for c in cards]
    assert match(FirmProfile(industry="新能源电池"), as_policy)[0].status == "met"


def test_measures_of_other_regions_are_counted_not_listed() -> None:
    cards, _ = cards_of(CIT_RULES, "第八十六条")
    local = [replace(cards[0], region=r, card_id=r) for r in ("上海", "上海", "北京")]
    results = match(FirmProfile(industry="蔬菜种植", region="广西"), local)
    assert {elsewhere(r) for r in results} == {"上海", "北京"}
    text = format_match(results)
    assert "另有3项地方措施仅适用于其他地区，未逐条列出：上海2项、北京1项" in text
    assert "原文" not in text
    nowhere = format_match(match(FirmProfile(industry="蔬菜种植"), local))
    assert "另有3项地方措施需确认企业所在地区" in nowhere


def test_a_local_measure_for_every_enterprise_there_is_generic() -> None:
    text = "本市对经营主体给予补贴。"
    chunk = ChunkRecord("s#1", "s", text, ("第七条",))
    doc = DocRecord("s", "上海市测试条例", "s.md", doc_type="条例")
    cards = [replace(c, region="上海") for c in extract_measures(chunk, doc)]
    assert cards and match(FirmProfile(region="上海"), cards) == []
    (shown,) = match(FirmProfile(region="上海"), cards, include_generic=True)
    assert shown.status == "met"


def test_general_support_words_make_measures_for_individual_businesses() -> None:
    cards, _ = cards_of("促进个体工商户发展条例(2022-10-01).md", "第十九条")
    assert {s.kind for c in cards for s in c.supports} == {"资金支持"}
    shown = match(FirmProfile(qualifications=["个体工商户"]), cards)
    assert shown and all(r.status == "met" for r in shown)
    umbrella, _ = cards_of("山东省企业技术改造条例(2017-12-01).md", "第二十六条")
    kinds = {s.kind for c in umbrella for s in c.supports}
    assert "加速折旧" in kinds and "税收优惠" not in kinds  # the list names the members
