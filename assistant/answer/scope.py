"""Which passages an answer may quote: those of the documents the question
names, of the kind of document it names, and of the region it asks about
(a Guangxi firm is not offered Beijing's subsidies; mainland law is not
quoted as Hong Kong's)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.answer.coverage import asked_regions, term_coverage
from assistant.answer.figure_fit import fits
from assistant.answer.named import named_ids
from assistant.records import DocRecord, Passage
from assistant.retrieval import match_documents
from assistant.text import (
    SEPARATE_JURISDICTIONS,
    Ask,
    document_mentions,
    match_form,
    own_region,
    province_of,
    question_terms,
    without_version,
)

__all__ = ["evidence_of", "in_scope"]


def evidence_of(
    ask: Ask, passages: Sequence[Passage], docs: Sequence[DocRecord], k: int
) -> list[Passage]:
    """The passages the answer step reads: the first ``k`` — and those of a
    document the question names found further down, when none of the first
    ``k`` is of it ("中小企业促进法对政府采购有什么规定" finds 政府采购法's
    articles first: every one of them says 政府采购)."""
    top = list(passages[:k])
    # "香港投资者…适用外商投资法吗": a place mainland law does not reach is
    # answered only by passages about it (``in_scope``), found further down too
    apart = [r for r in asked_regions(ask) if r in SEPARATE_JURISDICTIONS]
    if apart and not any(_about(p, apart) for p in top):
        top += [p for p in passages[k:] if _about(p, apart)]
    named = named_ids(ask, docs) if docs else set()
    if not named or any(p.doc.doc_id in named for p in top):
        return top
    return top + [p for p in passages[k:] if p.doc.doc_id in named]


def _about(p: Passage, regions: Sequence[str]) -> bool:
    return any(r in p.chunk.text or r in p.doc.title for r in regions)


def in_scope(ask: Ask, passages: Sequence[Passage], docs: Sequence[DocRecord]) -> list[Passage]:
    """The passages an answer may quote: of the documents the question names,
    when it names some and they were found; of the kind of document it names
    ("报告提出了…"); never of another region than the one it names (a Guangxi
    firm is not offered Beijing's subsidies), and national ones when it asks
    what the state (国家) provides."""
    kept = list(passages)
    named = named_ids(ask, docs) if docs else set()
    if named and any(p.doc.doc_id in named for p in kept) and _leans_on(ask, kept, named):
        kept = [p for p in kept if p.doc.doc_id in named]
    kinds = {t for t in _TYPE_WORDS if t in ask.question}
    if ask.english:  # "What does the report propose…"
        kinds |= {
            t for word, t in _EN_TYPE_WORDS.items() if re.search(rf"\b{word}\b", ask.question, re.I)
        }
    if kinds and any(p.doc.doc_type in kinds for p in kept):
        kept = [p for p in kept if p.doc.doc_type in kinds]
    kept = _of_the_version(ask, kept, docs)
    regions = asked_regions(ask)
    if apart := [r for r in regions if r in SEPARATE_JURISDICTIONS]:
        # Mainland law does not reach 香港/澳门/台湾: only passages about them —
        # of another document when the one named says nothing of them ("香港投资者
        # …适用外商投资法吗": its 实施条例 says 参照).
        kept = [p for p in kept if _about(p, apart)] or [p for p in passages if _about(p, apart)]
    asked = {province_of(r) for r in regions}
    if asked:
        kept = [p for p in kept if not _region(p) or province_of(_region(p)) in asked]
    elif _NATIONAL.search(ask.question) and any(not _region(p) for p in kept):
        kept = [p for p in kept if not _region(p)]  # "国家对…有什么支持": the national text
    return [replace(p, rank=i + 1) for i, p in enumerate(kept)]


def _of_the_version(ask: Ask, passages: list[Passage], docs: Sequence[DocRecord]) -> list[Passage]:
    """The passages of the version the question asks of by its year (as
    retrieval reads it: ``DocMatch.dated``), when it does not name the text
    itself ("2020年版条例里…" is neither 北京's 2020 条例 nor the current version)."""
    if without_version(ask.question) == ask.question or document_mentions(ask.question):
        return passages  # (a text the conversation named is no version the question names)
    dated = set(match_documents(ask.question, docs).dated)
    return [p for p in passages if p.doc.doc_id in dated] or passages


def _leans_on(ask: Ask, passages: Sequence[Passage], named: set[str]) -> bool:
    """Does the question keep to the documents named? Always when it names
    them itself; when they are only the conversation's subject, while their
    passages hold the question's own words about as well as any other does
    ("企业的广告费和业务宣传费能扣除多少？" after a question on 河南's 条例 is a
    new topic)."""
    if not ask.context or any(m not in ask.context for m in ask.documents):
        return True
    if ask.shape == "figure" and not any(
        fits(ask, p.chunk.text) for p in passages if p.doc.doc_id in named
    ):
        # "具体加计扣除比例是多少" after 科技进步法's "按照国家有关规定…加计扣除":
        # the figure is in the text that rule points to, found beside it
        return not any(fits(ask, p.chunk.text) for p in passages[:_FIGURE_RANKS])
    terms = question_terms(ask.question)
    held = {p.chunk.chunk_id: term_coverage(terms, match_form(p.chunk.text)) for p in passages}
    inside = max((held[p.chunk.chunk_id] for p in passages if p.doc.doc_id in named), default=0.0)
    return inside >= 0.7 * max(held.values(), default=0.0)


_FIGURE_RANKS = 3  # the passages of other documents a figure follow-up may turn to


_NATIONAL = re.compile(r"^(?:国家|中央)(?:对|在|如何|怎样|怎么|鼓励|支持|有哪些|有什么)")


_TYPE_WORDS = ("报告", "意见", "方案", "通知", "规划")  # kinds of document a question may name
_EN_TYPE_WORDS = {"report": "报告", "opinions": "意见", "notice": "通知"}


def _region(p: Passage) -> str:
    return own_region(p.doc.title, p.doc.issuer)
