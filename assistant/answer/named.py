"""The documents a question names: which the library holds (a name by
containment, an English title through the glossary), which it lacks, and
whether a passage bears a name as its own or cites it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.records import DocRecord, Passage
from assistant.retrieval import named_documents
from assistant.text import (
    Ask,
    classify_title,
    english_terms,
    english_titles,
    match_form,
    title_key,
)

__all__ = [
    "glossed_titles",
    "holds_name",
    "named_ids",
    "names_document",
    "set_up_under",
    "spoken_of",
    "unknown_documents",
]


def unknown_documents(ask: Ask, docs: Sequence[DocRecord]) -> list[str]:
    """Names in the question that match no indexed document (an English
    question's titles too, read through the glossary)."""
    unknown = [m for m in ask.documents if not named_documents(m, docs)]
    if ask.english and not ask.documents and docs:
        unknown += [t for t in english_titles(ask.question) if not _english_title_held(t, docs)]
    return unknown


def _english_title_held(title: str, docs: Sequence[DocRecord]) -> bool:
    """Is an English title one of ours ("Regulations on Ensuring Payments to
    SMEs" → 支付, 中小企业)? A title with no word the glossary knows
    ("Cybersecurity Law") is not: the glossary holds the terms of every text we index.
    An "X Law" is named by its head word as 《…X法》 is ("Patent Law" 专利法,
    "SME Promotion Law" …促进法): "Company Law" is no …企业促进法."""
    found = glossed_titles(english_terms(title), docs)
    m = _HEADED_LAW.search(title)
    if m and found and (head := english_terms(m.group(1))):
        found = [d for d in found if any(f"{h}法" in d.title for h in head)]
    return bool(found)


_HEADED_LAW = re.compile(r"\b([A-Za-z]+)\s+Law$")


_GENERIC = ("施行", "我国", "中国")  # glossary words that name no document


def glossed_titles(
    terms: Sequence[str], docs: Sequence[DocRecord], least: int = 1
) -> list[DocRecord]:
    """Documents whose title holds every term (any of its forms) an English
    name reads as through the glossary ("Shenzhen … Regulations on Promoting
    the AI Industry" → 深圳, 人工智能, 产业), the one in force first; none
    when it reads as fewer than ``least`` terms."""
    forms = [t.split() for t in terms if t not in _GENERIC]
    if not forms or len(forms) < least:
        return []
    found = [d for d in docs if all(any(f in d.title for f in fs) for fs in forms)]
    return sorted(found, key=lambda d: d.status != "current")


def named_ids(ask: Ask, docs: Sequence[DocRecord]) -> set[str]:
    """The indexed documents the question names."""
    return {d.doc_id for m in ask.documents for d in named_documents(m, docs)}


def names_document(text: str, name: str) -> bool:
    """Does ``text`` name the document ``name`` — whole, or by its last six
    characters (原来的增值税暂行条例 → …值税暂行条例)?"""
    return title_key(name)[-6:] in title_key(text)


def spoken_of(name: str, passages: Sequence[Passage], named: set[str]) -> bool:
    """A passage of a document the question names names ``name``."""
    return any(p.doc.doc_id in named and names_document(p.chunk.text, name) for p in passages)


def set_up_under(name: str, ask: Ask) -> bool:
    """Is ``name`` the law a firm was set up under ("按三资企业法设立的企业怎么
    过渡")? The question is about the firm, which the texts we hold may
    address though the law itself is not indexed."""
    quoted = re.escape(name)
    return bool(
        re.search(
            rf"(?:按|依照|依据|根据)(?:原|旧)?《?{quoted}》?(?:的规定)?(?:设立|成立|注册|登记)",
            ask.question,
        )
    )


def holds_name(p: Passage, name: str, cited: bool = False) -> bool:
    """Does the passage bear ``name`` as its own (a masthead) — or, when
    ``cited``, cite it in 《》? A law's text names other laws only to cite them
    ("依照民法典、行政许可法…")."""
    if not cited and classify_title(p.doc.title) == "law":
        return False
    text = match_form(p.chunk.text)
    if not cited:  # 《中华人民共和国民法典》 cites 民法典; it is not the passage's own
        text = re.sub(rf"《[^》]*{re.escape(name)}[^》]*》", "", text)
    return name in text
