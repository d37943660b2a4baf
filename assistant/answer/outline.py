"""A part of a document asked for by its heading: its sub-headings.

"报告的对策建议有哪几方面" is answered by the headings under 三、对策建议 —
（一）提升产业发展效能…, （二）强化科技创新支撑…, （三）加强智慧园区建设… —
which are no sentence of any chunk: a report's structure is in its chunks'
section paths. "第二条对策是什么" is answered by the second of them, with the
points (一是…, 二是…) it goes on to make. Each heading is cited by the first
chunk under it, whose section holds it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from assistant.answer.articles import Corpus
from assistant.answer.citations import make_citation
from assistant.answer.coverage import ask_terms, content_of
from assistant.answer.evidence import Scored
from assistant.answer.quotes import WHOLE_POINT
from assistant.records import ChunkRecord, Citation, DocRecord, Passage
from assistant.text import (
    ARTICLE_LABEL,
    POINT,
    Ask,
    Sentence,
    asked_count_noun,
    classify_title,
    counts_noun,
    coverage,
    forms,
    holds,
    match_form,
    parse_number,
    point_span,
    question_terms,
    split_sentences,
    to_chinese,
)

__all__ = ["Outline", "by_structure", "counted_heading", "find_outline", "outline_text"]

# How much of the question a heading must hold to be the part asked of.
MIN_HEADING_COVER = 0.5
_SHARED = 4  # characters: a run of the title's own words in a heading
_DEPTH = 3  # top passages whose documents' headings are read
_GENRES = frozenset({"报告", "研究", "文件", "文章", "条例", "规定", "办法", "意见", "决定"})
# A heading's own number: 三、 （二） 第二章
_MARK = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|第[一二三四五六七八九十百]+[章节编])\s*"
)


@dataclass(frozen=True)
class Outline:
    doc: DocRecord
    heading: str  # the part asked of ("三、对策建议")
    parts: list[tuple[str, ChunkRecord]]  # each sub-heading, with the first chunk under it
    cover: float  # how much of the question the heading holds
    chosen: int = 0  # the place of the one sub-heading asked for (0: all)
    points: tuple[tuple[ChunkRecord, str], ...] = ()  # the chosen one's (一是…)
    point: int = 0  # the place of the one point asked for within it (0: all)
    subparts: tuple[tuple[str, ChunkRecord], ...] = ()  # the chosen one's own sub-headings


def _titled(heading: str) -> bool:
    """A heading with words of its own, not only a label (第九条)."""
    if ARTICLE_LABEL.match(heading):
        return False
    return len(re.findall(r"[\u4e00-\u9fff]", _MARK.sub("", heading))) >= 4


def _children(
    chunks: Sequence[ChunkRecord], path: tuple[str, ...]
) -> list[tuple[str, ChunkRecord]]:
    """The titled sub-headings right under ``path``, in order, each with its first chunk."""
    out: dict[str, ChunkRecord] = {}
    for c in chunks:
        sub = c.section_path
        if len(sub) > len(path) and sub[: len(path)] == path and _titled(sub[len(path)]):
            out.setdefault(sub[len(path)], c)
    return list(out.items())


def _own_words(heading: str, title: str) -> str:
    """The heading without the runs it shares with the document's title
    ("广西产业链聚链集群发展迎来重大机遇" → 迎来重大机遇): the words that say
    which part it is."""
    for n in range(len(heading), _SHARED - 1, -1):
        for i in range(len(heading) - n + 1):
            if heading[i : i + n] in title:
                return _own_words(heading[:i] + " " + heading[i + n :], title)
    return heading


def find_outline(ask: Ask, passages: Sequence[Passage], corpus: Corpus | None) -> Outline | None:
    """The part a list question (or one asking the Nth part) names by its
    heading — by a word of the heading's own, not of the document's title —
    when the heading holds the question's words better than any heading under
    it and it has titled parts of its own. The top passages' documents are
    read first; a question that asks a part by its place ("对策第一部分的第二点")
    names little else a passage holds, so every text in parts and points (not
    a law: its chapters hold articles) is read after them — a library of
    thousands of laws is not read chunk by chunk for one question."""
    if corpus is None or ask.english or ask.article or not (ask.shape == "list" or ask.ordinal):
        return None
    # what the document is ("报告") says which document, not which part
    terms = [(t, w) for t, w in ask_terms(ask) if t not in _GENRES and not t.isdigit()]
    # its own words only: the conversation's subject names no part
    own = [t for t, _ in question_terms(content_of(ask)) if t not in _GENRES and not t.isdigit()]
    bare = not [t for t in own if t not in _SAYING]
    if ask.ordinal and bare and _PART_BY_PLACE.search(ask.question):  # "报告第三部分讲了什么"
        return _by_place(ask, passages, corpus)
    if not terms:
        return None
    if own:  # a part named in its own words: the conversation's subject names none
        terms = [(t, w) for t, w in terms if t in own] or terms
    top = list({p.doc.doc_id: p.doc for p in passages[:_DEPTH]}.values())
    outline = _headed(ask, terms, top, corpus)
    if outline is None and ask.ordinal:
        held = {d.doc_id for d in top}
        rest = [
            d
            for d in corpus.documents()
            if d.doc_id not in held and classify_title(d.title) != "law"
        ]
        outline = _headed(ask, terms, rest, corpus)
    if outline is None or not ask.ordinal:
        return outline
    part, point = (ask.within, ask.ordinal) if ask.within else (ask.ordinal, 0)
    if part > len(outline.parts):
        return None
    heading, chunk = outline.parts[part - 1]
    path = chunk.section_path[: chunk.section_path.index(heading) + 1]
    points = _points(corpus.doc_chunks(outline.doc.doc_id), path)
    if point:  # "第一部分的第二点": that point alone
        if point > len(points):
            return None
        points = points[point - 1 : point]
    return replace(outline, chosen=part, points=tuple(points), point=point)


# "报告第三部分讲了什么", "第二部分第三点": a part asked by its place alone,
# with no word of its heading — the document's own top-level parts.
_PART_BY_PLACE = re.compile(r"第[一二三四五六七八九十\d]{1,3}大?部分")
_SAYING = frozenset(
    {"标题", "题目", "名称", "名字", "叫", "讲", "说", "谈", "写", "内容", "主要", "大部分", "部分"}
)


def _by_place(ask: Ask, passages: Sequence[Passage], corpus: Corpus) -> Outline | None:
    """The part (and point) asked by place, of the first document that has
    it — of the kind the question (or its conversation) speaks of ("报告")
    first, then the top passages', then every text that is not a law."""
    docs = list({p.doc.doc_id: p.doc for p in passages}.values()) + list(corpus.documents())
    spoken = ask.question + ask.context
    docs.sort(key=lambda d: not (d.doc_type and d.doc_type in spoken))
    for doc in docs:
        if classify_title(doc.title) != "law" and (found := _placed(ask, doc, corpus)):
            return found
    return None


