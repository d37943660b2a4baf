"""What retrieval found, kept by the answer: a named law found lower down, a
list lead's penalty before its ；, a later part asked of the first, a figure
the rule leaves to the parties."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import extractive_answer
from assistant.settings import Settings
from tests.assistant.passages import passage


def _answered(question: str, text: str, title: str, tmp_path):  # type: ignore[no-untyped-def]
    """``question`` answered from one passage of ``text`` (of ``title``)."""
    p = passage(text, 1, title=title, doc_id="doc")
    return extractive_answer(question, [p], settings=Settings(data_dir=tmp_path))


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


@pytest.mark.parametrize(
    ("question", "text", "title", "shown"),
    [
        # a figure the rule leaves to the parties is the answer
        (
            "以高新技术成果作价入股创办高新技术企业，知识产权占注册资本的比例最多是多少？",
            "第十条 以高新技术成果作价入股创办高新技术企业的，其知识产权所占注册资本的比例"
            "由出资各方依法约定。",
            "浙江省高新技术促进条例",
            "由出资各方依法约定",
        ),
        # "逾期不改正的，处…罚款" holds none of the question's words: its case is
        # the clause before its ；
        (
            "新建的建设工程没有预留基站站址，被责令改正后逾期不改，要罚多少钱？",
            "第六十条 建设单位违反本条例第十六条第二款规定，新建、扩建建设工程未按国家和省有关"
            "标准预留基站站址或者配套建设机房、管道、电力线路、电器装置、防雷、接地等通信基础"
            "设施的，由县级以上人民政府住房城乡建设主管部门责令限期改正；逾期不改正的，处五万元"
            "以上二十万元以下罚款。",
            "浙江省数字经济促进条例",
            "五万元以上二十万元以下",
        ),
    ],
)  # fmt: skip
def test_a_figure_is_read_with_the_clause_that_gives_it(question, text, title, shown, tmp_path):  # type: ignore[no-untyped-def]
    out = _answered(question, text, title, tmp_path)
    assert not out.refused and shown in out.text, out.text


def test_a_list_whose_later_items_lost_their_marks_is_quoted_whole(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = (
        "第十九条 民营经济组织有下列情形之一的，县级以上人民政府可以给予奖励：\n\n"
        "（一）获批建设国家级和省级创新平台的；\n\n"
        "参与国家重大科技项目攻关和重点领域产业关键共性技术研发的；\n\n"
        "实施新技术、新产业、新业态、新模式成效显著的。\n\n"
        "第二十条 县级以上人民政府工业和信息化主管部门应当对民营经济组织予以支持。"
    )
    out = _answered(
        "民营经济组织有哪些情形可以得到县级以上人民政府的奖励？",
        text,
        "山东省民营经济发展促进条例",
        tmp_path,
    )
    assert "创新平台" in out.text and "成效显著" in out.text, out.text
    assert "第二十条" not in out.text and "工业和信息化" not in out.text, out.text
