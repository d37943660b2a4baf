"""Answers over the bundled corpus that hinge on what the corpus does not say
(a part of a whole it counts, a document it only cites, a place, a name, a
rank or a version it lacks, a count of another thing) and on text that sits
apart from the words asked (a list's rate in the chunk before its items, a
masthead's date, an English word for a report's contact line)."""

from __future__ import annotations

import pytest

# (question, refused — None: either, what the answer shows, what it must not show)
CASES = [
    # a part of a whole the corpus counts, and a part it does count
    ("广西70家链主企业里有多少家是国有企业？", True, ("没有写明", "链主企业70家"), ()),
    ("2021年以来培育的企业里，有多少家是单项冠军？", False, ("单项冠军109家",), ()),
    # a masthead date; a document the report only cites
    ("这期《大数据与决策研究》是哪天印发的？", False, ("2024年11月26日",), ()),
    (
        "《2024广西企业100强发展报告》里排第一的是哪家企业？",
        True,
        ("2024广西企业100强发展报告",),
        (),
    ),
    # English words for the report's contact lines; a contact detail the corpus lacks
    ("What phone number is given for the editorial office?", False, ("0771-6113592",), ()),
    ("国家拖欠中小企业款项投诉平台的网址是什么？", True, ("没有写明所问的网址", "投诉平台"), ()),
    ("想联系这份刊物的编辑部，电话是多少？", False, ("0771-6113592",), ()),
    # a figure named by a word the closest clause speaks of without one
    # (起征点: 第二十三条), not another rule's figure (第九条's 五百万元)
    ("增值税法里小规模纳税人的起征点具体是多少钱？", True, ("没有写明", "起征点"), ()),
    ("增值税法里小规模纳税人的年应征增值税销售额标准是多少？", False, ("五百万元",), ()),
    # when a period is counted from: the event that starts it
    ("晚交税的滞纳金从哪天开始算？", False, ("从滞纳税款之日起",), ()),
    # the other end of a superlative, and the end asked
    ("广西中层管理人员平均工资最低的是哪个行业？", True, ("“最低”", "最高的行业"), ()),
    (
        "广西中层及以上管理人员平均工资最高的是哪个行业？",
        False,
        ("信息传输、软件和信息技术服务业",),
        (),
    ),
    # a place the report does not speak of (a zone, a city asked in English)
    ("黔中经济区招商项目里高新产业项目占比是多少？", True, ("所问地区的数字", "18.05%"), ()),
    (
        "How many of Guangxi's 109 single-champion enterprises are located in Liuzhou?",
        True,
        ("所问地区的数字", "单项冠军109家"),
        (),
    ),
    # what an English count counts; a size asked (多大) with no figure given
    (
        "How many graduates do Guangxi's AI undergraduate programmes produce each year?",
        True,
        ("没有写明",),
        (),
    ),
    ("黔中经济区的大数据产业规模有多大？", True, ("没有写明具体数字", "黔中经济区"), ()),
    # a place or an amount is all a question shares with the corpus: not covered
    ("明天柳州会不会下雪？", True, ("没有找到",), ()),
    ("Which laptop is best for Python programming under $1000?", True, ("holds nothing",), ()),
    # a contact detail the masthead gives, asked beside the words of another line
    ("想给编辑部写封邮件，邮箱是什么？", False, ("dsjyjs@gxi.gov.cn",), ()),
    # what a report's figure was compiled from: its footnote
    ("链主企业进入100强的比例，是根据哪份报告整理的？", False, ("2024广西企业100强发展报告",), ()),
    # the points a list question counts by a quoted noun, each in reading order
    (
        "报告说科技创新支撑不足，具体表现在哪几条“链”上？",
        False,
        ("一是创新链断裂", "二是人才链短缺", "三是资金链不足"),
        (),
    ),
    # a supplier's words for delivery and payment; a second rule the question asks of
    (
        "我们给一家事业单位送了一批货，交货后一直没付钱，合同没约定付款期限，最晚多久要付？",
        False,
        ("30日内",),
        (),
    ),
    (
        "We hire several disabled employees. What extra corporate income tax deduction do their wages get?",
        False,
        ("100%加计扣除",),
        (),
    ),
    # the source of a figure, asked by name with a figure word in it
    ("广西R&D排名的数据引自哪份公报？", False, ("2023年全国科技经费投入统计公报",), ()),
    # the nation asked of a region's report; a set it counts, named "分别"
    ("全国数字经济领域求职人数占比是多少？", True, ("所问地区的数字", "9.72%"), ()),
    ("入选国家中小企业特色产业集群的那11个集群分别叫什么？", True, ("没有写明所问的名称",), ()),
    ("这份决策参考是2024年的第几期？", False, ("第61期",), ()),
    # a numbered thing the corpus does not name, and one it names (首批 = 第一批)
    ("广西第二批先进制造业集群都有哪些？", True, ("“第二批”",), ()),
    ("广西第一批先进制造业集群有几个？", False, ("12个",), ()),
    # a count of another thing (自治区级 for 国家级), and of the thing asked
    ("广西有多少家国家级企业技术中心？", True, ("所问对象的数字", "139家"), ()),
    ("广西新增培育了多少家自治区级企业技术中心？", False, ("139家",), ()),
    # a name the corpus does not give, and one it gives as a label's value
    ("广西首家自治区实验室叫什么名字？", True, ("没有写明所问的名称", "首家自治区实验室"), ()),
    ("这期报告的执笔人叫什么名字？", False, ("周曼",), ()),
    ("能把广西那70家链主企业的名字列出来吗？", True, ("没有写明所问的名称", "链主企业70家"), ()),
    # the document itself: its title and issuer, from its own lines
    ("这份报告的题目全称是啥？", False, ("科技赋能广西产业链聚链集群",), ()),
    ("这份报告是哪个单位发布的？", False, ("广西壮族自治区信息中心",), ()),
    # a share whose data source is asked with 百强 for the text's 100强
    ("链主企业进百强的比例数据出自什么材料？", False, ("2024广西企业100强发展报告",), ()),
    # both issuers on the masthead's two lines, and its date
    ("这篇报告是哪两个单位出的？", False, ("广西壮族自治区信息中心", "大数据研究院"), ()),
    ("这份研究报告是哪天印发的？", False, ("2024年11月26日",), ()),
    # a firm telling its case in clauses of one sentence, in its own words
    (
        "我们是柳州一家新能源汽车零部件厂，订单在涨，可是会调试自动化产线的技术工人怎么也招不够。"
        "报告对这类用工缺口有什么办法？",
        False,
        ("人才",),
        (),
    ),
    (
        "我们在梧州做陶瓷，有个技术难题一直攻不下来，报告里有合作机制方面的提法吗？",
        False,
        (),
        ("资料库中没有《",),
    ),
    # a tax the library does not hold is not answered by another's rates
    ("消费税里白酒的比例税率是多少？", True, ("所问“消费税”的内容",), ()),
    ("企业所得税的税率是多少？", False, ("25",), ("没有写明",)),
    # the points a list question asks for, each from its own chunk
    (
        "报告提出围绕产业链要构建或对接哪几条链？",
        False,
        ("构建创新链", "培育人才链", "对接资金链"),
        (),
    ),
    # a point by its place in a section whose other points were found
    ("智慧园区建设的第三条建议是什么？", False, ("三是提升产业智能化水平",), ("二是",)),
    # who wrote it, the issue it appeared in, the project behind it
    ("这篇东西是依托哪个课题写出来的？", False, ("聚链集群发展模式研究",), ()),
    ("这期是第几期？", False, ("总第281期",), ()),
    ("Who wrote this report?", False, ("From the sources", "周曼"), ()),
    # the bottom of a ranking, or a place in it, that the corpus does not name
    ("广西工业行业里企业数量占比最少的是哪个行业？", True, ("“最少”", "木材加工"), ()),
    ("R&D经费投入强度在全国排第一的是哪个省？", True, ("“第一”", "第28位"), ()),
    # a batch the corpus does not count, and the one it counts
    ("广西先进制造业集群第二批有多少个？", True, ("所问批次的数字", "首批12个"), ()),
    ("广西首批先进制造业集群有多少个？", False, ("首批12个",), ()),
    # a version the corpus does not hold
    (
        "保障中小企业款项支付条例2022年修订版有什么变化？",
        True,
        ("没有2022年版", "2020年版、2025年版"),
        (),
    ),
    # the year of the version held, however its revision is named, is no year asked of
    ("现行专利法（2020年第四次修正）规定发明专利权的期限是多少年？", False, ("二十年",), ("所问",)),
    (
        "2015年公布的政府采购法实施条例规定，投标保证金不得超过采购项目预算金额的多少？",
        False,
        ("2%",),
        ("所问年份",),
    ),
    (
        "Under the Enterprise Income Tax Law as amended in 2018, what rate applies to "
        "high-tech enterprises the state supports?",
        False,
        ("15",),
        ("所问年份",),
    ),
    # a text held in one version: a later revision is missing; since an earlier one
    # is how the text held stands, but that earlier revision's own wording is missing
    ("专利法2025年修正后，发明专利权的期限是多久？", True, ("没有2025年版", "二十年"), ()),
    ("专利法2008年修正后，发明专利权的期限是多久？", False, ("二十年",), ("没有2008年版",)),
    # the figure's shape (范围) is not what it is of
    ("专利侵权损失难以确定时，法院可以判赔的范围是多少？", False, ("三万元以上五百万元以下",), ()),
    # a list the corpus only counts; a count with its list
    ("开设物联网专业的那16所高校具体是哪些学校？", True, ("没有写明具体名单",), ()),
    ("哪些产业是两千亿级产业？", False, ("造纸与木材加工",), ()),
    # the sentence that counts them is judged, wherever it stands in the answer
    ("广西首批先进制造业集群都是哪些集群？", True, ("没有写明具体名单", "首批12个"), ()),
    # a measure, not the problem that shares its words
    (
        "我是一个工业园区管委会的，园区服务现在基本靠线下，报告建议我们搭建哪些平台？",
        False,
        ("综合管理平台",),
        ("没有构建线上服务平台",),
    ),
    # a second part without words of its own asks of the first (the report
    # says 柳州's universities are few but drops the number); two parts that
    # each ask their own thing are answered part by part
    ("柳州有几所本科院校？报告里是怎么说的？", True, ("没有写明",), ()),
    (
        "外商投资法哪天开始施行？原来哪些法律废止了？",
        None,
        ("2020年1月1日", "中外合资经营企业法"),
        (),
    ),
    # a person's post, a partner body, a ranking of another size, a level of
    # recognition, the growth of another thing: details the report lacks
    ("周曼在信息中心担任什么职务？", True, ("没有写明所问的职称、职务",), ()),
    ("合作课题是和哪个机构联合开展的？", True, ("没有写明所问的合作单位",), ()),
    ("有几家广西链主企业入选了中国制造业企业500强？", True, ("“中国制造业企业500强”",), ()),
    ("链主型龙头企业进入广西企业100强的比例是多少？", False, ("7.14%",), ("没有写明",)),
    ("国家级专精特新小巨人企业广西有多少家？", True, ("“国家级”",), ()),
    ("2023年广西工业投资比上年增长多少？", True, ("没有写明具体比例",), ()),
    # a list a law leaves to another text
    ("外商投资法里负面清单具体禁止外资投资哪些行业？", True, ("没有写明具体内容",), ()),
    # a share of a base no sentence with a figure names
    ("广西数字经济核心产业增加值占GDP比重是多少？", True, ("没有写明所问比例的数字",), ()),
    ("向中小企业预留的份额应占采购预算总额的比例是多少？", False, ("百分之三十以上",), ()),
    # a law the corpus only cites; an article past a law's last, asked in English
    ("依照民法典，合同的诉讼时效是多久？", True, ("没有《民法典》",), ()),
    ("What does Article 95 of the Government Procurement Law say?", True, ("没有第九十五条",), ()),
    ("What does Article 88 of the Government Procurement Law say?", False, ("2003年1月1日",), ()),
    # a region's regulation named in English, which the library lacks
    ("When did the Guangxi Regulations on Promoting SMEs take effect?", True, ("广西",), ()),
    # a place in a ranked list is where it stands; an English amount in 亿
    ("化学原料及化学制品业的企业数量占比排第几？", False, ("化学原料及化学制品业（4.48%）",), ()),
    (
        "Which Guangxi industries are at the 300-billion-yuan scale?",
        False,
        ("钢铁、有色、食品",),
        (),
    ),
    # a count of a noun that is its own unit, given by a heading
    ("报告提出要推动几链深度融合？", False, ("“四链”",), ()),
    # a commencement with what it repeals; a charge asked by its standard
    ("增值税法什么时候开始施行？", False, ("2026年1月1日", "同时废止"), ()),
    ("逾期缴纳税款，滞纳金按什么标准计收？", False, ("万分之五",), ()),
    ("晚交税的滞纳金怎么算？", False, ("万分之五",), ()),  # the rate, not a period
    # a reader's word (业主) searched by the texts' (第三方)
    (
        "总包是大公司，说要等业主把钱付了才付我们分包款，现行的款项支付条例允许这样约定吗？",
        False,
        ("第三方付款",),
        (),
    ),
    # a firm's own case: the party it names in a longer word, the question it
    # asks after describing itself, a version named by a demonstrative
    (
        "我们是一家做家具配件的小企业，给一家大型地产企业供货，合同没约定付款期限。"
        "按现行款项支付条例，对方最迟多久付款？",
        False,
        ("60日内",),
        ("30日内",),
    ),
    (
        "我们是南宁一家软件公司，技术人才流失严重。报告对培育人才链提了什么建议？",
        False,
        ("订单式",),
        (),
    ),
    (
        "2020年那版款项支付条例里，机关和大型企业不得以等待什么为由拖延付款？",
        False,
        ("竣工验收批复",),
        (),
    ),
    # a version named by its year of a text held in versions, the text unnamed
    ("2020年版条例里，受理拖欠投诉按什么原则转办？", False, ("属地管理",), ("谁监管谁负责",)),
    # a phrase the question quotes, found where the text spells it inside a longer one
    ("“三市场”指的是哪三个市场？", False, ("粤港澳大市场",), ()),
    # a share of a base the report names by 我区; a rank of a share it does not give
    ("木材加工及木制品业占广西工业企业数量的比重是多少？", False, ("20.13%",), ()),
    ("廣西數字經濟領域求職人數佔比在全國排第幾？", True, ("没有写明", "9.72%"), ("第28位",)),
    # the longest period with any extension, asked in English
    (
        "Under the 2025 version, what is the maximum time limit for handling a complaint, "
        "including any extension?",
        False,
        ("90日",),
        (),
    ),
    # a firm asking what a report proposes for firms like it
    (
        "我们公司是防城港一家钢铁企业，自治区认定的链主企业，年营收好几百亿。"
        "按这份报告的思路，希望我们这类企业具体做些什么？",
        False,
        ("发挥链主企业带动作用",),
        (),
    ),
    (
        "我们是一家生物医药企业，正考虑落户广西的产业园区，报告提到可以有哪些优惠政策？",
        False,
        ("税收减免",),
        (),
    ),
    # a sector the question names where the closest sentence speaks of another
    ("广西每年统筹多少资金支持服务业发展？", True, ("没有写明", "服务业", "400亿元"), ()),
    ("广西每年统筹多少资金支持工业发展？", False, ("400亿元",), ()),
    ("广西制造业中层管理人员的平均年薪是多少？", True, ("没有写明", "制造业"), ()),
    # an article past a law's end, asked "是什么"; the old text a law repeals
    ("促进个体工商户发展条例第五十条是什么？", True, ("没有第五十条",), ()),
    ("促进个体工商户发展条例施行后，哪部旧条例同时废止了？", False, ("个体工商户条例",), ()),
    # what a firm says it did ("招了几个本地人") is no count it asks for
    (
        "我们在上海刚注册一家小企业，成立不到一年，招了几个本地人，有没有房租方面的补贴？",
        False,
        ("创业场地房租补贴",),
        (),
    ),
    # stop 32: a bare "是多少" after the clause naming it; more of a verb (多扣);
    # a verb said the spoken way (交不上, 缓一缓); a condition word (的话); a
    # share word (多大比例); an English firm's words (delivered, paid)
    (
        "我們是柳州一家機械公司，研發費用還沒有形成無形資產，報稅時可以多扣多少？",
        False,
        ("50%",),
        (),
    ),
    (
        "我们是梧州一家服装加工厂，被洪水淹了仓库，这个月的税款实在交不上，能不能申请缓一缓？最长能缓多久？",
        False,
        ("三个月",),
        (),
    ),
    ("政府采购要求交投标保证金的话，最多能收多少？", False, ("2%",), ()),
    ("链主型龙头企业里，有多大比例挤进了2024年广西企业100强？", False, ("7.14%",), ()),
    # a rule's "；其中，…" is part of it; "是怎么回事" asks what a term means
    ("中小企业促进法对政府采购给中小企业预留份额有什么要求？", False, ("百分之六十",), ()),
    ("政府采购评标里的最低评标价法是怎么回事？", False, ("投标报价最低",), ()),
    # a period asked "现在是怎么规定的" is stated as 60日内, with no word 期限
    (
        "保障中小企业款项支付条例2025年修订后，大型企业向中小企业付款的期限现在是怎么规定的？",
        False,
        ("60日内",),
        (),
    ),
    (
        "We delivered a data system to a city government bureau two months ago and still "
        "haven't been paid. Under the 2025 SME payment regulation, how fast should they pay us?",
        False,
        ("30日内",),
        (),
    ),
    # a Latin name no passage holds: a request outside the corpus
    ("用Python写一个快速排序。", True, (), ("第四十九条",)),
    # a look-alike (减少化肥) is no word the question holds
    ("怎么减肥最快？", True, (), ()),
    # an English "X Law" is named by its head word: no Company Law is held
    ("Under the Company Law, how soon must shareholders pay in their capital?", True, (), ()),
    ("Under the Patent Law, how long is an invention patent protected?", False, ("二十年",), ()),
    # the version's date is no year the figure is asked of
    (
        "2024年11月修订的北京市优化营商环境条例，从什么时候开始施行？",
        False,
        ("自公布之日起施行",),
        (),
    ),
    # a version year before the title, a demonstrative before the 关于…的规定 form
    ("北京2024年修订的优化营商环境条例从什么时候开始施行？", False, ("自公布之日起施行",), ()),
    # a defining 指 after a comma ("有关法院，在内地指…")
    (
        "内地与香港相互执行仲裁裁决的安排里，“有关法院”在内地和香港分别指什么法院？",
        False,
        ("香港特区高等法院",),
        (),
    ),
    # "有时间要求吗": the period the rule sets, in the sentence after the right
    (
        "我们是浙江的民营企业，拿应收账款去做担保融资，付款方迟迟不确认，条例有时间要求吗？",
        False,
        ("三十日内",),
        (),
    ),
]


