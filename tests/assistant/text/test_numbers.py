"""One parser for figures in every written form (issue #13: one implementation)."""

from __future__ import annotations

import pytest

from assistant.text import figures, parse_money, parse_number


def kinds(text: str) -> list[tuple[str, str, float, str]]:
    return [(f.text, f.kind, f.value, f.unit) for f in figures(text)]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("三十日", ("三十日", "duration", 30.0, "日")),
        ("发明专利权的期限为二十年", ("二十年", "duration", 20.0, "年")),
        ("不低于百分之五十", ("百分之五十", "percent", 50.0, "%")),
        ("25％", ("25％", "percent", 25.0, "%")),
        ("一千万元", ("一千万元", "money", 1000.0, "万元")),
        ("3千万元", ("3千万元", "money", 3000.0, "万元")),
        ("400亿元", ("400亿元", "money", 4_000_000.0, "万元")),
        ("2024年8月1日起施行", ("2024年8月1日", "date", 2024.0, "2024-08-01")),
        ("二〇二〇年", ("二〇二〇年", "date", 2020.0, "2020")),
        ("排名第28位", ("第28位", "ordinal", 28.0, "位")),
        ("第二十位", ("第二十位", "ordinal", 20.0, "位")),
        ("1万家", ("1万家", "count", 10_000.0, "家")),
        ("每年组织100多项", ("100多项", "count", 100.0, "项")),
        ("三分之一以上", ("三分之一", "percent", 33.3333, "%")),
        ("6个月内", ("6个月", "duration", 6.0, "个月")),
        ("外延五百米范围内", ("五百米", "count", 500.0, "米")),
        ("按日加收万分之五的滞纳金", ("万分之五", "percent", 0.05, "%")),
        ("50公顷以上", ("50公顷", "count", 50.0, "公顷")),
        ("一百平方米", ("一百平方米", "count", 100.0, "平方米")),
    ],
)
def test_every_written_form_is_read(text: str, want: tuple[str, str, float, str]) -> None:
    assert kinds(text) == [want]


def test_labels_and_footnote_marks_are_not_figures() -> None:
    assert figures("第十二条 强度⁴") == []
    labels = figures("第九十二条", labels=True)
    assert [(f.kind, f.value, f.unit) for f in labels] == [("label", 92.0, "条")]


def test_offsets_point_into_the_text() -> None:
    text = "减按２０％的税率，最高５００万元"
    assert [text[f.start : f.end] for f in figures(text)] == ["２０％", "５００万元"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("300", 300.0), ("1,000", 1000.0), ("三十", 30.0), ("一百零二", 102.0), ("五百万", 5e6),
     ("两千", 2000.0), ("3千万", 3e7), ("一亿五千万", 1.5e8), ("五万亿", 5e12), ("abc", None)],
)  # fmt: skip
def test_parse_number(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_parse_money_accepts_a_bare_wan() -> None:
    assert parse_money("资产2000万") == 2000.0
    assert parse_money("没有金额") is None


def test_a_part_of_the_year_is_a_date() -> None:
    from assistant.text import figures_of

    found = [(f.kind, f.text) for f in figures_of("应当于每年上半年向社会发布报告", None)]
    assert ("date", "每年上半年") in found
    assert [f.kind for f in figures_of("第一季度末前完成", None)] == ["date"]


def test_which_revision_asks_for_an_ordinal() -> None:
    from assistant.text import analyse

    assert analyse("2024年那次修改是第几次修正？").kinds == frozenset({"ordinal"})


def test_a_word_holding_a_unit_is_not_a_figure() -> None:
    assert kinds("玉米种植和大米加工") == []


def test_a_year_named_by_its_place_is_no_duration():
    # 上一年度, 同一年: which year, not how long; 一年内 is a duration
    assert not [f for f in figures("将上一年度逾期尚未支付的款项情况报送") if f.kind == "duration"]
    assert not figures("在同一年里")
    assert [f.value for f in figures("自收到之日起一年内") if f.kind == "duration"] == [1.0]
