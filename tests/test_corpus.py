"""The bundled corpus (issue #11): national texts for firms, each with its
metadata and provenance, shipped vectors that match it, and the page's
examples answered with their clause on the index `make run` builds."""

from __future__ import annotations

import tomllib

import pytest

from assistant.store import DIM, CachedEmbeddings, Store
from ingest.pipeline import Indexer, embedding_text
from ingest.shipped import VECTORS_NAME, read_vectors
from ingest.sources import collect
from tests.conftest import CORPUS_DIR

NATIONAL = {"全国人民代表大会", "全国人民代表大会常务委员会", "国务院"}
REPORT = "大数据与决策研究-2024年第61期-科技赋能广西产业链聚链集群发展的对策研究.txt"


def documents() -> list[str]:
    return [f.shown for f in collect([CORPUS_DIR])[0]]


def test_every_document_has_metadata_and_provenance() -> None:
    manifest = tomllib.loads((CORPUS_DIR / "policyqa.toml").read_text(encoding="utf-8"))
    readme = (CORPUS_DIR / "README.md").read_text(encoding="utf-8")
    names = documents()
    assert len(names) == 18 and set(names) == set(manifest)
    for name in names:
        assert f"`{name}`" in readme, f"corpus/README.md says nothing of {name}"
        entry = manifest[name]
        assert {"title", "issuer", "issued"} <= set(entry)
        # National texts only (and the report): a firm in one province is not
        # offered another province's measures by default.
        assert name == REPORT or entry["issuer"] in NATIONAL, name


@pytest.fixture(scope="module")
def bundled(tmp_path_factory, embed_cache):  # type: ignore[no-untyped-def]
    """The index `make run` builds: the bundled corpus alone."""
    from assistant.settings import Settings

    settings = Settings(
        data_dir=tmp_path_factory.mktemp("bundled") / "data",
        corpus_dir=CORPUS_DIR,
        embed_cache=embed_cache,
    )
    summary = Indexer(settings).ingest([CORPUS_DIR])
    assert not summary.failed and summary.count("added") == 18
    return settings


def test_shipped_vectors_cover_every_passage(bundled) -> None:
    store = Store(bundled)
    embeddings = store.embeddings
    assert isinstance(embeddings, CachedEmbeddings)
    shipped = read_vectors(CORPUS_DIR / VECTORS_NAME, embeddings.model, DIM)
    texts = [
        embedding_text(d.title, c) for d in store.documents() for c in store.doc_chunks(d.doc_id)
    ]
    stale = [t[:40] for t in texts if embeddings.key(t) not in shipped]
    assert not stale, f"rerun scripts/ship_vectors.py: {len(stale)} passages lack vectors"


@pytest.mark.parametrize(
    ("question", "clause"),
    [
        ("我们是木材加工企业，员工90人，能享受哪些支持？", "第二十八条"),
        ("小型微利企业的企业所得税税率是多少？", "第二十八条"),
        ("广西2023年R&D经费投入强度是多少？", "0.84%"),
    ],
)
def test_the_page_examples_are_answered_with_their_clause(bundled, question, clause) -> None:
    from assistant.answer import answer

    result = answer(question, settings=bundled, store=Store(bundled))
    assert not result.refused and result.citations
    cited = " ".join(f"{c.title} {c.section} {c.text}" for c in result.citations)
    assert clause in cited and clause in result.text
    if "企业所得税" in question or "木材" in question:
        assert "企业所得税法" in cited and "20" in result.text
