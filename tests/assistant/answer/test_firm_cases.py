"""A firm's question read apart from the case it tells: searched on its own
words too, and the years and places of its case not asked of."""

from __future__ import annotations

from assistant.text import own_question
from assistant.text.focus import figure_focus


def test_what_a_firm_asks_after_its_case_is_searched_apart(ask):  # type: ignore[no-untyped-def]
    # the case's many words (工人, 车企, 客户) would drown "多少天内要付款"
    out = ask(
        "我们是一家做五金配件的小厂，30多个工人，给一家大型车企供货。货交了快三个月，"
        "对方一直不付款，说要等他们的客户先付。按规定大型企业最晚多少天内要付款？"
    )
    assert not out.refused and "60日内" in out.text, out.text


def test_a_bare_request_after_a_case_is_not_searched_apart() -> None:
    # "有什么建议？" has no subject but the case's
    assert own_question("我们是柳州一家汽车零部件企业，员工200人。报告对我们有什么建议？") == ""
    assert own_question("大型企业最晚多少天内要付款？") == ""  # no case told
    assert own_question("我们是一家小厂。按规定大型企业最晚多少天内要付款？")


def test_the_year_of_a_firms_own_case_is_not_asked_of(ask):  # type: ignore[no-untyped-def]
    out = ask(
        "我们是2016年依照中外合作经营企业法设立的企业，外商投资法施行后原来的组织形式还能保留几年？"
    )
    assert not out.refused and "五年" in out.text, out.text


def test_a_day_an_english_question_gives_is_not_a_year_asked_of(ask):  # type: ignore[no-untyped-def]
    out = ask("The VAT Law was adopted on December 25, 2024. When does it take effect?")
    assert not out.refused and "2026年1月1日" in out.text, out.text


def test_an_investor_from_macao_is_answered_by_the_rule_that_speaks_of_macao(ask):  # type: ignore[no-untyped-def]
    # 外商投资法 itself says nothing of 澳门; its 实施条例 says investors from there 参照 it
    out = ask("我是澳门的投资者，准备在珠海开一家公司，外商投资法对我适用吗？")
    assert not out.refused and "参照外商投资法" in out.text, out.text


def test_what_a_firm_gets_by_law_is_of_its_whole_case(ask):  # type: ignore[no-untyped-def]
    # "按国家法律" says where the rule is, and the clause before is a condition:
    # neither is what the figure is of
    assert figure_focus("学校没定奖励办法，按国家法律我们至少能拿多少？") == ()
    out = ask(
        "我们是一所大学的课题组，学校把我们的职务成果许可给了一家企业，"
        "学校也没有奖励办法，按国家法律我们至少能拿多少？"
    )
    assert not out.refused and "百分之五十" in out.text, out.text


def test_a_question_of_its_own_after_a_firms_is_not_the_firms_again(ask):  # type: ignore[no-untyped-def]
    first = "我们是木材加工企业，员工90人，能享受哪些支持？"
    history = [
        {"role": "user", "content": first},
        {"role": "assistant", "content": ask(first).text},
    ]
    out = ask("怎么减肥最快？", history)
    assert "与贵企业情况相关的规定" not in out.text, out.text


def test_which_court_is_answered_by_the_sentence_naming_it(ask):  # type: ignore[no-untyped-def]
    # not the sentences saying 有关法院
    out = ask("我们在香港仲裁赢了，对方的财产都在广州，应该去哪个法院申请执行？")
    assert not out.refused and "中级人民法院" in out.text, out.text
