"""A follow-up's entity swapped into the previous question: a region, a
phrase with the same head, a version, an article, or an item of the last
answer by its place."""

from __future__ import annotations

from assistant.retrieval.rewrite import standalone_question
from tests.assistant.retrieval.conversations import AI, RD, exchange


def test_an_ordinal_follow_up_replaces_only_the_ordinal():
    history = [{"role": "user", "content": "最高法第一巡回法庭设在哪里？"}]
    assert standalone_question("第二巡回法庭呢？", history) == "最高法第二巡回法庭设在哪里？"
    history = [{"role": "user", "content": "广西第一批专精特新企业有多少家？"}]
    assert standalone_question("第二批呢？", history) == "广西第二批专精特新企业有多少家？"
    history = [{"role": "user", "content": "保障中小企业款项支付条例第九条第一款讲的是什么？"}]
    assert standalone_question("第二款呢？", history) == (
        "保障中小企业款项支付条例第九条第二款讲的是什么？"
    )


def test_entity_follow_up_swaps_the_scope():
    out = standalone_question("全国平均水平呢？", RD)
    assert "全国" in out and "广西" not in out
    assert "R&D经费投入强度" in out and "平均水平" in out and out.endswith("？")


def test_entity_follow_up_replaces_the_phrase_with_the_same_head():
    out = standalone_question("那物联网专业呢？", AI)
    assert "物联网专业" in out and "人工智能" not in out
    assert out.startswith("广西有多少所高校开设")


def test_a_compound_of_the_same_make_replaces_its_modifier():
    # jieba cuts 创新/链断裂: the shared 链 says which words are replaced
    chain = [{"role": "user", "content": "创新链断裂的原因报告怎么说？"}]
    assert standalone_question("那人才链呢？", chain) == "人才链断裂的原因报告怎么说？"
    talent = [{"role": "user", "content": "报告怎么建议培育人才链？"}]
    assert standalone_question("那资金链呢？", talent) == "报告怎么建议培育资金链？"


def test_a_place_after_an_outline_answer_asks_that_part():
    outline = [
        {"role": "user", "content": "报告的对策建议有哪几方面？"},
        {
            "role": "assistant",
            "content": "根据《科技赋能广西产业链聚链集群发展的对策研究》，“三、对策建议”分为以下几个方面：\n"
            "（一）提升产业发展效能，推动产业链上下游协同[1]\n"
            "（二）强化科技创新支撑，推动“四链”深度融合[2]\n"
            "（三）加强智慧园区建设，推动资源要素整合协同[3]",
        },
    ]
    assert standalone_question("第二条呢？", outline) == "报告的对策建议的第二项呢？"
    assert standalone_question("最后一个呢？", outline) == "报告的对策建议的第三项呢？"
    # after an answer quoting an article, 第二条 stays an article
    article = [
        {"role": "user", "content": "增值税法第一条规定了什么？"},
        {
            "role": "assistant",
            "content": "《中华人民共和国增值税法》第一条：为了健全有利于高质量发展的增值税制度……",
        },
    ]
    assert "第二项" not in standalone_question("第二条呢？", article)


def test_a_list_of_regions_is_replaced_whole():
    courts = [
        {
            "role": "user",
            "content": "北京、上海这些地方的中级法院管辖涉外民商事案件，标的额门槛是多少？",
        }
    ]
    out = standalone_question("那广西呢？", courts)
    assert out.startswith("广西的中级法院") and "上海" not in out


def test_a_follow_up_does_not_rename_the_document_asked_of():
    history = [
        {"role": "user", "content": "保障中小企业款项支付条例里，机关、事业单位付款期限是多久？"}
    ]
    out = standalone_question("大型企业呢？", history)
    assert "保障中小企业款项支付条例" in out and "大型企业" in out
    assert "保障大型企业" not in out and "大型企业单位" not in out
    # the party in the role the last question gave another ("买方是…")
    for q in ("如果买方是大型企业呢？", "要是付款方是大型企业呢？"):
        out = standalone_question(q, history)
        assert "大型企业付款期限" in out and "机关" not in out, out
    # a condition is no party
    assert "机关、事业单位" in standalone_question("如果是故意拖欠呢？", history)


