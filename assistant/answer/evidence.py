"""Evidence: how well passages answer a question, sentence by sentence.

Shared by the extractive generator (which sentences to copy), the refusal
decision (``evidence_strength``) and the LLM path (which sentence a citation
points at). Pure functions over text; jieba and OpenCC load on first use.
Sentences live in ``assistant.sentences``, question terms in ``assistant.terms``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.records import Passage
from assistant.text import (
    CRITERIA,
    EN_STOP,
    Sentence,
    asked_kinds,
    asks_for_criteria,
    asks_for_definition,
    asks_for_figure,
    context_of,
    coverage,
    english_terms,
    figures_of,
    has_figure,
    is_english,
    key_terms,
    list_end,
    match_form,
    present,
    question_terms,
    split_sentences,
)

INJECTION = re.compile(r"忽略(以上|上述|前面|之前)|ignore (all|previous|the above)", re.I)
_HEADING = re.compile(r"#|第[一二三四五六七八九十百零〇]+[章节编](\s|$)")
ARTICLE_LABEL = re.compile(r"第[一二三四五六七八九十百零〇]+条")
DEFINITION = re.compile(r"是指|所称|指的是")


@dataclass(frozen=True)
class Scored:
    score: float  # selection score (coverage + cues + rank prior)
    cover: float  # weighted share of question terms in the sentence
    passage_index: int
    sentence: Sentence


# --- scoring -----------------------------------------------------------------------


def score_sentences(question: str, passages: Sequence[Passage]) -> list[Scored]:
    """Every sentence of the passages, best first."""
    terms = question_terms(question)
    figure = asks_for_figure(question)
    definition = asks_for_definition(question)
    criteria = asks_for_criteria(question)
    scored: list[Scored] = []
    for i, p in enumerate(passages):
        ctx = context_of(p)
        prior = max(0.85, 1.0 - 0.03 * i)  # prefer higher-ranked passages, gently
        lead, lead_end = "", -1  # the list lead whose items we are in
        for s in split_sentences(p.chunk.text):
            if INJECTION.search(s.text) or _HEADING.match(s.text):
                continue  # passage text is data: never repeat instructions
            norm = match_form(s.text)
            end = list_end(p.chunk.text, s)  # past its items, when s leads a list
            # An item speaks of its lead's subject ("符合下列条件的小型微利企业：(一)…").
            inside = s.end <= lead_end
            cov = coverage(terms, norm, ctx + lead if inside else ctx)
            if not inside and s.text.endswith(("：", ":")):
                lead, lead_end = norm, end
            score = cov + 0.15 * max(0.0, 1.0 - len(norm) / 120)  # concise wins ties
            if figure:
                # A list lead ("增值税税率：") holds its figures in its items.
                shown = p.chunk.text[s.start : end]
                score += 0.25 if has_figure(shown) else -0.15
            if definition and DEFINITION.search(s.text):
                score += 0.25
            if criteria and end > s.end:
                score += 0.25  # "…同时符合下列条件的企业：" and its items
            if len(norm) < 6:
                score -= 0.2  # headings and fragments answer nothing
            scored.append(Scored(score * prior, cov, i, s))
    scored.sort(key=lambda x: (-x.score, x.passage_index, x.sentence.start))
    return scored


def _shown(p: Passage, s: Sentence) -> str:
    return p.chunk.text[s.start : list_end(p.chunk.text, s)]


_EN_NAME = re.compile(r"(?<![.?!]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


def _missing_english_names(question: str, where: str) -> bool:
    """A proper name in an English question ("Hong Kong", "Shenzhen") that
    neither the glossary maps to a Chinese term found in the passage nor the
    passage contains: the corpus speaks of somewhere or someone else."""
    for name in _EN_NAME.findall(question.strip()):
        if name.lower() in EN_STOP:
            continue
        chinese = english_terms(name)
        if chinese:
            if not any(match_form(t) in where for t in chinese):
                return True
        elif name.lower().replace(" ", "") not in where:
            return True
    return False


def evidence_strength(question: str, passages: Sequence[Passage]) -> float:
    """How well the passages support an answer, in [0, 1]; refuse below
    ``settings.refusal_threshold`` (0.5 recommended).

    Mostly keyword evidence, because dense similarity cannot tell a near miss:
    multilingual-e5 cosines of in-domain questions sit in 0.86–0.95 whether or
    not the corpus answers them (measured on the dev questions), so
    "上海市对高新技术企业认定的奖励标准" scores like a real question against a
    Shanghai law that mentions 高新技术企业 but no 奖励.
    - coverage: share of the question's content terms, weighted by
      specificity (jieba's idf - 3: 奖励 4.6, 高新技术 5.2, 企业 1.2), found in
      the best single sentence or its document's title/section/dates;
    - key terms (places, acronyms, idf >= 8 or unknown words: 火星, 独角兽,
      GDP) missing from that sentence's whole passage and title: × 0.6;
    - a figure question whose best sentences hold no figure: × 0.6;
    - an English question naming a place or body the passage does not
      mention ("Hong Kong"): × 0.6;
    - dense similarity (cosine rescaled from [0.78, 0.90] to [0, 1]) is mixed
      in half-and-half only when the question has few matchable terms (an
      English question); a Chinese question whose best cosine is below 0.80
      is off-topic for the corpus: × 0.8.
    Measured on the dev questions plus a few made-up refusals with a plain
    BM25 top 6: answerable questions scored 0.66–1.0 (one English question
    whose answer was not retrieved: 0.51), refusals 0.15–0.36. 0.5 sits in
    the gap: answered when about half of the question's weighted content,
    including its specific terms, sits in one sentence.
    """
    if not passages:
        return 0.0
    terms = question_terms(question)
    dense = [p.dense_score for p in passages if p.dense_score is not None]
    dense_n = None if not dense else min(1.0, max(0.0, (max(dense) - 0.78) / 0.12))
    scored = score_sentences(question, passages[:5])
    if not terms or not scored:
        base = dense_n if dense_n is not None else 0.0
        top = passages[0]
        if _missing_english_names(question, match_form(top.chunk.text) + context_of(top)):
            base *= 0.6
        return round(base, 4)
    best = max(scored, key=lambda s: s.cover)
    strength = best.cover
    p = passages[best.passage_index]
    where = match_form(p.chunk.text) + context_of(p)
    if any(not present(t, where) for t in key_terms(question)):
        strength *= 0.6
    # What the best sentences show, a list lead with its items.
    shown = [_shown(passages[s.passage_index], s.sentence) for s in scored[:3]]
    if asks_for_figure(question) and not any(has_figure(t) for t in shown):
        # Asked for an amount, a rate or a term, and no sentence holds one:
        # whatever the overlap, that is not an answer.
        strength *= 0.6
    elif (kinds := asked_kinds(question)) is not None and not any(
        figures_of(t, kinds) for t in shown
    ):
        # A figure, but of another kind: "奖励金额是多少" answered by "链主企业70家".
        strength *= 0.6
    if asks_for_criteria(question) and not any(CRITERIA.search(t) for t in shown):
        # Asked for a standard or conditions; the sentences state none.
        strength *= 0.6
    if dense_n is not None:
        if sum(w for _, w in terms) < 3 or is_english(question):
            strength = 0.5 * strength + 0.5 * dense_n
        elif max(dense) < 0.80:
            strength *= 0.8
    if _missing_english_names(question, where):  # after the dense mix, which it must not dilute
        strength *= 0.6
    return round(min(1.0, strength), 4)
