"""Questions about a document itself — its full title, who issued it, who
wrote it, the series and issue it appeared in, the project behind it
("这份报告的题目全称是啥", "是哪个单位发布的", "执笔的是谁", "这期是第几期") —
answered from the document's own text: the line of it that states the fact
(read at ingest into the document's record), cited.

The document is the one the question names, else the one "这份报告" points
at (in the question or in the conversation before it): of that kind, among
the passages found (or the only one of that kind in the library). Nothing is
said that no line of the document holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.articles import Corpus
from assistant.records import DocRecord, Passage
from assistant.retrieval import named_documents
from assistant.text import (
    CJK,
    ITSELF,
    Ask,
    Sentence,
    citations_from_rows,
    match_form,
    split_sentences,
)

__all__ = ["asked_fact", "document_fact"]

_WHO = r"(?:是|由)*(?:(?:哪个|哪家|什么|哪[两几]个)(?:单位|机构|部门)|谁)"
# What is asked of it, right after it or anywhere once the document is named.
_FACTS = (
    ("title", r"的?(?:题目|标题|全称|全名|名称|名字|叫什么|叫啥)|full title|complete title"),
    (
        "issuer",
        _WHO + r"(?:发布|印发|编印|编发|编制|主办|出品|出|编写)"
        r"|的?(?:发布|印发|编印|编发|主办)(?:单位|机构|方)"
        r"|who (?:issued|published)|issuing (?:body|unit|institution)|publisher",
    ),
    (
        "author",
        r"(?:执笔人?|作者|撰稿人?)(?:是|为)?(?:谁|哪位|叫什么)|(?:谁|哪位)(?:执笔|写的|撰写|撰稿)"
        r"|(?:执笔|撰写|撰稿)的?是谁|who wrote|\bauthor",
    ),
    ("issue", r"第几期|哪一期|期号|总第几期|issue number"),
    (
        "date",
        r"(?:哪天|哪一天|什么时候|何时|哪年哪月|几月几[日号])(?:印发|发布|出版|编印|出)的?"
        r"|(?:印发|发布|出版|编印)(?:的)?(?:日期|时间)|publication date|date of (?:issue|publication)",
    ),
    (
        "series",
        r"(?:哪个|什么|哪份)(?:刊物|期刊|内刊|系列|出版物)|刊物?名|publication series|"
        r"\bseries\b|periodical|journal",
    ),
    (
        "project",
        r"(?:哪个|什么)课题|课题(?:是|叫)(?:什么|哪个|啥)|课题的?(?:名称|名字|题目)"
        r"|依托.{0,4}课题|来源于.{0,6}课题|research project",
    ),
)
_CUES = tuple((fact, re.compile(cue, re.IGNORECASE)) for fact, cue in _FACTS)
_ISSUE = re.compile(r"\d{4}年第\d+期(?:（总第\d+期）)?")
_OF_ITSELF = ("title", "issuer")  # asked right after "这份报告"
# What may follow the words that ask for its title or issuer.
_ASKED_END = re.compile(
    r"(?:的)?(?:题目|标题|全称|全名|名称|名字)*(?:是|为|叫)?(?:什么|谁|哪个|哪家|哪位|啥)?"
    r"(?:名字|名称|单位|机构)?(?:的|呢|啊|吗)?[?？。]?"
)
# The kind a reference names, as a document type; '' for any kind.
_KINDS = {
    "report": "报告",
    "研究": "报告",  # "这份研究": a title ending 研究 is a report (text.titles)
    "东西": "",
    "材料": "",
    "期": "",
    "document": "",
    "paper": "",
    "issue": "",
    "publication": "",
}


def asked_fact(question: str, named: bool = False) -> tuple[str, str]:
    """(the fact asked — title, issuer, author, issue, series or project —,
    the kind of document "这份…" names: '' for any) — ("", "") when the
    question does not ask it of the document itself. In Chinese its title and
    issuer are asked right after "这份报告" (not "这份报告里提到的实验室叫什么"),
    the rest anywhere after it — or anywhere, when the question names the
    document (``named``: then not its title or issuer, which a name in it has)."""
    english = not CJK.search(question)
    # English keeps its spaces (match_form drops them): "this … report"
    q = " ".join(question.lower().split()) if english else match_form(question)
    itself = ITSELF.search(q)
    if itself is None and not named:
        return "", ""
    start = itself.end() if itself is not None and not english else 0
    kind = next((g for g in itself.groups() if g), "") if itself is not None else ""
    for fact, cue in _CUES:
        m = cue.search(q, start)
        if m is None:
            continue
        if fact in _OF_ITSELF and not english and (itself is None or m.start() != start):
            continue
        if fact in _OF_ITSELF and not english and not _ASKED_END.fullmatch(q[m.end() :]):
            continue  # "发布单位的编辑部在哪个城市": a thing of the issuer is asked
        return fact, _KINDS.get(kind, kind)
    return "", ""


def _document(
    ask: Ask, fact: str, kind: str, passages: Sequence[Passage], docs: Sequence[DocRecord]
) -> DocRecord | None:
    """The named document, else the first found (else the only one in the
    library) of the kind the question names that records the fact asked."""
    named = [d for m in ask.documents for d in named_documents(m, docs)]
    if named:
        return named[0]
    candidates = [*{p.doc.doc_id: p.doc for p in passages}.values(), *docs]
    of_kind = [
        d
        for d in candidates
        if d.doc_type and (not kind or d.doc_type in kind) and _values(d, fact)
    ]
    return of_kind[0] if of_kind else None


def _values(doc: DocRecord, fact: str) -> list[str]:
    """What the document's record says of ``fact``, in the words its text has."""
    series = doc.extra.get("series", "")
    if fact == "title":
        return [doc.title]
    if fact == "issuer":  # each issuer, as its own line writes it
        return [i for i in doc.issuer.split("；") if i] if doc.issuer else []
    if fact == "date":  # the masthead's date ("2024 年 11 月 26 日")
        y, m, d = [*doc.issued.split("-"), "", ""][:3]
        return [f"{y}年{int(m)}月{int(d)}日"] if y and m.isdigit() and d.isdigit() else []
    if fact == "author":
        return [doc.extra.get("author", "")]
    if fact == "issue":
        return [m.group() for m in _ISSUE.finditer(series)]
    if fact == "series":
        return re.findall(r"《([^》]+)》", series)
    return [
        ref.text
        for _, _, ref in citations_from_rows(doc.citations or ())
        if ref.ref_type == "project"
    ]


