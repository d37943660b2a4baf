"""Firm-profile matching over cards read from the real 企业所得税法 and its 实施条例."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.policy.extract import MeasureCard, extract_measures
from assistant.policy.matching import match
from assistant.policy.profile import (
    FirmProfile,
    activities_in,
    infer_industrial,
    parse_profile_from_text,
)
from assistant.policy.report import format_match
from tests.assistant.policy.test_extract import CIT, CIT_RULES, law_article

ASK = "我们是木材加工企业，员工90人，资产2000万元，应纳税所得额25万元，能享受哪些支持？"


def tax_cards(status: str = "current") -> list[MeasureCard]:
    cards: list[MeasureCard] = []
    for file, article in (
        (CIT, "第二十八条"),
        (CIT_RULES, "第九十二条"),
        (CIT_RULES, "第九十三条"),
    ):
        chunk, doc = law_article(file, article, status=status)
        cards += extract_measures(chunk, doc)
    return cards


def small_rate(results):  # type: ignore[no-untyped-def]
    return next(r for r in results if r.card.entity_names == ["小型微利企业"])


def test_parse_profile_from_chat_sentence() -> None:
    p = parse_profile_from_text(ASK)
    assert (p.industry, p.industrial, p.employees) == ("木材加工", True, 90)
    assert (p.total_assets_wan, p.taxable_income_wan, p.annual_revenue_wan) == (2000.0, 25.0, None)
    assert p.qualifications == [] and p.region is None


def test_parse_profile_units_and_qualifications() -> None:
    p = parse_profile_from_text(
        "我们是广西一家软件公司，高新技术企业，职工有三十名，年营业收入1.2亿元"
    )
    assert p.industrial is False and p.employees == 30
    assert p.annual_revenue_wan == 12000.0
    assert p.qualifications == ["高新技术企业"] and p.region == "广西"


def test_industrial_firm_qualifies_through_the_definition_chain() -> None:
    results = match(parse_profile_from_text(ASK), tax_cards())
    first = results[0]
    assert first is small_rate(results) and first.status == "met"
    assert first.supports == ("减按 20%",) and first.cited.endswith("第二十八条")
    via = first.checks[0].via
    assert via is not None and via.cited.endswith("第九十二条") and via.card.branch == "（一）"
    assert all(c.status == "met" for c in via.checks)


def test_too_many_employees_is_not_met_and_says_why() -> None:
    profile = parse_profile_from_text(ASK).model_copy(update={"employees": 120})
    result = small_rate(match(profile, tax_cards()))
    assert result.status == "not_met"
    assert "从业人数 120 > 100" in result.checks[0].reason
    assert [c.description for c in result.checks[0].via.checks if c.status == "not_met"] == [
        "从业人数 不超过 100人"
    ]


def test_non_industrial_firm_uses_the_other_branch() -> None:
    profile = FirmProfile(
        industry="软件开发",
        industrial=False,
        employees=70,
        total_assets_wan=900,
        taxable_income_wan=20,
    )
    result = small_rate(match(profile, tax_cards()))
    assert result.status == "met" and result.checks[0].via.card.branch == "（二）"
    profile = profile.model_copy(update={"employees": 90})
    assert small_rate(match(profile, tax_cards())).status == "not_met"


def test_missing_fields_make_a_partial_match_listing_what_is_missing() -> None:
    profile = FirmProfile(industry="木材加工", industrial=True, employees=90)
    results = match(profile, tax_cards())
    small = small_rate(results)
    assert small.status == "partial"
    assert "应纳税所得额" in small.checks[0].reason and "资产总额" in small.checks[0].reason
    # 高新技术企业 is a certificate the firm does not hold: not met, and said so.
    hitech = next(r for r in results if r.card.entity_names == ["高新技术企业"])
    assert hitech.status == "not_met" and "画像未列出高新技术企业资格" in hitech.failed[0].reason


def test_order_is_met_then_partial_then_not_met() -> None:
    results = match(parse_profile_from_text(ASK), tax_cards())
    order = {"met": 0, "partial": 1, "not_met": 2}
    assert [r.status for r in results] == sorted((r.status for r in results), key=order.get)
    assert [r.status for r in results] == ["met", "met", "not_met"]
    # the definition the firm meets is listed with the rate it opens
    assert {r.card.article for r in results if r.status == "met"} == {"第二十八条", "第九十二条"}


def test_declared_qualification_counts_as_met() -> None:
    profile = FirmProfile(qualifications=["高新技术企业"])
    hitech = next(r for r in match(profile, tax_cards()) if r.card.entity_names == ["高新技术企业"])
    assert hitech.status == "met" and hitech.supports == ("减按 15%",)


def test_superseded_cards_are_left_out_unless_asked_for() -> None:
    profile = parse_profile_from_text(ASK)
    assert match(profile, tax_cards(status="superseded")) == []
    results = match(profile, tax_cards(status="superseded"), include_superseded=True)
    assert small_rate(results).status == "met"
    assert "［已被替代］" in format_match(results)


def test_measures_past_their_validity_are_left_out_and_labelled() -> None:
    profile = parse_profile_from_text(ASK)
    expired = [replace(c, valid_to="2020-12-31") for c in tax_cards()]
    assert match(profile, expired) == []
    # still in force on a day before the end date
    assert small_rate(match(profile, expired, today=date(2020, 6, 1))).status == "met"
    results = match(profile, expired, include_superseded=True)
    assert "［已失效］" in format_match(results)


def test_format_match_lists_what_applies_with_clause_and_reason() -> None:
    text = format_match(match(parse_profile_from_text(ASK), tax_cards()))
    assert text.index("可以适用") < text.index("若取得高新技术企业资格")
    for piece in (
        "减按 20%",
        "《中华人民共和国企业所得税法》第二十八条（适用于小型微利企业）",
        "第九十二条（一）",
        "小型微利企业的标准",
    ):
        assert piece in text
    failed = format_match(match(parse_profile_from_text(ASK.replace("90人", "120人")), tax_cards()))
    assert "== 不符合" in failed and "从业人数 120 > 100" in failed
    assert format_match([]).startswith("没有找到与该企业情况相关的条款")


def test_activities_are_the_description_less_identity_figures_and_question() -> None:
    text = "我们是杭州一家软件公司，小型企业，45人，经常参与政府采购，也开展研发，能享受哪些政策？"
    assert activities_in(text) == ["经常参与政府采购", "开展研发"]
    p = parse_profile_from_text(text)
    assert (p.size, p.employees, p.region, p.industry) == ("小型", 45, "杭州", "软件")
    shop = parse_profile_from_text("我是个体户，小规模纳税人，在外卖平台上经营")
    assert (shop.entity_type, shop.vat_status, shop.activities) == (
        "个体工商户",
        "小规模纳税人",
        ["在外卖平台上经营"],
    )


def test_profile_from_json(tmp_path: Path) -> None:
    good = tmp_path / "firm.json"
    good.write_text(
        json.dumps(
            {
                "industry": "金属制品制造",
                "employees": 90,
                "total_assets_wan": 2000,
                "qualifications": ["专精特新中小企业"],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    profile = FirmProfile.from_json(good)
    assert profile.industrial is True and profile.employees == 90
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    wrong = tmp_path / "wrong.json"
    wrong.write_text('{"employees": "很多"}', encoding="utf-8")
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    for path, words in (
        (bad, "not valid JSON"),
        (wrong, "employees"),
        (listed, "JSON object"),
        (tmp_path / "none.json", "not found"),
    ):
        with pytest.raises(ConfigError, match=words):
            FirmProfile.from_json(path)


@pytest.mark.parametrize(
    ("industry", "industrial"),
    [
        ("木材加工", True),
        ("汽车零部件制造", True),
        ("软件开发", False),
        ("餐饮", False),
        ("", None),
    ],
)
def test_infer_industrial(industry: str, industrial: bool | None) -> None:
    assert infer_industrial(industry) is industrial


def test_a_household_business_is_not_told_to_obtain_an_enterprise_certificate() -> None:
    firm = parse_profile_from_text(ASK)
    stall = firm.model_copy(update={"entity_type": "个体工商户"})
    assert "若取得" in format_match(match(firm, tax_cards()), firm)
    assert "若取得" not in format_match(match(stall, tax_cards()), stall)


def test_a_place_tied_to_the_business_by_de_is_not_part_of_its_industry() -> None:
    profile = parse_profile_from_text("我们是广西百色的芒果种植公司，员工50人，能享受哪些支持？")
    assert profile.industry == "芒果种植" and "广西" in (profile.region or "")


def test_a_taxpayer_kind_is_the_vat_status_not_a_qualification() -> None:
    p = parse_profile_from_text("我们是广西的物流公司，一般纳税人，做道路货物运输，员工60人。")
    assert p.vat_status == "一般纳税人" and "一般纳税人" not in p.qualifications


def test_a_firm_the_asker_deals_with_is_not_the_askers_kind() -> None:
    # it invests in a high-tech firm; it is a venture-capital firm itself
    p = parse_profile_from_text(
        "我们是一家创投企业，股权投资一家未上市的中小高新技术企业已经满两年了，所得税上有什么优惠？"
    )
    assert p.qualifications == ["创业投资企业"]
    assert parse_profile_from_text("我们是小微企业，给一家大型企业供货").qualifications == [
        "小型微型企业"
    ]
    assert "高新技术企业" in parse_profile_from_text("我们是高新技术企业，员工50人").qualifications
