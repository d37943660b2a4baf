"""Follow-up questions become standalone questions."""

from __future__ import annotations

import json

from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.llm import REWRITE_PROMPT
from assistant.retrieval.rewrite import (
    is_follow_up,
    may_stand_alone,
    retrieval_query,
    rewrite,
    standalone_question,
)
from assistant.settings import Settings
from assistant.text import analyse, split_context
from tests.conftest import EVAL_FILE

RD = [
    {"role": "user", "content": "广西2023年R&D经费投入强度是多少？"},
    {"role": "assistant", "content": "2023年广西R&D经费投入强度为0.84%，远低于全国平均水平2.65%。"},
]
AI = [
    {"role": "user", "content": "广西有多少所高校开设人工智能本科专业？"},
    {"role": "assistant", "content": "广西仅有12所高校开设人工智能本科。"},
]


def test_standalone_questions_pass_through():
    assert (
        standalone_question("企业所得税的基本税率是多少？", None) == "企业所得税的基本税率是多少？"
    )
    assert standalone_question("什么是专精特新？", RD) == "什么是专精特新？"
    # 那些 is not the 那 that opens a follow-up: nothing of the question is swapped
    assert standalone_question("那些企业可以享受优惠？", RD).endswith("）那些企业可以享受优惠？")
    assert not is_follow_up("排第几？", None)


def test_a_question_naming_nothing_keeps_the_conversations_subject():
    arbitration = [
        {"role": "user", "content": "在内地执行香港的仲裁裁决，向哪个法院申请？"},
        {"role": "assistant", "content": "向被申请人住所地或者财产所在地的中级人民法院申请。"},
    ]
    out = standalone_question("需要交哪些材料？", arbitration)
    assert "仲裁裁决" in out and out.endswith("需要交哪些材料？")
    # the law the last answer cited joins the previous question's subject
    tax = [
        {"role": "user", "content": "偷税会被怎么处罚？"},
        {"role": "assistant", "content": "根据《中华人民共和国税收征收管理法》第六十三条：…"},
    ]
    carried = standalone_question("过了多少年没被发现就不罚了？", tax)
    assert carried.startswith("（接上文：中华人民共和国税收征收管理法 偷税会被")
    # a report's title does not: the previous question's subject is the topic
    report = [
        {"role": "user", "content": "广西首批先进制造业集群有几个？"},
        {
            "role": "assistant",
            "content": "根据《科技赋能广西产业链聚链集群发展的对策研究》：培育了首批12个…",
        },
    ]
    carried_topic = standalone_question("都是哪些集群？", report)
    assert carried_topic.startswith("（接上文：广西首批先进制造业集群）")
    # the subject helps find passages but is kept apart from the question's own words
    ask = analyse(carried)
    assert ask.question == "过了多少年没被发现就不罚了?" and ask.shape == "figure"
    assert ask.documents == ("中华人民共和国税收征收管理法",)
    # a question naming its own document or place stands alone
    for own in ("专利法规定的发明专利权期限是多久？", "上海的小企业能申请房租补贴吗？"):
        assert standalone_question(own, arbitration) == own


def test_an_ordinal_follow_up_replaces_only_the_ordinal():
    history = [{"role": "user", "content": "最高法第一巡回法庭设在哪里？"}]
    assert standalone_question("第二巡回法庭呢？", history) == "最高法第二巡回法庭设在哪里？"
    history = [{"role": "user", "content": "广西第一批专精特新企业有多少家？"}]
    assert standalone_question("第二批呢？", history) == "广西第二批专精特新企业有多少家？"
    history = [{"role": "user", "content": "保障中小企业款项支付条例第九条第一款讲的是什么？"}]
    assert standalone_question("第二款呢？", history) == (
        "保障中小企业款项支付条例第九条第二款讲的是什么？"
    )


def test_elliptic_question_keeps_the_previous_subject():
    out = standalone_question("排第几？", RD)
    assert out.startswith("广西2023年R&D经费投入强度")
    assert "排第几" in out and "是多少" not in out


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


def test_a_condition_is_asked_with_the_previous_subject_as_context():
    delay = [{"role": "user", "content": "纳税人有特殊困难不能按期缴税，可以延期吗？"}]
    context, own = split_context(standalone_question("那要是逾期没缴呢？", delay))
    assert own.startswith("逾期没缴") and "按期缴税" in context
    damages = [{"role": "user", "content": "专利侵权赔偿数额难以确定时，法院可以判多少？"}]
    context, own = split_context(standalone_question("如果是故意侵权、情节严重呢？", damages))
    assert own.startswith("故意侵权、情节严重") and "多少" in own and "赔偿数额" in context


