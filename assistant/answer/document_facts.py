"""Questions about a document itself — its full title, who issued it
("这份报告的题目全称是啥", "是哪个单位发布的") — answered from the document's
own text: the line of it that states the title or the issuer, cited.

The document is the one the question names, else the one "这份报告" points
at: of that kind, among the passages found (or the only one of that kind in
the library). Nothing is said that no line of the document holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.articles import Corpus
from assistant.answer.citations import make_citation
from assistant.answer.quotes import framing
from assistant.records import Citation, DocRecord, Passage
from assistant.retrieval import named_documents
from assistant.text import Ask, match_form, split_sentences

__all__ = ["asked_fact", "document_fact"]

# The document itself as the subject ("这份报告", "该文件", "本期"), and what is
# asked of it right after: its title, or who issued it. "这份报告里提到的实验室
# 叫什么" asks of something in it, not of it.
_ITSELF = r"(?:这|该|本|此)一?(?:份|篇|期|个)?(报告|文章|文件|材料|研究|刊物|简报)"
_FACTS = (
    ("title", re.compile(_ITSELF + r"的?(?:题目|标题|全称|全名|名称|名字|叫什么|叫啥)")),
    (
        "issuer",
        re.compile(
            _ITSELF + r"(?:是|由)*(?:(?:哪个|哪家|什么)(?:单位|机构|部门)|谁)"
            r"(?:发布|印发|编印|主办|出品|出|编写)|"
            + _ITSELF
            + r"的?(?:发布|印发|编印|主办)(?:单位|机构|方)"
        ),
    ),
)


def asked_fact(question: str) -> tuple[str, str]:
    """(the fact asked — "title" or "issuer" —, the kind of document "这份…"
    names) — ("", "") when the question does not ask it of the document itself."""
    q = match_form(question)
    for fact, cue in _FACTS:
        m = cue.search(q)
        if m:
            return fact, next(g for g in m.groups() if g)
    return "", ""


def _document(
    ask: Ask, kind: str, passages: Sequence[Passage], docs: Sequence[DocRecord]
) -> DocRecord | None:
    named = [d for m in ask.documents for d in named_documents(m, docs)]
    if named:
        return named[0]
    of_kind = [p.doc for p in passages if p.doc.doc_type and p.doc.doc_type in kind]
    if of_kind:
        return of_kind[0]
    alone = [d for d in docs if d.doc_type and d.doc_type in kind]
    return alone[0] if len(alone) == 1 else None


def document_fact(
    ask: Ask, passages: Sequence[Passage], corpus: Corpus | None
) -> tuple[str, Citation] | None:
    """(the answer's text, its citation) when ``ask`` asks for the title or the
    issuer of a document whose own text states it — else None."""
    fact, kind = asked_fact(ask.question)
    if not fact or corpus is None:
        return None
    doc = _document(ask, kind, passages, corpus.documents())
    if doc is None:
        return None
    value = doc.title if fact == "title" else doc.issuer.split("；")[0]
    if not value:
        return None
    for chunk in corpus.doc_chunks(doc.doc_id):
        for s in split_sentences(chunk.text):
            if match_form(value) in match_form(s.text):
                p = Passage(chunk, doc, 0.0, 1)
                return f"{framing(p, s)}{s.text.strip()}[1]", make_citation(1, p, [s])
    return None
