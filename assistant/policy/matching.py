"""The 政策计算器: which clauses of the corpus apply to this firm, and why?

`match(profile, cards)` takes every clause that grants something a firm can
claim or invoke (a relief, a subsidy, a right, a protection) and decides two
things about it:

- *is it about this firm?* Its party is a status the firm has or could have
  (小型微利企业, 高新技术企业, 小规模纳税人), its industry scope takes in the
  firm's industry, or it speaks of what the firm does (its activities,
  searched over the clauses: ``policy.relevance``). Clauses about nothing the
  firm does are left out, however open their wording.
- *does the firm meet it?* Its party (``policy.parties``; a defined one like
  小型微利企业 through the corpus's own definition, 企业所得税法实施条例 第九十二条),
  the document's own scope (企业所得税法's reliefs reach only those who pay
  that tax), its numeric thresholds, its industry and its region.

Each clause comes out met (✓), partial (a fact the profile does not give,
or a qualification the firm does not hold) or not met, with the checks that
decided it. Only measures in force count, and only from policy texts: a
research report's recommendation is not something a firm can claim.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from assistant.policy import patterns as P
from assistant.policy.cards import (
    DUTY_KINDS,
    MeasureCard,
    definitions_by_entity,
)
from assistant.policy.checks import (
    ConditionCheck,
    check_catalogue,
    check_condition,
    check_domestic,
    check_establishment,
    check_industry,
    check_listed,
    check_payer,
    check_region,
    customer_kinds,
    parties_of,
    party_check,
    payers_bound,
    replace_about,
)
from assistant.policy.definitions import explained_by
from assistant.policy.narrowing import (
    check_donation,
    check_income,
    check_purpose,
    narrowed,
    placed,
    said_by_firm,
)
from assistant.policy.parties import (
    QUALIFICATIONS,
    RESIDENCE_ONLY,
    CheckStatus,
    attainable,
    document_party,
    holds,
    is_specific,
)
from assistant.policy.profile import FirmProfile
from assistant.policy.rates import RATE_KINDS, is_rate, own_rates
from assistant.policy.relevance import Hit, clause_index, with_remedies
from assistant.policy.results import MatchResult, overall
from assistant.text import title_key, to_chinese

NOT_MEASURES = ("报告",)  # document types whose "measures" are proposals
_RANK = {"met": 0, "unknown": 1, "not_met": 2}


def clause_key(card: MeasureCard) -> str:
    return f"{card.doc_id}|{card.article}|{card.paragraph}|{card.item}"


def measure_key(result: MatchResult) -> tuple[str, str, str]:
    """(document, article, "item|第N款") naming the clause a result is about."""
    card = result.card
    where = [card.item] if card.item else []
    if card.paragraph:
        where.append(f"第{to_chinese(card.paragraph)}款")
    return title_key(card.doc_title), card.article, "|".join(where)


# --- the matcher -------------------------------------------------------------------


class _Matcher:
    def __init__(
        self, profile: FirmProfile, cards: list[MeasureCard], today: date | None = None
    ) -> None:
        self.profile = profile
        self.today = today  # the day matched for: validity, and the firm's age
        self.definitions = definitions_by_entity(cards)
        self._memo: dict[str, ConditionCheck] = {}
        # The payers each article's payment clauses name, for a paragraph that
        # speaks of "拖欠方" without naming it again.
        self.article_payers: dict[tuple[str, str], list[str]] = {}
        self._bound: dict[str, list[str]] = {}
        for card in cards:
            own = payers_bound(card.text) if card.alternative else []
            if bound := own or payers_bound(card.clause or card.text):
                self._bound[card.card_id] = bound
                payers = self.article_payers.setdefault((card.doc_id, card.article), [])
                payers += [p for p in bound if p not in payers]
        self.customers = customer_kinds(profile)

    def checks(self, card: MeasureCard, depth: int = 0) -> list[ConditionCheck]:
        out: list[ConditionCheck] = []
        if card.kind == "support":
            parties = parties_of(card) or [p for p in [document_party(card.doc_title)] if p]
            if parties:
                out.append(self.party(parties, card.cited, depth))
            if "企业所得税" in card.doc_title and parties != ["企业所得税纳税人"]:
                scope = holds(self.profile, "企业所得税纳税人")
                if scope is not None and scope.status != "met":
                    out.append(replace_about(party_check(scope, card.cited), "scope"))
            if narrower := narrowed(card, parties):
                out.append(placed(said_by_firm(narrower, self.profile), self.profile))
        # A bare figure with no subject ("三十六个月内") is not a fact about the
        # firm, nor is how long the benefit or the claim runs ("结转年限").
        conditions = [
            c
            for c in card.conditions
            if (c.field != "other" or c.subject.strip()) and c.field != "period"
        ]
        out += [check_condition(c, self.profile, card.cited, self.today) for c in conditions]
        others = (
            check_industry,
            check_listed,
            check_region,
            check_establishment,
            check_catalogue,
            check_purpose,
            check_income,
            check_donation,
            check_domestic,
        )
        out += [c for check in others if (c := check(card, self.profile))]
        if payer := check_payer(card, self.customers, self.payers(card)):
            out.append(payer)
        return out

    def payers(self, card: MeasureCard) -> list[str]:
        if bound := self._bound.get(card.card_id):
            return bound
        if P.PAYMENT_RE.search(card.clause or card.text) and card.paragraph > 1:
            return self.article_payers.get((card.doc_id, card.article), [])
        return []

    def party(self, names: list[str], source: str, depth: int) -> ConditionCheck:
        options = [self.entity(n, source, depth) for n in names]
        return min(options, key=lambda c: _RANK[c.status])

    def entity(self, name: str, source: str, depth: int) -> ConditionCheck:
        known = holds(self.profile, name)
        if known is not None and (known.status != "unknown" or name not in self.definitions):
            return party_check(known, source)
        if name in self._memo:
            return self._memo[name]
        defs = self.definitions.get(name, [])
        desc = f"属于{name}"
        if not defs or depth > 3:
            reason = f"画像未说明是否为{name}"
            return ConditionCheck(desc, "unknown", reason, source, about="party")
        results = [self.result(d, depth + 1) for d in defs]
        # A definition with nothing to check (中小企业 "by the standards the State
        # Council sets") cannot make a firm qualify: say so, don't claim a match.
        testable = [r for r in results if r.checks]
        if not testable:
            reason = f"{results[0].cited}未给出可核对的条件，请按有关标准确认"
            check = ConditionCheck(desc, "unknown", reason, source, about="party")
            self._memo[name] = check
            return check
        order = {"met": 0, "partial": 1, "not_met": 2}
        best = min(testable, key=lambda r: (order[r.status], len(r.failed), len(r.missing)))
        status: CheckStatus = {"met": "met", "partial": "unknown", "not_met": "not_met"}[
            best.status
        ]
        where = best.cited + (best.card.branch or "")
        if status == "met":
            reason = f"符合{where}对{name}的界定"
        elif status == "not_met":
            failed = "；".join(dict.fromkeys(c.reason for c in best.failed))
            reason = f"不符合{where}对{name}的界定：{failed}"
        else:
            missing = "；".join(dict.fromkeys(c.reason for c in best.missing))
            reason = f"{where}的条件缺少信息：{missing}"
        check = ConditionCheck(desc, status, reason, source, via=best, about="party")
        self._memo[name] = check
        return check

    def result(self, card: MeasureCard, depth: int = 0, **extra: object) -> MatchResult:
        checks = self.checks(card, depth)
        return MatchResult(
            card,
            overall(checks),
            tuple(checks),
            tuple(s.describe() for s in card.supports),
            card.cited,
            **extra,  # type: ignore[arg-type]
        )


def situation(profile: FirmProfile) -> list[str]:
    """The firm's own words for what it does and is: each activity, its
    industry and the qualifications it holds (a clause may describe 高新技术
    企业 as "从事高新技术产品研究开发、生产的企业" without naming it)."""
    return [*profile.activities, profile.industry, *profile.qualifications]


def match(
    profile: FirmProfile,
    cards: list[MeasureCard],
    include_superseded: bool = False,
    today: date | None = None,
) -> list[MatchResult]:
    """The clauses that concern this firm: met, then partly met, then not met.

    Only measures in force today count: cards from superseded documents or
    past their 有效期 (and measures not yet in force) are left out unless
    `include_superseded`, and their definitions are not followed either.
    """
    usable = [
        c
        for c in cards
        if (include_superseded or c.validity(today) == "current") and c.doc_type not in NOT_MEASURES
    ]
    matcher = _Matcher(profile, usable, today)
    clauses: dict[str, list[MeasureCard]] = {}
    for card in usable:
        if card.kind == "support" and card.claimable:
            clauses.setdefault(clause_key(card), []).append(card)
    evaluated = {key: _clause_result(matcher, cs) for key, cs in clauses.items()}
    index = clause_index(list(clauses), [cs[0].clause or cs[0].text for cs in clauses.values()])
    # Clauses of the firm's own region (or national ones) compete with each
    # other; another region's are searched apart, only to be counted. A rate
    # for every payer of a tax is the firm's by what it sells (policy.rates).
    away = {k for k, r in evaluated.items() if _elsewhere(r)}
    rates = {k: r for k, r in evaluated.items() if is_rate(r.card) and not parties_of(r.card)}
    phrases, industry = situation(profile), [profile.industry]
    hits = index.relevant(phrases, set(evaluated) - away - set(rates), categories=industry)
    hits |= index.relevant(phrases, away, categories=industry) if away else {}
    hits = with_remedies(hits, clauses)
    results = list(own_rates(rates, profile, phrases).values())
    evaluated = {k: r for k, r in evaluated.items() if k not in rates}
    for key, r in evaluated.items():
        why, score = _concern(r, profile, hits.get(key))
        if why:
            results.append(_with(r, why=why, score=score))
    results += _definitions_met(matcher, results)
    order = {"met": 0, "partial": 1, "not_met": 2}
    return sorted(results, key=lambda r: (order[r.status], -_priority(r), len(r.missing)))


def _priority(result: MatchResult) -> float:
    """Nearness first; then a concrete grant (a rate, an amount, a relief) and
    a party the firm is shown to be, over a general right."""
    concrete = any(
        s.kind not in DUTY_KINDS and s.kind not in RATE_KINDS
        for c in result.related
        for s in c.supports
    )
    party = any(c.about == "party" and c.status == "met" for c in result.checks)
    return result.score + 0.3 * concrete + 0.2 * party


def _elsewhere(result: MatchResult) -> bool:
    return any(c.about == "region" and c.status == "not_met" for c in result.checks)


def _clause_result(matcher: _Matcher, cards: list[MeasureCard]) -> MatchResult:
    """One result for a clause read as several cards (one per sentence): the
    clause is met when its strictest sentence is."""
    results = [matcher.result(c) for c in cards]
    order = {"met": 0, "partial": 1, "not_met": 2}
    # of rules for different parties, the one the firm fits best speaks
    rules = [r for r in results if r.card.alternative]
    if rules:
        best = min(rules, key=lambda r: order[r.status])
        results = [r for r in results if not r.card.alternative] + [best]
    worst = max(results, key=lambda r: order[r.status])
    supports = tuple(dict.fromkeys(s for r in results for s in r.supports))
    checks = tuple(dict.fromkeys(c for r in results for c in r.checks))
    return _with(worst, checks=checks, supports=supports, related=tuple(cards))


def _with(result: MatchResult, **changes: object) -> MatchResult:
    return replace(result, **changes)  # type: ignore[arg-type]


def _concern(result: MatchResult, profile: FirmProfile, hit: Hit | None) -> tuple[str, float]:
    """Why the clause is this firm's concern ('' when it is not), and how near."""
    party = next((c for c in result.checks if c.about == "party"), None)
    name = party.description.removeprefix("属于") if party is not None else ""
    # A status the firm has, or could obtain: 高新技术企业 is a certificate a
    # firm applies for; 创业投资企业 is another trade, not a firm's next step.
    reachable = party is not None and (
        party.status != "not_met" or name not in QUALIFICATIONS or attainable(name)
    )
    if name in RESIDENCE_ONLY and (party is None or party.status != "met"):
        return "", 0.0  # a class the firm is not and cannot become
    if party is not None and is_specific(name) and reachable:
        return f"适用于{name}", 1.0
    # A narrowing the firm is shown to meet (地处民族自治地方, its own words)
    # makes the clause its own, like a status it holds.
    fits = next((c for c in result.checks if c.about == "narrowed" and c.status == "met"), None)
    if fits is not None:
        return fits.reason.removeprefix("画像："), 1.0
    industry = next((c for c in result.checks if c.about == "industry"), None)
    # The clause's own words name the industry: an item under "农、林、牧、渔业
    # 项目的所得…是指：" names its own crops, which the firm's words must meet.
    own = any(result.card.start <= f.start < result.card.end for f in result.card.industries)
    if industry is not None and industry.status == "met" and own:
        return f"所属行业“{profile.industry}”", 1.0
    if hit is not None:
        label = "所属行业" if hit.phrase == profile.industry else "经营情况"
        return f"{label}“{hit.phrase}”", hit.score
    return "", 0.0


