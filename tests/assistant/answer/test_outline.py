"""A part of the report asked for by its heading is answered by the headings
under it (they are in the chunks' sections, not their text); the Nth part by
that heading with its points."""

from __future__ import annotations

RECOMMENDATIONS = ("提升产业发展效能", "强化科技创新支撑", "加强智慧园区建设")


def test_the_parts_of_a_section_are_its_sub_headings(ask) -> None:  # type: ignore[no-untyped-def]
    got = ask("报告的对策建议有哪几方面？")
    assert not got.refused
    assert all(h in got.text for h in RECOMMENDATIONS)
    assert len(got.citations) == 3
    # each heading is cited by a chunk under it, whose section holds it
    assert all(h in c.section for h, c in zip(RECOMMENDATIONS, got.citations, strict=True))


def test_a_section_asked_in_traditional_characters(ask) -> None:  # type: ignore[no-untyped-def]
    got = ask("報告認為廣西面臨哪些問題挑戰？")
    assert "聚链集群效应难以发挥" in got.text and "信息化智能化程度不高" in got.text


def test_the_nth_part_with_its_points(ask) -> None:  # type: ignore[no-untyped-def]
    got = ask("报告提出的第二条对策是什么？")
    assert "强化科技创新支撑" in got.text
    assert "一是围绕产业链构建创新链" in got.text and "三是围绕产业链对接资金链" in got.text
    assert "加强智慧园区建设" not in got.text


def test_the_nth_point_of_a_named_part_is_no_article(ask) -> None:  # type: ignore[no-untyped-def]
    # "部分的第一条": the first part under 对策建议, not any law's 第一条
    got = ask("对策建议部分的第一条是什么？")
    assert "提升产业发展效能" in got.text and "第一条" not in got.text


def test_the_nth_part_in_a_conversation(ask) -> None:  # type: ignore[no-untyped-def]
    history = [
        {"role": "user", "content": "报告提出的第一条对策是什么？"},
        {"role": "assistant", "content": "第一条是提升产业发展效能，推动产业链上下游协同。"},
    ]
    assert "强化科技创新支撑" in ask("第二条呢？", history).text


def test_a_heading_without_titled_parts_is_answered_by_its_points(ask) -> None:  # type: ignore[no-untyped-def]
    # (三)加强智慧园区建设 has points, not sub-headings: they answer
    got = ask("智慧园区建设方面有哪些建议？")
    assert "分为以下几个方面" not in got.text
    assert "是" in got.text and not got.refused


def test_a_law_chapter_of_articles_is_no_outline(ask) -> None:  # type: ignore[no-untyped-def]
    got = ask("政府采购有哪几种采购方式？")
    assert "分为以下几个方面" not in got.text
    assert "公开招标" in got.text


def test_which_part_of_the_report_says_it(ask) -> None:  # type: ignore[no-untyped-def]
    history = [
        {"role": "user", "content": "报告说要打造什么典型应用场景？"},
        {
            "role": "assistant",
            "content": "打造一批“智改数转”典型应用场景，加快形成“一行业一标杆”。",
        },
    ]
    got = ask("这属于报告哪一部分的建议？", history)
    assert "三、对策建议" in got.text and "提升产业发展效能" in got.text
    assert "典型应用场景" in got.text and len(got.citations) == 1


def test_a_point_within_a_part_both_by_their_place(ask) -> None:  # type: ignore[no-untyped-def]
    # "对策第一部分的第二点": the part by its place under 对策建议, the point by
    # its place within that part — asked with no word a passage holds
    got = ask("对策第一部分的第二点是什么？")
    assert not got.refused
    assert "提升产业发展效能" in got.text and "二是发挥链主企业带动作用" in got.text
    assert "一是推动传统产业转型升级" not in got.text
    assert "链主企业在技术创新" in got.text  # the point's own sentence, not its title alone
    other = ask("对策建议第二部分的第一点讲了什么？")
    assert "强化科技创新支撑" in other.text and "一是围绕产业链构建创新链" in other.text


def test_the_next_point_within_a_part_in_a_conversation(ask) -> None:  # type: ignore[no-untyped-def]
    history = [
        {"role": "user", "content": "对策第一部分的第一点是什么？"},
        {"role": "assistant", "content": "一是推动传统产业转型升级。"},
    ]
    got = ask("第二点？", history)
    assert "二是发挥链主企业带动作用" in got.text and not got.refused
