"""Firms asking from where they are: a region named as where the firm is (a
province without texts of its own, a city of the text's own province, "in
Wuhan") is not a region the question asks of — and an English question's
words run together are no contact cue."""

from __future__ import annotations

from assistant.text import where_located


def test_where_a_firm_is_does_not_make_a_national_rule_regional(ask):
    # no text of 湖北 is held, but the national tax law applies to a firm there
    out = ask("我们是湖北的一家小型微利企业，企业所得税按什么税率交？")
    assert not out.refused and "20" in out.text, out.text
    assert out.citations[0].title == "中华人民共和国企业所得税法"
    # a question asking of the region itself still finds nothing of it
    out = ask("湖北省对小型微利企业有什么地方性的税收优惠？")
    assert out.refused and "湖北" in out.text, out.text


def test_where_a_firm_is_told_in_english_or_as_a_city_of_the_text_s_region(ask):
    # "our startup in Wuhan": where the firm is, as "我们是湖北的…" is
    wuhan = "Our small startup in Wuhan filed a design patent. How long will it protect us?"
    assert where_located(wuhan) == {"武汉"}
    assert where_located("What does the Shanghai regulation say on SME funds?") == set()
    assert where_located("我们是湖北的一家化工企业，能扩建吗？") == {"湖北"}
    # a firm in 百色 asks of its region's figure: the Guangxi report's is it
    out = ask(
        "我们是百色一家铝加工企业，听说广西在搞新一轮工业振兴，自治区每年拿多少钱支持工业发展？"
    )
    assert not out.refused and "400亿元" in out.text, out.text


def test_an_english_question_s_words_are_not_read_as_contact_cues(ask):
    # "our loan" run together is "ourloan": no "url" asked for
    out = ask(
        "We're a 30-person tech startup in Beihai, Guangxi, and banks keep turning down "
        "our loan applications. What does the report suggest on financing for firms like ours?"
    )
    assert not out.refused and "资金链" in out.text, out.text
    out = ask("What is the editorial office's email address?")
    assert "dsjyjs@gxi.gov.cn" in out.text, out.text


def test_a_city_asked_of_is_answered_by_its_province_s_text_first():
    from assistant.answer.prior import prior_of
    from tests.assistant.passages import passage

    zhejiang = passage(
        "第二十三条 …三十日内予以确认。", 1, title="浙江省民营企业发展促进条例", doc_id="z"
    )
    national = passage(
        "第十六条 …30日内确认债权债务关系。", 1, title="保障中小企业款项支付条例", doc_id="n"
    )
    asked = ("杭州",)
    assert prior_of(0, zhejiang, asked, "") > prior_of(0, national, asked, "")