def document_fact(
    ask: Ask, passages: Sequence[Passage], corpus: Corpus | None
) -> tuple[Passage, Sentence] | None:
    """The line of the document that states the fact ``ask`` asks of it (with
    its passage) — None when it asks none, or the document's text holds none."""
    if corpus is None:
        return None
    fact, kind = asked_fact(ask.question)
    if not fact and ask.context:  # "是哪个单位发布的" after a question on "这份报告"
        # the document the context names, not what it asked of it (执笔人)
        itself = ITSELF.search(match_form(ask.context))
        fact, kind = asked_fact(f"{itself.group() if itself else ask.context}{ask.question}")
    if not fact and ask.documents:
        fact, kind = asked_fact(ask.question, named=True)
    if not fact:
        return None
    doc = _document(ask, fact, kind, passages, corpus.documents())
    if doc is None:
        return None
    values = [match_form(v) for v in _values(doc, fact) if v]
    for chunk in corpus.doc_chunks(doc.doc_id):
        lines = [
            s for s in split_sentences(chunk.text) if any(v in match_form(s.text) for v in values)
        ]
        if lines:  # two issuers on two lines of the masthead: both
            first, last = lines[0], lines[-1] if fact == "issuer" else lines[0]
            span = chunk.text[first.start : last.end]
            return Passage(chunk, doc, 0.0, 1), Sentence(span, first.start, last.end)
    return None
