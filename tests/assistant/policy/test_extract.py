"""Measure cards read from real law articles (the bundled corpus and tests/fixtures/laws)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.policy.extract import MeasureCard, extract_measures
from assistant.policy.proposer import propose_measures, validate_card
from assistant.records import ChunkRecord, DocRecord
from assistant.text import parse_number
from tests.conftest import law_path

CIT = "企业所得税法(2018-12-29).md"
CIT_RULES = "企业所得税法实施条例(2019-04-23).md"
GOLD = Path(__file__).resolve().parents[2] / "fixtures" / "measures_gold.jsonl"


def law_article(file: str, article: str, status: str = "current") -> tuple[ChunkRecord, DocRecord]:
    """One article of a real law file, cut the way a chunker cuts an article."""
    text = law_path(file).read_text(encoding="utf-8")
    title = text.splitlines()[0].lstrip("#").strip()
    pattern = rf"(?ms)^{article}[ \u3000].*?(?=^第[零一二三四五六七八九十百千]+条[ \u3000]|^#|\Z)"
    m = re.search(pattern, text)
    assert m, f"{article} not in {file}"
    doc = DocRecord(doc_id=file, title=title, source=file, status=status)  # type: ignore[arg-type]
    chunk = ChunkRecord(f"{file}#{article}", file, m.group().strip(), section_path=(article,))
    return chunk, doc


def cards_of(file: str, article: str) -> tuple[list[MeasureCard], ChunkRecord]:
    chunk, doc = law_article(file, article)
    return extract_measures(chunk, doc), chunk


def article_cards(text: str, title: str) -> list[MeasureCard]:
    """The cards of one article written out ("第十条 …"), as a passage of its own."""
    label = text.split(" ", 1)[0]
    chunk = ChunkRecord(f"{title}#{label}", title, text, (label,))
    return extract_measures(chunk, DocRecord(title, title, f"{title}.md"))


def assert_spans(card: MeasureCard, text: str) -> None:
    assert text[card.start : card.end] == card.text
    for f in (*card.entities, *card.departments):
        assert text[f.start : f.end] == f.text
    for c in card.conditions:
        assert text[c.start : c.end] == c.text
    for s in card.supports:
        assert text[s.start : s.end] == s.text
        if s.value_text:
            assert text[s.value_start : s.value_end] == s.value_text


def test_small_low_profit_rate_article_28() -> None:
    cards, chunk = cards_of(CIT, "第二十八条")
    assert [c.kind for c in cards] == ["support", "support"]
    small, hitech = cards
    assert small.entity_names == ["小型微利企业"]
    assert small.supports[0].kind == "减按" and small.supports[0].rate == 20
    assert small.supports[0].value_text == "20％"
    assert hitech.entity_names == ["高新技术企业"] and hitech.supports[0].rate == 15
    assert (
        small.article == "第二十八条" and small.cited == "《中华人民共和国企业所得税法》第二十八条"
    )
    for card in cards:
        assert_spans(card, chunk.text)


def test_definition_article_92_has_two_branches() -> None:
    cards, chunk = cards_of(CIT_RULES, "第九十二条")
    assert [(c.kind, c.defines, c.branch) for c in cards] == [
        ("definition", "小型微利企业", "（一）"),
        ("definition", "小型微利企业", "（二）"),
    ]
    facts = [[(x.field, x.op, x.value, x.unit) for x in c.conditions] for c in cards]
    assert facts[0] == [
        ("industrial", "==", 1.0, ""),
        ("taxable_income", "<=", 30.0, "万元"),
        ("employees", "<=", 100.0, "人"),
        ("total_assets", "<=", 3000.0, "万元"),
    ]
    assert facts[1][0] == ("industrial", "==", 0.0, "")
    assert [v for _, _, v, _ in facts[1][1:]] == [30.0, 80.0, 1000.0]
    assert cards[0].conditions[2].text == "从业人数不超过100人"
    for card in cards:
        assert_spans(card, chunk.text)


def test_definition_with_unstated_ratios_keeps_them_as_unknown_thresholds() -> None:
    cards, _ = cards_of(CIT_RULES, "第九十三条")
    assert len(cards) == 1 and cards[0].defines == "高新技术企业"
    assert [c.value for c in cards[0].conditions] == [None, None, None]
    assert cards[0].conditions[0].field == "rd_ratio"


def test_chinese_numerals_and_percent_words() -> None:
    cards, _ = cards_of("中小企业促进法(2017-09-01).md", "第四十条")
    rates = {(c.entity_names[0], s.rate) for c in cards for s in c.supports if s.rate}
    assert rates == {("中小企业", 30.0), ("小型微型企业", 60.0)}
    definition, _ = cards_of("增值税法(2024-12-25).md", "第九条")
    cond = definition[0].conditions[0]
    assert (definition[0].defines, cond.field, cond.op, cond.value, cond.unit) == (
        "小规模纳税人",
        "annual_revenue",
        "<=",
        500.0,
        "万元",
    )
    assert cond.text.endswith("未超过五百万元")


def test_split_thresholds_on_one_income() -> None:
    cards, _ = cards_of(CIT_RULES, "第九十条")
    pairs = {(c.conditions[0].op, c.supports[0].kind) for c in cards if c.conditions}
    assert pairs == {("<=", "免征"), (">", "减半征收")}


def test_departments_and_prohibitions() -> None:
    cards, _ = cards_of("北京市促进中小企业发展条例(2020-09-25).md", "第三十七条")
    assert cards[0].departments[0].value == "市、区知识产权部门"
    assert cards[-1].entity_names == ["专精特新中小企业"]
    assert [d.value for d in cards[-1].departments] == ["市知识产权部门"]
    # 第九十四条 says 不得减征或者免征: a prohibition is not a support; what it
    # gives is the meaning of 第二十九条's 民族自治地方.
    cards = cards_of(CIT_RULES, "第九十四条")[0]
    assert [(c.kind, c.defines, c.explains) for c in cards] == [
        ("definition", "民族自治地方", "企业所得税法|第二十九条")
    ]


def test_superseded_document_is_labelled() -> None:
    chunk, doc = law_article(CIT, "第二十八条", status="superseded")
    assert {c.status for c in extract_measures(chunk, doc)} == {"superseded"}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("300", 300.0),
        ("1,000", 1000.0),
        ("2.5", 2.5),
        ("三十", 30.0),
        ("一百二十", 120.0),
        ("五百万", 5_000_000.0),
        ("十八", 18.0),
        ("两千", 2000.0),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


def test_validator_accepts_extracted_and_rejects_tampered_cards() -> None:
    cards, chunk = cards_of(CIT_RULES, "第九十二条")
    assert all(validate_card(c, chunk.text) for c in cards)
    cond = cards[0].conditions[2]
    lied = replace(cards[0], conditions=(replace(cond, value=120.0),))
    assert not validate_card(lied, chunk.text)
    moved = replace(cards[0], conditions=(replace(cond, start=cond.start + 1, end=cond.end + 1),))
    assert not validate_card(moved, chunk.text)
    rate_cards, rate_chunk = cards_of(CIT, "第二十八条")
    sup = rate_cards[0].supports[0]
    assert not validate_card(
        replace(rate_cards[0], supports=(replace(sup, rate=25.0),)), rate_chunk.text
    )


def test_llm_proposals_are_kept_only_when_found_in_the_text() -> None:
    chunk, doc = law_article(CIT, "第二十八条")
    faithful = {
        "kind": "support",
        "entities": ["小型微利企业"],
        "supports": [{"kind": "减按", "text": "减按20％的税率", "rate": 20}],
    }
    invented = {
        "kind": "support",
        "entities": ["小型微利企业"],
        "supports": [{"kind": "奖励", "text": "最高500万元奖励", "cap_wan": 500}],
    }
    model = FakeListChatModel(
        responses=["```json\n" + json.dumps([faithful, invented], ensure_ascii=False) + "\n```"]
    )
    cards = propose_measures(model, chunk, doc)
    assert len(cards) == 1
    assert cards[0].supports[0].rate == 20 and cards[0].entity_names == ["小型微利企业"]
    assert cards[0].article == "第二十八条"


def test_llm_garbage_reply_yields_nothing() -> None:
    chunk, doc = law_article(CIT, "第二十八条")
    assert propose_measures(FakeListChatModel(responses=["抱歉，我无法回答。"]), chunk, doc) == []


def test_gold_set_is_large_enough_and_extractor_meets_floor() -> None:
    from benchmarks.measures import evaluate

    rows = [
        json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    assert len(rows) >= 30
    assert all(law_path(r["file"]).exists() for r in rows)
    for name, (precision, recall, _, _) in evaluate().items():
        assert precision >= 0.8 and recall >= 0.8, name


@pytest.mark.parametrize(
    ("file", "article", "kind", "is_support"),
    [
        ("税收征收管理法(2015-04-24).md", "第三十八条", "担保", False),  # 纳税担保: collateral
        ("广东省水污染防治条例(2021-09-29).md", "第五十六条", "担保", False),  # 承担保护责任
        ("促进科技成果转化法(2015-08-29).md", "第四十四条", "奖励", False),  # 奖励 to persons
        ("上海市促进中小企业发展条例(2018-05-24).md", "第二十条", "担保", True),  # 融资担保
        ("中小企业促进法(2017-09-01).md", "第九条", "奖励", True),  # 资助、购买服务、奖励
    ],
)
def test_guarantee_and_reward_only_as_firm_support(file, article, kind, is_support) -> None:
    cards, _ = cards_of(file, article)
    kinds = {s.kind for c in cards for s in c.supports}
    assert (kind in kinds) is is_support


def test_protections_a_supplier_can_invoke() -> None:
    # when a payment term starts; advance funding and deposits barred
    pay = "保障中小企业款项支付条例(2025-03-17).md"
    for article in ("第八条", "第十条", "第十三条"):
        cards, _ = cards_of(pay, article)
        assert any(c.rights for c in cards), article
    # each case 第二十条 defines as discrimination against suppliers
    cards, _ = cards_of("政府采购法实施条例(2015-01-30).md", "第二十条")
    assert {c.item for c in cards if c.rights} >= {"（二）", "（四）", "（七）"}