def test_a_follow_up_does_not_rename_the_document_asked_of():
    history = [
        {"role": "user", "content": "保障中小企业款项支付条例里，机关、事业单位付款期限是多久？"}
    ]
    out = standalone_question("大型企业呢？", history)
    assert "保障中小企业款项支付条例" in out and "大型企业" in out
    assert "保障大型企业" not in out and "大型企业单位" not in out


def test_region_follow_up_keeps_the_rest_of_the_question():
    history = [{"role": "user", "content": "北京市促进中小企业发展条例对融资有什么规定？"}]
    assert (
        standalone_question("那上海呢？", history) == "上海市促进中小企业发展条例对融资有什么规定？"
    )


def test_pronoun_is_replaced_by_the_previous_topic():
    history = [{"role": "user", "content": "保障中小企业款项支付条例什么时候施行？"}]
    out = standalone_question("它对大型企业有什么要求？", history)
    assert out == "保障中小企业款项支付条例对大型企业有什么要求？"


def test_chained_follow_ups_resolve_in_order():
    history = [*RD, {"role": "user", "content": "全国平均水平呢？"}]
    out = standalone_question("排第几？", history)
    assert "全国" in out and "排第几" in out and "R&D" in out


def test_unrelated_entity_falls_back_to_a_combined_question():
    history = [{"role": "user", "content": "增值税法什么时候施行？"}]
    out = standalone_question("那专利法呢？", history)
    assert "专利法" in out and "施行" in out


def test_english_follow_up_carries_the_previous_question():
    out = standalone_question("What about the national average?", RD)
    assert "R&D" in out and "national average" in out


def test_dev_set_follow_ups_become_standalone():
    rows = [json.loads(line) for line in EVAL_FILE.read_text(encoding="utf-8").splitlines()]
    follow_ups = [r for r in rows if r["type"] == "followup"]
    assert follow_ups
    for row in follow_ups:
        out = standalone_question(row["question"], row["history"])
        assert out != row["question"] and len(out) > len(row["question"])
        previous = row["history"][0]["content"]
        # It carries the previous question's subject (its first few characters).
        assert previous[:2] in out


def test_retrieval_query_adds_figures_from_the_previous_answer():
    out = retrieval_query("排第几？", RD)
    assert out.startswith(standalone_question("排第几？", RD))
    assert "0.84%" in out and "2.65%" in out
    assert retrieval_query("企业所得税的税率？", None) == "企业所得税的税率？"


def test_llm_rewrite_uses_the_model_and_falls_back_on_failure():
    settings = Settings()
    model = FakeListChatModel(responses=["改写后的问题：广西2023年R&D经费投入强度在全国排第几？"])
    wanted = "广西2023年R&D经费投入强度在全国排第几？"
    assert rewrite("排第几？", RD, model, settings) == (wanted, wanted)

    class Broken:
        def invoke(self, _):  # type: ignore[no-untyped-def]
            raise ConnectionError("server down")

    rules = (standalone_question("排第几？", RD), retrieval_query("排第几？", RD))
    assert rewrite("排第几？", RD, Broken(), settings) == rules  # type: ignore[arg-type]
    assert rewrite("排第几？", None, model, settings) == ("排第几？", "排第几？")


def test_rewrite_prompt_variables():
    assert set(REWRITE_PROMPT.input_variables) == {"history", "question"}


def test_a_follow_up_is_read_up_to_its_ne_and_never_reads_as_a_title():
    review = [{"role": "user", "content": "公平竞争审查由谁来做？"}]
    out = standalone_question("那如果是县政府出台的政策措施呢？", review)
    context, own = split_context(out)
    assert own == "县政府出台的政策措施,谁来做?" and context == "公平竞争审查由"  # NFKC form
    assert "关于" not in out
    payment = [{"role": "user", "content": "旧版条例下，政府部门最晚多久要付钱？"}]
    out = standalone_question("那2025年修订后的版本呢？有变化吗？", payment)
    assert "2025年修订后的版本" in out and "呢" not in out and "有变化" not in out


