"""Cited documents: the seed report's "1+N" policies and citations between real laws."""

from __future__ import annotations

import pytest

from assistant.policy import missing_reference_for_question, resolve_references
from assistant.records import ChunkRecord, DocRecord
from assistant.text import classify_title, find_references, normalise_doc_number
from assistant.text import title_key as normalise_title
from tests.conftest import SEED_FILE, law_path

ONE_PLUS_N = (
    "关于加快构建广西现代化产业体系的意见",
    "广西实施新一轮工业振兴三年行动方案",
    "广西实施新一轮工业振兴三年行动的若干政策措施",
)
REPORT_TITLE = "科技赋能广西产业链聚链集群发展的对策研究"


def seed_docs(extra: list[DocRecord] = ()) -> tuple[list[DocRecord], dict[str, list[ChunkRecord]]]:  # type: ignore[assignment]
    text = SEED_FILE.read_text(encoding="utf-8")
    report = DocRecord(doc_id="seed", title=REPORT_TITLE, source=str(SEED_FILE))
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    chunks = [
        ChunkRecord(f"seed:{i}", "seed", p, section_path=(f"段{i}",))
        for i, p in enumerate(paragraphs)
    ]
    docs = [report, *extra]
    return docs, {"seed": chunks}


def law_doc(file: str) -> tuple[DocRecord, list[ChunkRecord]]:
    text = law_path(file).read_text(encoding="utf-8")
    title = text.splitlines()[0].lstrip("#").strip()
    doc = DocRecord(doc_id=file, title=title, source=file)
    return doc, [ChunkRecord(f"{file}:0", file, text, section_path=("全文",))]


def test_seed_references_are_typed() -> None:
    refs = find_references(SEED_FILE.read_text(encoding="utf-8"))
    types = {r.text: r.ref_type for r in refs}
    for title in ONE_PLUS_N:
        assert types[title] == "policy"
    assert types["2024广西企业100强发展报告"] == "report"
    assert types["2023 年全国科技经费投入统计公报"] == "report"
    assert (
        types["科技赋能广西传统产业数字化转型与聚链集群发展模式研究"] == "project"
    )  # 合作课题《…》
    assert classify_title("大数据与决策研究") == "publication"
    assert classify_title("中华人民共和国企业所得税法") == "law"


def test_document_numbers_and_nested_titles() -> None:
    text = "根据桂政发〔2024〕5号和国办发[2023]1号，参照河南省实施《中华人民共和国中小企业促进法》办法。"
    refs = find_references(text)
    numbers = [r.text for r in refs if r.ref_type == "doc_number"]
    assert numbers == ["桂政发〔2024〕5号", "国办发〔2023〕1号"]
    assert all(text[r.start : r.end] == r.raw for r in refs)
    assert normalise_doc_number("国办发（2023）01号") == "国办发〔2023〕1号"
    nested = find_references("见《河南省实施《中小企业促进法》办法》。")
    assert [r.text for r in nested] == ["河南省实施《中小企业促进法》办法"]


def test_normalise_title() -> None:
    assert normalise_title("《中华人民共和国 中小企业促进法》") == "中小企业促进法"
    assert normalise_title("保障中小企业款项支付条例(2025-03-17)") == "保障中小企业款项支付条例"


def test_one_plus_n_policies_are_cited_but_missing() -> None:
    docs, chunks = seed_docs()
    statuses = {s.title: s for s in resolve_references(docs, chunks)}
    for title in ONE_PLUS_N:
        s = statuses[title]
        assert not s.present and s.is_document
        assert [c.doc_title for c in s.cited_by] == [REPORT_TITLE]
        assert s.cited_by[0].section.startswith("段")
        assert "尚未收入语料库" in s.describe()
    assert not statuses["2024广西企业100强发展报告"].is_document


def test_a_cited_policy_becomes_present_when_indexed() -> None:
    plan = DocRecord(
        doc_id="plan",
        title="广西壮族自治区人民政府关于印发广西实施新一轮工业振兴三年行动方案",
        source="plan.pdf",
    )
    opinion = DocRecord(doc_id="op", title="关于加快构建广西现代化产业体系的意见", source="op.pdf")
    docs, chunks = seed_docs([plan, opinion])
    statuses = {s.title: s for s in resolve_references(docs, chunks)}
    assert statuses[ONE_PLUS_N[0]].present and statuses[ONE_PLUS_N[0]].doc_id == "op"
    assert statuses[ONE_PLUS_N[1]].present and statuses[ONE_PLUS_N[1]].doc_id == "plan"
    assert not statuses[ONE_PLUS_N[2]].present


