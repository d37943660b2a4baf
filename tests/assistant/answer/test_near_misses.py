"""Answers over the bundled corpus that hinge on what the corpus does not say
(a part of a whole it counts, a document it only cites) and on text that sits
apart from the words asked (a list's rate in the chunk before its items, a
masthead's date, an English word for a report's contact line)."""

from __future__ import annotations

import pytest

from assistant.answer.chain import answer
from assistant.store import Store


@pytest.fixture(scope="module")
def ask(corpus_index):  # type: ignore[no-untyped-def]
    store = Store(corpus_index)
    return lambda q, history=None: answer(q, history, settings=corpus_index, store=store)


def test_a_part_the_corpus_does_not_count_is_said_to_be_missing(ask):
    out = ask("广西70家链主企业里有多少家是国有企业？")
    assert out.refused and "没有写明" in out.text and "链主企业70家" in out.text
    # a part it does count is answered
    out = ask("2021年以来培育的企业里，有多少家是单项冠军？")
    assert not out.refused and "单项冠军109家" in out.text


def test_an_item_is_quoted_with_its_lead_from_the_chunk_before(ask):
    out = ask("增值税法里图书、报纸、杂志的税率是多少？")
    assert not out.refused, out.text
    assert "税率为百分之九" in out.text and "图书、报纸、杂志" in out.text
    assert out.text.index("百分之九") < out.text.index("图书、报纸")
    assert any("百分之九" in c.text for c in out.citations)  # the figure is in a cited passage


def test_a_masthead_date_answers_when_the_issue_came_out(ask):
    out = ask("这期《大数据与决策研究》是哪天印发的？")
    assert not out.refused and "2024年11月26日" in out.text


def test_a_document_the_report_only_cites_is_not_in_the_library(ask):
    out = ask("《2024广西企业100强发展报告》里排第一的是哪家企业？")
    assert out.refused and "2024广西企业100强发展报告" in out.text


def test_english_words_for_the_report_contact_lines(ask):
    out = ask("What phone number is given for the editorial office?")
    assert not out.refused and "0771-6113592" in out.text


def test_when_a_period_is_counted_from_is_the_event_that_starts_it(ask):
    out = ask("晚交税的滞纳金从哪天开始算？")
    assert not out.refused and "从滞纳税款之日起" in out.text


def test_the_other_end_of_a_superlative_does_not_answer(ask):
    out = ask("广西中层管理人员平均工资最低的是哪个行业？")
    assert out.refused and "“最低”" in out.text and "最高的行业" in out.text
    out = ask("广西中层及以上管理人员平均工资最高的是哪个行业？")
    assert not out.refused and "信息传输、软件和信息技术服务业" in out.text


def test_a_list_the_corpus_only_counts_is_said_to_be_missing(ask):
    out = ask("开设物联网专业的那16所高校具体是哪些学校？")
    assert out.refused and "没有写明具体名单" in out.text
    out = ask("哪些产业是两千亿级产业？")  # a count with its list is answered
    assert not out.refused and "造纸与木材加工" in out.text


def test_an_english_what_about_asks_the_previous_question_of_its_subject(ask):
    history = [
        {
            "role": "user",
            "content": "What corporate income tax rate applies to small low-profit enterprises?",
        },
        {"role": "assistant", "content": "20%."},
    ]
    out = ask("What about the high-tech enterprises the state supports?", history)
    assert not out.refused and "15" in out.text and "高新技术企业" in out.text
    # a pronoun still asks of the document the previous question named
    vat = [{"role": "user", "content": "Who counts as a small-scale taxpayer under the VAT Law?"}]
    out = ask("When does this law take effect?", vat)
    assert "2026年1月1日" in out.text


def test_an_article_number_asked_of_the_report_is_not_another_law_s(ask):
    history = [
        {"role": "user", "content": "报告的对策建议有哪几条？"},
        {"role": "assistant", "content": "提升产业发展效能、强化科技创新支撑、加强智慧园区建设。"},
    ]
    out = ask("第二条里资金链是怎么说的？", history)
    # answered from the report, not with 政府采购法实施条例's 第二条 as the article
    assert out.text.startswith("根据《科技赋能广西产业链聚链集群发展的对策研究》")
    assert "金融资源" in out.text


def test_a_firm_asking_what_the_report_advises_gets_a_measure_not_a_problem(ask):
    out = ask("我是一个工业园区管委会的，园区服务现在基本靠线下，报告建议我们搭建哪些平台？")
    assert not out.refused and "综合管理平台" in out.text
    assert "没有构建线上服务平台" not in out.text  # the problem that shares its words


def test_a_contact_detail_the_corpus_does_not_give_is_said_to_be_missing(ask):
    out = ask("国家拖欠中小企业款项投诉平台的网址是什么？")
    assert out.refused and "没有写明所问的网址" in out.text and "投诉平台" in out.text
    out = ask("想联系这份刊物的编辑部，电话是多少？")  # the report's masthead gives it
    assert not out.refused and "0771-6113592" in out.text


def test_a_second_part_without_words_of_its_own_asks_of_the_first(ask):
    # the report says 柳州's universities are few but drops the number
    out = ask("柳州有几所本科院校？报告里是怎么说的？")
    assert out.refused and "没有写明" in out.text
    # two parts that each ask their own thing are still answered part by part
    out = ask("外商投资法哪天开始施行？原来哪些法律废止了？")
    assert "2020年1月1日" in out.text and "中外合资经营企业法" in out.text
