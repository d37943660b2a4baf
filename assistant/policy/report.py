"""The calculator's answer in plain Chinese, short enough to read.

What applies comes first, each clause with what it grants, where it is
written and the check that decides it; then what one more fact would decide;
then what a qualification would open; then the near misses. Long tails are
counted, not listed: the whole list is in ``policy-qa match --json``.
"""

from __future__ import annotations

import re
from collections import Counter

from assistant.policy.cards import MeasureCard, fmt_number
from assistant.policy.checks import ConditionCheck
from assistant.policy.matching import MatchResult
from assistant.policy.parties import QUALIFICATIONS
from assistant.policy.profile import FirmProfile
from assistant.records import validity_label
from assistant.text import to_chinese

SHOW_MET = 10
SHOW_PARTIAL = 5
SHOW_NOT_MET = 3
QUOTE = 60  # characters of the clause quoted under each measure
MARKS = {"met": "✓", "not_met": "✗", "unknown": "？"}


def cite(card: MeasureCard) -> str:
    """《中华人民共和国企业所得税法》第二十八条第二款 / …第二十七条（一）."""
    where = card.article
    if card.paragraph > 1:
        where += f"第{to_chinese(card.paragraph)}款"
    return f"《{card.doc_title}》{where}{card.item}"


def label(result: MatchResult) -> str:
    """What the clause grants, when it is a figure or a kind of relief
    ("减按 20%", "加计扣除"); '' for a right or protection (the quote says it)."""
    if result.why.startswith("界定"):
        return f"{result.why.removeprefix('界定')}的标准"
    return "；".join(result.supports)


def quote(card: MeasureCard) -> str:
    """The clause, without its article number (the citation has it), cut short."""
    text = " ".join((card.clause or card.text).split())
    text = re.sub(r"^第[零一二三四五六七八九十百千]+条\s*", "", text)
    return text if len(text) <= QUOTE else text[:QUOTE] + "…"


def estimate(card: MeasureCard, profile: FirmProfile) -> str:
    """What a reduced rate saves at the firm's taxable income, against the
    document's standard rate (both rates quoted from the clauses): an
    estimate, never a figure the texts state."""
    income = profile.taxable_income_wan
    rates = [s.rate for s in card.supports if s.kind == "减按" and s.rate is not None]
    if income is None or card.base_rate is None or not rates or "所得税" not in card.clause:
        return ""
    saved = income * (card.base_rate - rates[0]) / 100
    return (
        f"估算：应纳税所得额{fmt_number(income)}万元，按{fmt_number(rates[0])}%而非"
        f"{fmt_number(card.base_rate)}%（{card.base_article}）计，约少缴{fmt_number(round(saved, 2))}"
        "万元（仅为估算，以税务机关核定为准）"
    )


def qualification_gap(result: MatchResult) -> str:
    """The one certified status the firm lacks for this clause ('' otherwise)."""
    failed = result.failed
    if len(failed) != 1 or failed[0].about != "party":
        return ""
    name = failed[0].description.removeprefix("属于")
    return name if name in QUALIFICATIONS else ""


def _check_line(checks: tuple[ConditionCheck, ...]) -> str:
    shown = [c for c in checks if c.about != "region" or c.status != "met"]
    return "；".join(f"{MARKS[c.status]} {c.description}（{c.reason}）" for c in shown[:3])


def format_match(results: list[MatchResult], profile: FirmProfile | None = None) -> str:
    """Plain Chinese for the CLI, the page and the chat: at most a screenful."""
    if not results:
        return (
            "没有找到与该企业情况相关的条款。请补充经营活动（如“开展研发”“参与政府采购”）、"
            "所在地区、企业规模等信息后再试。"
        )
    met = [r for r in results if r.status == "met"]
    partial = [r for r in results if r.status == "partial"]
    elsewhere = [r for r in results if r.status == "not_met" and _elsewhere(r)]
    gaps = [
        (r, qualification_gap(r)) for r in results if r.status == "not_met" and not _elsewhere(r)
    ]
    lines: list[str] = []
    if met:
        lines.append(f"== 可以适用（{len(met)}项）==")
        for r in met[:SHOW_MET]:
            validity = r.card.validity()
            tag = f"［{validity_label(validity)}］" if validity != "current" else ""
            lines.append(f"- {cite(r.card)}（{r.why}）{tag}")
            grant = label(r)
            lines.append(f"  {grant}：{quote(r.card)}" if grant else f"  {quote(r.card)}")
            if profile is not None and (saving := estimate(r.card, profile)):
                lines.append(f"  {saving}")
        if len(met) > SHOW_MET:
            lines.append(
                f"- 另有{len(met) - SHOW_MET}项符合条件，完整列表见 policy-qa match --json"
            )
    if partial:
        lines.append(f"== 还需确认（{len(partial)}项）==")
        for r in partial[:SHOW_PARTIAL]:
            missing = "；".join(dict.fromkeys(c.reason for c in r.missing))
            lines.append(f"- {cite(r.card)}{_grant(r)}：{missing}")
        if len(partial) > SHOW_PARTIAL:
            lines.append(f"- 另有{len(partial) - SHOW_PARTIAL}项待补充信息后判断")
        if any("企业规模" in c.reason for r in partial for c in r.missing):
            lines.append(
                "  注：企业规模按国家中小企业划型标准确定，请在画像中填写（大型/中型/小型/微型）。"
            )
    # The certified statuses are an enterprise's: a 个体工商户 cannot obtain one.
    company = profile is None or profile.entity_type == "企业"
    hints = Counter(q for _, q in gaps if q and company)
    for name, n in hints.most_common(2):
        example = next(r for r, q in gaps if q == name)
        lines.append(
            f"== 若取得{name}资格：还可适用{n}项，如{cite(example.card)}{_grant(example)} =="
        )
    others = [r for r, q in gaps if not (q and company)]
    if others:
        lines.append(f"== 不符合（{len(others)}项）==")
        for r in others[:SHOW_NOT_MET]:
            lines.append(f"- {cite(r.card)}{_grant(r)}：{_check_line(tuple(r.failed))}")
    if elsewhere:
        lines.append(f"（另有{len(elsewhere)}项其他地区的规定不适用于本企业所在地，未列出。）")
    return "\n".join(lines)


def _grant(result: MatchResult) -> str:
    grant = label(result)
    return f"（{grant}）" if grant else ""


def _elsewhere(result: MatchResult) -> bool:
    return any(c.about == "region" and c.status == "not_met" for c in result.checks)


def result_json(result: MatchResult) -> dict:
    """One result as data, for ``policy-qa match --json`` and the HTTP API."""
    return {
        "status": result.status,
        "cited": cite(result.card),
        "doc_id": result.card.doc_id,
        "doc_title": result.card.doc_title,
        "article": result.card.article,
        "paragraph": result.card.paragraph,
        "item": result.card.item,
        "chunk_id": result.card.chunk_id,
        "why": result.why,
        "relevance": round(result.score, 3),
        "supports": list(result.supports),
        "text": (result.card.clause or result.card.text).strip(),
        "conditions": [_check_json(c) for c in result.checks],
    }


def _check_json(check: ConditionCheck) -> dict:
    out = {
        "condition": check.description,
        "status": check.status,
        "reason": check.reason,
        "source": check.source,
        "about": check.about,
    }
    if check.via is not None:
        out["definition"] = {
            "cited": cite(check.via.card),
            "conditions": [_check_json(c) for c in check.via.checks],
        }
    return out


__all__ = ["cite", "estimate", "format_match", "label", "qualification_gap", "quote", "result_json"]
