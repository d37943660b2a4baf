"""Which part of a report a question asks of, and which part a passage is in."""

from __future__ import annotations

import pytest

from assistant.text import asked_part, part_of


@pytest.mark.parametrize(
    ("question", "part"),
    [
        ("报告建议我们搭建哪些平台？", "measures"),
        ("在产学研合作上，报告主张企业和高校怎么分工？", "measures"),
        ("报告认为拖累广西产业发展的问题有哪些？", "problems"),
        ("园区在产业链培育上缺了什么？", "problems"),
        ("广西2023年R&D经费投入强度是多少？", ""),
        ("针对这些问题，报告提出了哪些对策？", "measures"),  # the asking clause decides
        ("报告的问题和对策分别有哪些？", ""),  # both asked: no preference
        # a firm asking what it gets: the support a report proposes
        ("我们是生物医药企业，报告提到可以有哪些优惠政策？", "measures"),
        ("按报告的思路，园区能怎么帮我们？", "measures"),
    ],
)
def test_the_part_a_question_asks_of(question: str, part: str) -> None:
    assert asked_part(question) == part


def test_the_part_a_passage_is_in_is_read_from_its_report_heading() -> None:
    assert part_of("三、对策建议 > （三）加强智慧园区建设") == "measures"
    assert part_of("二、广西产业链聚链集群发展面临的问题挑战 > （三）智能化程度不高") == "problems"
    assert part_of("一、广西产业链聚链集群发展迎来重大机遇 > （一）出台系列政策文件") == ""
    assert part_of("第三章 扶持措施 > 第十条") == ""  # a law's chapter is no report part


def test_a_later_part_is_asked_of_the_document_the_first_points_at() -> None:
    from assistant.text import question_parts, with_context

    q = with_context("这期是第几期？执笔的是谁？", "广西工业行业里企业数量占比最高")
    assert question_parts(q)[1] == "这期执笔的是谁？"


@pytest.mark.parametrize(
    "question",
    [
        "我们是给链主企业做配套的中小企业，报告说双方之间要建立什么？",
        "我们是做工业软件的服务商，报告里哪些提法对我们有市场机会？",
    ],
)
def test_a_firm_asks_what_the_report_proposes_for_it(question: str) -> None:
    assert asked_part(question) == "measures"


def test_a_firm_may_still_ask_the_problems() -> None:
    assert asked_part("我们是机械加工厂，报告认为园区有哪些问题？") == "problems"


def test_a_part_that_asks_the_first_again_is_one_question() -> None:
    from assistant.text import question_parts

    q = "报告里70家链主企业都是哪些公司？能列个名单吗？"
    assert question_parts(q) == [q]
    assert len(question_parts("这期是第几期？执笔的是谁？")) == 2


def test_what_about_then_a_question_is_one_question() -> None:
    from assistant.text import question_parts

    q = "平时预缴呢？多久报一次？"
    assert question_parts(q) == [q]


def test_a_later_part_with_hardly_a_word_of_its_own_is_asked_of_the_first() -> None:
    from assistant.text import question_parts, with_context

    first = "投资额能抵企业所得税吗？"
    assert question_parts(f"{first}能抵多少？") == [first, with_context("能抵多少？", first)]
    # a part with words of its own is asked as it is
    assert question_parts("这期是第几期？执笔的是谁？")[1] == "这期执笔的是谁？"
