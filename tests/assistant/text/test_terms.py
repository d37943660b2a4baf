"""A question's terms and how a text holds them: a noun suffix kept with its
word, a short form of the text's longer word, a firm's description of itself
set apart from what it asks."""

from __future__ import annotations

from assistant.text import (
    SHORT_FORM,
    analyse,
    asks_for_figure,
    cue_form,
    document_mentions,
    forms,
    holds,
    latin_names,
    negated_terms,
    partial,
    question_terms,
    split_self_description,
    without_version,
)


def test_a_noun_suffix_stays_with_its_word():
    terms = dict(question_terms("报告怎么建议培育资金链？"))
    assert "资金链" in terms and "资金" not in terms
    assert "链主型" in dict(question_terms("链主型企业有多少"))


def test_a_term_is_the_short_form_of_a_longer_word():
    assert partial("中级法院", "北京辖区中级人民法院管辖") == SHORT_FORM
    assert partial("中级法院", "高级人民法院管辖") < SHORT_FORM


def test_a_counted_word_in_chinese_numerals_is_the_text_s_in_digits():
    # "进百强" is the text's "进入…100强"; 五百强 its 500强
    assert any(holds("2024年广西企业100强", f) for f in forms("百强"))
    assert "500强" in forms("五百强") and "百强" in forms("百强")
    assert forms("一般") == ("一般",) and forms("三是") == ("三是",)


def test_who_asks_is_no_part_of_the_firm_s_case():
    case, asked = split_self_description("老板问：我们厂在温州，前年亏了钱。亏损能抵几年？")
    assert "我们厂在温州" in case and asked == "亏损能抵几年?"


def test_a_firm_describing_itself_is_set_apart_from_its_question():
    description, asked = split_self_description(
        "我们是柳州一家汽车企业，数字人才很难招。报告对培育人才链有什么建议？"
    )
    assert description.startswith("我们是柳州") and asked == "报告对培育人才链有什么建议?"
    # one sentence: the description is the question
    assert split_self_description("我们是木材加工企业，员工90人，能享受哪些支持？")[0] == ""
    assert split_self_description("报告对人才链有什么建议？")[0] == ""


def test_a_point_asked_by_its_opening_and_a_rate_asked_by_its_standard():
    assert analyse("科技创新支撑能力不足，二是什么？").ordinal == 2
    assert analyse("一是什么").ordinal == 1
    assert asks_for_figure("税款交晚了，滞纳金按什么标准收？")
    assert not asks_for_figure("高新技术企业的认定标准是什么？")


def test_a_version_named_by_a_demonstrative_is_not_a_document_name():
    assert document_mentions("2020年那版款项支付条例里怎么规定") == ["款项支付条例"]
    assert document_mentions("北京的地方条例对此有什么规定") == []
    assert document_mentions("民法典规定的诉讼时效是几年") == ["民法典"]
    # a judicial text named without its 关于; a question word is no name
    assert document_mentions("涉外民商事案件管辖若干问题的规定第十二条讲了什么") == [
        "涉外民商事案件管辖若干问题的规定"
    ]
    assert document_mentions("条例施行后，哪部旧条例同时废止了") == []


def test_a_quoted_phrase_is_one_term_and_a_described_firm_asks_in_its_question():
    terms = dict(question_terms("“三市场”指的是哪三个市场？"))
    assert "三市场" in terms and "三" not in terms
    # the firm's size ("十几个人") is its case, not a count it asks for
    ask = analyse("我们是南宁一家初创团队，十几个人，缺融资。报告里有没有对口的支持？")
    assert ask.shape == "general"
    assert "对口" not in dict(question_terms("报告里有没有对口的支持？"))


def test_other_words_for_a_term() -> None:
    from assistant.text import forms

    # a comparison, an angle, a degree said three ways
    assert "相比" in forms("对比") and "角度" in forms("维度")
    assert set(forms("偏大")) == {"偏大", "较大", "过大"}
    assert forms("偏好") == ("偏好",)  # a word, not a degree


def test_a_modal_or_particle_glued_to_a_verb_is_no_word_of_its_own():
    # jieba's 能列个 / 想找 / 攻不 are unknown to the idf table: not six-weight terms
    terms = dict(question_terms("能列个名单吗？想找高校帮忙，技术难题攻不下来"))
    assert {"列", "找", "攻"} <= set(terms)
    assert not {"能列个", "想找", "攻不"} & set(terms)
    assert "规上" in dict(question_terms("规上企业有多少"))  # a real unknown word stays


def test_the_same_thing_said_another_way():
    from assistant.text import forms

    assert "年均" in forms("平均")
    assert "增长" in forms("成长")  # 成長: the Traditional-Chinese reader's 增长


def test_a_word_for_a_thing_in_everyday_or_taiwan_usage():
    from assistant.text import forms

    assert "高校" in forms("大学") and "诉讼" in forms("提告")


