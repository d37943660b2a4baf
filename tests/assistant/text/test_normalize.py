"""Normal forms, money and percent figures, and the evaluation's match form."""

from __future__ import annotations

import pytest

from assistant.retrieval import normalize_query
from assistant.text import amount_variants, figures, parse_number, to_simplified
from assistant.text import for_match as normalize_for_match
from assistant.text import parse_money as parse_amount


def test_traditional_becomes_simplified():
    assert to_simplified("廣西研發經費投入強度") == "广西研发经费投入强度"
    assert normalize_query("企業所得稅的稅率是多少？") == "企业所得税的税率是多少?"


def test_full_width_and_whitespace_are_normalised():
    assert normalize_query("  ２０２３年\u3000R＆D  经费 ") == "2023年 R&D 经费"


@pytest.mark.parametrize(
    ("text", "wan"),
    [
        ("3千万元", 3000.0),
        ("3000万元", 3000.0),
        ("0.3亿元", 3000.0),
        ("３，０００万元", 3000.0),
        ("二十万元", 20.0),
        ("两亿元", 20000.0),
        ("500元", 0.05),
        ("奖励不超过100 万元", 100.0),
    ],
)
def test_parse_amount_in_wan(text, wan):
    assert parse_amount(text) == pytest.approx(wan)


def test_parse_amount_without_money_is_none():
    assert parse_amount("第三章 第十条") is None


def test_amount_forms_are_all_searchable():
    query = normalize_query("投资3千万元以上的项目")
    assert "3千万元" in query and "3000万元" in query and "0.3亿元" in query
    assert set(amount_variants("0.3亿元")) == {"3000万元", "3千万元"}
    # A query without amounts gets nothing appended.
    assert normalize_query("企业所得税的税率") == "企业所得税的税率"


@pytest.mark.parametrize(
    ("text", "pct"),
    [("25％", 25.0), ("强度为0.84%", 0.84), ("百分之二十", 20.0), ("百分之2.5", 2.5)],
)
def test_percent_forms(text, pct):
    assert [f.value for f in figures(text) if f.kind == "percent"] == [pytest.approx(pct)]


def test_parse_percent_none_and_numbers():
    assert figures("没有比例") == []
    assert parse_number("一百零五") == 105.0
    assert parse_number("十二") == 12.0
    assert parse_number("abc") is None


def test_normalize_for_match_follows_the_eval_readme():
    # Footnote marks dropped (not turned into digits by NFKC), ％ → %, no spaces.
    assert normalize_for_match("强度⁴（0.84%） 远低于 ２.65％\n") == "强度(0.84%)远低于2.65%"
    assert "0.84%" in normalize_for_match("经费投入强度⁴（0.84％）")


def test_the_items_that_open_a_text_end_at_an_item_of_the_list_around_them() -> None:
    from assistant.text import item_kind, items_end

    text = "2.自来水、暖气；\n3.图书、报纸；\n（三）纳税人销售服务，税率为百分之六。\n（四）出口货物，税率为零；"
    assert text[: items_end(text)].endswith("3.图书、报纸；")  # （三） is the outer list's
    nested = "（三）下列货物：\n1.农产品；\n2.自来水；\n（四）出口货物，税率为零；\n此后的正文。"
    assert text and nested[: items_end(nested)].endswith("（四）出口货物，税率为零；")
    assert [item_kind(t) for t in ("（三）…", "三、…", "(3)…", "3.…", "正文")] == [
        "（一）",
        "一、",
        "（1）",
        "1.",
        "",
    ]
