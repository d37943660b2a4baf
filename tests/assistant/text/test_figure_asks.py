"""What figure a question asks for, and what it is of: reliefs, points,
examples, a described quantity, words of manner, a pointed-at answer."""

from __future__ import annotations

import pytest

from assistant.text import analyse


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("买环保专用设备能抵多少税？", {"money", "percent"}),
        ("一年要交多少税？", {"money", "percent"}),
        ("报告里广西有多少家单项冠军？", {"count", "number"}),
    ],
)
def test_a_relief_is_an_amount_or_a_share(question: str, kinds: set[str]) -> None:
    assert analyse(question).kinds == frozenset(kinds)


def test_asking_for_a_few_examples_is_no_count() -> None:
    assert analyse("增值税法规定哪些项目免征增值税？举几个").shape == "list"


def test_a_described_quantity_is_not_asked() -> None:
    # "数量少、质量低" describes the talent; where the report says so is asked
    assert analyse("报告哪一部分谈到数字人才数量少、质量低？").shape != "figure"
    assert analyse("单项冠军企业的数量是多少？").shape == "figure"


def test_where_a_figure_comes_from_asked_as_its_data_source() -> None:
    ask = analyse("高新产业项目占比18.05%的数据源是什么？")
    assert ask.source and ask.shape != "figure"


def test_how_or_when_it_is_done_is_not_what_the_figure_is_of() -> None:
    ask = analyse("企业主动放弃增值税优惠以后，要隔多久才能重新享受？")
    assert not {"才", "重新"} & set(ask.focus)
    # whether a period is set asks it; the clause before names how, or asks its own
    late = analyse("我们拿应收账款去融资，要求付款方确认，对方一直拖，有时限吗？")
    assert late.kinds == frozenset({"duration", "date"}) and "一直" not in late.focus
    assert "怎么办" not in analyse("对答复不满意还能怎么办，有期限吗？").focus


def test_an_english_and_with_a_noun_asks_the_last_question_of_it() -> None:
    from assistant.text import WHAT_ABOUT

    assert WHAT_ABOUT.match("And IoT programs?")
    assert not WHAT_ABOUT.match("And how many were there?")


def test_points_are_a_share_and_a_pointed_answer_no_subject() -> None:
    assert analyse("一般卖货物的增值税是几个点？").kinds == frozenset({"percent"})
    assert "这是" not in analyse("（接上文：广西研发经费投入强度）这是哪一年的数据？").focus


def test_a_bare_asking_clause_asks_what_the_clause_before_names() -> None:
    ask = analyse("我们是百色一家铝加工厂，员工60人，能不能适用较低的企业所得税率？是多少？")
    assert ask.kinds == frozenset({"percent"})
    assert "所得税率" in ask.focus
    # a clause of its own words keeps deciding
    assert analyse("企业所得税率，具体有多少家企业适用？").kinds == frozenset({"count", "number"})


def test_more_or_less_of_a_verb_is_the_verb() -> None:
    assert "扣" in analyse("研发费用没形成无形资产，报税时可以多扣多少？").focus


def test_a_condition_word_and_a_modified_modifier_are_no_subject() -> None:
    ask = analyse("政府采购要求交投标保证金的话，最多能收多少？")
    assert "保证金" in ask.focus
    assert not {"的话", "最多"} & set(ask.focus)


def test_a_share_word_is_not_what_the_share_is_of() -> None:
    ask = analyse("链主型龙头企业里，有多大比例挤进了2024年广西企业100强？")
    assert "比例" not in ask.focus and "龙头企业" in ask.focus


def test_a_clause_that_asks_on_its_own_lends_no_subject() -> None:
    # "…可以自己干吗？要等多久": the yes/no question is not what the period is of
    assert "干吗" not in analyse("成果完成人可以自己干吗？要等多久？").focus


def test_how_often_is_a_period_and_how_fast_in_english_too() -> None:
    assert "一次" not in analyse("浙江的科技创新券多久结算一次？").focus
    assert "duration" in (analyse("How fast must large firms pay SMEs?").kinds or ())


def test_a_period_asked_how_it_is_ruled_is_a_figure() -> None:
    assert analyse("大型企业付款的期限现在是怎么规定的？").shape == "figure"
    assert analyse("质量标准由哪个部门定？").shape != "figure"
