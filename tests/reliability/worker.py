"""A subprocess for the crash tests: ingest, delete or save the keyword index,
optionally killing itself (SIGKILL, no clean-up) at a chosen step.

    python -m tests.reliability.worker ingest --data-dir D --cache C FILE...
    python -m tests.reliability.worker delete --data-dir D --cache C DOC_ID...
    python -m tests.reliability.worker keyword --data-dir D --cache C ROUNDS

``--crash before:add_chunks:2`` dies just before the second call of
``Store.add_chunks``; ``after:...`` just after it returns; ``os.replace``
names the rename inside ``KeywordIndex.save``. It prints ``ready`` once the
store is open (the parent starts its kill timer then), ``progress ...``
lines while embedding, and ``done {json}`` at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _wrap(fn: Callable[..., Any], when: str, nth: int) -> Callable[..., Any]:
    calls = 0

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if when == "before" and calls == nth:
            _die()
        out = fn(*args, **kwargs)
        if when == "after" and calls == nth:
            _die()
        return out

    return wrapper


def inject(store: Any, spec: str) -> None:
    when, name, nth = spec.split(":")
    if name == "os.replace":
        os.replace = _wrap(os.replace, when, int(nth))  # type: ignore[assignment]
    else:
        setattr(store, name, _wrap(getattr(store, name), when, int(nth)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["ingest", "delete", "keyword"])
    parser.add_argument("args", nargs="*")
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--crash", default=None)
    parser.add_argument("--chroma-port", type=int, default=None)
    parser.add_argument("--collection", default="policyqa")
    opts = parser.parse_args(argv)

    from assistant.settings import Settings
    from assistant.store.store import Store
    from ingest.pipeline import Indexer

    settings = Settings(
        data_dir=opts.data_dir,
        embed_cache=opts.cache,
        collection=opts.collection,
        chroma_host="127.0.0.1" if opts.chroma_port else None,
        chroma_port=opts.chroma_port or 8000,
    )
    store = Store(settings)
    store.count_chunks()  # open Chroma before the parent's timer starts
    indexer = Indexer(settings, store)
    if opts.crash:
        inject(store, opts.crash)
    print("ready", flush=True)
    started = time.perf_counter()
    if opts.command == "ingest":
        summary = indexer.ingest(
            opts.args,
            progress=lambda stage, done, total: print(
                f"progress {stage} {done} {total}", flush=True
            ),
        )
        result: dict[str, Any] = {"embedded": summary.embedded, "failed": len(summary.failed)}
    elif opts.command == "delete":
        indexer.delete(opts.args)
        result = {}
    else:
        for _ in range(int(opts.args[0])):
            store.rebuild_keyword_index()
        result = {}
    result["seconds"] = time.perf_counter() - started
    print("done " + json.dumps(result), flush=True)


if __name__ == "__main__":
    sys.exit(main())
