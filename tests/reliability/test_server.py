"""Chroma server mode (issue #6): ingest, answer, re-ingest and delete against
a real ``chroma run`` server; two app replicas (separate data dirs, so separate
keyword indexes) sharing one server stay consistent; the auth header reaches
the server. ``scripts/test.sh`` starts the server and sets
POLICYQA_TEST_CHROMA_PORT.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assistant.answer.chain import answer
from assistant.settings import Settings
from assistant.store.embeddings import get_embeddings
from assistant.store.store import Store
from ingest.pipeline import Indexer

from .crashkit import assert_readable, doc_id_of, run_worker, snapshot
from .synthetic import marker, synthetic_doc, write_docs

PORT = os.environ.get("POLICYQA_TEST_CHROMA_PORT")
pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(
        not PORT,
        reason="needs a `chroma run` server: set POLICYQA_TEST_CHROMA_PORT (scripts/test.sh does)",
    ),
]
# Replicas re-read the generation from the server at most once a second.
STALENESS = 1.1


@pytest.fixture
def collection() -> Iterator[str]:
    name = f"rel-{uuid.uuid4().hex[:12]}"
    yield name
    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=int(PORT or 0))
    for kind in ("chunks", "docs"):
        with contextlib.suppress(Exception):
            client.delete_collection(f"{name}_{kind}")


def _server(
    tmp_path: Path, name: str, collection: str, embed_cache: Path, **kw: object
) -> Settings:
    fields: dict[str, object] = {"chroma_port": int(PORT or 0), **kw}
    return Settings(
        data_dir=tmp_path / name,
        chroma_host="127.0.0.1",
        collection=collection,
        embed_cache=embed_cache,
        **fields,
    )


def test_ingest_answer_reingest_delete(tmp_path: Path, collection: str, embed_cache: Path) -> None:
    s = _server(tmp_path, "app", collection, embed_cache)
    files = write_docs(tmp_path / "docs", 3)
    indexer = Indexer(s, Store(s))
    first = indexer.ingest(files)
    assert [r.status for r in first.results] == ["added"] * 3
    assert first.embedded == first.total_chunks > 0
    assert not (s.data_dir / "chroma").exists()  # nothing stored locally but BM25
    ids = [doc_id_of(Store(s), f) for f in files]

    got = answer(f"{marker(1)}的申请材料多少个工作日内审核完毕？", settings=s, store=Store(s))
    assert not got.refused and got.citations
    assert got.citations[0].doc_id == ids[1]

    again = indexer.ingest(files)
    assert again.embedded == 0 and again.count("unchanged") == 3

    gone = set(Store(s).document(ids[0]).chunk_ids)
    indexer.delete([ids[0]])
    reader = Store(s)
    docs = reader.documents()
    assert sorted(d.doc_id for d in docs) == sorted(ids[1:])
    assert reader.count_chunks() == sum(d.chunks for d in docs)
    assert not gone & {c for c, _ in reader.keyword_search(marker(0), k=50)}


def test_replicas_see_each_others_writes(
    tmp_path: Path, collection: str, embed_cache: Path
) -> None:
    a_settings = _server(tmp_path, "replica-a", collection, embed_cache)
    b_settings = _server(tmp_path, "replica-b", collection, embed_cache)
    a, b = Store(a_settings), Store(b_settings)
    files = write_docs(tmp_path / "docs", 3)
    Indexer(a_settings, a).ingest(files[:2])
    time.sleep(STALENESS)
    first = set(a.document(doc_id_of(a, files[0])).chunk_ids)
    assert first <= {c for c, _ in b.keyword_search(marker(0), k=50)}

    # A writes a new document; B's cached documents and keyword index are stale
    # until B sees the new generation, then it reloads and rebuilds its BM25.
    Indexer(a_settings, a).ingest(files)
    new = a.document(doc_id_of(a, files[2]))
    time.sleep(STALENESS)
    assert set(new.chunk_ids) <= {c for c, _ in b.keyword_search(marker(2), k=50)}
    vector = get_embeddings(b_settings).embed_query(f"合成测试办法第2号 {marker(2)}")
    assert set(new.chunk_ids) & {c for c, _ in b.dense_search(vector, k=10)}
    assert b.generation() == a.generation()
    saved = snapshot(b_settings, b)  # B's own keyword folder now matches the server
    assert_readable(saved)

    Indexer(a_settings, a).delete([new.doc_id])
    time.sleep(STALENESS)
    assert not set(new.chunk_ids) & {c for c, _ in b.keyword_search(marker(2), k=50)}
    assert b.document(new.doc_id) is None


@pytest.mark.slow
def test_a_replica_never_sees_a_half_update(
    tmp_path: Path, collection: str, embed_cache: Path
) -> None:
    """A writer process dies mid-update; a long-lived replica shows the old or the
    new version, and after the writer's re-run it holds no stale keyword index."""
    writer = _server(tmp_path, "writer", collection, embed_cache)
    reader_settings = _server(tmp_path, "reader", collection, embed_cache)
    files = write_docs(tmp_path / "docs", 3)
    Indexer(writer, Store(writer)).ingest(files)
    reader = Store(reader_settings)
    doc_id = doc_id_of(reader, files[0])
    assert reader.keyword_search(marker(0), k=20)
    files[0].write_text(synthetic_doc(0, articles=4, version=1), "utf-8")
    for spec in ("after:add_chunks:1", "after:put_documents:1"):
        assert run_worker("ingest", writer, *files, crash=spec).status == "killed"
        time.sleep(STALENESS)
        texts = [c.text for c in reader.doc_chunks(doc_id)]
        assert len(texts) == reader.document(doc_id).chunks
        assert len({"版本1" in t for t in texts}) == 1, "a mix of versions"
    assert run_worker("ingest", writer, *files).status == "done"
    time.sleep(STALENESS)
    snap = snapshot(reader_settings, reader)
    assert_readable(snap)
    assert sorted(snap.rows) == snap.live  # the re-run removed the old version's chunks
    assert all("版本1" in t for t in snap.doc_texts(doc_id))


# --- the auth header -----------------------------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    """Forwards every request to the real server and records its headers."""

    protocol_version = "HTTP/1.1"

    def _forward(self) -> None:
        self.server.seen.append(dict(self.headers))  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        skip = {"host", "connection", "content-length", "transfer-encoding"}
        conn = http.client.HTTPConnection("127.0.0.1", int(PORT or 0), timeout=30)
        conn.request(
            self.command,
            self.path,
            body=body,
            headers={k: v for k, v in self.headers.items() if k.lower() not in skip},
        )
        resp = conn.getresponse()
        data = resp.read()
        self.send_response(resp.status)
        for k, v in resp.getheaders():
            if k.lower() not in skip:
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        conn.close()

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _forward

    def log_message(self, *args: object) -> None:
        return None


def test_the_token_header_reaches_the_server(
    tmp_path: Path, collection: str, embed_cache: Path
) -> None:
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    proxy.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        s = _server(
            tmp_path,
            "app",
            collection,
            embed_cache,
            chroma_port=proxy.server_address[1],
            chroma_auth_header="X-Chroma-Token",
            chroma_token="Bearer s3cret-token",
        )
        store = Store(s)
        assert store.count_chunks() == 0
        Indexer(s, store).ingest(write_docs(tmp_path / "docs", 1))
        assert store.count_chunks() > 0
    finally:
        proxy.shutdown()
        proxy.server_close()
    seen = proxy.seen  # type: ignore[attr-defined]
    assert len(seen) >= 4
    assert all(h.get("X-Chroma-Token") == "Bearer s3cret-token" for h in seen)
