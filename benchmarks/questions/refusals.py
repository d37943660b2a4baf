"""Unanswerable questions: each names a law that is not indexed (``named_law``).

They come from archive laws whose title is not indexed, from regional
questions with the province swapped for one without an indexed regulation,
as follow-ups, and in Traditional Chinese and English.
"""

from __future__ import annotations

import collections
import re
from typing import Any

from clauses import list_questions
from figures import figure_candidates, figure_texts
from questionset import QuestionSet, Record, eligible_articles, record
from sources import Doc
from text import book
from variants import build_hant

# Indexed regional regulations, and provinces to swap them for.
REGION_RE = re.compile(r"^(北京市|上海市|浙江省|山东省|广东省|河南省)")
PROVINCES = (
    "江苏省",
    "湖南省",
    "四川省",
    "湖北省",
    "福建省",
    "安徽省",
    "江西省",
    "河北省",
    "陕西省",
    "辽宁省",
    "吉林省",
    "云南省",
    "贵州省",
    "山西省",
    "黑龙江省",
    "甘肃省",
    "天津市",
    "海南省",
    "青海省",
)
REGION_FORMS = ("figure", "list", "article", "duration", "conditions", "effective")
HANT_FORMS = (
    "refusal-article",
    "refusal-effective",
    "refusal-figure",
    "refusal-list",
    "refusal-region",
)


def refusal(
    qs: QuestionSet,
    q: str,
    named: str,
    form: str,
    lang: str = "zh",
    history: list[dict[str, str]] | None = None,
    **extra: Any,
) -> Record | None:
    """Add a refusal unless the law it names is indexed after all."""
    if qs.is_indexed_title(named):
        return None
    rec = record(
        q, [], "", None, "refusal", form, lang=lang, history=history, named_law=named, **extra
    )
    return qs.add(rec)


def build_refusals(
    qs: QuestionSet,
    n_art: int = 50,
    n_eff: int = 30,
    n_fig: int = 30,
    n_list: int = 26,
    n_region: int = 40,
    n_follow: int = 8,
    n_hant: int = 12,
    n_en: int = 8,
) -> None:
    pool = [d for d in qs.archive if not qs.is_indexed_title(d.title)]
    qs.rng.shuffle(pool)
    _from_archive(qs, pool, {"art": n_art, "eff": n_eff, "fig": n_fig, "list": n_list})
    _region_swaps(qs, n_region)
    _followups(qs, pool, n_follow)
    build_hant(qs, n_hant, HANT_FORMS, refusal=True)
    _english(qs, pool, n_en)


def _from_archive(qs: QuestionSet, pool: list[Doc], quotas: dict[str, int]) -> None:
    """Article, effective, figure and list questions, at most 2 per archive law."""
    makers = {"art": _article, "eff": _effective, "fig": _figure, "list": _list}
    made: collections.Counter[str] = collections.Counter()
    used_laws: collections.Counter[str] = collections.Counter()
    for d in pool:
        if all(made[f] >= n for f, n in quotas.items()):
            break
        order = ["art", "eff", "fig", "list"]
        qs.rng.shuffle(order)
        for f in order:
            if used_laws[d.title] >= 2:
                break
            if made[f] < quotas[f] and makers[f](qs, d):
                made[f] += 1
                used_laws[d.title] += 1


def _article(qs: QuestionSet, d: Doc) -> bool:
    arts = eligible_articles(d)
    if not arts:
        return False
    a = qs.rng.choice(arts)
    tmpl = qs.rng.randrange(3)
    q = [
        f"{book(d.title)}第{a.cn}条规定了什么？",
        f"{d.short}第{a.cn}条的内容是什么？",
        f"{d.short}第{a.cn}条怎么规定的？",
    ][tmpl]
    return refusal(qs, q, d.title, "refusal-article") is not None


def _effective(qs: QuestionSet, d: Doc) -> bool:
    if not d.effective():
        return False
    q = qs.rng.choice([f"{d.short}什么时候开始施行？", f"{d.short}自何时起施行？"])
    return refusal(qs, q, d.title, "refusal-effective") is not None


def _figure(qs: QuestionSet, d: Doc) -> bool:
    # corpus=[d]: the subject only has to be unique within the archive law
    cands = figure_candidates(d, list(figure_texts(d)), [d])
    if not cands:
        return False
    _, core, _, _ = qs.rng.choice(cands)
    return refusal(qs, f"根据{d.short}，{core}", d.title, "refusal-figure") is not None


def _list(qs: QuestionSet, d: Doc) -> bool:
    questions = [lq.question for lq in list_questions(d, qs.law_name(d))]
    if not questions:
        return False
    q = qs.rng.choice(questions)
    return refusal(qs, q, d.title, "refusal-list") is not None


def _regional_questions(qs: QuestionSet) -> list[Record]:
    """Questions on indexed regional regulations, forms interleaved."""
    regional = [
        r
        for r in qs.out
        if r.get("_named")
        and r["source"]
        and re.match(r"^laws/(北京市|上海市|浙江省|山东省|广东省|河南省)", r["source"])
        and r["form"] in REGION_FORMS
    ]
    qs.rng.shuffle(regional)
    byf: dict[str, list[Record]] = collections.defaultdict(list)
    for r in regional:
        byf[r["form"]].append(r)
    inter = []
    while any(byf.values()):
        for f in REGION_FORMS:
            if byf[f]:
                inter.append(byf[f].pop(0))
    return inter


def _region_swaps(qs: QuestionSet, n_region: int) -> None:
    """The same question about a province without an indexed regulation (≤3 per law)."""
    index_regions = set()
    for d in qs.laws:
        m = re.match(r"^(.{2,3}?[省市])", d.title)
        if m:
            index_regions.add(m.group(1))
    provinces = [p for p in PROVINCES if p not in index_regions]
    n = 0
    per_src: collections.Counter[str] = collections.Counter()
    for r in _regional_questions(qs):
        if n >= n_region:
            break
        if per_src[r["source"]] >= 3:
            continue
        d = qs.law(r["source"])
        m = REGION_RE.match(d.title)
        assert m is not None  # the source path and the title name the same region
        region = m.group(1)
        new = qs.rng.choice(provinces)
        q = r["_named"].replace(region, new).replace(region[:-1], new[:-1])
        named = d.title.replace(region, new)
        if (
            new[:-1] in q
            and not any(x in q for x in (region, region[:-1]))
            and refusal(qs, q, named, "refusal-region", base_form=r["form"])
        ):
            n += 1
            per_src[r["source"]] += 1


def _followups(qs: QuestionSet, pool: list[Doc], n_follow: int) -> None:
    """Effective date of an indexed law, then 那<archive law>呢？"""
    eff_laws = qs.with_effective()
    eff_archive = [d for d in pool if d.effective()]
    for d in qs.rng.sample(eff_archive, min(n_follow, len(eff_archive))):
        a = qs.rng.choice(eff_laws)
        ans, _ = qs.effective[a.rel]
        hist = qs.effective_turns(a, ans)
        refusal(qs, f"那{d.short}呢？", d.title, "refusal-followup", history=hist)


def _english(qs: QuestionSet, pool: list[Doc], n_en: int) -> None:
    en_pool = [d for d in pool if d.effective() and eligible_articles(d)]
    for d in qs.rng.sample(en_pool, min(n_en, len(en_pool))):
        if qs.rng.random() < 0.5:
            q = f"When did {d.short} take effect?"
        else:
            a = qs.rng.choice(eligible_articles(d))
            q = f"What does Article {a.num} of {d.short} say?"
        refusal(qs, q, d.title, "refusal-en", lang="en")
