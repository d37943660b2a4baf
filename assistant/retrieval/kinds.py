"""The kind of document a question speaks of: "报告说…", "这份方案…" point at
the documents of that kind — useful only when they are a minority — and
"报告里…", "报告建议…", "这份报告…" speak of one of them as its subject, as
strongly as naming its subject would ("向主管部门报告" uses the word as a verb).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.records import DocRecord
from assistant.text import DOC_TYPES

__all__ = ["TYPE_BOOST", "typed_documents"]

TYPE_BOOST = 0.2
_TYPE_WORDS = tuple(t for t in ("报告", "意见", "方案", "措施", "通知", "规划", "办法", "细则")
                    if t in DOC_TYPES)  # fmt: skip
_AS_SUBJECT = (
    r"(?:(?:这|该|本|那|此)[份篇期个]?{w}|(?:^|按|据|照|从|在){w}"
    r"|{w}(?:里|中|上|提|建议|说|认为|指出|写|讲|谈|列|显示|强调|主张|分析|发现|给出))"
)

# An English question speaks of a report as "the report" / "this report".
_EN_SUBJECT = {"报告": r"(?:the|this|that|your)\s*(?:research\s*)?report"}


def typed_documents(
    query: str, docs: Sequence[DocRecord], subject_boost: float
) -> dict[str, float]:
    """doc id -> the boost of a document of the kind ``query`` speaks of:
    ``subject_boost`` when it speaks of that kind as its subject, else
    ``TYPE_BOOST``; none when that kind is no minority of ``docs``."""
    kinds = {w for w in _TYPE_WORDS if w in query}
    subject = {w for w in kinds if re.search(_AS_SUBJECT.format(w=w), query)}
    for w, english in _EN_SUBJECT.items():
        if re.search(english, query, re.I):  # "what does the report propose"
            kinds.add(w)
            subject.add(w)
    boosts = {
        d.doc_id: subject_boost if d.doc_type in subject else TYPE_BOOST
        for d in docs
        if d.doc_type in kinds
    }
    return boosts if 0 < len(boosts) * 3 <= len(docs) else {}
