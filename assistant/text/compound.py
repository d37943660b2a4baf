"""A question of two questions ("…什么时候施行？同时废止了哪部法规？"): its
parts, each answered on its own; a later part without the document the first
one names (or points at: "这期是第几期？执笔的是谁？") is asked of it."""

from __future__ import annotations

import re

from assistant.text.questions import ITSELF, analyse, with_context
from assistant.text.terms import question_terms

__all__ = ["question_parts"]

_ASKING = re.compile(r"什么|多少|几|哪|谁|吗|怎么|如何|是否|何时|多久|多长|呢")


# The words of a part that only asks the first again, in more detail.
_RESTATING = frozenset(
    [
        "名单",
        "清单",
        "列",
        "列出",
        "列举",
        "一下",
        "例子",
        "举",
        "举例",
        "具体",
        "详细",
        "说说",
        "讲讲",
        "介绍",
        "分别",
        "数字",
        "数据",
    ]
)


# "那X呢？", nothing asked but 呢
_WHAT_ABOUT = re.compile(r"(?:(?!什么|多少|几|哪|谁|怎么|如何|多久|多长)[^？?])+呢[？?]")


def question_parts(question: str) -> list[str]:
    """The questions ``question`` is made of ([question] when it is one)."""
    parts = [p.strip() for p in re.split(r"(?<=[？?])", question) if p.strip()]
    # "平时预缴呢？多久报一次？": "…呢？" only names what the next part asks of
    while len(parts) > 1 and _WHAT_ABOUT.fullmatch(parts[0]):
        parts[:2] = [f"{parts[0][:-2]}，{parts[1]}"]
    asking = [p for p in parts if _ASKING.search(p)]
    if len(asking) < 2 or len(asking) != len(parts):
        return [question]
    if any(not question_terms(p) and analyse(p).shape == "general" for p in parts[1:]):
        # "柳州有几所本科院校？报告里是怎么说的？": a part with no words and no
        # figure of its own asks how the corpus puts the first; one question
        # ("…？要等多久？" asks a figure of its own).
        return [question]
    if any({t for t, _ in question_terms(p)} <= _RESTATING for p in parts[1:]):
        return [question]  # "…都是哪些公司？能列个名单吗？": the same question again
    # The first part's document — named, or "这期/这份报告" — is the later ones'.
    names = analyse(parts[0]).documents
    itself = ITSELF.search(parts[0])
    ref = names[0] if names else itself.group() if itself else ""
    return [parts[0], *(_later(p, parts[0], ref) for p in parts[1:])]


# Words of its own a later part may have and still lean on the first whole:
# "投资额能抵企业所得税吗？能抵多少？" asks how much of the same 投资额.
_ELLIPTIC = 1


def _later(part: str, first: str, ref: str) -> str:
    """A later part as it is asked: of the first part's document, or of the
    first part itself when it has hardly a word of its own."""
    if ref and not analyse(part).documents and not ITSELF.search(part):
        return f"{ref}{part}"
    return with_context(part, first) if len(question_terms(part)) <= _ELLIPTIC else part
