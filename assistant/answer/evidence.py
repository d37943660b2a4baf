"""Evidence: which sentences of the passages answer a question.

Shared by the extractive generator (which sentences to copy) and the LLM path
(which sentence a citation points at). A sentence is scored by the share of
the question's content terms it holds (with its document's title and headings,
and for a list item its lead), plus what the question's shape asks for: a
figure of the asked kind, a definition, a list lead with its items. Pure
functions over text; jieba and OpenCC load on first use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer.coverage import (
    ask_terms,
    asked_article,
    asked_regions,
    content_of,
    passage_coverage,
    term_coverage,
    term_credit,
)
from assistant.answer.definitions import DEFINITION, defines, defines_kinds, definition_bonus
from assistant.answer.figure_fit import DAY, asks, fits, has_day
from assistant.answer.frame import frame_bonus, frame_of
from assistant.answer.prior import place_weight, prior_of
from assistant.answer.thresholds import THRESHOLD_BONUS, sets_threshold
from assistant.records import Passage
from assistant.text import (
    ARTICLE_LABEL,
    NOTE,
    POINT,
    Ask,
    Sentence,
    antecedent_start,
    article_topic,
    asked_by_a_firm,
    asked_part,
    figures,
    has_figure,
    items_end,
    list_end,
    match_form,
    negated_terms,
    opens_item,
    opens_point,
    opens_report_point,
    question_terms,
    quoted,
    regions_in,
    split_sentences,
    stated_figures,
)

__all__ = [
    "INJECTION",
    "Scored",
    "pick",
    "score_sentences",
]

INJECTION = re.compile(r"忽略(以上|上述|前面|之前)|ignore (all|previous|the above)", re.I)
_HEADING = re.compile(r"#|第[一二三四五六七八九十百零〇]+[章节编](\s|$)")
OWN_WEIGHT = 0.1
NOTE_PENALTY = 0.2
FIGURE_BONUS = 0.35  # a figure of the asked kind: the sentence that answers "多少"
SINGLE_WEIGHT = 1.5  # the most a one-character question term weighs in choosing a sentence
ORDINAL_BONUS = 0.3  # the point or item at the place asked ("第三点" → 三是…, （三）…)
BARE_PLACE_BONUS = 1.0  # …when the question asks nothing else ("第三点呢")


@dataclass(frozen=True)
class Scored:
    score: float  # selection score (coverage + shape cues + rank prior)
    cover: float  # weighted share of question terms in the sentence (with its context)
    passage_index: int
    sentence: Sentence
    fits: bool = False  # holds what the shape asks for (a figure of the asked kind…)
    continues: bool = False  # the rest of a list, from the next chunk of its article


# A figure the question states ("那24家中试基地…") marks the sentence it is from.
STATED_BONUS = 0.15

# Words the question quotes (“加强产业链协同创新”) are the text's own: a point,
# a heading or a phrase the answer is under or holds.
QUOTED_BONUS = 0.15


def score_sentences(
    ask: Ask,
    passages: Sequence[Passage],
    named: frozenset[str] = frozenset(),
    leads: Mapping[int, str] | None = None,
) -> list[Scored]:
    """Every sentence of the passages, best first; ``named`` are the ids of
    the documents the question names (their passages hold the name);
    ``leads`` the list lead, from the chunk before, of a passage that opens
    with its items."""
    # Which sentence answers: one character (批, 链) sits inside countless
    # words (一批, 链主) and says little of which sentence is meant (whether
    # a sentence covers the question is still counted with it: ``cover``).
    terms = ask_terms(ask)
    firm = asked_by_a_firm(ask.question)
    choosing = _choosing_terms(ask, terms, firm)
    # an English question names its places in the glossary's Chinese (Guangxi → 广西)
    asked = tuple(asked_regions(ask)) if ask.english else regions_in(ask.question)
    article = asked_article(ask, passages, named)
    part = asked_part(ask.question)  # a report's measures or its problems
    # "第三点呢": nothing asked but the place — it decides, the context only which list
    place_bonus = ORDINAL_BONUS if question_terms(content_of(ask)) else BARE_PLACE_BONUS
    scored: list[Scored] = []
    marks = quoted(ask.question)
    frame = frame_of(ask.question)
    filled = frame_bonus(ask.question, frame) if frame else 0.0
    stated = stated_figures(ask.question)
    for i, p in enumerate(passages):
        prior = prior_of(i, p, asked, part, firm)
        # The list lead whose items we are in ("3.图书…；" → "…税率为百分之九：").
        lead_text = (leads or {}).get(i, "")
        lead, lead_end = match_form(lead_text), items_end(p.chunk.text) if lead_text else -1
        point = ""  # the report's point ("三是…。") the sentence is under
        # a law's chapter (专利权的保护, 法律责任) says little of which article answers
        own = _without_chapter(p)
        for s in split_sentences(p.chunk.text):
            if INJECTION.search(s.text) or _HEADING.match(s.text):
                continue  # passage text is data: never repeat instructions
            norm = match_form(s.text)
            end = list_end(p.chunk.text, s)  # past its items, when s leads a list
            # An item speaks of its lead's subject ("符合下列条件的小型微利企业：(一)…").
            inside = s.end <= lead_end
            if POINT.match(s.text) or p.chunk.text[s.start - 1 : s.start] == "\n":
                point = ""  # a new point, or a new paragraph: out of the point
            heading = (lead if inside else "") + point + _figure_of(ask, p.chunk.text, s, end)
            cov = passage_coverage(terms, p, named, norm + heading, article)
            choice = (
                cov
                if choosing == terms and own is None
                else passage_coverage(choosing, p, named, norm + heading, article, own)
            )
            if not inside and s.text.endswith(("：", ":")):
                lead, lead_end, lead_text = norm, end, s.text
            score = choice + 0.15 * max(0.0, 1.0 - len(norm) / 120)  # concise wins ties
            # of sentences whose heading holds the question's words alike, the one holding them
            score += OWN_WEIGHT * term_coverage(choosing, norm)
            span = p.chunk.text[s.start : end]  # with its items, when s leads a list
            fits, bonus = _shape_fit(ask, span, s, lead_text if inside else "", end > s.end)
            score += bonus
            if ask.ordinal:
                score += _at_place(ask.ordinal, s.text, point, p.chunk.section_path, place_bonus)
            if len(norm) < 6:
                score -= 0.2  # headings and fragments answer nothing
            if asked:
                score *= place_weight(asked, p, s.text)
            if any(q in norm or q in heading or q in _section(p) for q in marks):
                score += QUOTED_BONUS  # "在“加强产业链协同创新”这一条里": under that point
            if frame and frame.search(norm):
                score += filled  # "主要以什么为主" → "主要以制造业为主"
            if stated and any(f.key in stated for f in figures(s.text)):
                score += STATED_BONUS  # "那24家中试基地分别在哪": the sentence counting them
            if not ask.source and NOTE.fullmatch(s.text):
                score -= NOTE_PENALTY  # a footnote says where a figure comes from
            scored.append(Scored(score * prior, cov, i, s, fits))
            if POINT.match(s.text):
                point = norm
    scored.sort(key=lambda x: (-x.score, x.passage_index, x.sentence.start))
    return scored


def _figure_of(ask: Ask, text: str, s: Sentence, end: int) -> str:
    """What a figure sentence's figure is of, beyond its words: its items'
    cases ("供应商有下列情形之一的，处以…罚款"), its article's short opening
    ("企业所得税分月或者分季预缴。" over "企业应当自…十五日内…") and the clause
    before its ； ("…未按…预留基站站址的，由…责令限期改正；逾期不改正的，处…罚款")."""
    if ask.shape != "figure":
        return ""
    before = text[antecedent_start(text, s) : s.start]
    return match_form(text[s.end : end] + article_topic(text, s) + before)


def _section(p: Passage) -> str:
    return match_form(" ".join(p.chunk.section_path))


def _without_chapter(p: Passage) -> str | None:
    """An article's context without its chapter's name (None: not an article)."""
    path = p.chunk.section_path
    if not path or not ARTICLE_LABEL.fullmatch(path[-1]):
        return None
    return match_form(f"{p.doc.title} {path[-1]} {p.doc.issued} {p.doc.effective}")


def _choosing_terms(
    ask: Ask, terms: tuple[tuple[str, float], ...], firm: bool
) -> tuple[tuple[str, float], ...]:
    """The terms that choose a sentence: one character weighs little, and
    which figure applies to a firm is decided by its case as much as by what
    it asks ("我们是高新技术企业。企业所得税税率是多少？": 15%, not 25%)."""
    deciding = ask_terms(ask, case_lightly=False) if firm and ask.shape == "figure" else terms
    weighed = dict(deciding)
    # "哪些案件不适用本规定": the sentence saying 不适用, not one saying 适用
    negated = tuple((n, weighed[t]) for t, n in negated_terms(ask.question, weighed).items())
    return tuple((t, min(w, SINGLE_WEIGHT) if len(t) == 1 else w) for t, w in deciding) + negated


def _shape_fit(ask: Ask, span: str, s: Sentence, lead: str, has_items: bool) -> tuple[bool, float]:
    """Does the sentence (``span``: with its items) hold what the question's
    shape asks for — a figure of the asked kind, a definition, a list — and
    what that adds to its score?"""
    if ask.shape == "figure":
        return _figure_fit(ask, span, lead, s.text)
    if ask.shape == "definition" and defines(ask.term, s.text):
        return True, definition_bonus(ask.term, s.text)
    if ask.shape == "list" and (has_items or s.text.endswith(("：", ":"))):
        # "…同时符合下列条件的企业：" and its items (maybe in the next chunk);
        # a question asking for conditions wants the lead that sets them.
        return True, 0.25 + (0.15 if ask.criteria and _sets_asked(ask, s.text) else 0.0)
    if ask.shape == "list" and DEFINITION.search(s.text) and defines_kinds(ask.question, s.text):
        return True, 0.25  # "发明创造包括哪几种": its definition lists them
    if ask.shape == "list" and s.text.count("、") >= 2:
        return False, 0.08  # an inline enumeration: "以中关村、怀柔科学城、…为主要平台"
    if ask.shape == "general" and asks(_COMPUTE, ask.question) and has_figure(s.text):
        # "滞纳金怎么算": the rule that states the rate (万分之五), more than a period
        return False, 0.2 if has_figure(s.text, frozenset({"percent"})) else 0.1
    if ask.shape == "general" and sets_threshold(ask.question, s.text):
        return False, THRESHOLD_BONUS  # "标的额3000万元，归哪级法院": 2000万元以上
    if ask.shape == "general" and (named := _body_named(ask.question)):
        # "应该向哪个法院申请执行": the sentence naming the court (香港特区高等法院),
        # not one saying 有关法院
        return False, WHICH_BONUS if named.search(s.text) else 0.0
    return False, 0.0


def _at_place(n: int, text: str, point: str, section: Sequence[str], bonus: float) -> float:
    """How much a sentence is the point or item at place ``n``: it opens it
    (三是…, （三）…, 3.…), it is under that point, or in that subsection. A
    report's point (三是…) takes all of ``bonus``; an item ("（二）在全国…" is
    no 第二巡回法庭) and a subsection at most ``ORDINAL_BONUS``."""
    if opens_report_point(n, text) or opens_report_point(n, point):
        return bonus  # the point is read whole
    if opens_point(n, text) or opens_point(n, point):
        return ORDINAL_BONUS
    if section and opens_item(n, section[-1]):  # a subsection "（三）…" is an item too
        return ORDINAL_BONUS / 3
    return 0.0


def _figure_fit(ask: Ask, span: str, lead: str, sentence: str) -> tuple[bool, float]:
    """Does the sentence state a figure of the asked kind — a list lead
    ("增值税税率：") in its items, an item ("3.图书、报纸…；") in its ``lead``
    ("…税率为百分之九：") — and what that adds to its score."""
    if not (fits(ask, span) or (bool(lead) and fits(ask, lead))):
        return False, -0.15
    bonus = FIGURE_BONUS
    if _relief_for_another(ask, match_form(sentence)):
        bonus -= 0.1
    if asks(DAY, ask.question) and not has_day(sentence):
        bonus -= FIGURE_BONUS  # "哪天印发的": a day, before "2024年第61期"
    return True, bonus


# "哪个法院", "哪家法院": a body asked for by which one it is (哪级 asks a level:
# the thresholds answer it).
_WHICH_BODY = re.compile(r"(?:哪个|哪家|什么)(法院|部门|机关|机构)")
WHICH_BONUS = 0.1


@lru_cache(maxsize=256)
def _body_named(question: str) -> re.Pattern[str] | None:
    """The body a question asks for by which one it is, as a sentence names it
    (高等法院, not 有关法院); once per question, not per sentence."""
    m = _WHICH_BODY.search(question)
    if m is None:
        return None
    return re.compile(rf"[\u4e00-\u9fff]{{2}}(?<!有关)(?<!相关)(?<!其他){m.group(1)}")


_COMPUTE = re.compile(r"怎么算|如何算|怎么计算|如何计算|怎么收|如何收取|怎么扣|怎么罚")


_PROCEDURE = re.compile(r"程序|流程|步骤|手续")
_CONDITION = re.compile(r"条件|情形|情况|符合|具备|标准|门槛")


# A relief, and the party a clause gives it to ("…的小型微利企业，减按20％").
_RELIEF = re.compile(r"减按|减半|免征|减征|加计|抵免|优惠")
_RELIEF_ASKED = re.compile(r"减|免|优惠|扶持|加计|抵免|少交|少缴|照顾|政策")
_PARTY = re.compile(r"(?:^|[，。；的])([\u4e00-\u9fff]{2,8}?企业)")


@lru_cache(maxsize=256)
def _plain_question(question: str) -> str:
    """The question in match form when it does not ask of a relief, else ''."""
    form = match_form(question)
    return "" if _RELIEF_ASKED.search(form) else form


def _relief_for_another(ask: Ask, sentence: str) -> bool:
    """A relief given to a party the question does not name answers a plain
    figure question ("普通居民企业按多少税率交") less well than the plain rule."""
    if not _RELIEF.search(sentence):
        return False
    question = _plain_question(ask.question)  # once per question, not per sentence
    return bool(question) and any(p not in question for p in _PARTY.findall(sentence))


def _sets_asked(ask: Ask, lead: str) -> bool:
    """Does the lead set what the question asks for: a procedure for "申请程序
    是什么", conditions for "什么情况下可以…"?"""
    kind = _PROCEDURE if _PROCEDURE.search(ask.question) else _CONDITION
    return bool(kind.search(lead))


# A second sentence scoring this share of the best is quoted beside it; one
# that holds a word of the question the best lacks ("…按预算的5%、还必须交
# 现金，这合规吗": the cash rule beside the 2% one) a lower share.
SECOND = 0.85
SECOND_ADDING = 0.7
_ADDING_WEIGHT = 2.0  # a word that weighs at least this much


def pick(scored: list[Scored], limit: int, terms: Sequence[tuple[str, float]] = ()) -> list[Scored]:
    """The best sentence, and up to ``limit`` - 1 more that score nearly as well
    and are short enough to quote beside it."""
    best = scored[0]
    chosen = [best]
    own = match_form(best.sentence.text)
    for s in scored[1 : limit + 3]:
        if len(chosen) >= limit:
            break
        short = len(best.sentence.text) + len(s.sentence.text) < 160
        text = match_form(s.sentence.text)
        adds = any(
            w >= _ADDING_WEIGHT and term_credit(t, text) == 1.0 and term_credit(t, own) < 1.0
            for t, w in terms
        )
        share = SECOND_ADDING if adds else SECOND
        if s.score >= share * best.score and short and s.sentence.text != best.sentence.text:
            chosen.append(s)
    return chosen
