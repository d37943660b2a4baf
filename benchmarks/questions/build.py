#!/usr/bin/env python3
"""Reproducible question-set generator for the law / policy QA benchmark.

    python build.py --laws DIR --seed FILE --archive TAR_OR_DIR [--handwritten FILE]
                    --out FILE [--seed-rng N]
    python build.py --check --laws DIR --seed FILE --out FILE   (validate only)

Generates the forms (answerable, follow-ups, variants, refusals), merges the
hand-written questions, assigns each question its split (questionset.split_of)
and writes the JSONL only if every gold span checks out (check.py). The
fields and forms are described in README.md.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
from pathlib import Path
from typing import Any

from answerable import build_answerable
from check import check
from followups import build_followups
from questionset import QuestionSet, Record, split_of
from refusals import build_refusals
from sources import Doc, load_dir_docs, select_archive
from text import title_key
from variants import build_en, build_hant

# Forms that get a Traditional Chinese copy.
HANT_FORMS = ("article", "effective", "figure", "duration", "list", "conditions", "definition")


def generate(laws: list[Doc], seed: Path, archive_path: Path, seed_rng: int) -> list[Record]:
    """All generated questions, in output order, without private fields."""
    report = Doc(seed.read_text(encoding="utf-8"), seed.name, seed.name)
    archive = select_archive(archive_path)
    print(
        f"indexed laws: {len(laws)}; archive candidates for refusals: {len(archive)}",
        file=sys.stderr,
    )
    qs = QuestionSet(laws, report, archive, seed_rng)
    # the order matters: later forms draw on earlier questions and on the one rng
    build_answerable(qs)
    build_followups(qs)
    build_hant(qs, 50, HANT_FORMS)
    build_en(qs, 12, 12)
    build_refusals(qs)
    records = []
    for r in qs.out:
        r = {k: v for k, v in r.items() if not k.startswith("_")}
        if not r["history"]:
            r.pop("history")
        r["split"] = split_of(r["id"])
        records.append(r)
    return records


def merge_handwritten(records: list[Record], path: Path) -> None:
    """Append the hand-written questions whose id is new; form defaults to handwritten."""
    if not path.exists():
        print(f"handwritten: {path} not found, nothing merged", file=sys.stderr)
        return
    have = {r["id"] for r in records}
    merged = 0
    for r in load_jsonl(path):
        if "id" not in r or r["id"] in have:
            print(
                f"handwritten: skip record without id or with duplicate id {r.get('id')}",
                file=sys.stderr,
            )
            continue
        r = dict(r)
        r.setdefault("form", "handwritten")
        r["split"] = split_of(r["id"])
        have.add(r["id"])
        records.append(r)
        merged += 1
    print(f"handwritten: merged {merged} from {path}", file=sys.stderr)


def load_jsonl(path: Path) -> list[Record]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            line = line.strip()
            if not line:
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as e:
                print(f"skip {path}:{i}: {e}", file=sys.stderr)
    return out


def write_jsonl(records: list[Record], path: Path) -> None:
    """Write via a temporary file, so a failed run leaves the old set in place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def print_counts(records: list[Record]) -> None:
    def show(name: str, counter: collections.Counter[Any]) -> None:
        print(f"\n== {name} ==")
        for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            print(f"  {v:5d}  {k}")

    gen = [r for r in records if str(r["id"]).startswith("g-")]
    print(
        f"total {len(records)}  answerable {sum(r['type'] != 'refusal' for r in records)}  "
        f"refusal {sum(r['type'] == 'refusal' for r in records)}"
    )
    print(
        f"generated {len(gen)} (answerable {sum(r['type'] != 'refusal' for r in gen)}, "
        f"refusal {sum(r['type'] == 'refusal' for r in gen)}); handwritten {len(records) - len(gen)}"
    )
    show("type", collections.Counter(r["type"] for r in records))
    show("type (generated only)", collections.Counter(r["type"] for r in gen))
    show("form", collections.Counter(r.get("form", "?") for r in records))
    show("lang", collections.Counter(r["lang"] for r in records))
    show("split", collections.Counter(r["split"] for r in records))
    show("split x type", collections.Counter((r["split"], r["type"]) for r in records))
    answerable = (r.get("source") for r in records if r["type"] != "refusal")
    show("source law (answerable)", collections.Counter(answerable))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--laws", required=True, type=Path)
    ap.add_argument("--seed", required=True, type=Path, help="the bundled report (indexed)")
    ap.add_argument("--archive", type=Path, help="lawrefbook-scale.tar.gz or its unpacked folder")
    ap.add_argument("--handwritten", type=Path)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--seed-rng", type=int, default=20240601)
    ap.add_argument("--check", action="store_true", help="only validate --out")
    args = ap.parse_args(argv)
    if not args.check and not args.archive:
        ap.error("--archive is required unless --check")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    laws = load_dir_docs(args.laws, "laws/")
    index_titles = {title_key(d.title) for d in laws}
    if args.check:
        recs = load_jsonl(args.out)
        strict = {r["id"] for r in recs if str(r.get("id", "")).startswith("g-")}
        errs = check(recs, args.laws, args.seed, index_titles, strict)
        print_counts(recs)
        print(f"\ncheck: {errs} error(s)")
        return 1 if errs else 0

    records = generate(laws, args.seed, args.archive, args.seed_rng)
    strict = {r["id"] for r in records}  # hand-written problems are only warnings
    if args.handwritten:
        merge_handwritten(records, args.handwritten)
    errs = check(records, args.laws, args.seed, index_titles, strict)
    if errs:
        print(f"check failed: {errs} error(s); output not written", file=sys.stderr)
        return 1
    write_jsonl(records, args.out)
    print_counts(records)
    print(f"\nwrote {len(records)} questions to {args.out}; check: 0 errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
