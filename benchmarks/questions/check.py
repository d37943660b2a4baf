"""Validation: every gold span occurs in its source, every refusal names an un-indexed law.

Spans are compared after the README normalisation (text.norm). Problems with
generated questions (ids in strict_ids) are errors; with hand-written ones,
warnings.
"""

from __future__ import annotations

import collections
import functools
import sys
from collections.abc import Callable
from pathlib import Path

from questionset import Record, split_of
from text import norm, strip_cn, title_key

FIELDS = ("id", "question", "answer_contains", "evidence", "type", "lang")
TYPES = ("factoid", "list", "applicability", "followup", "version", "refusal")
LANGS = ("zh", "zh-Hant", "en")

SourceText = Callable[[str], str | None]


def check(
    records: list[Record],
    laws_dir: Path,
    seed_file: Path,
    index_titles: set[str],
    strict_ids: set[str],
) -> int:
    """Print each problem to stderr; return the number of errors."""
    source_text = _source_reader(laws_dir, seed_file)
    errors = 0
    for qid, c in collections.Counter(r.get("id") for r in records).items():
        if c > 1:
            print(f"CHECK duplicate id {qid}", file=sys.stderr)
            errors += 1
    for r in records:
        probs = _problems(r, source_text, index_titles)
        if not probs:
            continue
        level = "WARN (handwritten)"
        if r.get("id") in strict_ids:
            level = "ERROR"
            errors += 1
        print(
            f"CHECK {level} {r.get('id')}: {'; '.join(probs)} | {r.get('question')}",
            file=sys.stderr,
        )
    return errors


def _source_reader(laws_dir: Path, seed_file: Path) -> SourceText:
    """source field → normalised text of that file, or None if there is no such file."""

    @functools.cache
    def source_text(src: str) -> str | None:
        p = None
        if src.startswith("laws/"):
            p = laws_dir / src[len("laws/") :]
        elif src == seed_file.name:
            p = seed_file
        elif (laws_dir / src).exists():
            p = laws_dir / src
        return norm(p.read_text(encoding="utf-8")) if p and p.exists() else None

    return source_text


def _problems(r: Record, source_text: SourceText, index_titles: set[str]) -> list[str]:
    probs = [f"missing {f}" for f in FIELDS if f not in r]
    if r.get("split") != split_of(r.get("id", "")):
        probs.append("split does not follow sha1(id)")
    if r.get("type") not in TYPES:
        probs.append(f"bad type {r.get('type')}")
    if r.get("lang") not in LANGS:
        probs.append(f"bad lang {r.get('lang')}")
    if r.get("type") == "refusal":
        probs += _refusal_problems(r, index_titles)
    else:
        probs += _gold_problems(r, source_text)
    return probs


def _refusal_problems(r: Record, index_titles: set[str]) -> list[str]:
    """No gold; the question names its law (unless converted to Traditional), not indexed."""
    probs = []
    if r.get("answer_contains") or r.get("evidence") or r.get("source") is not None:
        probs.append("refusal with gold")
    named = r.get("named_law")
    if not named:
        return probs
    if r.get("lang") != "zh-Hant" and title_key(strip_cn(named)) not in title_key(r["question"]):
        probs.append(f"refusal does not name its law: {named}")
    k = title_key(named)
    if any(k == ik or k in ik or ik in k for ik in index_titles):
        probs.append(f"refusal names an indexed law: {named}")
    return probs


def _gold_problems(r: Record, source_text: SourceText) -> list[str]:
    """evidence and whole occur in the source; each answer phrase in one of them."""
    src = r.get("source")
    txt = source_text(src) if src else None
    if txt is None:
        return [f"source not found: {src}"]
    probs = []
    ev = norm(r.get("evidence", ""))
    wh = norm(r.get("whole", "") or "")
    if not ev or ev not in txt:
        probs.append("evidence not in source")
    if r.get("whole") is not None and (not wh or wh not in txt):
        probs.append("whole not in source")
    for a in r.get("answer_contains", []):
        na = norm(a)
        if not na or (na not in ev and na not in wh):
            probs.append(f"answer {a!r} not in evidence/whole")
    if not r.get("answer_contains"):
        probs.append("no answer_contains")
    return probs
