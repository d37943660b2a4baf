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
from tests.assistant.retrieval.conversations import RD, exchange
from tests.conftest import EVAL_FILE


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


def test_elliptic_question_keeps_the_previous_subject():
    out = standalone_question("排第几？", RD)
    assert out.startswith("广西2023年R&D经费投入强度")
    assert "排第几" in out and "是多少" not in out


def test_a_condition_is_asked_with_the_previous_subject_as_context():
    delay = [{"role": "user", "content": "纳税人有特殊困难不能按期缴税，可以延期吗？"}]
    context, own = split_context(standalone_question("那要是逾期没缴呢？", delay))
    assert own.startswith("逾期没缴") and "按期缴税" in context
    damages = [{"role": "user", "content": "专利侵权赔偿数额难以确定时，法院可以判多少？"}]
    context, own = split_context(standalone_question("如果是故意侵权、情节严重呢？", damages))
    assert own.startswith("故意侵权、情节严重") and "多少" in own and "赔偿数额" in context


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


def test_a_question_on_a_subject_of_its_own_carries_nothing():
    vc = exchange(
        "我们是一家创投企业，股权投资一家未上市的中小高新技术企业满两年了，所得税上有什么优惠？",
        "根据《中华人民共和国企业所得税法实施条例》：第九十七条 …按照其投资额的70%…抵扣…",
    )
    # shares no word with the exchange and names its own subject: the chain
    # asks it alone too, and keeps that when the corpus covers it better
    assert may_stand_alone("偷税会被怎么处罚？", vc)
    # a place in the ranking just given is not a subject of its own
    ranking = exchange("广西哪个行业的工业企业数量最多？", "木材加工及木制品业，占20.13%。")
    assert not may_stand_alone("第二名是哪个？占多少？", ranking)
    english = "What is the standard corporate income tax rate in China?"
    assert standalone_question(english, vc) == english  # another language
    law = exchange("新版条例哪天施行？", "根据《保障中小企业款项支付条例》：第三十七条 …")
    report = "那份报告里排第三的行业是哪个？"
    assert standalone_question(report, law) == report  # a report, after a regulation


def test_a_question_going_on_with_the_subject_carries_it():
    procurement = exchange(
        "政府采购供应商多久内可以提出质疑？", "知道或者应知其权益受到损害之日起七个工作日内提出。"
    )
    assert "政府采购" in standalone_question("采购人多久要答复质疑？", procurement)  # 质疑 again
    assert not may_stand_alone("采购人多久要答复质疑？", procurement)
    river = exchange(
        "长江保护法对重点水域捕捞是怎么规定的？", "重点水域全面禁止天然渔业资源的生产性捕捞。"
    )
    assert "长江保护法" in standalone_question("违反禁捕规定会被罚多少钱？", river)  # 禁…捕
    report = exchange("报告的对策建议有哪几条？", "三条：提升产业发展效能……")
    assert "对策建议" in standalone_question("第二条里资金链是怎么说的？", report)  # a place in it
    plan = exchange("What framework did Guangxi put in place in 2024?", "A 1+N policy design.")
    assert "framework" in standalone_question("How much money does it commit each year?", plan)


def test_going_back_to_the_start_carries_the_first_questions_subject():
    history = [
        *exchange("广西工业行业里企业数量占比最高的是哪个行业？", "木材加工及木制品业（20.13%）"),
        *exchange("投诉以后多久出处理结果？", "根据《保障中小企业款项支付条例》第二十五条：…"),
    ]
    out = standalone_question("回到最开始那份报告，排第三的行业是哪个？", history)
    assert out.startswith("（接上文：广西工业行业里企业数量占比最高")


def test_the_carried_subject_keeps_the_thing_asked_for():
    # the words after the asking word name what the conversation is about
    scenes = exchange("报告说要打造什么典型应用场景？", "打造一批“智改数转”典型应用场景。")
    assert "典型应用场景" in standalone_question("这属于报告哪一部分的建议？", scenes)
    parks = exchange("园区要加大哪些高新产业的招商？", "新能源、大数据、电子信息等高新产业。")
    assert "高新产业的招商" in standalone_question("除了招商，还要建什么平台？", parks)


def test_it_after_a_question_about_what_a_report_says_is_the_thing_asked_about():
    liuzhou = exchange("报告怎么说柳州？", "柳州是广西重要的工业城市，但本科院校少。")
    assert standalone_question("它有几所本科院校？", liuzhou).startswith("柳州")
    law = exchange("专利法对职务发明怎么规定？", "执行本单位的任务所完成的发明创造为职务发明创造。")
    assert standalone_question("它什么时候施行？", law).startswith("专利法")
    chains = exchange("广西有多少链主企业？", "70家。")
    assert standalone_question("龙头企业呢？", chains) == "广西有多少龙头企业？"  # swapped


def test_a_follow_up_with_its_own_subject_keeps_the_last_as_context():
    history = exchange("2021-2023年广西规上工业增加值年均增长多少？", "年均增长6.5%。")
    out = standalone_question("那规上企业总量现在多少？", history)
    context, asked = split_context(out)
    assert asked.startswith("规上企业总量") and "规上工业增加值" in context