def test_a_way_of_putting_it_is_no_law():
    # 提法, 讲法: how the report puts it — not a law named "…提法"
    assert document_mentions("报告里有合作机制方面的提法吗？") == []
    assert document_mentions("税收征收管理法怎么规定的？") == ["税收征收管理法"]


def test_a_rule_not_made_is_no_title():
    assert document_mentions("单位没定奖励办法的话，奖励按什么标准提？") == []


def test_a_verb_said_the_spoken_way_is_the_verb() -> None:
    terms = dict(question_terms("这个月的税款实在交不上，能不能申请缓一缓？"))
    assert "交" in terms and "缓" in terms
    assert not {"交不上", "缓一缓"} & set(terms)


def test_a_readers_word_finds_the_texts_word() -> None:
    from assistant.text import forms, text_forms

    assert "延期" in forms("缓") and "缴纳" in forms("交")
    assert text_forms("一般卖货物的增值税是几个点？") == ["销售", "税率"]
    assert text_forms("销售货物的税率") == []  # the texts' own words lead nowhere
    assert text_forms("要等业主把钱付了才付分包款") == ["第三方"]
    # a supplier's everyday words for the payment rules' 交付 and 支付
    assert text_forms("交货两个月了还没付钱") == ["交付", "支付"]


def test_asking_where_a_period_starts_names_nothing():
    assert question_terms("从哪天开始算？") == ()
    assert dict(question_terms("滞纳金从什么时候开始计算？")).keys() == {"滞纳金"}


def test_a_name_pointed_at_or_applied_is_the_name():
    assert document_mentions("哪些案件不适用最高法关于涉外民商事案件管辖的这个规定？") == [
        "关于涉外民商事案件管辖的规定"
    ]
    assert document_mentions("香港居民投资适用外商投资法吗？") == ["外商投资法"]
    assert document_mentions("违反长江保护法会被罚多少？") == ["长江保护法"]
    # the question is read with the name pointed at: its 这个 is no word of it
    ask = analyse("哪些涉外案件不适用最高法关于涉外民商事案件管辖的这个规定？")
    assert "这个" not in ask.question and ask.documents == ("关于涉外民商事案件管辖的规定",)
    # a title that ends in 适用法 keeps its words
    assert document_mentions("涉外民事关系法律适用法第几条讲管辖？") != ["法"]


def test_a_latin_word_in_a_chinese_question_is_a_name_to_hold():
    assert latin_names("怎么用Python读取Excel文件？") == {"python", "excel"}
    assert ("python", 4.0) in question_terms("用Python写一个快速排序。")
    # an English question is read through the glossary, word by word
    assert latin_names("英文也可以。And how much of advertising expenses can be deducted?") == set()
    assert latin_names("IT运维企业能享受什么政策？") == set()  # an acronym is read as one already


def test_a_negated_term_is_held_with_its_negation():
    q = "哪些涉外案件不适用这个规定？"
    assert negated_terms(q, [t for t, _ in question_terms(q)]) == {"适用": "不适用"}
    q = "哪些东西不能授予专利权？"
    assert negated_terms(q, [t for t, _ in question_terms(q)]) == {"授予": "不授予"}
    q = "哪些情形适用这个规定？"
    assert negated_terms(q, [t for t, _ in question_terms(q)]) == {}


def test_an_english_word_that_only_holds_a_cue_asks_no_figure():
    # restoration holds "ratio", separate "rate", capital "cap"
    lakes = "Which key lakes does the law single out for ecological restoration support?"
    assert not asks_for_figure(lakes)
    assert not asks_for_figure("What registered capital must a separate branch have?")
    assert "ratio" not in cue_form(lakes)
    assert asks_for_figure("What is the VAT rate?")
    assert asks_for_figure("By what date must the plan be published?")


def test_characters_glued_to_an_unknown_word_are_not_its_content() -> None:
    # jieba glues 要, 会, 里 to the words around (采购人要在 → 人要, 不改会罚 → 改会罚)
    terms = dict(question_terms("采购人要在几个工作日内答复？逾期不改会罚多少？"))
    assert "人要" not in terms and "改会罚" not in terms and "罚" in terms
    assert "里排" not in dict(question_terms("研发投入强度在全国31个省份里排第几？"))
    assert "规上" in dict(question_terms("规上企业有多少家？"))  # an unknown word of its own


def test_a_revision_dated_to_the_month_is_a_version_and_some_city_no_title() -> None:
    question = "2024年11月第二次修正的北京市优化营商环境条例里，政务服务事项要几个工作日办结？"
    assert analyse(question).documents == ("北京市优化营商环境条例",)
    assert "2024" not in without_version(question)
    assert document_mentions("某市政府采购项目的评分办法写着本地业绩加分，合规吗？") == []


def test_a_government_as_a_reader_says_it_is_the_texts_people_s_government() -> None:
    assert "县级以上人民政府" in forms("县政府")
    assert holds("拟由市人民政府出台的政策措施", forms("市政府")[1])