def _placed(ask: Ask, doc: DocRecord, corpus: Corpus) -> Outline | None:
    """The part asked by place in ``doc``, with its sub-headings or points —
    or the one sub-heading (or point) asked of it; None when it has no such."""
    part, point = (ask.within, ask.ordinal) if ask.within else (ask.ordinal, 0)
    chunks = corpus.doc_chunks(doc.doc_id)
    parts = _children(chunks, ())
    if len(parts) < max(2, part):
        return None
    outline = Outline(doc, "", parts, 1.0, chosen=part)
    path = (parts[part - 1][0],)
    subparts = _children(chunks, path)
    points = _points(chunks, path)
    if not point:
        return replace(outline, subparts=tuple(subparts), points=() if subparts else tuple(points))
    if subparts:  # "第二部分第三点": its third sub-heading
        if point > len(subparts):
            return None
        return replace(outline, subparts=tuple(subparts[point - 1 : point]), point=point)
    if point > len(points):
        return None
    return replace(outline, points=tuple(points[point - 1 : point]), point=point)


def _headed(
    ask: Ask, terms: list[tuple[str, float]], docs: Sequence[DocRecord], corpus: Corpus
) -> Outline | None:
    """The heading of ``docs`` that holds the question best (see ``find_outline``)."""
    question = match_form(content_of(ask))
    count = _asked_count(question)
    best: tuple[float, int, Outline] | None = None
    for doc in docs:
        chunks = corpus.doc_chunks(doc.doc_id)
        title = match_form(doc.title)
        paths = {c.section_path[:i] for c in chunks for i in range(1, len(c.section_path) + 1)}
        for path in sorted(paths):
            heading = match_form(_MARK.sub("", path[-1]))
            parts = _children(chunks, path)
            cover = coverage(terms, heading)
            if count and len(parts) == count:
                cover += COUNT_BONUS  # "主要是哪三个问题": a part of three
            own = question_terms(_own_words(heading, title))
            said = any(holds(question, f) for t, _ in own for f in forms(t))
            if cover < MIN_HEADING_COVER or not said:
                continue
            key = (cover, -len(path))
            if len(parts) >= 2 and (best is None or key > best[:2]):
                best = (*key, Outline(doc, path[-1], parts, cover))
            elif best is not None and key > best[:2]:
                best = None  # a heading further down holds the question better
    return best[2] if best is not None else None


