"""Other languages: Traditional Chinese copies of questions, English templates."""

from __future__ import annotations

import collections

import opencc
from questionset import QuestionSet, Record, eligible_articles, record
from sources import Doc
from text import book


def build_hant(qs: QuestionSet, n: int, pool_forms: tuple[str, ...], refusal: bool = False) -> None:
    """OpenCC s2t copies of n single-turn questions spread over laws; gold unchanged."""
    conv = opencc.OpenCC("s2t")
    pool = [r for r in qs.out if r["lang"] == "zh" and not r["history"] and r["form"] in pool_forms]
    for r in _spread(qs, pool, n):
        q = conv.convert(r["question"])
        if q == r["question"]:
            continue
        new = {k: v for k, v in r.items() if not k.startswith("_") and k != "id"}
        new.update(
            question=q,
            lang="zh-Hant",
            form="refusal-hant" if refusal else "hant",
            base_form=r["form"],
        )
        qs.add(new)


def _spread(qs: QuestionSet, pool: list[Record], n: int) -> list[Record]:
    """Up to n records, round-robin over their laws in random order."""
    groups: dict[str | None, list[Record]] = collections.defaultdict(list)
    for r in pool:
        groups[r.get("source") or r.get("named_law")].append(r)
    keys = sorted(groups, key=str)
    qs.rng.shuffle(keys)
    picked: list[Record] = []
    for r_i in range(10):
        for k in keys:
            if len(picked) >= n:
                break
            g = groups[k]
            if r_i < len(g):
                picked.append(qs.rng.choice(g) if r_i == 0 else g[r_i])
    return picked


def english_name(qs: QuestionSet, d: Doc) -> str | None:
    """How an English question names a versioned law; None when it has one version."""
    return f"the {d.vdate[:4]} version of {d.short}" if d.title in qs.versioned else None


def build_en(qs: QuestionSet, n_eff: int, n_art: int) -> None:
    """English templates that keep the Chinese title."""
    _english_effective(qs, n_eff)
    _english_articles(qs, n_art)


def _english_effective(qs: QuestionSet, n_eff: int) -> None:
    eff = qs.with_effective()
    for d in qs.rng.sample(eff, min(n_eff, len(eff))):
        ans, ev = qs.effective[d.rel]
        name = english_name(qs, d) or qs.rng.choice([d.short, book(d.title)])
        q = qs.rng.choice(
            [f"When did {name} take effect?", f"What is the effective date of {name}?"]
        )
        rec = record(
            q, [ans], ev, d.rel, qs.qtype(d, "factoid"), "en", lang="en", base_form="effective"
        )
        qs.add(rec)


def _english_articles(qs: QuestionSet, n_art: int) -> None:
    """An article not asked in Chinese, for n_art of the laws with article questions."""
    arts = [r for r in qs.out if r["form"] == "article"]
    laws = sorted({r["source"] for r in arts})
    qs.rng.shuffle(laws)
    for src in laws[:n_art]:
        d = qs.law(src)
        pool = [
            a
            for a in eligible_articles(d)
            if not any(r["source"] == src and r.get("_art") == a.num for r in arts)
        ]
        if not pool:
            continue
        a = qs.rng.choice(pool)
        gold = qs.article_gold(d, a)
        if not gold:
            continue
        name = english_name(qs, d) or d.short
        q = qs.rng.choice(
            [
                f"What does Article {a.num} of {name} say?",
                f"What does Article {a.num} of {name} provide?",
            ]
        )
        rec = record(
            q,
            source=src,
            qtype=qs.qtype(d, "factoid"),
            form="en",
            lang="en",
            base_form="article",
            **gold,
        )
        qs.add(rec)
