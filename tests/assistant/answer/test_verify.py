"""Verification of generated answers against their cited sources."""

from __future__ import annotations

from assistant.answer import verify
from assistant.text import figures
from tests.assistant.passages import articles_with, passage

PAY = articles_with(
    "保障中小企业款项支付条例(2020-07-05).md", ["30日内支付款项"], "保障中小企业款项支付条例"
)
CIT = [passage("第四条 企业所得税的税率为25％。")]


def test_answer_that_copies_its_figures_passes():
    text = "机关、事业单位应当自交付之日起30日内支付款项，合同另有约定的最长不得超过60日[1]。"
    assert verify(text, PAY).ok


def test_figure_not_in_the_sources_is_flagged():
    verdict = verify("机关、事业单位应当在45日内支付款项[1]。", PAY)
    assert not verdict.ok
    assert verdict.problems == ["figure 45日 is not in the cited sources"]


def test_chinese_numerals_match_arabic_figures():
    assert verify("应当自交付之日起三十日内支付[1]，最长六十日[1]。", PAY).ok
    assert not verify("应当自交付之日起四十日内支付[1]。", PAY).ok


def test_percent_forms_are_normalised():
    assert verify("企业所得税的税率为25%[1]。", CIT).ok  # ％ in the law, % here
    assert verify("税率为百分之二十五[1]。", CIT).ok
    assert not verify("税率为百分之二十[1]。", CIT).ok
    assert verify("税率为25%[1]。", [passage("税率为百分之二十五。")]).ok


def test_percent_and_plain_number_differ():
    assert not verify("税率为25[1]，合计25%[1]", [passage("共有25家企业。")]).ok


def test_citation_must_point_at_a_source():
    verdict = verify("企业所得税的税率为25%[3]。", CIT)
    assert not verdict.ok
    assert "citation [3] points at no source" in verdict.problems


def test_answer_without_citation_is_flagged():
    assert "the answer cites no source" in verify("企业所得税的税率为25%。", CIT).problems


def test_figures_in_an_uncited_passage_do_not_count():
    two = [CIT[0], passage("小型微利企业减按20％的税率征收企业所得税。", 2)]
    assert not verify("小型微利企业税率为20%[1]。", two).ok
    assert verify("小型微利企业税率为20%[2]。", two).ok


def test_words_with_numeral_characters_are_not_figures():
    assert figures("统一部署，一批企业，一是加强，打造“一行业一标杆”") == []


def test_list_numbering_and_footnote_marks_are_not_claims():
    assert verify("1. 企业所得税的税率为25％⁴[1]\n2. 同上[1]", CIT).ok
