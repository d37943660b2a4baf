"""Two-turn questions whose last turn only makes sense with the history."""

from __future__ import annotations

import collections

from questionset import QuestionSet, eligible_articles, record, turns
from sources import Doc


def build_followups(qs: QuestionSet, n_eff: int = 12, n_art: int = 14, n_fig: int = 8) -> None:
    _other_law(qs, n_eff)
    _other_version(qs)
    _other_article(qs, n_art)
    _effective_after_figure(qs, n_fig)


def _other_law(qs: QuestionSet, n_eff: int) -> None:
    """Effective date of A → 那B呢？"""
    eff_laws = qs.with_effective()
    pairs: list[tuple[str | None, str | None]] = []
    for _ in range(n_eff * 3):
        a, b = qs.rng.sample(eff_laws, 2)
        if a.title == b.title or (a.rel, b.rel) in pairs:
            continue
        pairs.append((a.rel, b.rel))
        ans_a, _ = qs.effective[a.rel]
        ans_b, ev_b = qs.effective[b.rel]
        rec = record(
            f"那{qs.law_name(b)}呢？",
            [ans_b],
            ev_b,
            b.rel,
            "followup",
            "followup",
            history=qs.effective_turns(a, ans_a),
            base_form="effective",
        )
        qs.add(rec)
        if len(pairs) >= n_eff:
            break


def _other_version(qs: QuestionSet) -> None:
    """The 2020 version, then 那2025年版呢？ (effective date and up to two articles)."""
    vdocs: dict[str, list[Doc]] = collections.defaultdict(list)
    for d in qs.laws:
        if d.title in qs.versioned:
            vdocs[d.title].append(d)
    for title in sorted(vdocs):
        ds = sorted(vdocs[title], key=lambda x: x.vdate)
        old, new = ds[0], ds[-1]
        if old.rel in qs.effective and new.rel in qs.effective:
            ans_old, _ = qs.effective[old.rel]
            ans_new, ev_new = qs.effective[new.rel]
            rec = record(
                f"那{new.vdate[:4]}年版呢？",
                [ans_new],
                ev_new,
                new.rel,
                "followup",
                "followup",
                history=qs.effective_turns(old, ans_old),
                base_form="effective",
            )
            qs.add(rec)
        _other_version_articles(qs, old, new)


def _other_version_articles(qs: QuestionSet, old: Doc, new: Doc) -> None:
    new_arts = {a.num: a for a in eligible_articles(new)}
    common = [a for a in eligible_articles(old) if a.num in new_arts]
    for a in qs.rng.sample(common, min(2, len(common))):
        g_old = qs.article_gold(old, a)
        b = new_arts[a.num]
        g_new = qs.article_gold(new, b)
        if not g_old or not g_new:
            continue
        rec = record(
            f"{new.vdate[:4]}年版的第{b.cn}条呢？",
            source=new.rel,
            qtype="followup",
            form="followup",
            history=turns(qs.article_question(old, a, 0), g_old["evidence"]),
            base_form="article",
            **g_new,
        )
        qs.add(rec)


def _other_article(qs: QuestionSet, n_art: int) -> None:
    """Article of A → 它的第M条呢？/ 那第M条呢？"""
    art_laws = [d for d in qs.laws if len(eligible_articles(d)) >= 4]
    for d in qs.rng.sample(art_laws, min(n_art, len(art_laws))):
        arts = eligible_articles(d)
        a, b = qs.rng.sample(arts, 2)
        ga, gb = qs.article_gold(d, a), qs.article_gold(d, b)
        if not ga or not gb:
            continue
        hist = turns(qs.article_question(d, a, qs.rng.randrange(3)), ga["evidence"])
        q = qs.rng.choice([f"它的第{b.cn}条呢？", f"那第{b.cn}条呢？"])
        rec = record(
            q,
            source=d.rel,
            qtype="followup",
            form="followup",
            history=hist,
            base_form="article",
            **gb,
        )
        qs.add(rec)


def _effective_after_figure(qs: QuestionSet, n_fig: int) -> None:
    """A figure of A → 它什么时候施行？ (one per law)."""
    figs = [
        r
        for r in qs.out
        if r.get("_fig")
        and r["source"]
        and r["source"].startswith("laws/")
        and r["source"] in qs.effective
    ]
    qs.rng.shuffle(figs)
    used = set()
    for r in figs:
        if len(used) >= n_fig:
            break
        if r["source"] in used:
            continue
        used.add(r["source"])
        d = qs.law(r["source"])
        ans, ev = qs.effective[d.rel]
        hist = turns(r["_named"], r["evidence"] + "。")
        q = qs.rng.choice(
            ["它什么时候开始施行？", "这部法规自何时起施行？", "那它是什么时候生效的？"]
        )
        rec = record(
            q, [ans], ev, d.rel, "followup", "followup", history=hist, base_form="effective"
        )
        qs.add(rec)
