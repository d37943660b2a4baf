"""Answers from a report's own structure: its footnotes, its points ("三是…。"),
the year a figure is of, a count that names nothing. Real text of the seed
report, laid out as ingest lays it out (a note after the sentence holding
its mark)."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import extractive_answer
from assistant.answer.verify import verify
from assistant.settings import Settings
from assistant.text import split_sentences
from tests.assistant.passages import REPORT_TITLE, passage

RD = (
    "三是资金链不足。广西在科技创新方面的研发投入强度较低，创新链和产业链发展的支撑力不足。"
    "2023年，广西的研究与试验发展（R&D）经费投入强度⁴（0.84%）远低于全国平均水平（2.65%），"
    "在全国31个省市中排名第28位⁵。[注4：研究与试验发展（R&D）经费投入强度：研究与试验发展（R&D）"
    "经费与生产总值之比][注5：《2023年全国科技经费投入统计公报》]"
)
INVEST = (
    "截止2024年10月，广西招商项目中高新产业项目占比约为18.05%⁶。[注6：广西招商信息服务平台数据整理]"
    "与黔中经济区相比，大数据、电子信息、生物医药等新兴产业发展不足。"
)
PARKS = (
    "二是加强信息化基础设施建设，提升管理效能。以产业生态打造为重点，构建综合管理平台、产业协同平台、"
    "产能共享平台、融资服务平台，全面提升企业生产运营、园区运行管理和公共服务智能化水平。"
    "三是提升产业智能化水平，推动产业链优化升级。通过提供技术咨询服务、智能化诊断、设立产业投资基金"
    "等方式，引导和支持入驻企业向智能化方向发展。"
)
CLUSTERS = "培育了首批12个广西先进制造业集群，累计11个特色产业集群入选国家中小企业特色产业集群。"


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path)


def report(*texts: str):  # type: ignore[no-untyped-def]
    return [passage(t, i + 1, title=REPORT_TITLE, doc_id="report") for i, t in enumerate(texts)]


def test_a_footnote_is_a_sentence_of_its_own():
    texts = [s.text for s in split_sentences(INVEST)]
    assert texts == [
        "截止2024年10月，广西招商项目中高新产业项目占比约为18.05%⁶。",
        "[注6：广西招商信息服务平台数据整理]",
        "与黔中经济区相比，大数据、电子信息、生物医药等新兴产业发展不足。",
    ]


def test_where_a_figure_comes_from_is_its_footnote(settings):
    ex = extractive_answer(
        "高新产业项目占招商项目比重这个数据出处是哪？", report(INVEST), settings=settings
    )
    assert not ex.refused
    assert "18.05%" in ex.text and "广西招商信息服务平台数据整理" in ex.text
    assert "黔中经济区" not in ex.text  # the sentence after the note is not part of it


def test_a_figure_asked_plainly_comes_without_its_notes(settings):
    ex = extractive_answer("广西2023年R&D经费投入强度是多少？", report(RD), settings=settings)
    assert "0.84%" in ex.text and "[注" not in ex.text


def test_a_point_is_quoted_with_the_sentence_it_introduces(settings):
    ex = extractive_answer(
        "智慧园区的信息化基础设施建设，报告说应以什么为重点？", report(PARKS), settings=settings
    )
    assert "以产业生态打造为重点" in ex.text


def test_a_sentence_is_quoted_with_the_point_it_makes(settings):
    ex = extractive_answer(
        "研发投入强度偏低，报告把它归到哪条“链”的问题里？", report(RD), settings=settings
    )
    assert "三是资金链不足。" in ex.text


def test_a_list_is_read_under_its_point(settings):
    # 智能化水平 is in both points' sentences; the support measures are under 三是.
    ex = extractive_answer(
        "提升产业智能化水平，报告提出了哪些支持方式？", report(PARKS), settings=settings
    )
    assert "产业投资基金" in ex.text


@pytest.mark.parametrize("year", ["2022", "2019"])
def test_a_figure_of_another_year_is_not_the_answer(settings, year):
    ex = extractive_answer(f"广西{year}年的R&D经费投入强度是多少？", report(RD), settings=settings)
    assert ex.refused
    assert "没有写明所问年份的数字" in ex.text and "0.84%" in ex.text  # says what it does hold
    assert verify(ex.text, ex.citations).ok


def test_the_figures_own_year_answers(settings):
    ex = extractive_answer("广西2023年R&D经费投入强度排第几？", report(RD), settings=settings)
    assert not ex.refused and "28" in ex.text


def test_a_version_year_is_not_the_year_of_a_figure(settings):
    pay = passage(
        "第八条 机关、事业单位从中小企业采购货物、工程、服务，应当自货物、工程、服务交付之日起30日内支付款项；"
        "合同另有约定的，付款期限最长不得超过60日。",
        title="保障中小企业款项支付条例",
        doc_id="pay",
        issued="2020-07-05",
    )
    ex = extractive_answer(
        "2020年版的保障中小企业款项支付条例规定机关付款期限是多少天？", [pay], settings=settings
    )
    assert not ex.refused and "30日" in ex.text


def test_a_count_is_not_a_list_of_names(settings):
    ex = extractive_answer(
        "首批12个广西先进制造业集群分别是哪些？", report(CLUSTERS), settings=settings
    )
    assert ex.refused and "具体名单" in ex.text and "12个" in ex.text


def test_a_list_the_report_gives_is_not_a_count(settings):
    text = (
        "2021年至2023年，规上工业增加值年均增长6.5%，形成钢铁、有色、食品3个三千亿和石化、"
        "造纸与木材加工、电力3个两千亿产业。"
    )
    ex = extractive_answer("报告说的3个两千亿产业是哪几个？", report(text), settings=settings)
    assert not ex.refused and "电力" in ex.text


def test_a_figure_the_question_states_is_not_its_answer(settings):
    text = (
        "在工业领域，部署实施新一轮工业振兴三年行动，保持每年统筹400亿元资金支持工业发展力度不减。"
    )
    ex = extractive_answer(
        "每年400亿元工业发展资金里，有多少是给新能源汽车产业的？", report(text), settings=settings
    )
    assert ex.refused and "400亿元" in ex.text


def test_a_regions_figure_is_not_a_citys(settings):
    ex = extractive_answer("南宁市2023年的研发投入强度是多少？", report(RD), settings=settings)
    assert ex.refused and "所问地区" in ex.text


def test_a_quoted_name_is_what_the_figure_must_be_of(settings):
    text = "2021年以来，累计培育自治区级龙头企业212家、链主企业70家、单项冠军109家、专精特新中小企业860家。"
    ex = extractive_answer(
        "广西有多少家国家级专精特新“小巨人”企业？", report(text), settings=settings
    )
    assert ex.refused
    ex = extractive_answer("广西累计培育了多少家“单项冠军”？", report(text), settings=settings)
    assert not ex.refused and "109家" in ex.text


def test_a_count_of_people_is_not_a_count_of_universities(settings):
    text = "目前，广西仅有12所高校开设人工智能本科、16所开设物联网专业，数字经济领域求职人数占比仅为9.72%。"
    ex = extractive_answer("广西数字人才缺口具体有多少万人？", report(text), settings=settings)
    assert ex.refused
    ex = extractive_answer("广西有多少所高校开设人工智能本科？", report(text), settings=settings)
    assert not ex.refused and "12所" in ex.text


def test_where_another_years_figure_comes_from_is_not_answered(settings):
    ex = extractive_answer(
        "广西2022年R&D经费投入强度的数据出处是哪？", report(RD), settings=settings
    )
    assert ex.refused and "所问年份" in ex.text
    ex = extractive_answer(
        "广西2023年R&D经费投入强度的数据出处是哪？", report(RD), settings=settings
    )
    assert not ex.refused and "统计公报" in ex.text


def test_a_single_character_does_not_choose_the_sentence(settings):
    # "不好批" shares only 批 with "打造一批…"; the answer is the 资金链 measure.
    upgrade = "开展线上线下数字化诊断服务。打造一批“智改数转”典型应用场景，加快形成“一行业一标杆”。"
    finance = (
        "三是围绕产业链对接资金链。加强科技创新投资力度，协同金融机构支持科技金融创新，"
        "创新适应科技企业特征的专属信贷产品，引导撬动更多金融资源投向未来产业的经营主体。"
    )
    ex = extractive_answer(
        "我们是一家科技型企业，贷款一直不好批，报告在资金链方面有什么建议？",
        report(upgrade, finance),
        settings=settings,
    )
    assert "专属信贷产品" in ex.text and "智改数转" not in ex.text


def test_a_quoted_term_is_defined_by_the_sentence_holding_it(settings):
    place = (
        "广西具有沿海沿江沿边，联接大湾区、联接西南中南、联接东盟，毗邻粤港澳大市场、西南中南大市场、"
        "东盟大市场“三沿三联三市场”独特区位优势。"
    )
    income = passage(
        "本条第一款所称净收入是指技术合同的实际成交额扣除成本和税金支出后的余值，"
        "其中研究开发科技成果所用财政资金不列入成本。",
        2,
        title="浙江省促进科技成果转化条例",
    )
    ex = extractive_answer("其中“三沿”指什么？", [*report(place), income], settings=settings)
    assert "沿海沿江沿边" in ex.text and "净收入" not in ex.text  # not another term's definition


TRADITIONAL = (
    "一是推动传统产业转型升级。利用大数据、人工智能、物联网等现代信息技术，对木材加工、非金属矿物制品、"
    "农副食品加工等传统产业进行智能化改造，提升生产效率和产品质量，延伸产业链至精深加工领域。"
    "开展线上线下数字化诊断服务，破解企业研发、生产、运营、管理、服务等过程中遇到的难题。"
)


def test_what_the_question_sets_aside_is_not_what_it_asks(settings):
    # "除了智能化改造，还要…": the sentence on 智能化改造 is what the asker knows
    ex = extractive_answer(
        "（接上文：报告建议对传统产业进行智能化改造）除了智能化改造，还要开展什么服务？",
        report(TRADITIONAL),
        settings=settings,
    )
    assert "数字化诊断服务" in ex.text and "木材加工" not in ex.text


COOPERATION = (
    "三是加强产业链协同创新。鼓励企业之间建立长期稳定的合作关系，共同开展技术研发、市场拓展和供应链管理等活动。"
    "通过构建信息共享、资源互补、利益共享的协同创新网络，实现产业链上下游协同发展。"
)


def test_a_firm_asking_what_to_do_gets_the_whole_point(settings):
    # what the measure is and how it is done: both sentences of the point
    ex = extractive_answer(
        "我们是一家钢铁企业，和上下游企业之间信息、技术都不通，报告怎么建议？",
        report(TRADITIONAL[-60:], COOPERATION),
        settings=settings,
    )
    assert "长期稳定的合作关系" in ex.text and "协同创新网络" in ex.text
    assert "木材加工" not in ex.text


def test_a_point_asked_by_its_place_is_read_whole(settings):
    q = "（接上文：报告提出推动产业链上下游协同）第三点具体讲的是啥？"
    ex = extractive_answer(q, report(TRADITIONAL, COOPERATION), settings=settings)
    assert ex.text.count("协同创新网络") == 1 and "长期稳定的合作关系" in ex.text


GROUPS = (
    "2021年以来，累计培育自治区级龙头企业212家、链主企业70家、单项冠军109家、"
    "专精特新中小企业860家，每年新增规上企业1000多家、总量突破1万家。"
)


@pytest.mark.parametrize(
    "question",
    [
        "报告里70家链主企业都是哪些公司？能列个名单吗？",
        "Which companies are among the 70 chain-leader enterprises?",
    ],
)
def test_counts_of_other_things_are_no_names(settings, question):
    # the 、 runs counts of other groups (龙头企业212家、…): no company is named
    ex = extractive_answer(question, report(GROUPS), settings=settings)
    assert ex.refused and "具体名单" in ex.text


def test_titles_listed_one_after_another_are_names(settings):
    text = (
        "2024年，广西出台《关于加快构建广西现代化产业体系的意见》《广西实施新一轮工业振兴三年行动方案》"
        "《广西实施新一轮工业振兴三年行动的若干政策措施》，形成构建现代化产业体系“1+N”政策顶层设计。"
    )
    ex = extractive_answer("构成“1+N”顶层设计的是哪几份文件？", report(text), settings=settings)
    assert not ex.refused and "工业振兴三年行动方案" in ex.text


def test_a_count_of_one_field_is_not_anothers(settings):
    text = "目前，广西仅有12所高校开设人工智能本科、16所开设物联网专业。"
    for question in (
        "广西有多少所高校开设大数据专业？",
        "How many universities in Guangxi offer a big data major?",
    ):
        ex = extractive_answer(question, report(text), settings=settings)
        assert ex.refused and "大数据" in ex.text, question
    ex = extractive_answer("广西有多少所高校开设人工智能本科？", report(text), settings=settings)
    assert not ex.refused and "12所" in ex.text


def test_a_size_word_is_not_what_the_figure_is_of(settings):
    # "产业投资基金规模": the fund's size — 400亿元 of 资金 in a sentence saying 规模 is not it
    text = (
        "在工业领域，保持每年统筹400亿元资金支持工业发展力度不减，打造若干具有较大规模的支柱产业。"
    )
    ex = extractive_answer(
        "报告建议设立的产业投资基金规模是多少亿元？", report(text, PARKS), settings=settings
    )
    assert ex.refused and "产业投资基金" in ex.text  # the sentence that speaks of the fund


def test_where_the_report_says_it_names_the_point(ask):  # type: ignore[no-untyped-def]
    got = ask("报告哪一部分谈到数字人才数量少、质量低？")
    assert "二是人才链短缺" in got.text and "数量少、质量低" in got.text
