"""A near miss worded like an answerable question but for one thing: a
sibling of what it asks (燃气企业 for 供电企业), or its two parties the other
way round — said as such, not answered with the passage found."""

from __future__ import annotations

import pytest

from assistant.answer.siblings import sibling_of
from tests.assistant.passages import passage

POWER = (
    "第四十七条 市城市管理部门应当加强对供电企业年供电可靠率的监督，对年供电可靠率"
    "低于国家规定的，责令改正；拒不改正的，处五万元以上五十万元以下罚款。"
)


def _of(question: str, text: str) -> tuple[str, str] | None:
    p = passage(text, 1, title="北京市优化营商环境条例", doc_id="bj")
    return sibling_of(question, p, [p])


def test_a_kind_the_passage_does_not_name_beside_its_sibling() -> None:
    assert _of("北京的燃气企业供气可靠率不达标，会被罚多少？", POWER) == ("燃气企业", "供电企业")
    assert _of("北京的供电企业年供电可靠率不达标，会被罚多少？", POWER) is None


@pytest.mark.parametrize(
    "question",
    [
        # a modifier that only describes (基本), or a verb before the head
        "企业所得税的基本税率是多少？",
        "供电可靠率的监督是从哪年开始施行的？",
        # the firm's own kind, told as its case
        "我们是一家燃气企业。供电企业可靠率不达标会被罚多少？",
    ],
)
def test_no_sibling(question: str) -> None:
    text = "第四条 企业所得税的税率为25％。" if "税率" in question else POWER
    assert _of(question, text) is None


def test_two_parties_the_other_way_round() -> None:
    text = (
        "大型企业从中小企业采购货物、工程、服务，应当自货物、工程、服务交付之日起60日内支付款项。"
    )
    asked, found = _of("中小企业从大型企业采购货物，多久内要付款？", text) or ("", "")
    assert (asked, found) == ("中小企业从大型企业", "大型企业从中小企业")
    assert _of("大型企业从中小企业采购货物，多久内要付款？", text) is None


def test_the_reply_says_what_the_corpus_speaks_of(ask):  # type: ignore[no-untyped-def]
    out = ask("按现行的保障中小企业款项支付条例，中小企业从大型企业采购货物，多久内要付款？")
    assert out.refused and "大型企业从中小企业" in out.text, out.text
    out = ask("按现行的保障中小企业款项支付条例，大型企业从中小企业采购货物，多久内要付款？")
    assert not out.refused and "60日" in out.text, out.text


COURTS = (
    "第一条 最高人民法院设立巡回法庭，受理巡回区内相关案件。第一巡回法庭设在广东省深圳市，"
    "巡回区为广东、广西、海南三省区。第二巡回法庭设在辽宁省沈阳市，巡回区为辽宁、吉林、黑龙江三省。"
)


def test_a_number_in_a_series_the_texts_do_not_reach() -> None:
    assert _of("第四巡回法庭设在哪里？", COURTS) == ("第四巡回法庭", "第一巡回法庭")
    assert _of("第二巡回法庭设在哪里？", COURTS) is None
    # an article, a session: numbered by the document itself, judged elsewhere
    assert _of("第三条规定了什么？", COURTS) is None


def test_the_later_parts_of_a_near_miss_are_not_answered(ask):  # type: ignore[no-untyped-def]
    # the texts have 大型企业从中小企业采购; the later part asks of the same purchase
    out = ask("中小企业从大型企业采购货物，应当在多少日内付款？逾期要付利息吗？")
    assert out.refused and "没有讲到" in out.text, out.text
