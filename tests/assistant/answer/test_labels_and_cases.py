"""A quote's own article label (not one it cites), and a firm's city as its
province's case."""

from __future__ import annotations

from tests.assistant.passages import passage


def test_an_article_cited_inside_another_is_not_its_label():
    from assistant.answer.quotes import article_of
    from assistant.text import split_sentences

    text = (
        "第一百条 企业所得税法第三十四条所称税额抵免，是指企业购置专用设备的，"
        "该专用设备的投资额的10%可以从企业当年的应纳税额中抵免。\n"
        "享受前款规定的企业所得税优惠的企业，应当实际购置并自身实际投入使用前款规定的专用设备。"
    )
    p = passage(text, title="中华人民共和国企业所得税法实施条例")
    second = split_sentences(text)[-1]
    assert article_of(p, second) == "第一百条"


def test_a_firms_city_is_in_its_provinces_texts():
    from assistant.answer.coverage import ask_terms
    from assistant.text import analyse

    firm = dict(
        ask_terms(analyse("我们是钦州的外贸加工企业，主要做东盟市场，报告里哪些内容和我们有关？"))
    )
    assert "广西" in firm and "钦州" not in firm
    # a city asked of is not its province: "钦州的GDP" is not Guangxi's
    assert "钦州" in dict(ask_terms(analyse("钦州2023年的地区生产总值是多少？")))
