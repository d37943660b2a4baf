"""The policy calculator against an independent gold set of firm profiles.

``benchmarks/gold/firms.jsonl`` was written from the law texts alone, by
someone who did not see the matching rules: for each firm, the measures that
clearly apply and those that clearly do not (with the violated condition).
This script runs ``policy-qa match`` logic on each profile over an index
(the bundled corpus plus the 40 laws, built with ``policy-qa ingest``) and
prints, per split:

- recall: gold "applies" measures the calculator marks ✓;
- precision: ✓ marks that gold calls applicable, among the ✓ marks gold
  judges at all (applies or not);
- dangerous ✓: ✓ on a measure gold says clearly does not apply;
- lines: the CLI output's length per firm (median, max).

A measure is matched by document (title without 中华人民共和国), article and,
where the gold names one, item （一） or paragraph 第二款.

    .venv/bin/python benchmarks/firms.py --data-dir <index> [--split heldout] [--show]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant import Settings, Store  # noqa: E402
from assistant.policy import (  # noqa: E402
    FirmProfile,
    format_match,
    match,
    measure_cards,
    measure_key,
)
from assistant.text import title_key  # noqa: E402

GOLD = REPO / "benchmarks" / "gold" / "firms.jsonl"


Key = tuple[str, str, str, str]  # document, article, item, version ('' = any)


def gold_key(entry: dict) -> Key:
    """A gold entry may name the version (issue date) it was read in: two
    versions of a law number their articles differently."""
    return (
        title_key(entry["doc"]),
        entry["article"],
        entry.get("item", ""),
        entry.get("version", ""),
    )


def same(mine: Key, gold: Key) -> bool:
    """Same document and article (and version, when the gold names one); the
    item or paragraph too when both name one."""
    if mine[:2] != gold[:2] or (gold[3] and mine[3] != gold[3]):
        return False
    # （一） and (一) are the same item: some law files number them half-width
    item = unicodedata.normalize("NFKC", gold[2])
    return not item or not mine[2] or item in unicodedata.normalize("NFKC", mine[2]).split("|")


def score(firm: dict, claimed: list[Key]) -> dict:
    applies = [gold_key(e) for e in firm["applies"]]
    not_applies = [gold_key(e) for e in firm["not_applies"]]
    found = [g for g in applies if any(same(m, g) for m in claimed)]
    judged = [m for m in claimed if any(same(m, g) for g in applies + not_applies)]
    good = [m for m in judged if any(same(m, g) for g in applies)]
    dangerous = [m for m in claimed if any(same(m, g) for g in not_applies)]
    return {
        "applies": len(applies),
        "found": len(found),
        "missed": [g for g in applies if g not in found],
        "judged": len(judged),
        "good": len(good),
        "dangerous": dangerous,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="Index to match against.")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--split", help="tune or heldout (default: both, reported apart)")
    parser.add_argument("--show", action="store_true", help="Print misses and dangerous ✓.")
    args = parser.parse_args()

    settings = Settings(data_dir=args.data_dir)
    store = Store(settings)
    cards = measure_cards(store)
    issued = {d.doc_id: d.issued for d in store.documents()}
    firms = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines()]
    by_split: dict[str, list[dict]] = {}
    for firm in firms:
        if args.split and firm["split"] != args.split:
            continue
        profile = FirmProfile.model_validate(firm["profile"])
        results = match(profile, cards)
        claimed = [
            (*measure_key(r), issued.get(r.card.doc_id, "")) for r in results if r.status == "met"
        ]
        row = score(firm, claimed)
        row["lines"] = len(format_match(results, profile).splitlines())
        by_split.setdefault(firm["split"], []).append(row)
        if args.show:
            print(f"{firm['id']} {firm['description'][:50]}")
            for g in row["missed"]:
                print(f"   missed {g}")
            for m in row["dangerous"]:
                print(f"   DANGEROUS {m}")
    for split, rows in sorted(by_split.items()):
        applies = sum(r["applies"] for r in rows)
        judged = sum(r["judged"] for r in rows)
        lines = [r["lines"] for r in rows]
        print(
            f"{split:8} firms {len(rows):3}  recall {sum(r['found'] for r in rows) / applies:.2f}"
            f"  precision {sum(r['good'] for r in rows) / judged if judged else 1.0:.2f}"
            f"  dangerous ✓ {sum(len(r['dangerous']) for r in rows)}"
            f"  lines median {statistics.median(lines):.0f} max {max(lines)}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
