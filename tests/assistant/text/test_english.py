"""English questions read through the glossary: plurals and articles, the
documents they name, amounts in billions and millions."""

from __future__ import annotations

import pytest

from assistant.text import analyse, english_terms
from assistant.text.english import english_documents


def test_plurals_and_articles_read_as_the_glossary_holds_them():
    assert "主管部门" in english_terms("Which are the competent authorities?")
    assert "新兴产业 新产业" in english_terms("Which emerging industries lag behind?")
    assert "确权 确认债权债务关系" in english_terms("How long to confirm the debt?")
    assert "公平竞争审查条例" in english_terms("the Fair Competition Review Regulation")
    factors = english_terms("Which traditional production factors still dominate?")
    assert {"传统", "要素", "主导"} <= set(factors)


def test_amounts_in_billions_are_read_in_yi_and_in_words():
    terms = english_terms("Which industries reached the 200-billion-yuan scale?")
    assert {"2000亿", "两千亿"} <= set(terms)
    assert {"4000万", "四千万"} <= set(english_terms("cases above 40 million yuan"))


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("What does Article 95 of the Government Procurement Law say?", ["政府采购法"]),
        # a region before a name is part of it
        ("When did the Guangxi Regulations on Optimizing the Business Environment take effect?",
         ["广西优化营商环境条例"]),
        # a region's text named by its kind and subject, in glossary parts
        ("Under the Guangxi regulations on promoting SMEs, what share is reserved?",
         ["广西促进中小企业条例"]),
        ("What do Zhejiang's regulations on promoting private enterprises say?",
         ["浙江促进民营企业条例"]),
        ("How many patents does Guangxi hold?", []),
    ],
)  # fmt: skip
def test_english_questions_name_documents(question: str, names: list[str]) -> None:
    assert english_documents(question) == names


def test_an_english_question_names_its_document_for_the_answer_step():
    ask = analyse("What does Article 95 of the Government Procurement Law say?")
    assert ask.documents == ("政府采购法",) and ask.article == "第九十五条"


def test_the_bound_a_figure_is_asked_at_is_read():
    terms = english_terms("What is the maximum time limit, including any extension?")
    assert "最长 最高 最多 不得超过" in terms and "延长" in terms


def test_the_titles_an_english_question_names_a_text_by() -> None:
    from assistant.text.english import english_titles

    assert english_titles("What does China's Cybersecurity Law require of operators?") == [
        "Cybersecurity Law"
    ]
    assert english_titles("What does the Law on Progress of Science and Technology say?") == [
        "Law on Progress of Science and Technology"
    ]
    assert english_titles("What does Article 8 of the Regulations say?") == []
    assert english_titles("Which rules apply to us?") == []


def test_an_english_title_is_held_when_an_indexed_title_holds_its_terms() -> None:
    from assistant.answer.named import unknown_documents
    from assistant.records import DocRecord
    from assistant.text import analyse

    docs = [
        DocRecord("p", "保障中小企业款项支付条例", "p.md"),
        DocRecord("z", "中华人民共和国专利法", "z.md"),
    ]
    held = analyse("What do the Regulations on Ensuring Payments to SMEs require?")
    assert unknown_documents(held, docs) == []
    # a title none of whose words the glossary knows, or whose terms no title holds
    assert unknown_documents(analyse("What does the Cybersecurity Law require?"), docs) == [
        "Cybersecurity Law"
    ]
    lacking = analyse("What does the Personal Information Protection Law say about consent?")
    assert unknown_documents(lacking, docs) == ["Personal Information Protection Law"]


def test_british_spelling_and_everyday_phrases_are_glossed() -> None:
    terms = english_terms("How many key core-technology projects are organised every year?")
    assert {"组织", "每年", "关键核心技术"} <= set(" ".join(terms).split()) | set(terms)
    # "three-year" is no "a year": no 每年 from it
    assert "每年" not in english_terms("the new three-year action plan")
    assert "排名" in " ".join(english_terms("where does that put it among the provinces"))


def test_overlapping_glossary_phrases_are_both_read() -> None:
    terms = english_terms("Is there a corporate income tax credit for that equipment?")
    assert "企业所得税" in terms and "税额抵免 抵免" in terms


def test_pay_and_posts_are_read() -> None:
    terms = english_terms("How does the average salary of managers compare by position?")
    assert {"平均工资", "管理人员", "职位"} <= set(terms)
    # the report's 行业企业数量 ("the sectors with the largest number of firms")
    assert {"企业数量", "行业"} <= set(english_terms("sectors with the largest number of firms"))


def test_delivered_and_paid_are_read() -> None:
    terms = english_terms("We delivered the system and still haven't been paid")
    assert "交付" in terms and "支付" in terms


def test_when_asks_a_date_only_where_a_clause_opens():
    subordinate = analyse("Which region is Guangxi compared with when the report says it lags?")
    assert subordinate.shape != "figure"
    assert analyse("And when was it adopted?").kinds == frozenset({"date"})


def test_good_is_not_goods() -> None:
    assert english_terms("Can you translate 'good morning' into French?") == []
    assert "货物" in english_terms("Which goods are taxed at 9%?")
