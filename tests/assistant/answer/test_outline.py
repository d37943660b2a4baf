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


def test_a_part_asked_by_its_place_alone(ask) -> None:  # type: ignore[no-untyped-def]
    # no word of its heading: the report's third top-level part, with its sub-headings
    got = ask("报告第三部分讲了什么？")
    assert not got.refused
    assert "三、对策建议" in got.text and all(h in got.text for h in RECOMMENDATIONS)
    got = ask("报告第一大部分的标题是什么？")
    assert "迎来重大机遇" in got.text


def test_a_point_of_a_part_asked_by_place(ask) -> None:  # type: ignore[no-untyped-def]
    # part 二 has sub-headings: its third point is its third sub-heading
    got = ask("报告第二部分第三点是什么？")
    assert "产业园区以传统模式为主" in got.text
    assert "提升产业发展效能" not in got.text


def test_a_part_past_the_last_is_not_invented(ask) -> None:  # type: ignore[no-untyped-def]
    got = ask("报告第九部分讲了什么？")
    assert "第九部分：" not in got.text


def test_a_part_by_place_in_a_conversation_keeps_its_own_part(ask) -> None:  # type: ignore[no-untyped-def]
    # after a firm's question, and after another part: the place it names, not the last list's
    firm = [
        {
            "role": "user",
            "content": "我们是钦州的外贸加工企业，主要做东盟市场，报告里哪些内容和我们有关？",
        },
        {
            "role": "assistant",
            "content": "根据《科技赋能广西产业链聚链集群发展的对策研究》：广西具有沿海沿江沿边…",
        },
    ]
    assert "三、对策建议" in ask("报告第三部分讲了什么？", firm).text
    parts = [
        {"role": "user", "content": "报告第三部分讲了什么？"},
        {"role": "assistant", "content": "第三部分：三、对策建议；其中（一）…（二）…（三）…"},
    ]
    assert "产业园区以传统模式为主" in ask("那第二部分第三点是什么？", parts).text


def test_a_part_of_as_many_parts_as_the_question_counts(ask) -> None:  # type: ignore[no-untyped-def]
    # "卡住…的主要是哪三个问题": the part of three problems, in words the heading lacks
    out = ask("报告认为卡住广西产业发展的主要是哪三个问题？")
    assert "问题挑战" in out.text and "科技创新支撑能力不足" in out.text, out.text


def test_a_part_named_in_its_own_words_after_another_part(ask) -> None:  # type: ignore[no-untyped-def]
    # the last question's subject (its problems) names no part of this one
    history = [
        {"role": "user", "content": "报告认为卡住广西产业发展的主要是哪三个问题？"},
        {
            "role": "assistant",
            "content": "“二、广西产业链聚链集群发展面临的问题挑战”分为三个方面。",
        },
    ]
    out = ask("报告提出了哪几方面对策建议？", history)
    assert all(h in out.text for h in RECOMMENDATIONS), out.text
