"""Documents are known by their content (issue #11): the same text from another
folder is the same document, an edit in place is an update, moving the corpus
or the data folder re-embeds and duplicates nothing, prune removes a document
only when no source of it remains. Real Chroma, real embeddings."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.store.store import Store
from ingest.identity import legacy_id
from ingest.pipeline import Indexer
from ingest.sources import collect

POLICY = """关于支持样例产业发展的若干措施（合成样本）

一、支持措施

（一）研发奖励
对年度研发投入超过500万元的样例企业，按研发投入的10%给予奖励，最高不超过200万元。

（二）融资支持
对样例企业贷款给予贴息支持。
"""
OTHER = POLICY.replace("样例", "范例")


def corpus(folder: Path, texts: dict[str, str]) -> Path:
    for name, text in texts.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def docs_of(settings) -> list:  # type: ignore[no-untyped-def]
    return list(Store(settings).documents())


def test_the_same_corpus_from_a_second_folder_is_the_same_documents(settings, tmp_path):
    first = corpus(tmp_path / "checkout", {"a.txt": POLICY, "sub/b.txt": OTHER})
    second = tmp_path / "server-copy"
    shutil.copytree(first, second)
    indexer = Indexer(settings)
    assert indexer.ingest([first]).count("added") == 2
    again = indexer.ingest([second])
    assert again.count("unchanged") == 2 and again.embedded == 0
    docs = docs_of(settings)
    assert len(docs) == 2 and {d.status for d in docs} == {"current"}
    b = next(d for d in docs if "范例" in d.title)
    assert b.shown_sources == ["sub/b.txt", "sub/b.txt"]  # relative to the folder added
    assert [Path(loc) for loc, _ in b.sources] == [
        (first / "sub/b.txt").resolve(),
        (second / "sub/b.txt").resolve(),
    ]
    summary = b.summary()
    assert summary["source"] == "sub/b.txt" and str(tmp_path) not in str(summary)
    # Another ingest of both folders changes nothing.
    assert Indexer(settings).ingest([first, second]).count("unchanged") == 4


def test_an_edit_in_place_updates_a_copy_edit_splits_off(settings, tmp_path):
    a = corpus(tmp_path / "a", {"x.txt": POLICY})
    b = corpus(tmp_path / "b", {"x.txt": POLICY})
    indexer = Indexer(settings)
    indexer.ingest([a, b])
    (original,) = docs_of(settings)
    # b's copy is edited: a still holds the old text, so the new text is a
    # document of its own, and the old one keeps only a's file.
    edited = POLICY.replace("200万元", "300万元")
    (b / "x.txt").write_text(edited, encoding="utf-8")
    assert indexer.ingest([b]).count("added") == 1
    docs = {d.doc_id: d for d in docs_of(settings)}
    assert len(docs) == 2 and docs[original.doc_id].shown_sources == ["x.txt"]
    assert Path(docs[original.doc_id].sources[0][0]) == (a / "x.txt").resolve()
    # a's copy gets the same edit: it joins the new document; the old text is
    # nowhere any more, so its document goes.
    (a / "x.txt").write_text(edited, encoding="utf-8")
    summary = indexer.ingest([a])
    assert summary.count("unchanged") == 1 and summary.count("removed") == 1
    (doc,) = docs_of(settings)
    assert doc.doc_id != original.doc_id and len(doc.sources) == 2
    # A single-source edit is an update of that document: same id.
    (a / "x.txt").write_text(POLICY, encoding="utf-8")
    (b / "x.txt").unlink()
    indexer.ingest([a], prune=True)
    (single,) = docs_of(settings)
    (a / "x.txt").write_text(edited.replace("贴息", "贴息和担保"), encoding="utf-8")
    assert indexer.ingest([a]).count("updated") == 1
    (updated,) = docs_of(settings)
    assert updated.doc_id == single.doc_id and updated.text_hash != single.text_hash


def test_moving_the_corpus_and_the_data_folder_reembeds_nothing(tmp_path, embed_cache):
    from assistant.settings import Settings

    root = tmp_path / "old"
    docs = corpus(root / "corpus", {"a.txt": POLICY, "b.txt": OTHER})
    settings = Settings(data_dir=root / "data", embed_cache=embed_cache)
    upload = corpus(settings.uploads_dir, {"up.txt": POLICY.replace("样例", "上传")})
    Indexer(settings).ingest([docs, upload / "up.txt"])
    before = {d.doc_id: set(d.chunk_ids) for d in docs_of(settings)}
    assert len(before) == 3

    shutil.move(root, tmp_path / "new")  # the whole checkout moves, data folder included
    moved = settings.with_overrides(data_dir=tmp_path / "new" / "data")
    summary = Indexer(moved).ingest([tmp_path / "new" / "corpus"], prune=True)
    assert summary.embedded == 0 and summary.count("unchanged") == 2
    assert summary.count("removed") == 0  # the upload moved with the data folder
    after = {d.doc_id: set(d.chunk_ids) for d in docs_of(moved)}
    assert after == before
    for doc in docs_of(moved):
        assert len(doc.sources) == 1 and (tmp_path / "old").as_posix() not in doc.sources[0][0]


def test_prune_removes_a_document_only_when_no_source_remains(settings, tmp_path):
    a = corpus(tmp_path / "a", {"x.txt": POLICY})
    b = corpus(tmp_path / "b", {"y.txt": POLICY})
    indexer = Indexer(settings)
    indexer.ingest([a, b])
    (a / "x.txt").unlink()
    assert indexer.ingest([a], prune=True).count("removed") == 0
    (doc,) = docs_of(settings)
    assert doc.shown_sources == ["y.txt"] and Path(doc.source) == (b / "y.txt").resolve()
    (b / "y.txt").unlink()
    assert indexer.ingest([b], prune=True).count("removed") == 1
    assert docs_of(settings) == []


def test_versions_and_editions(settings, tmp_path):
    manifest = (
        '["old.txt"]\ntitle = "样例措施"\nissued = 2023-01-01\n'
        '["new.txt"]\ntitle = "样例措施"\nissued = 2024-01-01\n'
        '["web.txt"]\ntitle = "样例措施"\nissued = 2024-01-01\n'
    )
    docs = corpus(
        tmp_path / "docs",
        {
            "old.txt": POLICY,
            "new.txt": POLICY.replace("200万元", "250万元"),
            "web.txt": POLICY.replace("200万元", "250万元") + "\n（网页版）\n",
            "policyqa.toml": manifest,
        },
    )
    Indexer(settings).ingest([docs])
    status = {d.shown_source: d.status for d in docs_of(settings)}
    # A later date is a new version; the same date and 文号 is one edition in
    # two texts (a PDF and a web page of one notice), neither replacing the other.
    assert status == {"old.txt": "superseded", "new.txt": "current", "web.txt": "current"}


def test_records_from_before_content_identity_are_adopted(settings, tmp_path):
    a = corpus(tmp_path / "a", {"x.txt": POLICY})
    b = corpus(tmp_path / "b", {"x.txt": POLICY})
    indexer = Indexer(settings)
    indexer.ingest([a])
    store = Store(settings)
    (doc,) = store.documents()
    # What the old code wrote for a and for b: path-hash ids, no sources, and
    # the copy labelled superseded.
    old = [
        replace(doc, doc_id=legacy_id(folder / "x.txt"), source=str(folder / "x.txt"),
                sources=(), text_hash="", status=status)
        for folder, status in ((a, "current"), (b, "superseded"))
    ]  # fmt: skip
    store.put_documents(old)
    store.delete_documents([doc.doc_id])
    summary = Indexer(settings).ingest([a, b])
    assert summary.embedded == 0 and summary.count("removed") == 1
    (adopted,) = docs_of(settings)
    assert adopted.doc_id == old[0].doc_id and adopted.status == "current"
    assert adopted.text_hash and len(adopted.sources) == 2


def test_an_unreadable_folder_is_reported_by_name(settings, tmp_path, monkeypatch):
    docs = corpus(tmp_path / "docs", {"a.txt": POLICY, "locked/b.txt": OTHER})
    locked = docs / "locked"
    locked.chmod(0)
    if os.geteuid() == 0:  # root reads it anyway: make listing it fail as it would
        real = os.scandir

        def scandir(path=".", *a, **k):  # type: ignore[no-untyped-def]
            if Path(path) == locked:
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *a, **k)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        files, problems = collect([docs])
        assert [f.shown for f in files] == ["a.txt"] and [u.path for u in problems] == [locked]
        summary = Indexer(settings).ingest([docs])
    finally:
        locked.chmod(0o755)
    (failed,) = summary.failed
    assert Path(failed.path) == locked and "cannot read this folder" in failed.reason
    assert summary.count("added") == 1


@pytest.mark.parametrize("name", ["README.md", "policyqa.toml", "policyqa-vectors.npz", ".x.txt"])
def test_what_describes_a_corpus_is_not_a_document(tmp_path, name):
    docs = corpus(tmp_path / "docs", {"a.txt": POLICY, name: "x"})
    assert [f.shown for f in collect([docs])[0]] == ["a.txt"]
