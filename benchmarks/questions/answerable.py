"""Answerable single-turn questions on the indexed laws and the report.

Forms: article, effective, adopted, figure/duration, list/conditions, definition.
"""

from __future__ import annotations

import collections

from clauses import extract_definitions, list_questions
from figures import fig_kind, figure_candidates, figure_texts
from phrases import trim_evidence
from questionset import QuestionSet, Record, eligible_articles, record
from sources import Doc
from text import cjk_len, norm

TermDocs = dict[str, collections.Counter[str]]


def build_answerable(qs: QuestionSet) -> None:
    """Per law: 2-4 article look-ups, 1 effective date, ≤4 figures, ≤2 lists, ≤2 definitions;
    then adoption dates of 12 laws and 5 figures of the report."""
    term_docs = term_index(qs.laws)
    for d in qs.laws:
        n_arts = len(d.arts)
        k_art = 4 if n_arts >= 50 else 3 if n_arts >= 20 else 2
        add_articles(qs, d, k_art)
        add_effective(qs, d)
        add_figures(qs, d, 4)
        add_lists(qs, d, 2)
        add_definitions(qs, d, 2, term_docs)
    adopted_laws = [d for d in qs.laws if d.adopted()]
    for d in qs.rng.sample(adopted_laws, min(12, len(adopted_laws))):
        add_adopted(qs, d)
    add_report_figures(qs, 5)


def _add_up_to(qs: QuestionSet, recs: list[Record], k: int) -> None:
    n = 0
    for rec in recs:
        if n >= k:
            break
        if qs.add(rec):
            n += 1


