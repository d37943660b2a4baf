"""Shared fixtures: settings in a temp folder, and a network guard."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# gradio_client's huggingface_hub would look up an "agent registry" online.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

# Everything a test reads is in the repository (issue #11): the national laws
# are the bundled corpus; the few local regulations, the seed report and the
# dev questions are copies in tests/fixtures (see its README for provenance).
REPO = Path(__file__).resolve().parents[1]
CORPUS_DIR = REPO / "corpus"
FIXTURES = REPO / "tests" / "fixtures"
LAWS_DIR = FIXTURES / "laws"  # local regulations (and a judicial interpretation)
SEED_FILE = FIXTURES / "seed_report.txt"
EVAL_FILE = FIXTURES / "dev.jsonl"
PAYMENT_VERSIONS = (  # one regulation, two versions: the versioning fixtures
    "保障中小企业款项支付条例(2020-07-05).md",
    "保障中小企业款项支付条例(2025-03-17).md",
)


def law_path(name: str) -> Path:
    """A law text by file name: a local one in the fixtures, else the bundled one."""
    local = LAWS_DIR / name
    return local if local.exists() else CORPUS_DIR / name


def law_files() -> list[Path]:
    """Every law text the repository holds (bundled and fixtures), by name."""
    laws = [*CORPUS_DIR.glob("*.md"), *LAWS_DIR.glob("*.md")]
    return sorted((p for p in laws if p.name != "README.md"), key=lambda p: p.name)


def copy_laws(folder: Path, names: tuple[str, ...] = PAYMENT_VERSIONS) -> Path:
    """Copy law files into ``folder`` (created)."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(law_path(name), folder / name)
    return folder


@pytest.fixture(scope="session")
def embed_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One passage-vector cache for the whole run: a text is embedded once.

    POLICYQA_TEST_EMBED_CACHE points at a cache kept between runs (local
    development); CI starts empty and embeds everything for real."""
    keep = os.environ.get("POLICYQA_TEST_EMBED_CACHE")
    if keep:
        return Path(keep)
    return tmp_path_factory.mktemp("embed-cache") / "vectors.sqlite"


@pytest.fixture
def settings(tmp_path: Path, embed_cache: Path):
    from assistant.settings import Settings

    return Settings(data_dir=tmp_path / "data", corpus_dir=CORPUS_DIR, embed_cache=embed_cache)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory, embed_cache: Path):
    """Settings of an index holding the bundled corpus and the fixtures' local
    regulations (built once; both folders ship their passage vectors)."""
    from assistant.settings import Settings
    from ingest.pipeline import Indexer

    s = Settings(
        data_dir=tmp_path_factory.mktemp("corpus-index") / "data",
        corpus_dir=CORPUS_DIR,
        embed_cache=embed_cache,
    )
    summary = Indexer(s).ingest([CORPUS_DIR, LAWS_DIR])
    assert not summary.failed, summary.failed
    return s


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch):
    """Any connection to a non-loopback address fails the test loudly."""
    real_connect = socket.socket.connect
    attempts: list[object] = []

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "::1", "localhost") and not str(host).startswith("/"):
            attempts.append(address)
            raise OSError(f"network access blocked in tests: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "getaddrinfo", _guarded_getaddrinfo(socket.getaddrinfo, attempts))
    yield attempts
    assert not attempts, f"code tried to reach the network: {attempts}"


def _guarded_getaddrinfo(real, attempts):  # type: ignore[no-untyped-def]
    def guarded(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host not in (None, "127.0.0.1", "::1", "localhost"):
            attempts.append(host)
            raise OSError(f"DNS lookup blocked in tests: {host}")
        return real(host, *args, **kwargs)

    return guarded
