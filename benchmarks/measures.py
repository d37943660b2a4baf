"""Precision and recall of measure-card extraction, per field, on the gold set.

The gold set (tests/fixtures/measures_gold.jsonl) was written by reading 9 of
the laws, one line per measure; their texts are in the repository (the bundled
corpus and tests/fixtures/laws). Each gold article is cut
from its law file exactly as a chunker would cut one article, run through
`extract_measures`, and compared field by field as sets per article (so a
measure split differently into cards is not punished twice):

  entities     (article, entity)
  conditions   (article, field, op, value, unit)
  support kind (article, kind)
  amount/rate  (article, rate|amount|cap, value)
  department   (article, department)

Run: .venv/bin/python benchmarks/measures.py [--show]
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
# _util, also when imported by the tests: appended, so that the benchmarks'
# ingest.py never shadows the ingest package.
sys.path.append(str(REPO / "benchmarks"))

from _util import law_file  # noqa: E402

from assistant.policy import MeasureCard, extract_measures  # noqa: E402
from assistant.records import ChunkRecord, DocRecord  # noqa: E402

GOLD = REPO / "tests" / "fixtures" / "measures_gold.jsonl"
FIELDS = ("entities", "conditions", "support kind", "amount/rate", "department")


def law_article(file: str, article: str) -> tuple[ChunkRecord, DocRecord]:
    """One article of a law file as a chunk (section path = chapter > article)."""
    text = law_file(file).read_text(encoding="utf-8")
    title = text.splitlines()[0].lstrip("#").strip()
    pattern = rf"(?ms)^{article}[ \u3000].*?(?=^第[零一二三四五六七八九十百千]+条[ \u3000]|^#|\Z)"
    m = re.search(pattern, text)
    if m is None:
        raise ValueError(f"{article} not found in {file}")
    body = m.group().strip()
    doc = DocRecord(doc_id=file, title=title, source=file)
    chunk = ChunkRecord(
        chunk_id=f"{file}#{article}", doc_id=file, text=body, section_path=(article,)
    )
    return chunk, doc


def _num(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def gold_facts(rows: list[dict]) -> dict[str, set[tuple]]:
    facts: dict[str, set[tuple]] = defaultdict(set)
    for r in rows:
        a = (r["file"], r["article"])
        facts["entities"] |= {(*a, e) for e in r["entities"]}
        facts["conditions"] |= {(*a, f, op, _num(v), u) for f, op, v, u in r["conditions"]}
        for kind, vtype, value in r["supports"]:
            facts["support kind"].add((*a, kind))
            if vtype:
                facts["amount/rate"].add((*a, vtype, _num(value)))
        facts["department"] |= {(*a, d) for d in r["departments"]}
    return facts


def card_facts(file: str, cards: list[MeasureCard]) -> dict[str, set[tuple]]:
    facts: dict[str, set[tuple]] = defaultdict(set)
    for c in cards:
        a = (file, c.article)
        facts["entities"] |= {(*a, e) for e in c.entity_names}
        facts["conditions"] |= {(*a, x.field, x.op, _num(x.value), x.unit) for x in c.conditions}
        for s in c.supports:
            facts["support kind"].add((*a, s.kind))
            for vtype, value in (("rate", s.rate), ("amount", s.amount_wan), ("cap", s.cap_wan)):
                if value is not None:
                    facts["amount/rate"].add((*a, vtype, _num(value)))
        facts["department"] |= {(*a, d.value) for d in c.departments}
    return facts


def evaluate(show: bool = False) -> dict[str, tuple[float, float, int, int]]:
    rows = [
        json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    gold = gold_facts(rows)
    pred: dict[str, set[tuple]] = defaultdict(set)
    for file, article in dict.fromkeys((r["file"], r["article"]) for r in rows):
        chunk, doc = law_article(file, article)
        for name, facts in card_facts(file, extract_measures(chunk, doc)).items():
            pred[name] |= facts
    scores = {}
    for name in FIELDS:
        hit = len(gold[name] & pred[name])
        precision = hit / len(pred[name]) if pred[name] else 1.0
        recall = hit / len(gold[name]) if gold[name] else 1.0
        scores[name] = (precision, recall, len(pred[name]), len(gold[name]))
        if show:
            for fact in sorted(pred[name] - gold[name], key=str):
                print(f"  FP {name}: {fact}")
            for fact in sorted(gold[name] - pred[name], key=str):
                print(f"  FN {name}: {fact}")
    return scores


def main() -> None:
    rows = sum(1 for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip())
    scores = evaluate(show="--show" in sys.argv)
    print(f"gold measures: {rows}")
    print(f"{'field':<14}{'precision':>10}{'recall':>8}{'pred':>6}{'gold':>6}")
    for name, (p, r, n_pred, n_gold) in scores.items():
        print(f"{name:<14}{p:>10.2f}{r:>8.2f}{n_pred:>6}{n_gold:>6}")


if __name__ == "__main__":
    main()
