"""`policy-qa ask | eval | match | refs` (imported only when used)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from assistant.records import Answer, validity_label
from assistant.settings import Settings


def format_answer(answer: Answer) -> str:
    """The answer, a notice if any, then the numbered sources."""
    lines = [answer.text.strip()]
    if answer.notice:
        lines.append(f"（{answer.notice}）")
    if answer.citations:
        lines.append("")
        lines.append("来源：")
        for c in answer.citations:
            where = " ".join(x for x in (c.section, f"第{c.page}页" if c.page else "") if x)
            status = "" if c.validity == "current" else f"［{validity_label(c.validity)}］"
            lines.append(f"[{c.n}] 《{c.title}》{status} {where}".rstrip())
            lines.append(f"    “{c.span.strip()}”")
    return "\n".join(lines)


def _filters(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from assistant.retrieval import Filters

    if not (args.doc or args.issuer or args.year or args.in_force):
        return None
    return Filters(
        doc_ids=args.doc or None,
        issuers=args.issuer or None,
        years=args.year or None,
        in_force_only=args.in_force,
    )


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.answer import answer

    result = answer(args.question, filters=_filters(args), settings=settings)
    if args.json:
        data = asdict(result)
        data.pop("passages", None)
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(format_answer(result))
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.answer import answer, warm_up
    from assistant.evaluation import (
        compare_retrieval_modes,
        format_comparison,
        format_metrics,
        load_questions,
        run_eval,
    )
    from assistant.retrieval import retrieve, standalone_question
    from assistant.store import Store

    store = Store(settings)
    warm_up(settings)

    def answer_fn(question: str, history: list[dict] | None) -> Answer:
        return answer(question, history, settings=settings, store=store)

    metrics = run_eval(
        args.questions, args.out, answer_fn, split=args.split, own_history=args.own_history
    )
    print(format_metrics(metrics))
    if args.compare:

        def retrieve_fn(question: str, history: list[dict] | None, mode: str):  # type: ignore[no-untyped-def]
            s = settings.with_overrides(top_k=10)
            query = standalone_question(question, history)
            return retrieve(
                query, store=store, embeddings=store.embeddings, settings=s, mode=mode
            ).passages

        print()
        print(
            format_comparison(
                compare_retrieval_modes(load_questions(args.questions, args.split), retrieve_fn)
            )
        )
    return 0


def cmd_match(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.policy import FirmProfile, format_match, match, measure_cards, result_json
    from assistant.store import Store

    profile = FirmProfile.from_json(args.profile)
    results = match(profile, measure_cards(Store(settings)))
    if args.json:
        print(json.dumps([result_json(r) for r in results], ensure_ascii=False, indent=2))
    else:
        print(format_match(results, profile))
    return 0


def cmd_refs(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.policy import reference_statuses
    from assistant.store import Store

    statuses = reference_statuses(Store(settings))
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "title": s.title,
                        "doc_number": s.doc_number,
                        "type": s.ref_type,
                        "present": s.present,
                        "doc_id": s.doc_id,
                        "cited_by": [
                            {"doc_id": c.doc_id, "title": c.doc_title, "section": c.section}
                            for c in s.cited_by
                        ],
                    }
                    for s in statuses
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for s in statuses:
        mark = "已收录" if s.present else "缺失"
        where = "；".join(f"《{c.doc_title}》{c.section}" for c in s.cited_by[:3])
        print(f"[{mark}] {s.label} ({s.ref_type}) ← {where}")
    missing = sum(1 for s in statuses if s.is_document and not s.present)
    print(f"{len(statuses)} cited, {missing} policy/law documents missing from the corpus")
    return 0
