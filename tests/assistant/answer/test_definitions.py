"""Definition questions: the sentence that defines the term asked, with its
items — and the kinds of a term, which its definition lists."""

from __future__ import annotations

from assistant.answer.extractive import extractive_answer
from assistant.answer.verify import verify
from tests.assistant.passages import articles_with


def test_a_definition_is_answered_by_the_defining_sentence_with_its_items(settings):
    rules = "企业所得税法实施条例(2019-04-23).md"
    passages = articles_with(
        rules, ["第九十三条", "所称符合条件的小型微利企业"], "中华人民共和国企业所得税法实施条例"
    )
    ex = extractive_answer("小型微利企业是指什么？", passages, settings=settings)
    assert not ex.refused
    assert "是指从事国家非限制和禁止行业" in ex.text  # the defining sentence…
    assert "从业人数不超过100人" in ex.text and "从业人数不超过80人" in ex.text  # …and its items
    assert ex.citations[0].span.endswith("资产总额不超过1000万元。")
    assert verify(ex.text, ex.citations).ok


def test_the_kinds_of_a_term_are_its_definition(settings):
    # "发明创造包括哪几种": 第二条 defines it by its kinds; 第六条 only uses it
    passages = articles_with(
        "专利法(2020-10-17).md",
        ["职务发明创造申请专利的权利属于该单位", "本法所称的发明创造是指"],
        "中华人民共和国专利法",
    )
    ex = extractive_answer("專利法裏的「發明創造」包括哪幾種？", passages, settings=settings)
    assert "实用新型和外观设计" in ex.text and "职务发明创造" not in ex.text


def test_a_term_named_last_is_defined_by_its_sentence(settings):
    # "…所完成的发明创造为职务发明创造": the definition names the term last
    passages = articles_with(
        "专利法(2020-10-17).md", ["执行本单位的任务或者主要是利用"], "中华人民共和国专利法"
    )
    ex = extractive_answer("什麼叫職務發明創造？", passages, settings=settings)
    assert "主要是利用本单位的物质技术条件所完成的发明创造为职务发明创造" in ex.text, ex.text
    assert "申请专利的权利属于该单位" not in ex.text.split("[1]")[0]


def test_what_a_term_as_the_text_says_it_leaves_out_is_its_definition(settings):
    # "所说的民营企业，不包括哪些": 第二条 defines it by what it excludes; 第三十条
    # (a list of things no one may do to 民营企业) only names it, as retrieved
    law = "浙江省民营企业发展促进条例(2020-01-16).md"
    passages = articles_with(
        law,
        ["本条例所称民营企业", "任何单位或者个人不得实施下列行为"],
        "浙江省民营企业发展促进条例",
    )
    ex = extractive_answer(
        "浙江省民营企业发展促进条例所说的民营企业，不包括哪些企业？", passages, settings=settings
    )
    assert "外商投资企业以外" in ex.text and "干预依法" not in ex.text, ex.text
