"""The indexing pipeline on real Chroma and real embeddings: idempotent
re-ingest, atomic replacement, prune, failures reported, versions."""

from __future__ import annotations

from pathlib import Path

from assistant.store.store import Store
from ingest.pipeline import Indexer
from tests.conftest import copy_laws

POLICY = """关于支持测试产业发展的若干措施（合成样本）

一、总体要求

（一）目标任务
到2030年，测试产业规模达到一百亿元。

二、支持措施

（一）研发奖励
对年度研发投入超过500万元的测试企业，按研发投入的10%给予奖励，最高不超过200万元。

（二）融资支持
对测试企业贷款给予贴息支持。
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reingest_is_idempotent_and_edit_replaces_exactly_its_chunks(settings, tmp_path):
    docs = tmp_path / "docs"
    a = _write(docs, "a.txt", POLICY)
    _write(docs, "b.txt", POLICY.replace("测试产业", "样本产业"))
    indexer = Indexer(settings)
    first = indexer.ingest([docs])
    assert first.count("added") == 2 and not first.failed
    store = Store(settings)
    before = {d.source: set(d.chunk_ids) for d in store.documents()}

    again = indexer.ingest([docs])
    assert again.count("unchanged") == 2 and again.embedded == 0

    a.write_text(POLICY.replace("最高不超过200万元", "最高不超过300万元"), encoding="utf-8")
    edited = indexer.ingest([docs])
    assert edited.count("updated") == 1 and edited.count("unchanged") == 1
    after = {d.source: set(d.chunk_ids) for d in Store(settings).documents()}
    assert after[str(docs / "b.txt")] == before[str(docs / "b.txt")]
    changed = before[str(a)] ^ after[str(a)]
    assert len(changed) == 2  # one chunk out, its replacement in
    assert Store(settings).count_chunks() == sum(len(v) for v in after.values())
    hits = Store(settings).keyword_search("300万元 研发奖励", 3)
    assert Store(settings).chunks([hits[0][0]])[0].text.count("300万元") == 1


def test_a_new_chunker_or_chunk_size_re_cuts_documents_on_the_next_ingest(
    settings, tmp_path, monkeypatch
):
    docs = tmp_path / "docs"
    _write(docs, "a.txt", POLICY)
    assert Indexer(settings).ingest([docs]).count("added") == 1
    monkeypatch.setattr("ingest.doc_record.CHUNKER_VERSION", -1)
    assert Indexer(settings).ingest([docs]).count("updated") == 1
    assert Indexer(settings).ingest([docs]).count("unchanged") == 1
    smaller = settings.with_overrides(chunk_max_tokens=40, chunk_min_tokens=10)
    assert Indexer(smaller).ingest([docs]).count("updated") == 1
    store = Store(smaller)
    (doc,) = store.documents()
    assert len(doc.chunk_ids) == store.count_chunks() > 1


def test_prune_removes_documents_whose_files_are_gone(settings, tmp_path):
    docs = tmp_path / "docs"
    _write(docs, "a.txt", POLICY)
    b = _write(docs, "b.txt", POLICY.replace("测试产业", "样本产业"))
    indexer = Indexer(settings)
    indexer.ingest([docs])
    b.unlink()
    summary = indexer.ingest([docs], prune=True)
    assert summary.count("removed") == 1
    store = Store(settings)
    assert [Path(d.source).name for d in store.documents()] == ["a.txt"]
    assert store.count_chunks() == sum(d.chunks for d in store.documents())
    (kept,) = store.documents()
    hits = store.keyword_search("样本产业", 10)
    assert hits and {c.doc_id for c in store.chunks([c for c, _ in hits])} == {kept.doc_id}


def test_bad_files_are_reported_by_name_and_the_batch_goes_on(settings, tmp_path):
    docs = tmp_path / "docs"
    _write(docs, "good.txt", POLICY)
    (docs / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage without xref")
    (docs / "empty.txt").write_bytes(b"")
    (docs / "sheet.xlsx").write_bytes(b"PK\x03\x04 not really")
    summary = Indexer(settings).ingest([docs])
    failed = {Path(r.path).name: r.reason for r in summary.failed}
    assert set(failed) == {"broken.pdf", "empty.txt", "sheet.xlsx"}
    assert all(reason and "\n" not in reason for reason in failed.values())
    assert summary.count("added") == 1
    assert [Path(d.source).name for d in Store(settings).documents()] == ["good.txt"]


def test_versions_of_one_regulation(settings, tmp_path):
    docs = copy_laws(tmp_path / "laws")
    Indexer(settings).ingest([docs])
    status = {Path(d.source).name: d.status for d in Store(settings).documents()}
    assert status == {
        "保障中小企业款项支付条例(2020-07-05).md": "superseded",
        "保障中小企业款项支付条例(2025-03-17).md": "current",
    }


def test_manifest_corrects_metadata_and_status(settings, tmp_path):
    docs = tmp_path / "docs"
    _write(docs, "a.txt", POLICY)
    _write(
        docs,
        "policyqa.toml",
        '["a.txt"]\ntitle = "测试措施"\nissuer = "某某市人民政府"\n'
        'doc_number = "某政发〔2024〕7号"\nissued = 2024-03-01\nstatus = "superseded"\n',
    )
    Indexer(settings).ingest([docs])
    (doc,) = Store(settings).documents()
    assert (doc.title, doc.issuer, doc.doc_number, doc.issued, doc.status) == (
        "测试措施",
        "某某市人民政府",
        "某政发〔2024〕7号",
        "2024-03-01",
        "superseded",
    )