def test_a_region_follow_up_that_repeats_the_subject_only_swaps_the_region():
    court = [
        {"role": "user", "content": "北京的中级人民法院管辖多大标的额的第一审涉外民商事案件？"}
    ]
    out = standalone_question("那广西辖区的中级法院呢？", court)
    assert out == "广西的中级人民法院管辖多大标的额的第一审涉外民商事案件？"


def test_which_article_said_it_is_asked_with_what_was_said():
    history = [
        {"role": "user", "content": "假冒专利没有违法所得的最多罚多少？"},
        {
            "role": "assistant",
            "content": "根据《中华人民共和国专利法》：没有违法所得或者违法所得在五万元以下的，"
            "可以处二十五万元以下的罚款。[1]",
        },
    ]
    asked = standalone_question("这是专利法第几条规定的？", history)
    assert asked.startswith("（接上文：没有违法所得") and "[1]" not in asked
    assert split_context(asked)[1] == "这是专利法第几条规定的?"  # the claim is context (NFKC)
    # a question naming its own subject is not about the last answer
    own = "广西2023年R&D经费投入强度出自哪份公报？"
    assert standalone_question(own, history) == own
    assert analyse("这是公平竞争审查条例第几条？").shape != "figure"  # an article, not a number
    assert analyse("广西排第几？").kinds == frozenset({"ordinal"})


def test_a_follow_up_that_is_a_whole_question_of_its_own_keeps_its_own_subject():
    history = [
        {"role": "user", "content": "深圳的人工智能产业主管部门是哪个？"},
        {"role": "assistant", "content": "市产业主管部门。"},
    ]
    own = standalone_question("那北京的数字经济促进工作归哪个部门管？", history)
    assert own == "北京的数字经济促进工作归哪个部门管？"
    # a short one still borrows the previous subject
    assert "深圳" in standalone_question("那期限多长？", history)


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


def test_which_article_drops_the_english_lead_of_the_last_answer():
    history = [
        {"role": "user", "content": "When did the Foreign Investment Law take effect?"},
        {
            "role": "assistant",
            "content": "From the sources (original Chinese text):\n第四十二条 本法自2020年1月1日起施行。[1]",
        },
    ]
    asked = standalone_question("这是外商投资法第几条规定的？", history)
    assert asked.startswith("（接上文：第四十二条 本法自2020年1月1日起施行。）"), asked


def test_an_article_follow_up_asks_of_the_document_the_last_answer_cited() -> None:
    history = [
        {"role": "user", "content": "采购人多久要答复质疑？"},
        {
            "role": "assistant",
            "content": "根据《中华人民共和国政府采购法》：第五十三条 采购人应当…",
        },
    ]
    assert standalone_question("那第五十四条呢？", history) == (
        "中华人民共和国政府采购法第五十四条规定了什么？"
    )


def test_a_firm_introducing_itself_starts_a_new_subject():
    out = standalone_question("我们是木材加工企业，员工90人，能享受哪些支持？", RD)
    assert out == "我们是木材加工企业，员工90人，能享受哪些支持？"  # not Guangxi's R&D


def test_a_long_english_phrase_without_a_question_leans_on_the_one_before():
    tax = [
        {"role": "user", "content": "What is the standard corporate income tax rate in China?"},
        {"role": "assistant", "content": "25%"},
    ]
    out = standalone_question("And for high-tech enterprises that the state supports?", tax)
    assert "corporate income tax rate" in out and out.endswith("the state supports?")
    # one that asks its own question stands alone
    own = "And at minimum how many working days must the tender documents be made available?"
    assert standalone_question(own, tax).startswith("at minimum how many working days")


