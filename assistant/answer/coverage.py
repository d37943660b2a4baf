"""Does the corpus cover the question? The refusal decision.

A question is answered when its subject is in the passages found for it:

1. every document it names is indexed (a name is matched by containment, so
   款项支付条例 is 保障中小企业款项支付条例; a 建筑法 the corpus lacks is not
   "covered" by the 政府采购法 that shares its phrasing);
2. a region it names is covered: the corpus holds that region's documents,
   or the passage speaks of it;
3. its content terms — without the document names, which step 1 checked —
   are found in one of the top passages (text, title, headings), with part
   credit for a shorter or longer form of a term (发明专利 ~ 发明专利权); a
   passage of a document the question names holds that name, like a term of
   the weight of an unknown word.

None of the shapes of an answer (a figure of the asked kind, a list) is part
of this decision: when the subject is covered but no sentence states the
asked figure, the answer says so and quotes what the corpus does say
(``extractive``), instead of a bare refusal.

English questions have few terms that can match Chinese text: their dense
similarity is mixed in; a place the glossary translates is held to the
region rule (step 2), and another proper name the passage lacks counts
against them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

from assistant.answer.named import (
    holds_name,
    named_ids,
    set_up_under,
    spoken_of,
    unknown_documents,
)
from assistant.answer.siblings import sibling_of
from assistant.records import DocRecord, Passage
from assistant.text import (
    EN_STOP,
    ORDINAL,
    Ask,
    asked_by_a_firm,
    context_of,
    english_terms,
    forms,
    holds,
    latin_names,
    match_form,
    own_region,
    partial,
    province_of,
    question_terms,
    regions_in,
    split_self_description,
    where_located,
    without_version,
    zones_in,
)

__all__ = [
    "Article",
    "Coverage",
    "ask_terms",
    "asked_article",
    "asked_regions",
    "content_of",
    "covers_better",
    "judge",
    "passage_coverage",
    "term_credit",
]

MISSING_NAME = 0.6  # a name the question gives that the best passage lacks

Reason = Literal["", "document", "region", "terms"]
TOP = 5  # passages a question's terms may be found in


@dataclass(frozen=True)
class Coverage:
    covered: bool
    strength: float  # weighted share of the question's content terms in the best passage
    reason: Reason = ""  # why not covered
    detail: str = ""  # the document or region the corpus lacks
    best: int = 0  # index of the passage that covers the question best


def content_of(ask: Ask) -> str:
    """The question without the document names and the article number it
    holds (they are matched against titles and headings, not against passage
    text, where "政府采购法第二条所称…" cites another document's article)."""
    text = ask.question
    for name in (*ask.documents, ask.article):
        if name:
            text = text.replace(name, " ")
    if ask.ordinal:  # "第一项" is a place, not a word a passage holds ("除本条第一项…外")
        text = ORDINAL.sub(" ", text)
    if ask.documents:  # "2025年修订后的《…条例》": a version of it, chosen apart
        text = without_version(text)
    return re.sub(r"[《》]", " ", text)


def term_credit(term: str, text: str) -> float:
    """1 when ``term`` (or another word for it) is in ``text``; else part
    credit for a shorter or longer form or a reordered compound (能耗 ~ 高耗能)."""
    if any(holds(text, form) for form in forms(term)):
        return 1.0
    if term in text:  # in it only as its negation (非居民企业)
        return 0.0
    return partial(term, text)


def term_coverage(terms: Sequence[tuple[str, float]], text: str) -> float:
    total = sum(w for _, w in terms)
    if not total:
        return 0.0
    return sum(w * term_credit(t, text) for t, w in terms) / total


NAME_WEIGHT = 6.0  # a named document held by the passage, weighed like an unknown word


CONTEXT_WEIGHT = 0.3  # the conversation's subject, beside a follow-up's own words


def ask_terms(
    ask: Ask, case_lightly: bool = True, clauses: bool = False
) -> tuple[tuple[str, float], ...]:
    """The question's content terms (an English question's Chinese equivalents
    too), and lightly the subject of the conversation it leans on."""
    # A firm's description of itself is its case, held lightly like the
    # conversation's subject (``case_lightly``; ``clauses``: a description in
    # clauses too): the question it asks must be covered.
    description, asked = (
        split_self_description(ask.question, clauses) if case_lightly else ("", ask.question)
    )
    own_ask = replace(ask, question=asked) if description else ask
    content, besides = _besides(content_of(own_ask))
    terms = question_terms(content)
    firm = asked_by_a_firm(ask.question)
    if firm:
        terms = _in_province(terms)
    if ask.english:  # its Chinese equivalents are what a passage can hold
        terms += question_terms(" ".join(english_terms(asked)))
    context = f"{ask.context} {description} {besides}".strip()
    if context:
        own = {t for t, _ in terms}
        for name in ask.documents:
            context = context.replace(name, " ")
        if ask.english:
            context += " " + " ".join(english_terms(f"{ask.context} {description}"))
        case = question_terms(context)
        case = _in_province(case) if firm else case
        if asked_regions(own_ask):
            # "What about Beijing — …" after Shanghai's: the place asked replaces the last one
            case = tuple((t, w) for t, w in case if not regions_in(t))
        terms += tuple((t, w * CONTEXT_WEIGHT) for t, w in case if t not in own)
    return terms


def _in_province(terms: tuple[tuple[str, float], ...]) -> tuple[tuple[str, float], ...]:
    """ "我们是钦州的外贸企业…": a firm's city is in its province's texts."""
    return tuple((province_of(t), w) for t, w in terms)


# "除了智能化改造，还要开展什么服务": what the asker already knows of is the
# subject, not what the answer must say.
_BESIDES = re.compile(r"除了?([^，,。？?]{2,20}?)(?:之外|以外|外)?[，,]")


def _besides(text: str) -> tuple[str, str]:
    """(``text`` without its 除了… clause, what that clause excludes)."""
    m = _BESIDES.search(text)
    if m is None:
        return text, ""
    return text[: m.start()] + " " + text[m.end() :], m.group(1)


def passage_coverage(
    terms: Sequence[tuple[str, float]],
    p: Passage,
    named: set[str] | frozenset[str],
    text: str = "",
    article: Article = ("", frozenset()),
    context: str | None = None,
) -> float:
    """The weighted share of ``terms`` that ``text`` (default: the whole
    passage) with the passage's context (default: its document and headings)
    holds; a passage of a named document holds that name too, and a passage
    of the article asked of its number."""
    text = (text or match_form(p.chunk.text)) + (context_of(p) if context is None else context)
    total = sum(w for _, w in terms)
    got = sum(w * term_credit(t, text) for t, w in terms)
    for asked, held in (
        (bool(named), p.doc.doc_id in named),
        (bool(article[0]), _is_article(p, article)),
    ):
        if asked:
            total += NAME_WEIGHT
            got += NAME_WEIGHT if held else 0.0
    return got / total if total else 0.0


# The article asked of ("第二条") and the documents it is asked of.
Article = tuple[str, frozenset[str]]


def asked_article(
    ask: Ask, passages: Sequence[Passage], named: set[str] | frozenset[str]
) -> Article:
    """The article number a question asks of, in the documents it names or
    else the document of the top passage (the one under discussion: "第二条"
    asked of a report is not another law's 第二条)."""
    if not ask.article:
        return ("", frozenset())
    return (ask.article, frozenset(named) or frozenset(p.doc.doc_id for p in passages[:1]))


def _is_article(p: Passage, article: Article) -> bool:
    """Is the passage (a chunk of) the article asked of? Its heading says so;
    its text may cite another document's article ("政府采购法第二条所称…")."""
    last = p.chunk.section_path[-1] if p.chunk.section_path else ""
    return p.doc.doc_id in article[1] and last.split(" ")[0] == article[0]


def asked_regions(ask: Ask) -> list[str]:
    """The regions a question names (an English one's through the glossary)."""
    asked = regions_in(content_of(ask))
    if ask.english:  # the places the glossary translates are held to the same rule
        asked += regions_in(" ".join(english_terms(ask.question)))
    return list(dict.fromkeys(asked))


def _region_covered(region: str, docs: Sequence[DocRecord], passages: Sequence[Passage]) -> bool:
    """The corpus holds documents of ``region`` (or of its province), or a top
    passage speaks of it."""
    for d in docs:
        own = own_region(d.title, d.issuer)
        if own and (own == region or own == province_of(region)):
            return True
    return any(region in p.chunk.text or region in p.doc.title for p in passages[:TOP])


def _national(passages: Sequence[Passage]) -> bool:
    """Is the first passage of a text of no region (a national law)?"""
    return bool(passages) and not own_region(passages[0].doc.title, passages[0].doc.issuer)


_EN_NAME = re.compile(r"(?<![.?!]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


def _missing_english_name(question: str, where: str) -> str | None:
    """The proper name in an English question ("Hong Kong", "Shenzhen") that
    neither the glossary maps to a Chinese term in the passage nor the passage
    contains: the corpus speaks of somewhere or someone else."""
    for name in _EN_NAME.findall(question.strip()):
        if name.lower() in EN_STOP:
            continue
        chinese = english_terms(name)
        if chinese:
            if not any(match_form(t) in where for t in chinese):
                return name
        elif name.lower().replace(" ", "") not in where:
            return name
    return None


def _setting(term: str) -> bool:
    """A place or a bare number says where or how much, not what is asked."""
    return term.replace(".", "").isdigit() or regions_in(term) == (term,)


def _subject_held(ask: Ask, terms: Sequence[tuple[str, float]], top: Sequence[Passage]) -> bool:
    """Does a top passage hold one of the question's words (not a look-alike:
    减少化肥 for 减肥) beside its places and numbers? "明天南宁会下雨吗" is not
    covered by a passage naming 南宁, nor an English question glossed as "$1000"."""
    subject = [t for t, _ in terms if not _setting(t)]
    if not subject:  # all a glossary read of it (a follow-up's is its context's)
        return not (ask.english and terms and not ask.context)
    texts = [match_form(p.chunk.text) + context_of(p) for p in top]
    return any(term_credit(t, text) == 1.0 for t in subject for text in texts)


def _dense(passages: Sequence[Passage]) -> float | None:
    """The best cosine, rescaled from [0.78, 0.90] to [0, 1] (e5 cosines of
    in-domain questions crowd into 0.8–0.95)."""
    dense = [p.dense_score for p in passages[:TOP] if p.dense_score is not None]
    return None if not dense else min(1.0, max(0.0, (max(dense) - 0.78) / 0.12))


def judge(
    ask: Ask, passages: Sequence[Passage], docs: Sequence[DocRecord], threshold: float
) -> Coverage:
    """Whether ``passages`` (ranked) cover ``ask``; ``docs`` are the indexed documents."""
    unknown = unknown_documents(ask, docs) if docs else []
    # "外商投资法生效以后，中外合资经营企业法还能用吗": a document the question
    # names (and we hold) speaks of the one we lack; it answers.
    named = named_ids(ask, docs)
    unknown = [
        u for u in unknown if not spoken_of(u, passages[:TOP], named) and not set_up_under(u, ask)
    ]
    held: list[str] = []
    if ask.shape != "article":
        # "这期《大数据与决策研究》是第几期": a name a top passage holds is asked
        # of what that passage says (an article of it is another matter).
        # A name it only cites (《2024广西企业100强发展报告》数据整理) is another
        # document, which we lack — unless the conversation named it, not the
        # question: then what the citing passage says of it is asked.
        held = [
            u
            for u in unknown
            if any(holds_name(p, u, cited=u not in ask.question) for p in passages[:TOP])
        ]
        unknown = [u for u in unknown if u not in held]
    if unknown:
        return Coverage(False, 0.0, "document", unknown[0])
    if not passages:
        return Coverage(False, 0.0, "terms")
    for region in asked_regions(ask):
        if docs and not _region_covered(region, docs, passages):
            if _national(passages[:TOP]) and region in where_located(ask.question):
                continue  # where the firm is: the national texts found apply there too
            return Coverage(False, 0.0, "region", region)
    for zone in zones_in(content_of(ask)):  # "跟成渝地区双城经济圈比": no passage speaks of it
        if not any(zone in match_form(p.chunk.text) for p in passages[:TOP]):
            return Coverage(False, 0.0, "region", zone)
    # A held name is the question's subject, weighed like a named document.
    terms = ask_terms(ask) + tuple((match_form(u), NAME_WEIGHT) for u in held)
    article = asked_article(ask, passages, named)
    if not (named or article[0] or held) and not _subject_held(ask, terms, passages[:TOP]):
        return Coverage(False, 0.0, "terms")
    scores = [passage_coverage(terms, p, named, article=article) for p in passages[:TOP]]
    firm_case = bool(split_self_description(ask.question, clauses=True)[0])
    if firm_case:
        # the firm's case (in clauses of its one sentence too, "…，设备老、效率低，
        # 报告对我们有什么建议？") is held lightly — or may be what the passages speak of
        for alternative in (ask_terms(ask, clauses=True), ask_terms(ask, case_lightly=False)):
            other = alternative + tuple((match_form(u), NAME_WEIGHT) for u in held)
            scores = [
                max(x, passage_coverage(other, p, named, article=article))
                for x, p in zip(scores, passages[:TOP], strict=False)
            ]
    best = max(range(len(scores)), key=lambda i: (scores[i], -i)) if scores else 0
    strength = scores[best] if scores else 0.0
    dense = _dense(passages)
    if ask.english or (not named and sum(w for _, w in terms) < 3):
        # Few terms can match: an English question, or one of names only.
        strength = 0.5 * strength + 0.5 * (dense if dense is not None else strength)
        top = passages[best]
        missing = ask.english and _missing_english_name(
            ask.question, match_form(top.chunk.text) + context_of(top)
        )
        if missing:
            strength *= MISSING_NAME
    elif names := latin_names(ask.question):
        # "用Python读取Excel文件": the best passage speaks of neither name
        top = match_form(passages[best].chunk.text)
        strength *= MISSING_NAME ** sum(n not in top for n in names)
    elif firm_case and ask.shape != "figure" and dense is not None:
        # A firm telling its case in its own words ("招不够会调试产线的技术工人")
        # is matched by meaning as much as by the text's words (人才链, 订单式培养).
        strength = max(strength, 0.5 * strength + 0.5 * dense)
    strength = round(min(1.0, strength), 4)
    if strength >= threshold and (
        other := sibling_of(content_of(ask), passages[best], passages[:TOP])
    ):
        return Coverage(False, strength, "sibling", "|".join(other), best)
    return Coverage(
        strength >= threshold, strength, "" if strength >= threshold else "terms", "", best
    )


# A question read alone must hold most of its own words in its passages, and
# more than it does with the conversation's subject carried.
ALONE_COVERED = 0.5
ALONE_MARGIN = 0.1


def covers_better(
    ask: Ask,
    alone: Sequence[Passage],
    carried: Sequence[Passage],
    docs: Sequence[DocRecord],
    threshold: float,
) -> bool:
    """Do the passages found for the question alone hold its own words
    better than those found with the conversation's subject ("偷税会被怎么
    处罚？" after venture-capital tax credits)?"""
    own = judge(ask, alone, docs, threshold).strength
    with_subject = judge(ask, carried, docs, threshold).strength
    # The subject carried is a guess: one that leaves the question uncovered
    # ("晚交税的滞纳金怎么算？" after 个体工商户 rules) loses to a covered reading alone.
    if with_subject < threshold <= own:
        return True
    return own >= ALONE_COVERED and own >= with_subject + ALONE_MARGIN
