"""List and condition questions over real law text: a lead is judged with
its items, an item with its lead, and a conditions question quotes the lead
that sets the conditions with every item."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import extractive_answer
from assistant.answer.verify import verify
from assistant.settings import Settings
from tests.assistant.passages import articles_with
from tests.conftest import law_files

CIT = "企业所得税法(2018-12-29).md"


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path)


def test_a_list_lead_is_judged_with_its_items(settings):
    vat = next(p.name for p in law_files() if p.name.startswith("增值税法"))
    passages = articles_with(vat, ["第十一条", "增值税税率："], "中华人民共和国增值税法")
    ex = extractive_answer("增值税的标准税率是多少？", passages, settings=settings)
    assert not ex.refused
    assert "税率为百分之十三" in ex.text  # found in the items of 第十条's lead
    assert verify(ex.text, ex.citations).ok


def test_an_item_is_read_with_its_lead(settings):
    rules = "企业所得税法实施条例(2019-04-23).md"
    passages = articles_with(
        rules, ["所称符合条件的小型微利企业"], "中华人民共和国企业所得税法实施条例"
    )
    # 企业所得税法 第二十八条 first, as retrieved (ranked second after 第四条)
    cit = articles_with(CIT, ["第四条", "第二十八条"], "中华人民共和国企业所得税法")
    passages = [cit[1], *passages]
    ex = extractive_answer("小型微利企业的从业人数上限是多少？", passages, settings=settings)
    assert not ex.refused  # items hold 从业人数; their lead holds 小型微利企业
    assert "从业人数不超过100人" in ex.text and "从业人数不超过80人" in ex.text
    assert "并符合下列条件的企业" in ex.text  # quoted with the lead that says what they are


def test_a_criteria_question_is_answered_by_the_conditions_list(settings):
    rules = "企业所得税法实施条例(2019-04-23).md"
    hitech = articles_with(rules, ["第九十三条"], "中华人民共和国企业所得税法实施条例")
    ok = extractive_answer("高新技术企业的认定条件是什么？", hitech, settings=settings)
    assert not ok.refused and "同时符合下列条件的企业" in ok.text and "(四)" in ok.text


def test_a_conditions_question_quotes_the_lead_that_sets_the_conditions(settings):
    procurement = articles_with(
        "政府采购法(2014-08-31).md",
        ["应当遵循下列程序", "可以依照本法采用竞争性谈判方式采购"],
        "中华人民共和国政府采购法",
    )
    ex = extractive_answer(
        "什么情况下政府采购可以用竞争性谈判方式？", procurement, settings=settings
    )
    assert "符合下列情形之一" in ex.text and "不能事先计算出价格总额" in ex.text
    assert "成立谈判小组" not in ex.text
