"""What a question asks for: its shape, the article it names, the term it
would have defined."""

from __future__ import annotations

import pytest

from assistant.text import analyse, with_context


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("专利法所称发明是指什么？", "发明"),
        ("什么是科技成果转化？", "科技成果转化"),
        ("申请专利要求的实用性怎么理解？", "实用性"),
        ("政府采购法上的供应商指哪些主体？", "供应商"),
        ("治理数字化指的是什么？", "治理数字化"),
        ("浙江科技成果转化奖励里讲的“净收入”是怎么算的？", "净收入"),
        ("企业清算时所说的清算所得是怎么计算的？", "清算所得"),
        ("外观设计本身在专利法里是怎么定义的？", "外观设计"),
        ("在政府采购法中供应商是指什么？", "供应商"),
        ("“三市场”指的是哪三个市场？", "三市场"),
    ],
)
def test_definition_questions_and_their_term(question: str, term: str) -> None:
    ask = analyse(question)
    assert (ask.shape, ask.term) == ("definition", term)


@pytest.mark.parametrize(
    "question",
    [
        "专利法第十一条讲的是什么",
        "外商投资法第三十四条怎么说的？",
        "专利法第十五条是关于什么的？",
        "增值税法第24条",
        "促进个体工商户发展条例第十三条讲了啥？",
        "What is Article 20 of the Patent Law about?",
    ],
)
def test_an_article_asked_for_in_any_words_is_quoted(question: str) -> None:
    assert analyse(question).shape == "article"


def test_a_figure_or_list_in_an_article_is_not_the_whole_article() -> None:
    assert analyse("专利法第四十二条规定的发明专利权期限是多少年？").shape == "figure"
    assert analyse("哪些企业可以享受？").shape == "list"
    assert analyse("应纳税额怎么计算？").shape != "definition"


def test_words_ending_in_a_type_word_that_name_no_document() -> None:
    from assistant.text import document_mentions

    assert document_mentions("政府采购评标里的最低评标价法是怎么回事？") == []
    assert "非居民企业取得本法" not in document_mentions(
        "企业所得税法第四条规定，非居民企业取得本法第三条第三款规定的所得，税率是多少？"
    )


def test_a_name_with_words_glued_before_it_or_a_short_about_form_finds_its_document() -> None:
    from assistant.records import DocRecord
    from assistant.retrieval.docmatch import named_documents

    docs = [
        DocRecord("p", "中华人民共和国专利法", "p.md"),
        DocRecord("c", "最高人民法院关于涉外民商事案件管辖若干问题的规定", "c.md"),
    ]
    assert [d.doc_id for d in named_documents("这是专利法", docs)] == ["p"]
    assert [d.doc_id for d in named_documents("关于涉外民商事案件管辖的规定", docs)] == ["c"]
    # without its 关于, the title's own 的 kept
    assert [d.doc_id for d in named_documents("涉外民商事案件管辖若干问题的规定", docs)] == ["c"]
    assert named_documents("关于外商投资企业登记的规定", docs) == []
    # a name with its region may drop more of the title it shortens
    shenzhen = [DocRecord("s", "深圳经济特区人工智能产业促进条例", "s.md")]
    assert [d.doc_id for d in named_documents("深圳人工智能条例", shenzhen)] == ["s"]
    assert named_documents("广州人工智能条例", shenzhen) == []
    # a Latin abbreviation in the name is the title's word for it
    assert [d.doc_id for d in named_documents("深圳AI条例", shenzhen)] == ["s"]
    # the version a name is asked of is chosen apart: it is no word of the title
    beijing = [DocRecord("b", "北京市优化营商环境条例", "b.md")]
    assert [d.doc_id for d in named_documents("北京2024年修订的优化营商环境条例", beijing)] == ["b"]
    # a region's regulation named in other words, of the same kind
    henan = [DocRecord("h", "河南省促进高新技术产业发展条例", "h.md")]
    assert [d.doc_id for d in named_documents("河南省高新技术促进条例", henan)] == ["h"]
    assert named_documents("河南省科技创新条例", henan) == []
    assert named_documents("河南省高新技术企业认定办法", henan) == []
    # the exact title is the one meant, not a region's regulation holding it
    business = [
        DocRecord("sh", "上海市优化营商环境条例", "sh.md"),
        DocRecord("cn", "优化营商环境条例", "cn.md"),
    ]
    assert [d.doc_id for d in named_documents("优化营商环境条例", business)] == ["cn"]
    assert [d.doc_id for d in named_documents("营商环境条例", business)] == ["cn", "sh"]