def add_articles(qs: QuestionSet, d: Doc, k: int) -> None:
    """k look-ups, alternating between the shorter and the longer half of the articles."""
    arts = eligible_articles(d)
    if not arts:
        return
    by_len = sorted(arts, key=lambda a: (len(norm(a.body)), a.num))
    half = max(1, len(by_len) // 2)
    pools = [by_len[:half], by_len[half:] or by_len[:half]]
    chosen = []
    tries = 0
    while len(chosen) < k and tries < 40:
        pool = pools[len(chosen) % 2]
        a = qs.rng.choice(pool)
        tries += 1
        if a in chosen:
            continue
        gold = qs.article_gold(d, a)
        if not gold:
            continue
        chosen.append(a)
        tmpl = qs.rng.randrange(3)
        rec = record(
            qs.article_question(d, a, tmpl),
            source=d.rel,
            qtype=qs.qtype(d, "factoid"),
            form="article",
            **gold,
        )
        rec["_art"] = a.num
        rec["_named"] = qs.article_question(d, a, 1)
        qs.add(rec)


def add_effective(qs: QuestionSet, d: Doc) -> None:
    """The entry-into-force date; also remembered for follow-ups and English questions."""
    eff = d.effective()
    if not eff:
        return
    ans, ev, _ = eff
    ans = "公布之日" if "公布之日" in ans else ans
    qs.effective[d.rel] = (ans, ev)
    q = qs.rng.choice([f"{qs.law_name(d)}什么时候开始施行？", f"{qs.law_name(d)}自何时起施行？"])
    rec = record(q, [ans], ev, d.rel, qs.qtype(d, "factoid"), "effective")
    rec["_named"] = q
    qs.add(rec)


def add_adopted(qs: QuestionSet, d: Doc) -> None:
    ad = d.adopted()
    if not ad:
        return
    q = f"{qs.law_name(d)}最初是什么时候通过的？"
    qs.add(record(q, [ad[0]], ad[1], d.rel, qs.qtype(d, "factoid"), "adopted"))


def add_figures(qs: QuestionSet, d: Doc, k: int) -> None:
    """Up to k figures, one per evidence span; the law is named when it must be,
    for versioned laws, and for ~40% of the others."""
    cands = figure_candidates(d, list(figure_texts(d)), qs.all_docs)
    qs.rng.shuffle(cands)
    seen_ev = set()
    n = 0
    for f, core, ev, must_name in cands:
        if n >= k:
            break
        if ev in seen_ev:
            continue
        seen_ev.add(ev)
        name = must_name or d.title in qs.versioned or qs.rng.random() < 0.4
        named_q = f"根据{qs.law_name(d)}，{core}"
        q = named_q if name else core
        form = "duration" if fig_kind(f.fig) == "time" else "figure"
        answer = norm(f.fig) if " " in f.fig else f.fig
        rec = record(q, [answer], ev, d.rel, qs.qtype(d, "factoid"), form)
        rec["_named"] = named_q
        rec["_fig"] = True
        if qs.add(rec):
            n += 1


def add_report_figures(qs: QuestionSet, k: int) -> None:
    """Figures of the research report, asked about 广西."""
    d = qs.report
    if d is None:
        return
    cands = figure_candidates(d, [(None, p, None) for p in d.paras], qs.all_docs)
    qs.rng.shuffle(cands)
    n = 0
    for f, core, ev, _ in cands:
        if n >= k:
            break
        # a figure in brackets is an aside, not what the sentence states
        if "（" in f.sent[max(0, f.sent.find(f.fig) - 1) :][:1]:
            continue
        q = core if "广西" in core else f"根据报告，广西{core}"
        form = "duration" if fig_kind(f.fig) == "time" else "figure"
        rec = record(q, [norm(f.fig)], ev, d.rel, "factoid", form)
        if qs.add(rec):
            n += 1


def add_lists(qs: QuestionSet, d: Doc, k: int) -> None:
    """Up to k lists, conditions first; gold = a phrase of the first and of the last item."""
    recs = []
    for lq in list_questions(d, qs.law_name(d)):
        p1 = qs.ph.item_phrase(lq.items[0], d)
        p2 = qs.ph.item_phrase(lq.items[-1], d)
        if not p1 or not p2 or norm(p1) == norm(p2):
            continue
        ev = lq.lead if cjk_len(lq.lead) >= 8 else lq.lead + "\n" + lq.items[0]
        rec = record(lq.question, [p1, p2], ev, d.rel, qs.qtype(d, "list"), lq.form, whole=lq.whole)
        rec["_named"] = lq.question
        recs.append(rec)
    qs.rng.shuffle(recs)
    recs.sort(key=lambda r: 0 if r["form"] == "conditions" else 1)
    _add_up_to(qs, recs, k)


def term_index(laws: list[Doc]) -> TermDocs:
    """term → how often each law defines it."""
    idx: TermDocs = collections.defaultdict(collections.Counter)
    for d in laws:
        for a in d.sections:
            for term, _, _ in extract_definitions(a.body):
                idx[term][d.rel] += 1
    return idx


def add_definitions(qs: QuestionSet, d: Doc, k: int, term_docs: TermDocs) -> None:
    """X是指什么？/ 什么是X？, naming the law when the term is short or defined elsewhere."""
    recs = []
    for a in d.sections:
        for term, ev, definition in extract_definitions(a.body):
            terms_here = term_docs[term]
            if terms_here.get(d.rel, 0) > 1:
                continue
            ph = [x for x in qs.ph.pick(definition, d, k=2) if norm(x) not in norm(term)][:1]
            if not ph:
                continue
            q = _definition_question(qs, d, term, terms_here)
            ev = trim_evidence(ev, ph)
            recs.append(record(q, ph, ev, d.rel, qs.qtype(d, "factoid"), "definition"))
    qs.rng.shuffle(recs)
    _add_up_to(qs, recs, k)


def _definition_question(
    qs: QuestionSet, d: Doc, term: str, terms_here: collections.Counter[str]
) -> str:
    ambiguous = (
        len(terms_here) > 1
        or cjk_len(term) < 4
        or d.title in qs.versioned
        or qs.ph.doc_count(term) > 3
    )
    if "所称" in term:
        return f"{term}是指什么？"
    if ambiguous:
        return qs.rng.choice(
            [f"根据{qs.law_name(d)}，{term}是指什么？", f"{qs.law_name(d)}所称{term}是指什么？"]
        )
    return qs.rng.choice([f"{term}是指什么？", f"什么是{term}？"])
