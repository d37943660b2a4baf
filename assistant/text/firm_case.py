"""A firm telling its own case before it asks ("我们是柳州一家汽车企业…。报告对
培育人才链有什么建议？", "We're a trading company in Nanning…"): where the case
ends and the question starts, and the places it names only as where the
firm is."""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.text.english import english_terms, is_english
from assistant.text.normalize import normalize_text
from assistant.text.places import regions_in
from assistant.text.terms import question_terms

__all__ = [
    "OWN_FIRM",
    "asked_by_a_firm",
    "own_question",
    "split_self_description",
    "where_located",
]

# A firm describing itself before it asks: "我们是柳州一家汽车企业…。报告对培育
# 人才链有什么建议？". Its sentences are the asker's case, not the words an
# answer must hold.
# The words an asker names its own firm by (我们, 我司, 本公司…).
# "我刚在南宁搞了个…", "我去年开了家…": 我, a time word, then being or running.
OWN_FIRM = (
    r"我们|我司|本公司|我公司|本企业|我单位|咱们|我厂|本厂|我家"
    r"|我(?:刚刚?|现在|目前|已经|去年|今年)?(?:是|在|做|开|办|搞)"
)
_SELF = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,4}?(?:想|要)?问[:：]\s*)?"  # "老板问：我们厂…": who asks, then the case
    rf"(?:{OWN_FIRM}|we\s+are|we're|i\s+run|i\s+own|our\s+(?:company|firm|business))",
    re.I,
)
_SENTENCE_END = re.compile(r"[。！!；;]|\.\s")


@lru_cache(maxsize=1024)
def asked_by_a_firm(question: str) -> bool:
    """Does the question open with the asker's own firm ("我们是…", "We are…")?"""
    return bool(_SELF.match(normalize_text(question).strip()))


def split_self_description(question: str, clauses: bool = False) -> tuple[str, str]:
    """(the asker's description of itself, the question asked) when a
    question opens with a description in sentences of its own; ("", question)
    otherwise ("我们是木材加工企业，能享受哪些支持" is one question: the case
    says what is asked). ``clauses``: a description in clauses of the one
    sentence counts too ("…，设备老、效率低，报告对我们有什么建议？") — how much
    of the question a passage must cover, not which sentence answers it."""
    form = normalize_text(question).strip()
    if not asked_by_a_firm(form):
        return "", question
    ends = [m.end() for m in _SENTENCE_END.finditer(form) if m.end() < len(form) - 1]
    if not ends and clauses:
        ends = [m.end() for m in re.finditer(r"[,，]", form) if m.end() < len(form) - 1]
    if not ends:
        return "", question
    return form[: ends[-1]].strip(), form[ends[-1] :].strip()


# What a firm asks weighs this much (summed term weights) to stand apart
# from its case: "按规定大企业应该在多长时间内付款", not "有什么建议".
OWN_QUESTION_WEIGHT = 8.0


def own_question(question: str) -> str:
    """What a firm asks after sentences telling its case, when it holds content
    of its own (else ''): searched apart too, the case's many words would drown
    it ("我们是宁波一家小厂，40来个人…。按规定大企业应该在多长时间内付款？"). "…。
    报告对我们有什么建议？" has none: the case gives it its subject."""
    case, asked = split_self_description(question)
    if not case or sum(w for _, w in question_terms(asked)) < OWN_QUESTION_WEIGHT:
        return ""
    return asked


_EN_SELF = re.compile(r"\b(?:we|we're|our|i|i'm|my)\b", re.IGNORECASE)
_EN_IN = re.compile(r"\b(?:in|from)\s+([A-Z][a-z]+(?:,?\s+[A-Z][a-z]+)?)")


@lru_cache(maxsize=1024)
def where_located(question: str) -> frozenset[str]:
    """The regions a firm names only as where it is ("我们是湖北的一家化工企业…",
    "our startup in Wuhan"), not as what it asks of."""
    if is_english(question):
        if not _EN_SELF.search(question):
            return frozenset()
        return frozenset(regions_in(" ".join(english_terms(" ".join(_EN_IN.findall(question))))))
    case, asked = split_self_description(question, clauses=True)
    return frozenset(r for r in regions_in(case) if r not in asked)