def test_a_period_or_standard_named_in_passing_is_not_asked_for() -> None:
    assert analyse("专利权在什么情况下会在期限届满前终止？").shape != "figure"
    assert analyse("长江流域的水环境质量标准由哪个部门来定？").shape != "figure"
    assert analyse("罚款标准是怎么定的？").shape == "figure"
    assert analyse("发明专利权的期限有多长？").kinds == frozenset({"duration", "date"})


def test_the_figure_is_asked_of_the_words_before_the_asking_word_not_their_modals() -> None:
    assert analyse("假冒专利但没有违法所得的，最高能罚多少？").focus[-1] == "罚"
    assert "之后" not in analyse("设备买了之后多少年内转让要补缴税款？").focus


def test_as_of_is_found_in_any_of_its_forms() -> None:
    from assistant.text import forms

    assert "截止至" in forms("截至") and "截至" in forms("截止")


@pytest.mark.parametrize(
    "question",
    [
        "什么情况下政府采购可以用竞争性谈判方式？",
        "固定资产大修理支出要符合什么条件才能作为长期待摊费用？",
        "申请执行需要满足哪些要求？",
    ],
)
def test_a_question_asking_for_conditions_wants_a_list(question: str) -> None:
    ask = analyse(question)
    assert ask.shape == "list" and ask.criteria


def test_the_civil_code_and_a_national_law_are_named_documents() -> None:
    assert analyse("民法典第一百八十八条规定的诉讼时效是几年？").documents == ("民法典",)
    assert analyse("根据国家赔偿费用管理条例，多少日内通知？").documents == (
        "国家赔偿费用管理条例",
    )
    assert analyse("国家有关办法怎么规定？").documents == ()


def test_who_asks_is_not_what_the_figure_is_of() -> None:
    assert "自己" not in analyse("如果多交了税，自己几年内发现还可以要求退还？").focus


def test_a_term_inside_its_negation_is_not_held() -> None:
    from assistant.text import holds

    assert not holds("非居民企业适用税率为20％", "居民企业")
    assert holds("居民企业和非居民企业", "居民企业")
    assert holds("非居民企业适用税率为20％", "非居民企业")


def test_an_ordinal_inside_a_longer_number_is_not_held() -> None:
    from assistant.text import holds

    # "排第二的是哪个": 第二十八条 does not say 第二
    assert not holds("第二十八条 符合条件的小型微利企业", "第二")
    assert holds("第二十八条 …；第二，加强协同", "第二")
    assert holds("第二巡回法庭设在辽宁省沈阳市", "第二")


def test_a_government_work_report_is_a_named_document() -> None:
    assert analyse("2024年广西政府工作报告提出的增长目标是多少？").documents == (
        "广西政府工作报告",
    )
    assert analyse("报告建议建立什么图谱？").documents == ()


def test_an_english_ratio_asks_for_a_figure() -> None:
    ask = analyse("What debt-to-equity ratio limits the deduction of interest?")
    assert ask.shape == "figure" and ask.kinds == frozenset({"percent"})


@pytest.mark.parametrize(
    ("question", "held"),
    [
        # the figure is named after its asking word
        ("在北京给公共机构做信息化项目的单位，要承担多长的保修期？", "保修期"),
        ("对方最晚应该在交货后多少天内付款？", "付款"),
        # a verb with its result is the verb; a unit names nothing
        ("办工作许可，多长时间能办完？", "办"),
    ],
)
def test_what_a_figure_is_of(question: str, held: str) -> None:
    assert held in analyse(question).focus
    assert not {"时间", "工作日"} & set(analyse(question).focus)


@pytest.mark.parametrize(
    ("question", "shape"),
    [
        ("2024年广西那几份产业政策文件合在一起，形成了什么样的顶层设计？", "general"),
        ("首批12个广西先进制造业集群具体是哪12个？", "list"),
        ("这几类企业的税率是多少？", "figure"),
    ],
)
def test_a_demonstrative_few_asks_nothing(question: str, shape: str) -> None:
    assert analyse(question).shape == shape


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("这个数据出处是哪？", True),
        ("报告脚注里是怎么定义的？", True),
        ("这个比例是根据哪份报告整理的？", True),
        ("研发投入强度是多少？", False),
    ],
)
def test_asking_where_a_figure_comes_from(question: str, source: bool) -> None:
    assert analyse(question).source is source