def _definitions_met(matcher: _Matcher, results: list[MatchResult]) -> list[MatchResult]:
    """The definitions that make the firm what a listed clause is for
    (第九十二条（一） makes it a 小型微利企业), and those of a term a met clause
    checked the firm against (第九十四条: what 第二十九条's 民族自治地方 is), as
    results of their own."""
    seen: set[str] = set()
    out = []
    terms = [d for ds in matcher.definitions.values() for d in ds if not d.entities]
    for r in results:
        for c in r.checks:
            if c.status != "met":
                continue
            if c.about == "party":
                name = c.description.removeprefix("属于")
                found = [(d, name) for d in _defining(matcher, c, name)]
            elif r.status == "met":
                found = [
                    (MatchResult(d, "met", (c,), (), d.cited), d.defines)
                    for d in terms
                    if d.defines in c.description and explained_by(r.card, d)
                ]
            else:
                continue
            for d, name in found:
                if d.card.card_id not in seen:
                    seen.add(d.card.card_id)
                    out.append(_with(d, why=f"界定{name}", score=1.0))
    return out


def _defining(matcher: _Matcher, check: ConditionCheck, name: str) -> list[MatchResult]:
    if check.via is not None:
        return [check.via]
    if not is_specific(name):
        return []  # 中小企业's definition says nothing the firm's own size did not
    # A declared status the corpus defines (高新技术企业: 实施条例 第九十三条).
    return [
        MatchResult(d, "met", (replace_about(check, "party"),), (), d.cited)
        for d in matcher.definitions.get(name, [])
        if check_region(d, matcher.profile) is None
    ]


__all__ = [
    "ConditionCheck",
    "MatchResult",
    "clause_key",
    "match",
    "measure_key",
    "situation",
]
