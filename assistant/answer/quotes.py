"""How a chosen sentence is quoted: widened to what it needs to be read
correctly (a list with its lead and every item, a clause with its subject, a
rule with its second figure), trimmed when long, and framed with the
document and article it comes from."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.coverage import term_coverage
from assistant.answer.evidence import Scored
from assistant.records import Passage
from assistant.text import (
    ARTICLE_LABEL,
    ITEM_START,
    NOTE,
    POINT,
    SUPERSCRIPTS,
    Ask,
    Sentence,
    antecedent_start,
    asked_by_a_firm,
    figures,
    has_figure,
    list_end,
    match_form,
    paragraph_around,
    point_span,
    split_sentences,
)

__all__ = [
    "LIST_LIMIT",
    "WHOLE_POINT",
    "drop_contained",
    "framing",
    "trim",
    "whole_point",
    "widen",
    "widened_for",
]

MAX_SENTENCE = 150  # longer sentences shrink to their best clauses
LIST_LIMIT = 1500  # characters of a list quoted whole (lead and every item)


def _widened(s: Scored, text: str, start: int, end: int) -> Scored:
    """``s`` quoting ``text[start:end]`` of its passage instead."""
    return Scored(s.score, s.cover, s.passage_index, Sentence(text[start:end], start, end), s.fits)


# "…不超过…15%的部分，准予扣除；超过部分，准予…结转扣除": the other side of
# a threshold or a condition, which a reader of one side alone would miss.
_COMPLEMENT = re.compile(
    r"^\s*(?:(?:超过|超出|不足|其余|剩余|高于|低于)[^，。；]{0,12}?部分"
    # "有违法所得的，…；没有违法所得的，…": the other side of a condition
    r"|(?:没有|无|未|不)[^，。；]{1,12}的[，,]"
    # "…百分之三十以上；其中，预留给小型微型企业的比例不低于百分之六十": a part of it
    r"|其中[，,])"
)


# Characters of a rule split at ；that is quoted whole ("…按照研究开发费用的50%
# 加计扣除；形成无形资产的，按照无形资产成本的150%摊销。" is one rule).
_RULE_LIMIT = 240


def _with_next_clause(passages: Sequence[Passage], s: Scored, figure: bool) -> Scored:
    """A rule split at ；keeps its next clause when that clause holds a figure
    too ("…30日内支付款项；合同另有约定的，…最长不得超过60日。") or says what
    happens past the threshold."""
    if not s.sentence.text.endswith(("；", ";")):
        return s
    text = passages[s.passage_index].chunk.text
    following = [x for x in split_sentences(text) if x.start >= s.sentence.end]
    if not following:
        return s
    nxt = following[0]
    joined = text[s.sentence.start : nxt.end]
    wanted = (figure and has_figure(nxt.text)) or _COMPLEMENT.match(nxt.text)
    if wanted and len(joined) <= _RULE_LIMIT and "\n" not in joined:
        return _widened(s, text, s.sentence.start, nxt.end)
    return s


# "本条例自…起施行。《个体工商户条例》同时废止。": one provision in two sentences.
_IN_FORCE = re.compile(r"起(?:施行|实施|生效)。$")
_REPEALS = re.compile(r"同时(?:废止|失效|停止执行)")


def _with_repeal(passages: Sequence[Passage], s: Scored) -> Scored:
    """A commencement sentence keeps the next one when it repeals what the
    document replaces."""
    if not _IN_FORCE.search(s.sentence.text):
        return s
    text = passages[s.passage_index].chunk.text
    nxt = next((x for x in split_sentences(text) if x.start >= s.sentence.end), None)
    if nxt is None or "\n" in text[s.sentence.end : nxt.start] or not _REPEALS.search(nxt.text):
        return s
    return _widened(s, text, s.sentence.start, nxt.end)


def _with_lead(passages: Sequence[Passage], s: Scored, limit: int) -> Scored:
    """An item ("(五)…规定的其他条件。") read alone loses what it is an item of:
    quote its lead ("…同时符合下列条件的企业：") with the whole list."""
    text = passages[s.passage_index].chunk.text
    if not ITEM_START.match(s.sentence.text):
        return s
    leads = [x for x in split_sentences(text) if x.end <= s.sentence.start]
    lead = next((x for x in reversed(leads) if x.text.endswith(("：", ":"))), None)
    if lead is None:
        return s
    end = list_end(text, lead, limit)
    if end < s.sentence.end:
        return s  # the item is not in that lead's list (or the list is too long)
    # "…处以…罚款…；构成犯罪的，依法追究刑事责任：": the lead's case and its
    # penalty are in the clause before its ；
    return _widened(s, text, antecedent_start(text, lead), end)


def _with_items(passages: Sequence[Passage], s: Scored, limit: int) -> Scored:
    """A sentence that introduces a list ("…并符合下列条件的企业：") is quoted
    with the items that follow it in the same passage: they are its content."""
    text = passages[s.passage_index].chunk.text
    end = list_end(text, s.sentence, limit)
    if end <= s.sentence.end:
        return s
    return _widened(s, text, s.sentence.start, end)


def _with_antecedent(passages: Sequence[Passage], s: Scored) -> Scored:
    """A clause that follows a ；("合同另有约定的，…最长不得超过60日。") has its
    subject in the clause before it ("机关、事业单位…30日内支付款项；"): quote
    both, or the reader applies the term to the wrong party."""
    text = passages[s.passage_index].chunk.text
    start = antecedent_start(text, s.sentence)
    return s if start == s.sentence.start else _widened(s, text, start, s.sentence.end)


def _with_point(passages: Sequence[Passage], s: Scored) -> Scored:
    """A report's point and its first sentence are read together: the point
    alone says no more than its title ("…应以什么为重点" is in the sentence
    after it), the sentence alone loses which point it makes."""
    text = passages[s.passage_index].chunk.text
    sentences = split_sentences(text)
    at = next((i for i, x in enumerate(sentences) if x.start == s.sentence.start), None)
    if at is None:
        return s
    if POINT.match(s.sentence.text) and at + 1 < len(sentences):
        nxt = sentences[at + 1]
        if "\n" not in text[s.sentence.end : nxt.start] and not NOTE.match(nxt.text):
            return _widened(s, text, s.sentence.start, max(s.sentence.end, nxt.end))
    elif at > 0 and POINT.match(sentences[at - 1].text):
        prev = sentences[at - 1]
        if "\n" not in text[prev.end : s.sentence.start]:
            return _widened(s, text, prev.start, s.sentence.end)
    return s


_SUPER_VALUE = {c: str(i) for i, c in enumerate(SUPERSCRIPTS)}


def _with_notes(passages: Sequence[Passage], s: Scored) -> Scored:
    """A sentence with footnote marks ("占比约为18.05%⁶。") quoted with the
    notes that follow it ("[注6：广西招商信息服务平台数据整理]"): where its
    figure comes from, how it is counted."""
    marks = {
        "".join(_SUPER_VALUE[c] for c in m)
        for m in re.findall(f"[{SUPERSCRIPTS}]+", s.sentence.text)
    }
    if not marks:
        return s
    text = passages[s.passage_index].chunk.text
    end = s.sentence.end
    while True:
        gap = len(text[end:]) - len(text[end:].lstrip())
        note = NOTE.match(text, end + gap)
        if note is None or note.group(1) not in marks:
            break
        end = note.end()
    return s if end == s.sentence.end else _widened(s, text, s.sentence.start, end)


# "条例怎么规定的": how a text rules on a case is its whole short paragraph —
# the right it gives and the duty with its deadline ("…可以要求付款方予以确认
# 债权债务关系。付款方应当自收到确认请求之日起三十日内予以确认。").
RULE_PARAGRAPH = 160  # characters


def _with_paragraph(passages: Sequence[Passage], s: Scored) -> Scored:
    text = passages[s.passage_index].chunk.text
    start, end = paragraph_around(text, s.sentence.start, s.sentence.end)
    if end - start > RULE_PARAGRAPH or (start, end) == (s.sentence.start, s.sentence.end):
        return s
    return _widened(s, text, start, end)


# A firm asking what a report proposes for it wants the whole point (一是…),
# not its first sentence: what the measure is and how it is done.
WHOLE_POINT = 240  # characters


def _with_whole_point(passages: Sequence[Passage], s: Scored) -> Scored:
    """``s`` as the report point it is in (``point_span``), when that holds it."""
    text = passages[s.passage_index].chunk.text
    start, _ = paragraph_around(text, s.sentence.start, s.sentence.end)
    opening = [
        x
        for x in split_sentences(text)
        if start <= x.start <= s.sentence.start and POINT.match(x.text)
    ]
    if not opening:
        return s
    first, end = point_span(text, opening[-1].start, WHOLE_POINT)
    return s if end < s.sentence.end else _widened(s, text, first, end)


def widen(
    passages: Sequence[Passage],
    s: Scored,
    figure: bool,
    limit: int = 400,
    notes: bool = False,
    rule: bool = False,
    point: bool = False,
) -> Scored:
    """``s`` with what it needs to be read correctly: its antecedent clause,
    the figure clause after it, its list lead, its list items (and, when
    ``notes``, the footnotes its marks point at; when ``rule``, the rest of
    its short paragraph; when ``point``, the rest of the report's point it is in)."""
    if rule:
        s = _with_paragraph(passages, s)
    elif point:
        s = _with_whole_point(passages, s)
    s = _with_repeal(passages, _with_next_clause(passages, s, figure))
    s = _with_antecedent(passages, s)
    s = _with_point(passages, s)
    s = _with_items(passages, _with_lead(passages, s, limit), limit)
    return _with_notes(passages, s) if notes else s


# A penalty asked of ("逾期不改会被怎么罚") is in the clause that states its amount.
_CONSEQUENCE = re.compile(r"罚|处分|后果|法律责任|怎么办|会怎样|会怎么样|怎么处理|如何处理")
# "条例怎么规定的": how the text rules, which its whole short paragraph says
_ASKS_RULE = re.compile(r"(?:怎么|如何|怎样|是怎么|有什么|有何|有哪些)规定|规定了?(?:什么|啥|哪些)")


def widened_for(ask: Ask, passages: Sequence[Passage], chosen: list[Scored]) -> list[Scored]:
    """The chosen sentences widened as ``ask`` needs them read (``widen``), each once."""
    figure = ask.shape == "figure" or bool(_CONSEQUENCE.search(ask.question))
    limit = LIST_LIMIT if ask.shape in ("list", "definition") else 400
    rule = ask.shape == "general" and bool(_ASKS_RULE.search(ask.question))
    point = whole_point(ask)
    return drop_contained(
        [widen(passages, s, figure, limit, ask.source, rule, point) for s in chosen]
    )


def whole_point(ask: Ask) -> bool:
    """Does a firm ask what to do ("报告怎么建议"), or anyone what a point asked
    by its place says ("第三点具体讲的是啥"): a report's point is quoted whole?"""
    return ask.shape == "general" and (asked_by_a_firm(ask.question) or bool(ask.ordinal))


def drop_contained(chosen: list[Scored]) -> list[Scored]:
    """A widened sentence may now hold another chosen one: keep it once."""

    def inside(i: int, j: int) -> bool:
        a, b = chosen[i].sentence, chosen[j].sentence
        same = (a.start, a.end) == (b.start, b.end)
        return (
            i != j
            and chosen[i].passage_index == chosen[j].passage_index
            and b.start <= a.start
            and a.end <= b.end
            and (not same or j < i)  # of two equal spans keep the first
        )

    return [a for i, a in enumerate(chosen) if not any(inside(i, j) for j in range(len(chosen)))]


def trim(sentence: str, terms: Sequence[tuple[str, float]], figure: bool) -> str:
    """A long sentence shrinks to its best run of clauses (copied verbatim);
    a lead with its list items is trimmed line by line."""
    if "\n" in sentence.strip():
        lines = [ln.strip() for ln in sentence.split("\n") if ln.strip()]
        return "\n".join(trim(ln, terms, figure) for ln in lines)
    if len(sentence) <= MAX_SENTENCE:
        return sentence
    clauses = re.findall(r"[^，,]+[，,]?", sentence)
    spans = [(i, j) for i in range(len(clauses)) for j in range(i + 1, len(clauses) + 1)]
    runs = {r: "".join(clauses[r[0] : r[1]]) for r in spans}
    runs = {r: text for r, text in runs.items() if len(text) <= MAX_SENTENCE}
    # Two runs with the clauses between them left out, when one run cannot
    # hold both the subject and its figure ("河北、…广西…辖区中级人民法院，……
    # 管辖…2000万元以上…").
    picks = [(r,) for r in runs] + [
        (a, b)
        for a in runs
        for b in runs
        if a[1] < b[0] and len(runs[a]) + len(runs[b]) <= MAX_SENTENCE
    ]
    stated = {f.key for f in figures(sentence)}
    best: tuple[tuple[int, int], ...] = ()
    best_key = (-1.0, 0)
    for pick in picks:
        window = "".join(runs[r] for r in pick)
        score = term_coverage(terms, match_form(window)) - GAP_COST * (len(pick) - 1)
        if figure and stated:  # every figure the sentence states, when one run can hold them
            score += 0.25 * len(stated & {f.key for f in figures(window)}) / len(stated)
        key = (score, -len(window))
        if key > best_key:
            best, best_key = pick, key
    if not best:  # no clause is short enough
        return sentence[:MAX_SENTENCE] + "……"
    prefix = "" if best[0][0] == 0 else "……"
    suffix = "" if best[-1][1] == len(clauses) else "……"
    return prefix + "……".join(runs[r].rstrip("，,") for r in best) + suffix


# A left-out stretch inside a quote costs a little: one run is read more easily.
GAP_COST = 0.05


_LINE_LABEL = re.compile(rf"^\s*({ARTICLE_LABEL.pattern})", re.M)


def article_of(p: Passage, s: Sentence) -> str:
    """The 第X条 a sentence belongs to: the last label before it in the chunk,
    else the chunk's own section ('' when neither names one)."""
    if ARTICLE_LABEL.match(s.text):
        return ""  # the quote starts with its own label
    # a label opens its line; "企业所得税法第三十四条所称…" inside one cites another
    labels = list(_LINE_LABEL.finditer(p.chunk.text[: s.start]))
    if labels:
        return labels[-1].group(1)
    last = p.chunk.section.split(" > ")[-1].split(" ")[0]
    return last if ARTICLE_LABEL.fullmatch(last) else ""


def framing(p: Passage, s: Sentence) -> str:
    """ "根据《title》第X条：" — names only; a title holding digits is left out
    (framing must add no number that the chunk does not hold)."""
    title = p.doc.title.strip()
    if not title or re.search(r"\d", title):
        return ""
    return f"根据《{title}》{article_of(p, s)}："