@pytest.mark.parametrize(
    ("question", "shape"),
    [
        ("地方政府能不能把个体工商户数量增长率当成考核指标？", "general"),
        ("能不能把贷款利率定得比报价利率还低？", "general"),
        ("上海对专项资金用于小企业的比例有要求吗？", "figure"),  # whether one is set
        ("增值税税率有上限吗？", "figure"),
        ("预留给小微企业的比例是多少？", "figure"),
    ],
)
def test_a_yes_no_question_naming_a_figure_does_not_ask_for_it(question: str, shape: str) -> None:
    assert analyse(question).shape == shape


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("企业被认定为自治区级企业技术中心后，广西给多少奖励资金？", {"money"}),
        ("广西数字人才缺口具体有多少万人？", {"count", "number"}),
        ("补贴能拿多少万？", {"money"}),
    ],
)
def test_the_kind_of_figure_named_after_the_asking_word(question: str, kinds: set[str]) -> None:
    assert analyse(question).kinds == frozenset(kinds)


def test_a_bare_how_much_asks_the_kind_the_conversation_was_about() -> None:
    ask = analyse(with_context("卖图书、报纸、杂志这类，是多少？", "增值税销售货物的基本税率"))
    assert ask.kinds == frozenset({"percent"})


def test_what_is_not_a_document_name() -> None:
    from assistant.text import document_mentions

    assert document_mentions("除了那份《意见》还有哪些？") == []  # a kind, not a title
    assert document_mentions("哪些案件暂时不归巡回法庭，由最高法本部审理？") == []  # the court
    assert document_mentions("《关于加快构建广西现代化产业体系的意见》讲了什么？") == [
        "关于加快构建广西现代化产业体系的意见"
    ]


def test_a_figure_word_outside_the_asking_clause_asks_no_figure() -> None:
    assert analyse("几个部门联合出台的政策措施，由谁来做公平竞争审查？").shape != "figure"
    assert analyse("那中试基地呢，在建的有几家？").focus[:1] == ("基地",)
    assert analyse("广东的河长湖长体系分几级？").kinds == frozenset({"count", "number"})


@pytest.mark.parametrize(
    "question",
    [
        "2024年全国GDP增速是多少？",
        "规上工业增加值年均增长了多少？",
        "What was the growth of output?",
    ],
)
def test_a_growth_is_asked_as_a_rate(question: str) -> None:
    # a date ("2024年12月25日…通过") does not answer how fast something grew
    assert analyse(question).kinds == frozenset({"percent"})


@pytest.mark.parametrize(
    ("question", "focus", "counted"),
    [
        # what an English count counts, through the glossary (a place is its scope)
        ("How many graduates do Guangxi's AI programmes produce?", ("毕业生",), ""),
        (
            "How many of Guangxi's single-champion enterprises are in Liuzhou?",
            ("单项冠军", "企业"),
            "",
        ),
        # a count's counting word is followed by what is counted
        ("广西有多少家国家级企业技术中心？", ("国家级", "企业"), "国家级"),
        ("柳州有几所本科院校？", ("本科", "院校"), "本科"),
        # the figure's shape (范围) is not what it is of; a size is a figure
        ("法院可以判赔的范围是多少？", ("法院", "判赔"), ""),
        ("黔中经济区的大数据产业规模有多大？", ("产业",), ""),
        # how many things, or the document itself, is not what a figure is of
        ("这几份文件是哪年出的？", (), ""),
        ("这份决策参考是2024年的第几期？", (), ""),
        # one word in the asking clause: the clause before names it too
        ("想给编辑部打个电话，号码是多少？", ("电话", "号码"), ""),
    ],
)
def test_what_a_count_or_an_english_figure_is_of(question, focus, counted) -> None:
    ask = analyse(question)
    assert ask.shape == "figure"
    assert ask.focus == focus and ask.counted == counted


def test_named_areas_beyond_the_place_list() -> None:
    from assistant.text import zones_in

    assert zones_in("与黔中经济区相比") == ("黔中经济区",)
    assert zones_in("广西北部湾经济区和粤港澳大湾区") == ("部湾经济区", "澳大湾区")
    assert zones_in("国家高新区、经济开发区") == ()


def test_a_question_or_a_bare_region_is_not_a_document_name() -> None:
    from assistant.text import document_mentions

    assert document_mentions("报告在人才培养上有什么办法？") == []
    assert document_mentions("按河南的条例，企业所得税按多少税率交？") == []
    assert document_mentions("根据建筑法，施工许可怎么办？") == ["建筑法"]


