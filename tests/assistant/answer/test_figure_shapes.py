"""Figures a rule states in a shape of its own: a year that is an amount or a
version, a frequency (每半年), a time after an event (生效后1年内), a rule
whose first half (before "；") names what its second half's figure is of,
and a firm's case that decides which rate applies."""

from __future__ import annotations

import pytest

from assistant.answer.asked import ASKED_YEAR
from assistant.answer.extractive import extractive_answer
from assistant.settings import Settings
from tests.assistant.passages import passage
from tests.conftest import law_path


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path)


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("资产约2000万，员工60人，税率是多少？", []),  # an amount
        ("Under the 2025 SME payment regulation, how fast must they pay?", []),  # a version
        ("今年刚按2025年的新条例签合同，这样写行吗？", []),
        ("2023年广西R&D经费投入强度是多少？", ["2023"]),
        ("In 2023 what was the rate under the law?", ["2023"]),
    ],
)
def test_a_year_asked_of_is_neither_an_amount_nor_a_version(question, years):
    assert ASKED_YEAR.findall(question) == years


def _answer(question, texts, settings, title):
    ps = [passage(t, i + 1, title=title, doc_id=f"d{i}") for i, t in enumerate(texts)]
    return extractive_answer(question, ps, settings=settings)


@pytest.mark.parametrize(
    ("question", "text", "title", "shown"),
    [
        # how often: a frequency
        (
            "浙江的科技创新券多久结算一次？",
            "第二十二条 科技创新券可以在全省范围内使用，每半年至少结算一次，各地不得设置限制条件。",
            "浙江省促进科技成果转化条例",
            "每半年",
        ),
        # when: a time after an event
        (
            "如果申请人是自然人，什么时候提出？",
            "十、申请人为法人或者其他组织的，可以在本安排生效后6个月内提出；"
            "如申请人为自然人的，可以在本安排生效后1年内提出。",
            "最高人民法院关于内地与香港特别行政区相互执行仲裁裁决的安排",
            "1年内",
        ),
        # a rule's second half is of what its first half names
        (
            "司法鉴定没约定时限的一般要多久？",
            "第五十九条 鼓励鉴定机构优化鉴定流程，提高鉴定效率。与委托人有约定时限的，在约定的时限内"
            "完成鉴定；没有约定的，一般应当在三十个工作日内完成鉴定，但重大复杂的除外。",
            "上海市优化营商环境条例",
            "三十个工作日",
        ),
    ],
)
def test_a_figure_in_a_shape_of_its_own_answers(settings, question, text, title, shown):
    out = _answer(question, [text], settings, title)
    assert shown in out.text and "没有写明" not in out.text and not out.refused


def test_a_firms_case_decides_which_rate_applies(settings):
    out = _answer(
        "我们是国家需要重点扶持的高新技术企业。企业所得税的税率是多少？",
        [
            "第四条 企业所得税的税率为25％。",
            "第二十八条 符合条件的小型微利企业，减按20％的税率征收企业所得税。"
            "国家需要重点扶持的高新技术企业，减按15％的税率征收企业所得税。",
        ],
        settings,
        title="中华人民共和国企业所得税法",
    )
    assert (
        out.text.index("15％") < out.text.find("25％") if "25％" in out.text else "15％" in out.text
    )


_SMALL_PROFIT = (
    "第九十二条 企业所得税法第二十八条第一款所称符合条件的小型微利企业，是指从事国家非限制和禁止行业，"
    "并符合下列条件的企业：\n(一)工业企业，年度应纳税所得额不超过30万元，从业人数不超过100人，"
    "资产总额不超过3000万元；\n(二)其他企业，年度应纳税所得额不超过30万元，从业人数不超过80人，"
    "资产总额不超过1000万元。"
)


@pytest.mark.parametrize(
    ("people", "claimed"),
    [("75", True), ("500", False)],  # the thresholds a firm meets, or does not
)
def test_a_firms_figures_put_it_in_the_category_whose_rate_is_asked(settings, people, claimed):
    out = _answer(
        f"我们是一家小型造纸厂，从业人数{people}人，资产总额1800万元，去年应纳税所得额22万元，"
        "能不能适用较低的企业所得税率？是多少？",
        [
            "第四条 企业所得税的税率为25％。",
            "第二十八条 符合条件的小型微利企业，减按20％的税率征收企业所得税。",
            _SMALL_PROFIT,
        ],
        settings,
        title="中华人民共和国企业所得税法",
    )
    assert ("20％" in out.text.split("[1]")[0]) is claimed


def test_which_body_is_answered_by_the_sentence_naming_it(settings):
    # "应该找香港哪个法院": "在香港特区指香港特区高等法院", not the documents to file
    text = law_path("最高人民法院关于内地与香港特别行政区相互执行仲裁裁决的安排(2000-01-24).md")
    body = text.read_text(encoding="utf-8").split("<!-- INFO END -->")[-1]
    paras = [
        p.strip()
        for p in body.split("\n")
        if p.strip().startswith(("一、", "二、", "三、", "八、"))
    ]
    out = _answer(
        "在香港申请执行内地的仲裁裁决，应该找香港哪个法院？",
        paras,
        settings,
        "最高人民法院关于内地与香港特别行政区相互执行仲裁裁决的安排",
    )
    assert out.text.index("高等法院") < 120, out.text


def test_a_rank_is_of_the_scope_asked(ask):
    # 全国31个省份 is the report's 全国31个省市
    out = ask("广西的研发投入强度在全国31个省份里排第几？")
    assert not out.refused and "第28位" in out.text, out.text
    # a rank among the western provinces is not the national one
    out = ask("广西R&D经费投入强度在西部省份里排第几？")
    assert out.refused, out.text


def test_words_of_speech_are_not_terms_a_figure_must_hold(ask):
    # 必须, 之内 and 跟 say how it is asked: the 三十日内 of 第四十六条 answers
    out = ask(
        "我们是南昌一家做办公家具的厂子，刚中标了政府采购项目，中标通知书已经发下来了。"
        "采购单位必须在多久之内跟我们签合同？"
    )
    assert not out.refused and "三十日内" in out.text, out.text


def test_a_firm_asking_whether_it_is_of_a_category_gets_the_category_s_definition(ask):
    # "算不算小型微利企业？标准是什么": 第九十二条's thresholds, not 第二十八条's 20 % rate
    out = ask(
        "我们是做五金批发的贸易公司，员工七十来人，资产九百万，一年应纳税所得额二十多万，"
        "算不算小型微利企业？标准是什么？"
    )
    assert not out.refused and "80人" in out.text and "1000万元" in out.text, out.text


def test_when_is_answered_by_the_step_after_which_it_may_be_done(ask):
    # "什么时候可以开工": 办理承诺手续后即可开工建设, a step rather than a date
    out = ask("我们是山东一家机械厂，技改项目不新增用地，也不在许可目录清单里，什么时候可以开工？")
    assert not out.refused and "办理承诺手续后即可开工建设" in out.text, out.text