# A heading with as many parts as the question counts ("哪三个问题": 问题挑战's
# three) is the one asked of, more than its words alone say.
COUNT_BONUS = 0.2
_COUNT_ASKED = re.compile(r"哪([两二三四五六七八九十]|\d)[个项条类大]?")


def _asked_count(question: str) -> int:
    m = _COUNT_ASKED.search(question)
    return int(parse_number(m.group(1)) or 0) if m else 0


def _points(chunks: Sequence[ChunkRecord], path: tuple[str, ...]) -> list[tuple[ChunkRecord, str]]:
    """The opening sentence of each point (一是…) under ``path``."""
    return [
        (c, s.text)
        for c in chunks
        if c.section_path[: len(path)] == path
        for s in split_sentences(c.text)
        if POINT.match(s.text)
    ]


def outline_text(outline: Outline) -> tuple[str, list[Citation]]:
    """The answer: the sub-headings, or the one asked for with its points, cited."""
    doc = outline.doc
    citations: list[Citation] = []

    def cite(chunk: ChunkRecord, sentence: str | Sentence = "") -> str:
        if isinstance(sentence, Sentence):
            spans = [sentence]
        else:
            spans = [s for s in split_sentences(chunk.text) if not sentence or s.text == sentence]
        passage = Passage(chunk, doc, 1.0, len(citations) + 1)
        citations.append(make_citation(len(citations) + 1, passage, spans[:1]))
        return f"[{len(citations)}]"

    if not outline.heading:  # a part of the whole document, asked by its place
        return f"根据《{doc.title}》：\n" + "\n".join(_placed_lines(outline, cite)), citations
    head = f"根据《{doc.title}》，“{outline.heading}”"
    if not outline.chosen:
        lines = [f"{heading}{cite(chunk)}" for heading, chunk in outline.parts]
        return head + "分为以下几个方面：\n" + "\n".join(lines), citations
    heading, chunk = outline.parts[outline.chosen - 1]
    lines = [f"{heading}{cite(chunk)}"]
    if outline.point:  # the one point asked for, as its paragraph makes it
        ((c, sentence),) = outline.points
        said = _point_said(c, sentence)
        lines += [f"其中第{to_chinese(outline.point)}点：{said.text.strip()}{cite(c, said)}"]
    elif outline.points:
        lines += ["其中：", *(f"{sentence}{cite(c, sentence)}" for c, sentence in outline.points)]
    return head + "之下，所问的一项是：\n" + "\n".join(lines), citations