def test_the_version_compared_against_is_not_the_one_asked() -> None:
    from assistant.text import without_baseline

    q = "和2020年版相比，新版款项支付条例在非现金支付方式里新增点名了哪一种？"
    assert "2020" not in without_baseline(q) and "新版" in without_baseline(q)
    assert "2020" not in without_baseline("相比2020年修订版，2025年版新增了什么？")
    # two versions named side by side are both asked; one named alone is asked
    for q in ("2020年版和2025年版有什么不同？", "2020年版条例规定多久付款？"):
        assert without_baseline(q) == q


def test_a_figure_the_question_states_is_not_asked() -> None:
    # the rate is given; which goods have it is asked
    assert analyse("销售或进口哪些货物适用9%的增值税税率？").shape == "list"
    assert analyse("适用百分之九税率的货物有哪些？").shape == "list"
    assert analyse("增值税税率是多少？").shape == "figure"


def test_english_words_are_read_in_plural_and_hyphenated_forms() -> None:
    from assistant.text import english_terms

    assert "一站式服务" in english_terms("What one-stop services does the report propose?")
    assert "招商" in english_terms("investment-attraction projects")
    # a word inside another is not it ("finest" holds no "fine")
    assert "罚款" not in english_terms("the finest firms")


def test_british_spelling_and_every_form_of_an_english_count() -> None:
    from assistant.text import english_terms

    assert "科技创新中心" in english_terms("the science and technology innovation centre")
    # a count's focus is each written form of the counted thing, not their join
    focus = analyse("How many major science and technology special projects has Guangxi run?").focus
    assert focus and all(" " not in f for f in focus)


def test_the_source_of_a_figure_asked_by_name_is_not_the_figure() -> None:
    # "排名的数据引自哪份公报" asks for the bulletin, not a rank
    assert analyse("广西R&D排名的数据引自哪份公报？").shape != "figure"
    assert analyse("广西R&D经费投入强度排名第几？").shape == "figure"


def test_a_rank_asked_of_a_share_asks_the_rank_and_its_scope_is_no_subject() -> None:
    ask = analyse("广西数字经济领域求职人数占比在全国排第几？")
    assert ask.kinds == frozenset({"ordinal"}) and "全国" not in ask.focus
    # a place in a ranking is not asked: the share is
    assert "percent" in (analyse("排名第二的行业占比多少？").kinds or ())


def test_a_point_within_a_part_is_read_as_two_places() -> None:
    ask = analyse("对策第一部分的第二点是什么？")
    assert (ask.ordinal, ask.within) == (2, 1)
    assert (analyse("第三点呢？").ordinal, analyse("第三点呢？").within) == (3, 0)
    # two points are no part and its point
    assert analyse("第三项和第五项分别是什么？").within == 0


def test_a_figure_word_of_the_firm_s_own_case_is_no_figure_asked() -> None:
    # "招了几个本地人" says what the firm did; "有没有…补贴" is what it asks
    ask = analyse("我们刚注册一家小企业，招了几个本地人，有没有房租方面的补贴？")
    assert ask.shape != "figure"
    assert analyse("我们招了几名职工，工资能扣除多少？").shape == "figure"


def test_a_time_requirement_and_an_amount_in_yuan_are_figures_asked() -> None:
    timed = analyse("付款方迟迟不确认，条例有时间要求吗？")
    assert timed.shape == "figure" and "duration" in (timed.kinds or ())
    money = analyse("What was Guangxi's total R&D expenditure in 2023, in billions of yuan?")
    assert money.shape == "figure" and money.kinds == frozenset({"money"})
    # an amount the question gives is no unit it asks for
    assert analyse("Which industries reached the 200 billion yuan scale?").shape == "list"


def test_an_article_asked_what_it_is() -> None:
    ask = analyse("山东省新旧动能转换促进条例第三十五条是什么？")
    assert ask.shape == "article" and ask.article == "第三十五条"
    assert analyse("专利法第四十二条规定的期限是什么？").shape == "figure"


def test_the_version_compared_against_is_not_the_one_asked_of() -> None:
    from assistant.text.versions import without_baseline

    asked = without_baseline("2025年修订的款项支付条例，在非现金支付方式上比旧版多点名了哪一种？")
    assert "旧版" not in asked and "2025年修订" in asked
    assert "2020年版" not in without_baseline("和2020年版相比，新版有什么变化？")
    assert without_baseline("旧版条例怎么规定的？") == "旧版条例怎么规定的？"
