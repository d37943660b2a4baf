"""Which clause answers: the one naming the place asked of, and the words
a question is asked with (a negation, a condition) kept apart from its terms."""

from __future__ import annotations

import pytest

from assistant.answer.evidence import score_sentences
from assistant.answer.extractive import extractive_answer
from assistant.settings import Settings
from assistant.text import analyse, with_context
from tests.assistant.passages import articles_with, passage


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path)


def test_a_place_asked_of_is_answered_by_the_clause_naming_it(settings):
    # A national text that sets one threshold for some places and another for
    # the rest: "广西的…" is answered by the clause naming 广西.
    title = "最高人民法院关于涉外民商事案件管辖若干问题的规定"
    east = (
        "北京、天津、上海、江苏、浙江、福建、山东、广东、重庆辖区中级人民法院，"
        "管辖诉讼标的额人民币4000万元以上（包含本数）的涉外民商事案件；"
    )
    west = (
        "河北、山西、内蒙古、辽宁、吉林、黑龙江、安徽、江西、河南、湖北、湖南、广西、海南、"
        "四川、贵州、云南、西藏、陕西、甘肃、青海、宁夏、新疆辖区中级人民法院，"
        "管辖诉讼标的额人民币2000万元以上（包含本数）的涉外民商事案件。"
    )
    high = "第三条 高级人民法院管辖诉讼标的额人民币50亿元以上（包含本数）的第一审涉外民商事案件。"
    passages = [
        passage(east, 1, title=title),
        passage(west, 2, title=title),
        passage(high, 3, title=title),
    ]
    ex = extractive_answer(
        "广西的中级人民法院管辖多大标的额的第一审涉外民商事案件？", passages, settings=settings
    )
    assert "2000万元" in ex.text and "4000万元" not in ex.text
    ex = extractive_answer(
        "北京的中级人民法院管辖多大标的额的涉外民商事案件？", passages, settings=settings
    )
    assert "4000万元" in ex.text and "2000万元" not in ex.text
    # an amount the asker states is measured against the line it meets
    ex = extractive_answer(
        "我们是广西的一家外贸公司，合同纠纷标的额3000万元，一审归哪级法院管？",
        passages,
        settings=settings,
    )
    assert "2000万元" in ex.text and "50亿元" not in ex.text
    # "第一审" is no figure of the size asked: the lead that says it states none
    lead = passage("第二条 中级人民法院管辖下列第一审涉外民商事案件:", 1, title=title)
    ask = analyse("广西辖区的中级法院管辖多大标的额的涉外民商事一审案件？")
    fits = {s.sentence.text: s.fits for s in score_sentences(ask, [lead, passage(west, 2)])}
    assert not fits["第二条 中级人民法院管辖下列第一审涉外民商事案件:"]
    assert fits[west]
    # a city is answered by the clause naming its province
    ex = extractive_answer(
        "南宁的中级人民法院管辖多大标的额的涉外民商事案件？", passages, settings=settings
    )
    assert "2000万元" in ex.text and "4000万元" not in ex.text


def test_a_negation_is_how_the_asker_puts_it_not_a_term(settings):
    passages = articles_with(
        "税收征收管理法(2015-04-24).md",
        ["第八十六条", "第六十三条"],
        "中华人民共和国税收征收管理法",
    )
    ex = extractive_answer(
        with_context("过了多少年没被发现就不罚了？", "偷税会被"), passages, settings=settings
    )
    assert not ex.refused and "五年内未被发现" in ex.text


def test_a_law_s_chapter_name_does_not_choose_the_article(ask):
    # 第七十四条 is under 第七章 专利权的保护, but its 三年 is a limitation period;
    # the term of protection is 第四十二条's, which says 期限, not 保护
    out = ask("发明专利能保护多少年？")
    assert "二十年" in out.text and "诉讼时效" not in out.text, out.text
    # 第六十三条 is under 第五章 法律责任; 第五十二条 holds 责任 itself
    history = [
        {"role": "user", "content": "逾期交税的滞纳金怎么算？"},
        {"role": "assistant", "content": "按日加收滞纳税款万分之五。"},
    ]
    out = ask("如果是税务机关自己的责任导致少缴了呢？", history)
    assert "不得加收滞纳金" in out.text.split("[1]")[0], out.text