def test_an_english_follow_up_with_a_pronoun_leans_on_the_last_question():
    history = exchange(
        "What was Guangxi's R&D intensity in 2023?", "Guangxi's R&D intensity in 2023 was 0.84%."
    )
    out = standalone_question("And where does that put it among the provinces?", history)
    assert "R&D intensity" in out


def test_another_document_asked_the_same_does_not_take_the_old_ones_version():
    history = exchange(
        "2020年版保障中小企业款项支付条例什么时候开始施行？", "自2020年9月1日起施行。"
    )
    out = standalone_question("那山东省新旧动能转换促进条例呢？", history)
    assert out == "山东省新旧动能转换促进条例什么时候开始施行？"


def test_a_yes_no_follow_up_of_its_own_words_asks_its_own_question():
    review = exchange(
        "公平竞争审查条例由哪个部门负责指导实施？", "国务院市场监督管理部门负责指导实施。"
    )
    out = standalone_question("那没做审查的政策措施能出台吗？", review)
    asked = split_context(out)[1]
    assert asked.startswith("没做审查的政策措施能出台") and "负责指导实施" not in asked


def test_an_english_follow_up_asking_another_version_keeps_the_document():
    payment = exchange(
        "Under the 2025 SME payment regulation, how long do large enterprises have to pay?",
        "Within 60 days (60日) of delivery.",
    )
    out = standalone_question("And what does the 2020 version say about payment terms?", payment)
    assert "SME payment regulation" in split_context(out)[0]


def test_a_follow_up_naming_only_another_text_or_place_asks_the_last_question_of_it():
    zhejiang = exchange(
        "浙江民营企业条例对涉企政策配套规定的制定时限有要求吗？", "时限最长不得超过六个月。"
    )
    assert standalone_question("山东是怎么规定的？", zhejiang).startswith("山东涉企政策配套规定")
    beijing = exchange("北京政府采购给中小企业预留多少份额？", "不低于40%。")
    out = standalone_question("国家层面的中小企业促进法是怎么定的？", beijing)
    assert "中小企业促进法" in out and "预留多少份额" in out and "北京" not in out
    # a place's figure asked of nothing else: the last question, of that place
    # (the level the last question named gives way to it)
    award = exchange("国家法律规定职务科技成果转让后奖励完成人的比例最低是多少？", "不低于50%。")
    out = standalone_question("浙江的条例是多少？", award)
    assert out.startswith("浙江规定职务科技成果") and "国家" not in out


def test_a_pronoun_follow_up_with_words_of_its_own_keeps_them_deciding():
    # 它 stands for a whole earlier question; the follow-up's own words ask
    invest = exchange("截至2024年10月广西招商项目中高新产业项目占多少？", "约18.05%。")
    out = standalone_question("报告拿它跟哪个地区做的对比？", invest)
    context, asked = split_context(out)
    assert asked.startswith("报告拿它跟哪个地区做的对比") and "高新产业项目" in context
    # a short name is put in its place ("它的期限" → the law's)
    law = exchange("专利法什么时候施行？", "2021年6月1日。")
    assert "它" not in standalone_question("它规定发明专利权的期限是多久？", law)


def test_a_pronoun_for_a_text_is_the_one_the_last_answer_named():
    # the last question named no text; its answer did
    history = exchange(
        "深圳有专门的人工智能产业地方法规吗？",
        "有，《深圳经济特区人工智能产业促进条例》，2022年8月30日通过。",
    )
    out = standalone_question("这个条例什么时候开始施行的？", history)
    assert out == "深圳经济特区人工智能产业促进条例什么时候开始施行的？"


def test_an_english_question_pointing_at_the_last_answers_thing_is_a_follow_up():
    history = exchange(
        "What was Guangxi's R&D intensity in 2023?", "0.84%, far below the national 2.65%."
    )
    out = standalone_question("How is that indicator defined in the report?", history)
    assert "R&D intensity" in out and "defined" in out
    # "that" as a conjunction points at nothing
    assert is_follow_up("How is that indicator defined in the report?", history)
    conjunction = "Is it true that the law sets a deadline for payments to small firms?"
    assert not is_follow_up(conjunction, history)


def test_a_part_of_the_last_whole_carries_its_subject_not_only_its_document():
    history = exchange(
        "中小企业促进法对政府采购给中小企业预留份额有什么要求？",
        "预留的采购份额应当占本部门年度政府采购项目预算总额的百分之三十以上。",
    )
    q = standalone_question("那里面专门给小微企业的比例有下限吗？", history)
    assert "份额" in q and "中小企业促进法" in q, q


def test_a_place_asked_there_or_of_its_standard_is_the_last_question_of_that_place():
    history = exchange(
        "国家要求政府采购给中小企业预留多少份额？",
        "预留的采购份额应当占本部门年度政府采购项目预算总额的百分之三十以上。",
    )
    for follow_up in ("上海那边是怎么规定的？", "上海的标准是多少？"):
        q = standalone_question(follow_up, history)
        assert "上海" in q and "份额" in q, (follow_up, q)
