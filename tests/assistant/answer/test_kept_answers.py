"""What retrieval found, kept by the answer: a named law found lower down, a
list lead's penalty before its ；, a later part asked of the first, a figure
the rule leaves to the parties."""

from __future__ import annotations

from assistant.answer.extractive import extractive_answer
from assistant.settings import Settings
from tests.assistant.passages import passage


def test_the_law_a_question_names_answers_though_another_ranks_first(ask):  # type: ignore[no-untyped-def]
    # every article of 政府采购法 says 政府采购; the question names 中小企业促进法
    out = ask("中小企业促进法对政府采购有什么规定？")
    assert out.citations and out.citations[0].title == "中华人民共和国中小企业促进法", out.text


def test_a_list_lead_is_quoted_with_the_penalty_before_its_semicolon(ask):  # type: ignore[no-untyped-def]
    out = ask("供应商提供虚假材料谋取中标，会受到什么处罚？")
    assert "千分之五以上千分之十以下" in out.text and "一至三年" in out.text, out.text


def test_a_later_part_without_words_of_its_own_asks_of_the_first(ask):  # type: ignore[no-untyped-def]
    out = ask("我们厂今年买了一批节能节水专用设备，投资额能抵企业所得税吗？能抵多少？")
    assert "10%" in out.text, out.text


def test_a_figure_left_to_the_parties_is_the_answer(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = (
        "第十条 以高新技术成果作价入股创办高新技术企业的，其知识产权所占注册资本的比例"
        "由出资各方依法约定。"
    )
    p = passage(text, 1, title="浙江省高新技术促进条例", doc_id="zj")
    out = extractive_answer(
        "以高新技术成果作价入股创办高新技术企业，知识产权占注册资本的比例最多是多少？",
        [p],
        settings=Settings(data_dir=tmp_path),
    )
    assert not out.refused and "由出资各方依法约定" in out.text, out.text