def test_citations_between_real_laws() -> None:
    payment, payment_chunks = law_doc("保障中小企业款项支付条例(2025-03-17).md")
    sme, sme_chunks = law_doc("中小企业促进法(2017-09-01).md")
    chunks = {payment.doc_id: payment_chunks, sme.doc_id: sme_chunks}
    alone = {s.key: s for s in resolve_references([payment], chunks)}
    assert not alone["中小企业促进法"].present
    both = {s.key: s for s in resolve_references([payment, sme], chunks)}
    assert both["中小企业促进法"].present and both["中小企业促进法"].doc_id == sme.doc_id
    assert payment.doc_id in {c.doc_id for c in both["中小企业促进法"].cited_by}


def test_doc_number_presence() -> None:
    target = DocRecord(doc_id="t", title="某通知", source="t.txt", doc_number="桂政发[2024]5号")
    citing = DocRecord(doc_id="c", title="某报告", source="c.txt")
    chunks = {"c": [ChunkRecord("c:0", "c", "依据桂政发〔2024〕5号执行。")]}
    (status,) = resolve_references([citing, target], chunks)
    assert status.present and status.doc_id == "t" and status.title == "某通知"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("工业振兴三年行动方案有哪些内容？", ONE_PLUS_N[1]),
        ("《广西实施新一轮工业振兴三年行动的若干政策措施》规定了什么", ONE_PLUS_N[2]),
        ("广西现代化产业体系的意见怎么说", ONE_PLUS_N[0]),
        ("广西的链主企业有多少家？", None),
        ("2024广西企业100强发展报告说了什么", None),  # a report, not a policy document
    ],
)
def test_missing_reference_for_question(question: str, expected: str | None) -> None:
    docs, chunks = seed_docs()
    found = missing_reference_for_question(question, resolve_references(docs, chunks))
    assert (found.title if found else None) == expected


def test_no_missing_reference_once_the_document_is_present() -> None:
    plan = DocRecord(doc_id="plan", title=ONE_PLUS_N[1], source="plan.pdf")
    docs, chunks = seed_docs([plan])
    assert (
        missing_reference_for_question(
            "工业振兴三年行动方案有哪些内容？", resolve_references(docs, chunks)
        )
        is None
    )


def test_after_an_ingest_only_changed_documents_are_read_again(settings, tmp_path):
    from dataclasses import replace

    from assistant.policy.catalog import measure_cards, reference_statuses
    from assistant.store.store import Store
    from ingest.pipeline import Indexer

    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(3):
        (docs / f"{i}.txt").write_text(
            f"测试办法{i}（合成样本）\n\n第一条 根据《某省测试条例》，对小型微利企业给予{i + 1}0万元奖励。\n",
            encoding="utf-8",
        )
    Indexer(settings).ingest([docs])
    store = Store(settings)
    read: list[str] = []
    original = store.doc_chunks
    store.doc_chunks = lambda doc_id: read.append(doc_id) or original(doc_id)  # type: ignore[method-assign]
    missing = {s.title: s for s in reference_statuses(store)}["某省测试条例"]
    assert not missing.present and len(missing.cited_by) == 3
    assert read == []  # citations were read at ingest and kept in the records
    measure_cards(store)
    assert len(read) == 3  # cards: every document once
    (docs / "1.txt").write_text(
        "测试办法1（合成样本）\n\n第一条 根据《另一测试条例》执行。\n", "utf-8"
    )
    Indexer(settings, store).ingest([docs])
    read.clear()
    statuses = {s.title: s for s in reference_statuses(store)}
    measure_cards(store)
    assert read == [d.doc_id for d in store.documents() if d.source.endswith("1.txt")]
    assert len(statuses["某省测试条例"].cited_by) == 2 and "另一测试条例" in statuses

    # Records written before citations were kept: their chunks are read instead.
    store.put_documents([replace(d, citations=None) for d in store.documents()])
    read.clear()
    legacy = {s.title: s for s in reference_statuses(store)}
    assert len(read) == 3 and legacy == statuses