def _placed_lines(outline: Outline, cite: Callable[..., str]) -> list[str]:
    """ "第三部分：三、对策建议" with its sub-headings, or the point asked of it."""
    heading, chunk = outline.parts[outline.chosen - 1]
    lines = [f"第{to_chinese(outline.chosen)}部分：{heading}{cite(chunk)}"]
    nth = f"其中第{to_chinese(outline.point)}点："
    if outline.point and outline.subparts:
        ((sub, c),) = outline.subparts
        first = split_sentences(c.text)[:1]
        said = _point_said(c, first[0].text) if first else None
        lines.append(f"{nth}{sub}{cite(c)}")
        if said is not None:
            lines.append(f"{said.text.strip()}{cite(c, said)}")
    elif outline.point and outline.points:
        ((c, sentence),) = outline.points
        said = _point_said(c, sentence)
        lines.append(f"{nth}{said.text.strip()}{cite(c, said)}")
    elif outline.subparts or outline.points:
        lines.append("其中：")
        lines += [f"{h}{cite(c)}" for h, c in outline.subparts]
        lines += [f"{sentence}{cite(c, sentence)}" for c, sentence in outline.points]
    return lines


def _point_said(chunk: ChunkRecord, sentence: str) -> Sentence:
    """A point (一是…) with the sentences that make it (``point_span``)."""
    first = next(s for s in split_sentences(chunk.text) if s.text == sentence)
    start, end = point_span(chunk.text, first.start, WHOLE_POINT)
    return Sentence(chunk.text[start:end], start, end)


# "这属于报告哪一部分的建议", "在哪一节讲的": where in the document it is.
_WHICH_PART = re.compile(
    r"哪[一个]?(?:部分|章节?|节|方面|板块|段)|哪一?块|which (?:part|section|chapter)", re.I
)


def _asks_which_part(question: str) -> bool:
    """Does the question ask where in its document something is said?"""
    return bool(_WHICH_PART.search(question)) and not re.search(
        r"哪[一个]?方面.{0,4}(?:措施|建议|内容)", question
    )


def _part_text(p: Passage, sentence: Sentence) -> tuple[str, list[Citation]]:
    """The answer to "哪一部分": the sentence's headings, with the sentence cited."""
    where = "”中的“".join(p.chunk.section_path)
    # the point it is made under ("二是人才链短缺。"), when it is not that point
    before = p.chunk.text[: sentence.start]
    opens = [s.text.strip() for s in split_sentences(before[before.rfind("\n") + 1 :])]
    points = [o for o in opens if POINT.match(o)]
    point = f"的“{points[-1].rstrip('。')}”" if points else ""
    text = f"根据《{p.doc.title}》，这一内容在“{where}”部分{point}：{sentence.text.strip()}[1]"
    return text, [make_citation(1, p, [sentence])]


def by_structure(
    ask: Ask, outline: Outline | None, passages: Sequence[Passage], scored: Sequence[Scored]
) -> tuple[str, list[Citation]] | None:
    """The answer the document's structure gives, when it is the one asked:
    the headings the closest sentence is under ("这属于报告哪一部分的建议"),
    or a part's headings for a list question that names the part at least as
    well as any sentence does ("对策建议有哪几方面")."""
    closest = passages[scored[0].passage_index]
    if _asks_which_part(ask.question) and closest.chunk.section_path and not ask.english:
        return _part_text(closest, scored[0].sentence)
    if ask.shape == "list" and outline is not None and outline.cover >= scored[0].cover:
        return outline_text(outline)
    return None


def counted_heading(ask: Ask, passages: Sequence[Passage]) -> tuple[str, list[Citation]] | None:
    """For "推动几链深度融合": the heading of a top passage that counts the noun
    asked of ("（二）…，推动“四链”深度融合") and holds the question best — a
    count no sentence of the text repeats (None when no heading does)."""
    noun = asked_count_noun(ask.question)
    if not noun:
        return None
    terms = ask_terms(ask)
    best: tuple[float, str, Passage] | None = None
    for p in passages[:_DEPTH]:
        for heading in p.chunk.section_path:
            if not counts_noun(heading, noun):
                continue
            cover = coverage(terms, match_form(heading))
            if cover >= MIN_HEADING_COVER and (best is None or cover > best[0]):
                best = (cover, heading, p)
    if best is None:
        return None
    _, heading, p = best
    # cited, as the outline's headings are, by the first chunk under it
    citation = make_citation(1, Passage(p.chunk, p.doc, 1.0, 1), split_sentences(p.chunk.text)[:1])
    return f"根据《{p.doc.title}》，其中一节的标题是：{heading}[1]", [citation]