def _exchange(question: str, answer: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


def test_a_question_on_a_subject_of_its_own_carries_nothing():
    vc = _exchange(
        "我们是一家创投企业，股权投资一家未上市的中小高新技术企业满两年了，所得税上有什么优惠？",
        "根据《中华人民共和国企业所得税法实施条例》：第九十七条 …按照其投资额的70%…抵扣…",
    )
    # shares no word with the exchange and names its own subject: the chain
    # asks it alone too, and keeps that when the corpus covers it better
    assert may_stand_alone("偷税会被怎么处罚？", vc)
    english = "What is the standard corporate income tax rate in China?"
    assert standalone_question(english, vc) == english  # another language
    law = _exchange("新版条例哪天施行？", "根据《保障中小企业款项支付条例》：第三十七条 …")
    report = "那份报告里排第三的行业是哪个？"
    assert standalone_question(report, law) == report  # a report, after a regulation


def test_a_question_going_on_with_the_subject_carries_it():
    procurement = _exchange(
        "政府采购供应商多久内可以提出质疑？", "知道或者应知其权益受到损害之日起七个工作日内提出。"
    )
    assert "政府采购" in standalone_question("采购人多久要答复质疑？", procurement)  # 质疑 again
    assert not may_stand_alone("采购人多久要答复质疑？", procurement)
    river = _exchange(
        "长江保护法对重点水域捕捞是怎么规定的？", "重点水域全面禁止天然渔业资源的生产性捕捞。"
    )
    assert "长江保护法" in standalone_question("违反禁捕规定会被罚多少钱？", river)  # 禁…捕
    report = _exchange("报告的对策建议有哪几条？", "三条：提升产业发展效能……")
    assert "对策建议" in standalone_question("第二条里资金链是怎么说的？", report)  # a place in it
    plan = _exchange("What framework did Guangxi put in place in 2024?", "A 1+N policy design.")
    assert "framework" in standalone_question("How much money does it commit each year?", plan)


def test_going_back_to_the_start_carries_the_first_questions_subject():
    history = [
        *_exchange("广西工业行业里企业数量占比最高的是哪个行业？", "木材加工及木制品业（20.13%）"),
        *_exchange("投诉以后多久出处理结果？", "根据《保障中小企业款项支付条例》第二十五条：…"),
    ]
    out = standalone_question("回到最开始那份报告，排第三的行业是哪个？", history)
    assert out.startswith("（接上文：广西工业行业里企业数量占比最高")


def test_the_carried_subject_keeps_the_thing_asked_for():
    # the words after the asking word name what the conversation is about
    scenes = _exchange("报告说要打造什么典型应用场景？", "打造一批“智改数转”典型应用场景。")
    assert "典型应用场景" in standalone_question("这属于报告哪一部分的建议？", scenes)
    parks = _exchange("园区要加大哪些高新产业的招商？", "新能源、大数据、电子信息等高新产业。")
    assert "高新产业的招商" in standalone_question("除了招商，还要建什么平台？", parks)


def test_an_item_of_the_last_answer_asked_by_its_place():
    chains = _exchange(
        "报告提出围绕产业链要构建哪几条链？", "围绕产业链构建创新链、培育人才链、对接资金链。"
    )
    assert standalone_question("第二个具体要怎么做？", chains) == "培育人才链具体要怎么做？"
    parts = _exchange(
        "报告的对策建议有哪几方面？",
        "三方面：提升产业发展效能、强化科技创新支撑、加强智慧园区建设。",
    )
    assert standalone_question("最后一个方面要建哪些平台？", parts).startswith("加强智慧园区建设")
    # the answer's own points (一是…二是…), in whatever order it quotes them
    points = _exchange(
        "产业发展有哪些问题？",
        "根据《报告》：三是产业链上下游衔接不畅。[1] 二是龙头企业带动能力不足。[1]",
    )
    assert standalone_question("第二点具体说说？", points).startswith("龙头企业带动能力不足")
    # a clause that names things in passing is no list; an article's items are its own
    prose = _exchange(
        "产业发展靠什么？", "在广西产业发展中，土地、资本、劳动力等传统要素的支撑仍占据主导地位。"
    )
    assert not standalone_question("第一个是什么原因造成的？", prose).startswith("在广西产业发展中")
    article = _exchange(
        "增值税法第十条第一项规定的税率是多少？",
        "（一）…税率为百分之十三；（二）…百分之九；（三）…百分之六。",
    )
    assert "第十条第三项" in standalone_question("第三项呢？", article)


def test_it_after_a_question_about_what_a_report_says_is_the_thing_asked_about():
    liuzhou = _exchange("报告怎么说柳州？", "柳州是广西重要的工业城市，但本科院校少。")
    assert standalone_question("它有几所本科院校？", liuzhou).startswith("柳州")
    law = _exchange(
        "专利法对职务发明怎么规定？", "执行本单位的任务所完成的发明创造为职务发明创造。"
    )
    assert standalone_question("它什么时候施行？", law).startswith("专利法")
    chains = _exchange("广西有多少链主企业？", "70家。")
    assert standalone_question("龙头企业呢？", chains) == "广西有多少龙头企业？"  # swapped
