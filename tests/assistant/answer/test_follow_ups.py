"""Conversations asked as a person would: each follow-up leans on the turns
before it (another item, another ranking, the start of a period, a case of a
list, an English follow-up chosen by its own words, an article, item or
point asked by its number or place)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("turns", "shown"),
    [
        # a bare place asks the previous question at that place
        (["产业结构方面的问题，一是什么？", "二是？"], "二是龙头企业带动能力不足"),
        # a place, after a point named by its words: the point at that place in its list
        (["产业结构问题里“产业层次较低”说的是什么？", "第三点呢？"], "三是产业链上下游衔接不畅"),
        # a party for a party
        (["现行款项支付条例对机关、事业单位的付款期限怎么规定？", "大型企业呢？"], "60日内"),
        (["报告说广西产业链聚链集群迎来的第一个机遇是什么？", "第二个"], "发挥独特区位优势"),
        # a compound of the same make; the measure for the problem just named
        (["报告怎么建议构建创新链？", "那人才链呢？"], "培育人才链"),
        (["报告说产业园区信息化方面有什么问题？", "针对这个，报告提出了什么办法？"], "创建智能化产业园区"),
        # the document itself, asked of after a question on its author
        (["这份报告的执笔人是谁？", "是哪个单位发布的？"], "广西壮族自治区信息中心"),
        # a span asked by its two ends
        (["产业技术联盟里谁出题谁答题？", "那技术成果转化是要从哪到哪？"], "从“实验室”到“生产线”"),
        # another ranking of the same sentence; the year a count runs from
        (["链主型龙头企业进入2024年广西企业100强的比例是多少？", "制造业100强呢？"], "仅有20%"),
        (["专精特新中小企业累计有多少家？", "这个数是从哪年开始算的？"], "2021年以来"),
        # "…呢？" then the question asked of it; a share by the whole's part, not a name's figure
        (["企业所得税年度汇算清缴的期限是多久？", "平时预缴呢？多久报一次？"], "十五日内"),
        (["链主型龙头企业里有多少进了2024年广西企业100强？", "那制造业100强呢？"], "20%"),
        (["小型微利企业所得税率是多少？", "那不是工业的公司呢？条件是什么？"], "1000万元"),
        # "从哪天开始算" asks a start of what the conversation is about
        (["晚交税的滞纳金怎么算？", "从哪天开始算？"], "滞纳税款之日起"),
        # a case of a list whose items run on into the article's next chunk
        (["单位没约定的话，职务科技成果转让给他人实施，给科研人员的奖励标准是什么？", "如果是单位自己实施转化呢？"], "三至五年"),
        # the place asked of the last question's figure noun; a text the last answer named
        (["按促进科技成果转化法，职务科技成果转让后，单位没约定的话，给完成人的奖励比例是多少？", "浙江省的地方规定比例是多少？"], "不低于百分之七十"),
        (["北京有专门的数字经济地方法规吗？", "这个条例什么时候开始施行的？"], "2023年1月1日"),
        # the case asked is an item of the list in the article's next chunk, for a figure too
        (["浙江的高校以转让方式转化职务成果，奖励不低于多少？", "如果是自己实施转化的呢？"], "不低于百分之十"),
        # an article's short opening names the subject its figure paragraph speaks of
        (["企业所得税年度申报和汇算清缴的期限是多久？", "那平时分月或者分季预缴的申报期限呢？"], "十五日内"),
        # "出自实施条例第几条": the source asked, not a text named 出自实施条例
        (["政府采购法实施条例规定，采购人应当在几个工作日内答复供应商的询问？", "出自实施条例第几条？"], "第五十二条"),
        # "the same case" leans on the last question, as "it" does
        (["Under the national law on transforming scientific achievements, how much of the net income from a transfer goes to the key contributors when there is no agreement?", "What does Zhejiang's regulation require for the same case?"], "百分之七十"),
        # "X也是这样吗" asks the last question of X; a compound swapped whole
        (["竞争性谈判小组由哪些人组成？", "询价小组也是这样吗？"], "询价小组由采购人的代表"),
        # a county's government is the text's 县级以上人民政府
        (["公平竞争审查条例规定，部门起草的政策措施由谁审查？", "那县政府出台的政策呢？"], "市场监督管理部门会同起草单位"),
        # the figure a conversation's law leaves to other rules, from the text that sets it
        (["科学技术进步法里企业研发费用可以加计扣除吗？", "加计扣除的比例具体是多少？"], "50%"),
        # "才算" asks what makes one
        (["公益性捐赠税前能扣多少？", "捐给谁才算公益性捐赠？"], "公益性社会组织"),
        # an English follow-up chosen by its own words, not the earlier question's
        (["What management system does the Foreign Investment Law apply?", "Who issues the negative list?"], "国务院发布或者批准发布"),
    ],
)  # fmt: skip
def test_follow_ups_asked_as_a_person_would(ask, turns: list[str], shown: str) -> None:
    history: list[dict[str, str]] = []
    for question in turns:
        out = ask(question, history)
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": out.text},
        ]
    assert shown in out.text and not out.refused, out.text


def test_an_english_follow_up_naming_a_place_does_not_weigh_the_last_place() -> None:
    from assistant.answer.coverage import ask_terms
    from assistant.retrieval.rewrite import standalone_question
    from assistant.text import analyse

    history = [
        {"role": "user", "content": "In Shanghai, by when must departments publish their plan?"},
        {"role": "assistant", "content": "Before the end of March each year."},
    ]
    asked = standalone_question("What about Beijing — when must departments publish it?", history)
    terms = dict(ask_terms(analyse(asked)))
    assert "北京" in terms and "上海" not in terms


def test_an_article_number_asked_of_the_report_is_not_another_law_s(ask):
    history = [
        {"role": "user", "content": "报告的对策建议有哪几条？"},
        {"role": "assistant", "content": "提升产业发展效能、强化科技创新支撑、加强智慧园区建设。"},
    ]
    out = ask("第二条里资金链是怎么说的？", history)
    # answered from the report, not with 政府采购法实施条例's 第二条 as the article
    assert out.text.startswith("根据《科技赋能广西产业链聚链集群发展的对策研究》")
    assert "金融资源" in out.text


def test_a_point_or_item_asked_by_its_place(ask):
    # an article's item: "第三项" is （三）, not the article's opening items
    history = [
        {"role": "user", "content": "增值税法第十条第一项规定的税率是多少？"},
        {"role": "assistant", "content": "税率为百分之十三。"},
    ]
    out = ask("第三项呢？", history)
    assert not out.refused and "百分之六" in out.text, out.text
    # a report's point: "第三点" is 三是…, read whole
    history = [
        {"role": "user", "content": "报告在推动产业链上下游协同方面提了哪三点？"},
        {
            "role": "assistant",
            "content": "一是推动传统产业转型升级；二是发挥链主企业带动作用；三是加强产业链协同创新。",
        },
    ]
    out = ask("第三点具体怎么做？", history)
    assert "三是加强产业链协同创新" in out.text and "利益共享" in out.text, out.text
