"""The `policy-qa` command: ingest, docs, ask, eval, match, refs, serve.

The one place (with the page's app factory) that builds Settings; errors of
the project become one line on stderr and a non-zero exit, tracebacks go to
the log only.
"""

from __future__ import annotations

import argparse
import atexit
import json
import logging
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from assistant.errors import AssistantError, StoreError
from assistant.settings import Settings

log = logging.getLogger("policy_qa")

ADD_DOCUMENTS = (
    "To add documents: copy them into corpus/ and run `.venv/bin/policy-qa ingest corpus/`, "
    "or upload them on the page's 文档库 tab (needs POLICYQA_ADMIN_PASSWORD)."
)


class UsageError(AssistantError):
    """A command was asked for something it cannot do (an empty question, an unknown id)."""


def _help(name: str) -> str:
    return Settings.model_fields[name].description or ""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-qa", description="Cited answers about Chinese policy documents."
    )
    parser.add_argument("--data-dir", type=Path, help=_help("data_dir") + " [POLICYQA_DATA_DIR]")
    parser.add_argument("--verbose", "-v", action="store_true", help="Log progress details.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="Index files or folders (recursive).")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--prune", action="store_true", help="Remove documents whose files are gone.")
    p.add_argument("--no-progress", action="store_true", help="No progress bars.")

    p = sub.add_parser("docs", help="List the indexed documents.")
    p.add_argument("--json", action="store_true", help="Print a JSON list for scripts.")

    p = sub.add_parser("delete", help="Remove documents from the index by doc_id.")
    p.add_argument("doc_ids", nargs="+")

    p = sub.add_parser("ask", help="Answer one question, with numbered sources.")
    p.add_argument("question")
    p.add_argument("--doc", action="append", help="Only this doc_id (repeatable).")
    p.add_argument("--issuer", action="append", help="Only documents of this issuer.")
    p.add_argument("--year", action="append", type=int, help="Only documents of this year.")
    p.add_argument("--in-force", action="store_true", help="Only documents in force.")
    p.add_argument("--json", action="store_true", help="Print the Answer as JSON.")

    p = sub.add_parser("eval", help="Run gold questions; write per-question JSON; print metrics.")
    p.add_argument("--questions", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--compare", action="store_true", help="Also print dense / BM25 / hybrid.")
    p.add_argument("--split", help="Only questions of this split (tune, heldout).")
    p.add_argument(
        "--own-history",
        action="store_true",
        help="Answer a conversation's earlier questions too and use those answers as its "
        "history (as the chat page does), not the gold answers.",
    )

    p = sub.add_parser("match", help="Which measures apply to a firm (政策计算器).")
    p.add_argument("--profile", type=Path, required=True, help="Profile JSON file.")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("refs", help="Documents the corpus cites, and whether they are present.")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("serve", help="Start the chat page and the HTTP API beside it.")
    p.add_argument("--host", help=_help("host"))
    p.add_argument("--port", type=int, help=_help("port"))
    p.add_argument(
        "--ingest",
        type=Path,
        action="append",
        help="Ingest these paths (e.g. the bundled corpus/) before serving.",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing may reach a model hub
    args = build_parser().parse_args(argv)
    try:
        settings = Settings().with_overrides(data_dir=args.data_dir)
        logging.basicConfig(
            level="INFO" if args.verbose else settings.log_level,
            format="%(levelname)s %(name)s: %(message)s",
        )
        for noisy in ("bm25s", "jieba", "httpx", "chromadb", "RapidOCR"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        handler = COMMANDS[args.command]
        return handler(args, settings)
    except AssistantError as exc:
        log.debug("command failed", exc_info=True)
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ValidationError as exc:  # a POLICYQA_* variable or option of the wrong type
        problems = "; ".join(
            f"POLICYQA_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        print(f"error: invalid setting: {problems}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader stopped early (`policy-qa ask … | head`): nothing is lost
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


# --- the index a command reads --------------------------------------------------


def _build_hint(settings: Settings) -> str:
    where = "" if settings.data_dir == Path("data") else f" --data-dir {settings.data_dir}"
    return f"build it with `policy-qa{where} ingest corpus/`"


def existing_index(settings: Settings) -> None:
    """Raise a one-line error unless ``settings`` names an index with documents.

    Reading commands never create an index: an empty one would only hide the
    mistake (a wrong --data-dir, a forgotten ingest) behind empty answers."""
    from assistant.store import Store

    if not Store(settings).has_index():
        place = settings.chroma_host or settings.data_dir
        raise StoreError(f"no index in {place}: {_build_hint(settings)}")


def reading_settings(settings: Settings) -> Settings:
    """Settings for a command that only reads: the index must exist, and one
    that is read-only is read from a private temporary copy — embedded Chroma
    writes to its files even to read them (chroma-core/chroma#1438)."""
    if not settings.chroma_host:
        if not (settings.chroma_dir / "chroma.sqlite3").is_file():
            raise StoreError(f"no index in {settings.data_dir}: {_build_hint(settings)}")
        if not _writable(settings.data_dir, settings.chroma_dir):
            settings = _private_copy(settings)
    existing_index(settings)
    return settings


def _writable(*paths: Path) -> bool:
    # The mode bits as well as access(): root may write anywhere, but a
    # folder its owner made read-only (chmod a-w) is not ours to change.
    for path in paths:
        for item in (path, *path.iterdir()):
            if not os.access(item, os.W_OK) or not item.stat().st_mode & 0o222:
                return False
    return True


def _private_copy(settings: Settings) -> Settings:
    tmp = Path(tempfile.mkdtemp(prefix="policyqa-read-"))
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    copy = tmp / "data"
    shutil.copytree(settings.data_dir, copy, ignore=shutil.ignore_patterns("uploads"))
    for folder, _, names in os.walk(copy):
        for item in (Path(folder), *(Path(folder) / n for n in names)):
            item.chmod(item.stat().st_mode | stat.S_IWUSR)
    log.info("the index in %s is read-only: reading a copy in %s", settings.data_dir, copy)
    return settings.with_overrides(data_dir=copy)


# --- commands -------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.pipeline import Indexer

    from .progress import TerminalProgress
    from .worker import lower_priority

    lower_priority()  # a page serving this index keeps its speed (issue 12)

    with TerminalProgress(enabled=not args.no_progress) as progress:
        summary = Indexer(settings).ingest(
            args.paths, prune=args.prune, progress=progress.update, on_result=progress.result
        )
    for r in summary.failed:
        print(f"failed: {r.path}: {r.reason}", file=sys.stderr)
    print(summary.line())
    return 1 if summary.failed else 0


def cmd_docs(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.records import validity_label
    from assistant.store import Store

    docs = Store(reading_settings(settings)).documents()
    if args.json:
        print(json.dumps([d.summary() for d in docs], ensure_ascii=False, indent=2))
        return 0
    for d in docs:
        dates = " ".join(
            x
            for x in (
                f"发布 {d.issued}" if d.issued else "",
                f"施行 {d.effective}" if d.effective else "",
            )
            if x
        )
        print(f"《{d.title}》 [{validity_label(d.validity())}] {d.doc_number}".rstrip())
        where = "、".join(d.shown_sources)
        print(f"    {d.issuer or '发文机关不详'}  {dates}  {d.chunks} 段  {where}  ({d.doc_id})")
    print(f"{len(docs)} documents, {sum(d.chunks for d in docs)} chunks")
    return 0


def cmd_delete(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.store import Store
    from ingest.pipeline import Indexer

    from .worker import lower_priority

    existing_index(settings)
    lower_priority()
    store = Store(settings)
    unknown = [i for i in args.doc_ids if store.document(i) is None]
    if unknown:  # nothing is deleted: a typo must not pass for success
        raise UsageError(f"no document with id {', '.join(unknown)} (see `policy-qa docs`)")
    docs = [store.document(i) for i in dict.fromkeys(args.doc_ids)]
    Indexer(settings, store).delete([d.doc_id for d in docs if d])
    print("deleted " + "; ".join(f"《{d.title}》 ({d.doc_id})" for d in docs if d))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    settings = settings.with_overrides(host=args.host, port=args.port)
    if args.ingest:
        from ingest.pipeline import Indexer

        from .progress import TerminalProgress

        print(f"Indexing {', '.join(map(str, args.ingest))} …", flush=True)
        with TerminalProgress(enabled=sys.stderr.isatty()) as progress:
            summary = Indexer(settings).ingest(args.ingest, progress=progress.update)
        for r in summary.failed:
            print(f"failed: {r.path}: {r.reason}", file=sys.stderr)
        print(summary.line(), flush=True)
    else:
        existing_index(settings)
    from .app import launch

    served = launch(settings, block=False)
    print(f"The page is ready: {served.url}", flush=True)
    print(ADD_DOCUMENTS, flush=True)
    served.block_thread()
    return 0


def _reading(module: str, name: str):  # type: ignore[no-untyped-def]
    """A command that only reads the index (imported when used)."""

    def run(args: argparse.Namespace, settings: Settings) -> int:
        import importlib

        if getattr(args, "question", None) is not None and not args.question.strip():
            raise UsageError(
                'the question is empty: policy-qa ask "小型微利企业的企业所得税税率是多少？"'
            )
        command = importlib.import_module(module).__dict__[name]
        return command(args, reading_settings(settings))

    return run


COMMANDS = {
    "ingest": cmd_ingest,
    "docs": cmd_docs,
    "delete": cmd_delete,
    "serve": cmd_serve,
    "ask": _reading("ui.commands", "cmd_ask"),
    "eval": _reading("ui.commands", "cmd_eval"),
    "match": _reading("ui.commands", "cmd_match"),
    "refs": _reading("ui.commands", "cmd_refs"),
}

if __name__ == "__main__":
    raise SystemExit(main())
