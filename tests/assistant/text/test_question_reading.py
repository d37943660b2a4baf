"""How a question is read: which words name a document (not a rule not
made, a region's own rules described; a version's date before the name), who
tells their own case, and whether a figure or a definition is asked."""

from __future__ import annotations

import pytest

from assistant.text import analyse, asked_by_a_firm, asks_for_figure, question_terms
from assistant.text.questions import defined_term


@pytest.mark.parametrize(
    ("question", "documents"),
    [
        # a rule not made (or agreed) is no title
        ("单位没约定奖励办法，职务科技成果转让后奖励不少于多少？", ()),
        ("单位没定奖励办法的话怎么办？", ()),
        # a region's own rules, described
        ("北京本地的条例规定的比例呢？", ()),
        ("政府采购给中小企业预留本地的条例规定了什么？", ()),
        # the date of the version named before the law
        ("2024年12月通过的增值税法从什么时候开始施行？", ("增值税法",)),
        ("2020年版的保障中小企业款项支付条例怎么规定的？", ("保障中小企业款项支付条例",)),
        ("按2025年修订后的款项支付条例，审计结果能作结算依据吗？", ("款项支付条例",)),
        ("2020年修正的专利法里发明专利保护多久？", ("专利法",)),
    ],
)
def test_what_names_a_document(question: str, documents: tuple[str, ...]) -> None:
    assert analyse(question).documents == documents


@pytest.mark.parametrize(
    ("question", "firm"),
    [
        ("我刚在南宁搞了个做检测试剂的初创团队。报告建议园区提供什么？", True),
        ("我去年开了家小饭馆，能享受哪些支持？", True),
        ("我们厂在温州，亏损能往后抵几年？", True),
        ("我想问一下增值税税率是多少？", False),
    ],
)
def test_an_asker_telling_its_own_case(question: str, firm: bool) -> None:
    assert asked_by_a_firm(question) is firm


def test_whether_a_standard_is_the_same_asks_no_figure() -> None:
    assert not asks_for_figure("专业技术人才评职称，和公立机构的人才是不是同一套标准？")
    # whether a period is set for a step asks the period
    assert asks_for_figure("对方拖着不确认，浙江的条例对确认时间有规定吗？")
    assert asks_for_figure("付款有没有期限？")


def test_how_a_term_is_delimited_asks_its_definition() -> None:
    ask = analyse("這裡說的「最高水位線」是怎麼界定的？")
    assert ask.shape == "definition" and ask.term == "最高水位线"
    assert defined_term("赞助支出是怎么界定的？") == "赞助支出"
    # the verb before its object names no term: not read as a definition
    assert analyse("税法上怎么界定赞助支出？").shape != "definition"


def test_a_which_question_naming_a_standard_asks_for_a_list() -> None:
    assert analyse("行政机关实施哪些行为时不得设置不平等标准？").shape == "list"
    assert analyse("小型微利企业的税率标准是什么？").shape == "figure"


def test_the_states_rules_in_general_are_no_documents_name() -> None:
    assert analyse("网络平台乱收费，国家条例怎么说？").documents == ()
    assert analyse("国家法律对此有规定吗？").documents == ()


def test_a_span_asked_with_its_nei_leaves_no_word_behind() -> None:
    terms = dict(question_terms("大企业应该在多长时间内把钱付给我们？"))
    assert "内钱" not in terms and "钱" in terms
    assert "内" not in dict(question_terms("合同签订后几个工作日内要备案？"))