def test_region_follow_up_keeps_the_rest_of_the_question():
    history = [{"role": "user", "content": "北京市促进中小企业发展条例对融资有什么规定？"}]
    assert (
        standalone_question("那上海呢？", history) == "上海市促进中小企业发展条例对融资有什么规定？"
    )


def test_a_region_follow_up_that_repeats_the_subject_only_swaps_the_region():
    court = [
        {"role": "user", "content": "北京的中级人民法院管辖多大标的额的第一审涉外民商事案件？"}
    ]
    out = standalone_question("那广西辖区的中级法院呢？", court)
    assert out == "广西的中级人民法院管辖多大标的额的第一审涉外民商事案件？"


def test_a_follow_up_naming_another_version_asks_the_previous_question_of_it():
    history = [
        {"role": "user", "content": "旧版条例下，政府部门买了中小企业的东西，最晚多久要付钱？"}
    ]
    asked = standalone_question("那2025年修订后的版本呢？有变化吗？", history)
    assert asked.startswith("2025年修订后的版本条例下") and "旧版" not in asked
    old = [
        {
            "role": "user",
            "content": "2020年版保障中小企业款项支付条例规定大型企业付款期限最长多少天？",
        }
    ]
    assert standalone_question("那2025年版呢？", old).startswith("2025年版保障中小企业款项支付条例")


def test_an_item_of_the_last_answer_asked_by_its_place():
    chains = exchange(
        "报告提出围绕产业链要构建哪几条链？", "围绕产业链构建创新链、培育人才链、对接资金链。"
    )
    assert standalone_question("第二个具体要怎么做？", chains) == "培育人才链具体要怎么做？"
    parts = exchange(
        "报告的对策建议有哪几方面？",
        "三方面：提升产业发展效能、强化科技创新支撑、加强智慧园区建设。",
    )
    assert standalone_question("最后一个方面要建哪些平台？", parts).startswith("加强智慧园区建设")
    # the answer's own points (一是…二是…), in whatever order it quotes them
    points = exchange(
        "产业发展有哪些问题？",
        "根据《报告》：三是产业链上下游衔接不畅。[1] 二是龙头企业带动能力不足。[1]",
    )
    assert standalone_question("第二点具体说说？", points).startswith("龙头企业带动能力不足")
    # a clause that names things in passing is no list; an article's items are its own
    prose = exchange(
        "产业发展靠什么？", "在广西产业发展中，土地、资本、劳动力等传统要素的支撑仍占据主导地位。"
    )
    assert not standalone_question("第一个是什么原因造成的？", prose).startswith("在广西产业发展中")
    article = exchange(
        "增值税法第十条第一项规定的税率是多少？",
        "（一）…税率为百分之十三；（二）…百分之九；（三）…百分之六。",
    )
    assert "第十条第三项" in standalone_question("第三项呢？", article)


def test_a_bare_place_asks_the_previous_question_at_that_place():
    # "第三个" after "…的第一个问题是什么": the same question, its place swapped
    cases = [
        ("产业结构方面的问题，一是什么？", "二是？", "产业结构方面的问题,二是什么?"),
        ("报告的第一个机遇是什么？", "第二条呢？", "报告的第二个机遇是什么?"),
        ("占比排第一的是哪个行业？", "第4名呢？", "占比排第四的是哪个行业?"),
        ("对策第一部分的第一点是什么？", "第三点", "对策第一部分的第三点是什么?"),
    ]
    for previous, question, expected in cases:
        assert standalone_question(question, exchange(previous, "……")) == expected
    # a place the previous question did not ask for is the last answer's
    listed = exchange("报告提出了哪几条对策？", "一是强化协同；二是培育人才；三是对接资金。")
    assert "第二" not in standalone_question("第二个具体要怎么做？", listed)


def test_this_after_a_question_on_what_a_report_found_is_that_finding():
    history = exchange("产业园区信息化方面报告发现了什么问题？", "管理服务未形成系统化、信息化。")
    out = standalone_question("针对这个，报告提出了什么办法？", history)
    assert out.startswith("针对产业园区信息化方面的问题")