@pytest.mark.parametrize(("question", "refused", "shown", "hidden"), CASES)
def test_what_the_corpus_says_and_what_it_lacks(ask, question, refused, shown, hidden):
    out = ask(question)
    if refused is not None:
        assert out.refused is refused, out.text
    assert all(s in out.text for s in shown), out.text
    assert not any(h in out.text for h in hidden), out.text


def test_an_item_is_quoted_with_its_lead_from_the_chunk_before(ask):
    out = ask("增值税法里图书、报纸、杂志的税率是多少？")
    assert not out.refused, out.text
    assert "税率为百分之九" in out.text and "图书、报纸、杂志" in out.text
    assert out.text.index("百分之九") < out.text.index("图书、报纸")
    assert any("百分之九" in c.text for c in out.citations)  # the figure is in a cited passage


def test_an_english_what_about_asks_the_previous_question_of_its_subject(ask):
    history = [
        {
            "role": "user",
            "content": "What corporate income tax rate applies to small low-profit enterprises?",
        },
        {"role": "assistant", "content": "20%."},
    ]
    out = ask("What about the high-tech enterprises the state supports?", history)
    assert not out.refused and "15" in out.text and "高新技术企业" in out.text
    # a pronoun still asks of the document the previous question named
    vat = [{"role": "user", "content": "Who counts as a small-scale taxpayer under the VAT Law?"}]
    out = ask("When does this law take effect?", vat)
    assert "2026年1月1日" in out.text
