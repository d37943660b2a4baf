"""Corpus-wide intents in the chat: missing cited documents, firm matching."""

from __future__ import annotations

import re

from assistant.answer.chain import answer
from assistant.store.store import Store


def test_question_about_cited_but_missing_document_says_so(corpus_index):
    store = Store(corpus_index)
    result = answer(
        "广西实施新一轮工业振兴三年行动方案提出了哪些目标？", settings=corpus_index, store=store
    )
    assert result.refused
    assert "尚未收入" in result.text and "聚链集群" in result.text
    assert result.citations and "聚链集群" in result.citations[0].title
    assert "工业振兴三年行动方案" in result.citations[0].span


def test_firm_describing_itself_gets_matched_measures_with_clauses(corpus_index):
    store = Store(corpus_index)
    q = "我们是木材加工企业，员工90人，资产总额2000万元，应纳税所得额25万元，能享受哪些政策？"
    result = answer(q, settings=corpus_index, store=store)
    assert not result.refused
    assert "第二十八条" in result.text and "20%" in result.text
    cited = {(c.title, c.section.split(" > ")[-1]) for c in result.citations}
    assert any(sec == "第九十二条" for _, sec in cited)
    # Every figure shown comes from a cited clause, never from the profile.
    assert "90人" not in result.text and "25万元" not in result.text


def test_unanswerable_questions_are_refused_not_guessed(corpus_index):
    store = Store(corpus_index)
    for q in (
        "北京市对专精特新企业上市奖励多少钱？",  # the law names 专精特新 but sets no amount
        "What is the corporate tax rate in Hong Kong?",  # no Hong Kong text in the corpus
    ):
        result = answer(q, settings=corpus_index, store=store)
        assert result.refused, (q, result.text)
        # A bare refusal, or what the corpus does say with no figure in it.
        assert any(w in result.text for w in ("没有找到", "没有写明", "资料库中没有")), result.text
        assert not re.search(r"\d+(?:\.\d+)?\s*(?:万元|元|%)", result.text), result.text
    english = answer("What is the enterprise income tax rate?", settings=corpus_index, store=store)
    assert not english.refused and "25" in english.text


def test_intents_answer_only_what_the_question_is_about(corpus_index):
    store = Store(corpus_index)
    # a firm asking what the report says is answered from the report
    q = "我们是一家生物医药企业，考虑落户广西园区，报告提到了哪些优惠政策？"
    result = answer(q, settings=corpus_index, store=store)
    assert "聚链集群" in result.citations[0].title and "税收减免" in result.text
    # a document the conversation named before is context, not the question
    history = [
        {"role": "user", "content": "《关于加快构建广西现代化产业体系的意见》讲了什么？"},
        {"role": "assistant", "content": "资料库中只有报告提到它。"},
    ]
    result = answer("工业领域具体部署了啥？", settings=corpus_index, store=store, history=history)
    assert "尚未收入" not in result.text and "工业振兴三年行动" in result.text


def test_a_firm_asking_about_one_thing_sees_the_clauses_about_it_first(corpus_index):
    # The firm invests in high-tech firms; what it asks about (股权投资 … 所得税)
    # is the venture-capital credit, which the match alone ranks after others.
    store = Store(corpus_index)
    q = "我们是一家创投企业，股权投资一家未上市的中小高新技术企业已经满两年了，所得税上有什么优惠？"
    result = answer(q, settings=corpus_index, store=store)
    lines = [ln for ln in result.text.splitlines() if ln.startswith("- 【")]
    assert lines and "第九十七条" in lines[0], result.text


def test_a_law_a_firm_was_set_up_under_is_not_the_subject(corpus_index):
    # "三资企业法" names no indexed document, but the question asks about the
    # firms set up under it, which the Foreign Investment Law addresses.
    store = Store(corpus_index)
    q = "之前按三资企业法设立的外资企业，原来的组织形式还能保留多长时间？"
    result = answer(q, settings=corpus_index, store=store)
    assert not result.refused and "五年内" in result.text, result.text
    # named as the subject, it is a document we lack
    result = answer(
        "三资企业法对外资企业的注册资本有什么规定？", settings=corpus_index, store=store
    )
    assert result.refused and "三资企业法" in result.text, result.text


def test_a_conversation_changing_subject_is_not_held_to_the_last_answer(corpus_index):
    # As on the page: each answer becomes the next turn's history.
    store = Store(corpus_index)
    history: list[dict[str, str]] = []
    cited = []
    for q in (
        "我们是一家创投企业，股权投资一家未上市的中小高新技术企业已经满两年了，所得税上有什么优惠？",
        "偷税会被怎么处罚？",
        "过了多少年没被发现就不罚了？",
        "What is the standard corporate income tax rate in China?",
    ):
        result = answer(q, history=history, settings=corpus_index, store=store)
        cited.append(result.citations[0].title if result.citations else "")
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": result.text}]
        last = result.text
    assert cited[1] == cited[2] == "中华人民共和国税收征收管理法", cited
    assert "五年" in history[5]["content"]
    assert "25" in last and cited[3] == "中华人民共和国企业所得税法", cited


def test_a_subject_carried_that_leaves_the_question_uncovered_gives_way(corpus_index):
    # "晚交税的滞纳金怎么算？" after 个体工商户 rules: carried, that subject's
    # articles hold no 滞纳金; read alone, the tax collection law answers it.
    store = Store(corpus_index)
    first = "地方政府能不能把个体工商户数量增长率当成考核指标？"
    before = answer(first, settings=corpus_index, store=store)
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": before.text}]
    result = answer("晚交税的滞纳金怎么算？", history=history, settings=corpus_index, store=store)
    assert not result.refused and "万分之五" in result.text, result.text
    assert result.citations[0].title == "中华人民共和国税收征收管理法", result.citations