def test_a_region_after_a_national_law_asks_the_region_s_own_text():
    history = exchange("中小企业促进法规定政府采购要给中小企业预留多少份额？", "百分之三十以上。")
    out = standalone_question("北京的规定呢？", history)
    assert out.startswith("北京") and "中小企业促进法" not in out
    assert "条例" not in standalone_question("那北京的地方条例呢？", history)
    # "北京的标准呢": Beijing's rule on what was asked, not a word the answer must hold
    assert "标准" not in standalone_question("北京的标准呢？", history)


def test_a_party_follow_up_asks_the_previous_question_of_that_party():
    history = exchange(
        "现行保障中小企业款项支付条例对机关、事业单位的付款期限怎么规定？",
        "应当自交付之日起30日内支付；合同另有约定的，最长不得超过60日。",
    )
    out = standalone_question("大型企业呢？", history)
    # the party replaced; the regulation's own 中小企业 left as it is
    assert "对大型企业的付款期限" in out and "保障中小企业款项支付条例" in out
    assert "机关" not in out


def test_a_place_in_the_carried_subject_is_not_the_place_asked():
    # the previous question carried "对策第一部分的第三点" from before it: "第三点呢"
    # asks the third point of what the previous question itself was about
    history = [
        {"role": "user", "content": "对策第一部分的第三点是什么？"},
        {"role": "assistant", "content": "三是加强产业链协同创新。"},
        {"role": "user", "content": "产业结构问题里“产业层次较低”说的是什么？"},
        {"role": "assistant", "content": "一是产业层次较低。广西产业体系中以高耗能产业为主。"},
    ]
    out = standalone_question("第三点呢？", history)
    assert out.endswith("第三点，是什么？") and "产业层次较低" in out


def test_a_place_asked_of_the_figure_noun_of_the_last_question_swaps_the_place():
    history = exchange(
        "按促进科技成果转化法，职务科技成果转让后，单位没约定的话，给完成人的奖励比例是多少？",
        "不低于百分之五十。",
    )
    out = standalone_question("浙江省的地方规定比例是多少？", history)
    assert out.startswith("浙江职务科技成果转让后") and "奖励比例" in out
    assert "促进科技成果转化法" not in out and not out.startswith("浙江按")
    # a figure noun the last question did not ask of is a question of its own
    assert not standalone_question("浙江省的地方规定罚款是多少？", history).startswith("浙江职务")


def test_a_version_pointed_at_asks_the_last_question_of_it():
    history = exchange(
        "2025年版保障中小企业款项支付条例里，大型企业付款期限是怎么规定的？",
        "应当自货物、工程、服务交付之日起60日内支付。",
    )
    out = standalone_question("2020年那版是怎么写的？", history)
    assert out.startswith("2020年那版保障中小企业款项支付条例") and "付款期限" in out


def test_implementing_rules_named_alone_are_those_of_the_text_spoken_of():
    history = exchange(
        "外商投资法说特殊情况下可以征收外资吗？",
        "根据《中华人民共和国外商投资法》第二十条：国家对外国投资者的投资不实行征收。",
    )
    out = standalone_question("实施条例里说补偿按什么标准？", history)
    assert out.startswith("外商投资法实施条例里说补偿按什么标准")
    # a text that is the implementing rules already is not named twice
    rules = exchange("外商投资法实施条例什么时候施行？", "自2020年1月1日起施行。")
    assert "实施条例实施条例" not in standalone_question("实施条例里说补偿按什么标准？", rules)


def test_the_same_asked_again_of_another_thing_and_a_text_pointed_at_by_its_kind():
    history = [{"role": "user", "content": "竞争性谈判小组怎么组成？"}]
    assert standalone_question("询价小组也是这么组成的吗？", history) == "询价小组怎么组成？"
    title = "最高人民法院关于涉外民商事案件管辖若干问题的规定"
    history = [
        {"role": "user", "content": "一审涉外民商事案件一般由哪级法院管？"},
        {"role": "assistant", "content": f"根据《{title}》：第一条 基层人民法院管辖…[1]"},
    ]
    out = standalone_question("涉外的知识产权纠纷也按这个规定来定管辖吗？", history)
    assert title in out and "一般由" not in out, out
