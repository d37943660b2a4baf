"""The default answer generator: copy the sentences that answer the question.

No LLM. The question's shape (``text.analyse``) decides what is quoted:

- an article asked for by number: the whole article (``articles``);
- a list or conditions: the lead sentence with every item;
- a definition: the sentence that defines the term;
- a figure: the sentence holding a figure of the asked kind (money, a rate,
  a term, a date, a rank…) — and when the corpus covers the subject but no
  sentence states such a figure, it says so and quotes what it does say;
- anything else: the one or two sentences that answer best.

Whether the corpus covers the question at all is ``coverage.judge``. The
answer text only copies passage text plus framing that holds no figures, so
every number shown is a number in a cited source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from langchain_core.embeddings import Embeddings

from assistant.answer.articles import (
    COMMENCEMENT,
    Corpus,
    Found,
    article_text,
    find_article,
    find_commencement,
    find_point,
    joined,
)
from assistant.answer.asked import figure_sentences
from assistant.answer.citations import REFUSAL, make_citation, refusal_text
from assistant.answer.coverage import Coverage, ask_terms, judge
from assistant.answer.definitions import defining
from assistant.answer.document_facts import document_fact
from assistant.answer.evidence import (
    Scored,
    pick,
    score_sentences,
)
from assistant.answer.lists import (
    Carried,
    carried_leads,
    continued,
    leads_list,
    pick_list,
    sibling_points,
    unlisted,
    with_carried_leads,
)
from assistant.answer.meaning import by_meaning
from assistant.answer.named import named_ids, names_document, unknown_documents
from assistant.answer.outline import by_structure, counted_heading, find_outline, outline_text
from assistant.answer.parts import Extract, merged
from assistant.answer.quotes import framing, trim, whole_point, widen, widened_for
from assistant.answer.scope import in_scope
from assistant.answer.unsaid import unsaid, with_contact
from assistant.records import Citation, DocRecord, Passage
from assistant.settings import Settings
from assistant.text import (
    WHAT_ABOUT,
    Ask,
    Sentence,
    analyse,
    opens_item,
    opens_point,
    question_parts,
    split_self_description,
)

__all__ = ["Extract", "extractive_answer"]


EN_LEAD = "From the sources (original Chinese text):\n"
EN_NONE = "The library holds nothing that answers this question (the closest documents below).\n"
EN_LACKING = (
    "The library does not state what you asked; what it does say is quoted below "
    "(original Chinese text).\n"
)
_KIND_WORDS = {
    "money": "具体金额",
    "percent": "具体比例",
    "duration": "具体期限",
    "date": "具体日期",
    "ordinal": "具体排名",
    "count": "具体数量",
    "number": "具体数字",
}


def extractive_answer(
    question: str,
    passages: Sequence[Passage],
    *,
    settings: Settings,
    embeddings: Embeddings | None = None,
    corpus: Corpus | None = None,
) -> Extract:
    """Answer by copying sentences; say so when the corpus does not cover it.

    ``corpus`` (the store) lets an article asked for by number be read whole
    and named documents be checked against the index; ``embeddings``, when
    given, choose the sentences of an English question by meaning."""
    parts = question_parts(question)
    answers = [
        _extract(part, passages, settings=settings, embeddings=embeddings, corpus=corpus)
        for part in parts
    ]
    out = merged(answers)
    if out.refused and analyse(question).english:  # its own words, not the context's
        # An English reader is told in English what the Chinese below says.
        note = EN_LACKING if out.citations else EN_NONE
        out = replace(out, text=note + out.text, pieces=(note, *out.pieces))
    return out


def _extract(
    question: str,
    passages: Sequence[Passage],
    *,
    settings: Settings,
    embeddings: Embeddings | None = None,
    corpus: Corpus | None = None,
) -> Extract:
    ask = analyse(question)
    fact = document_fact(ask, passages, corpus)
    if fact is not None:  # "这份报告的题目全称是啥": the document's own line says it
        return _fact_answer(ask, *fact)
    docs = corpus.documents() if corpus is not None else ()
    passages = in_scope(ask, passages, docs)
    cover = judge(ask, passages, docs, settings.refusal_threshold)
    if (by_number := _by_number(ask, passages, corpus, cover)) is not None:
        return by_number  # "X法第N条的内容是什么"
    outline = find_outline(ask, passages, corpus)
    if outline is not None and outline.chosen:  # "第二条对策是什么": that part of the report
        # (its heading holds the question's words: covered, whatever retrieval found)
        return _structured(outline_text(outline), max(cover.strength, outline.cover))
    if not cover.covered:
        return _refusal(cover, passages)
    commencement = find_commencement(ask, passages, corpus)
    if commencement is not None:
        passages = joined(passages, commencement)
    point = find_point(ask, passages, corpus)
    if point is not None:  # "…的第三条建议": the section's point 三是, found by its place
        passages = joined(passages, point, first=True)
    carried = carried_leads(passages, corpus) if ask.shape == "figure" else {}
    scored = _ranked(question, ask, passages, docs, carried, commencement is not None, embeddings)
    if not scored:
        return _refusal(cover, passages)
    if (structured := by_structure(ask, outline, passages, scored)) is not None:
        return _structured(structured, cover.strength)  # "哪一部分", "有哪几方面"
    limit_sentences = max(1, min(2, settings.max_answer_sentences))
    if ask.shape == "figure":
        found, lacking = figure_sentences(ask, passages, scored)
        if lacking == "" and (heading := counted_heading(ask, passages)) is not None:
            return _structured(heading, cover.strength)  # "几链": a heading counts them
        if lacking is not None:  # no sentence states the asked figure: say so
            return _no_figure(ask, passages, found[0], cover.strength, lacking)
        chosen = pick(found, limit_sentences, ask_terms(ask))
    elif ask.shape == "list":
        chosen = pick_list(passages, scored)
        if corpus is not None:  # "哪几条链": every point of the section, not one
            passages, chosen = sibling_points(ask.question, passages, chosen, corpus)
        best = max(chosen, key=lambda s: s.score)  # chosen are in reading order
        if lacking := unlisted(ask, best.sentence.text):
            # "那24家中试基地分别在哪些城市": counted, or "负面清单禁止外资投资
            # 哪些行业": left to the list — named nowhere
            return _no_figure(ask, passages, best, cover.strength, lacking)
    else:
        if ask.shape == "definition":
            # "X是指什么": the sentence that defines X, not others naming X —
            # nor one defining another term ("其中“三沿”指什么" is no 所称净收入).
            scored = defining(ask, scored) or scored
        chosen = with_contact(ask, scored, pick(scored, limit_sentences, ask_terms(ask)))
    missing = unsaid(ask, passages, chosen)
    if missing is not None:  # what the corpus does give, and what it lacks
        return _no_figure(ask, passages, missing[0], cover.strength, missing[1])
    if ask.ordinal and opens_item(ask.ordinal, chosen[0].sentence.text):
        # "第三项呢": that item, as the article words it — not its neighbours
        return _assemble(ask, passages, chosen[:1], cover.strength)
    if ask.ordinal and opens_point(ask.ordinal, chosen[0].sentence.text):
        chosen = chosen[:1]  # "第三条建议": that point (read whole below), not the one before
    chosen = widened_for(ask, passages, chosen)
    passages, chosen = with_carried_leads(passages, chosen, carried)
    if corpus is not None and (ask.shape in ("list", "definition") or leads_list(chosen)):
        # a list runs on in the next chunks: its items are the cases asked of
        passages, chosen = continued(passages, chosen, corpus)
    return _assemble(ask, passages, chosen, cover.strength)


def _ranked(
    question: str,
    ask: Ask,
    passages: Sequence[Passage],
    docs: Sequence[DocRecord],
    carried: Carried,
    commencement: bool,
    embeddings: Embeddings | None,
) -> list[Scored]:
    """The sentences of ``question`` that may answer, best first (none that
    scores nothing)."""
    named = frozenset(named_ids(ask, docs))
    leads = {i: lead.text for i, (_, lead) in carried.items()}
    scored = [s for s in score_sentences(ask, passages, named, leads) if s.score > 0]
    if commencement:
        # "When did X take effect": its 自…起施行, not the date it was adopted
        scored = [s for s in scored if COMMENCEMENT.search(s.sentence.text)] or scored
    scored = _naming_the_lacking(ask, docs, scored)
    if embeddings is not None and ask.english and scored:
        # by what the firm asks, not by how it describes itself, nor by the
        # conversation's earlier question ("Who issues the negative list?")
        # unless it only names a new subject for it ("What about…?")
        own = question if WHAT_ABOUT.match(ask.question) else ask.question
        asked = split_self_description(own)[1]
        scored = by_meaning(asked, passages, scored, embeddings)
    return scored


def _fact_answer(ask: Ask, p: Passage, s: Sentence) -> Extract:
    lead = EN_LEAD if ask.english else framing(p, s)
    text = f"{lead}{s.text.strip()}[1]"
    return Extract(text, [make_citation(1, p, [s])], False, 1.0, (text,))


def _by_number(
    ask: Ask, passages: Sequence[Passage], corpus: Corpus | None, cover: Coverage
) -> Extract | None:
    """An article asked for by its number, whole — or that its document lacks
    it (None: no article asked, or of a document the library lacks)."""
    if ask.shape != "article" or cover.reason == "document":
        return None
    found, lacking = find_article(ask, passages, corpus)
    if found is not None:
        return _article_answer(found, cover.strength)
    if lacking is not None:
        text = f"资料库中的《{lacking.title}》没有{ask.article}。"
        return Extract(text, [], True, cover.strength, (text,))
    return None


def _structured(answer: tuple[str, list[Citation]], strength: float) -> Extract:
    text, citations = answer
    return Extract(text, citations, False, strength, (text,))


LACKING_BONUS = 0.5


def _naming_the_lacking(ask: Ask, docs: Sequence[DocRecord], scored: list[Scored]) -> list[Scored]:
    """A question about a document we lack, answered by one we hold ("…以后，
    增值税暂行条例还有效吗"): the sentences that name it come first (…同时废止)."""
    lacking = unknown_documents(ask, docs)
    if not lacking:
        return scored
    out = [
        replace(s, score=s.score + LACKING_BONUS)
        if any(names_document(s.sentence.text, u) for u in lacking)
        else s
        for s in scored
    ]
    return sorted(out, key=lambda s: -s.score)


def _refusal(cover: Coverage, passages: Sequence[Passage]) -> Extract:
    if cover.reason == "document":
        text = f"资料库中没有《{cover.detail}》，无法据其回答。" + refusal_text(
            passages
        ).removeprefix(REFUSAL)
    elif cover.reason == "region":
        text = f"资料库中没有{cover.detail}的相关文件。" + refusal_text(passages).removeprefix(
            REFUSAL
        )
    elif cover.reason == "sibling":
        asked, other = cover.detail.split("|")
        text = f"资料库中的相关规定讲的是“{other}”，没有讲到“{asked}”。" + refusal_text(
            passages
        ).removeprefix(REFUSAL)
    else:
        text = refusal_text(passages)
    return Extract(text, [], True, cover.strength, (text,), cover.reason)


def _no_figure(
    ask: Ask, passages: Sequence[Passage], best: Scored, strength: float, what: str = ""
) -> Extract:
    """The subject is covered but no sentence states the asked figure: say so,
    and quote the closest sentence — it is an answer of a kind, not a guess."""
    kinds = sorted(ask.kinds or ())
    if not what:
        what = "、".join(dict.fromkeys(_KIND_WORDS[k] for k in kinds)) if kinds else "具体数字"
    p = passages[best.passage_index]
    s = widen(passages, best, False).sentence
    head = f"资料库中的相关规定没有写明{what}。相关内容：{framing(p, s)}"
    body = f"{s.text.strip()}[1]"
    return Extract(head + body, [make_citation(1, p, [s])], True, strength, (head, body))


def _article_answer(found: Found, strength: float) -> Extract:
    text, spans, complete = article_text(found)
    head = f"《{found.doc.title}》{found.chunks[0].section_path[-1].split(' ')[0]}："
    passages = found.passages
    citations = [make_citation(i + 1, passages[i], [span]) for i, (_, span) in enumerate(spans)]
    tail = "" if complete else "……（全文见来源[1]）"
    body = f"{text}{tail}" + "".join(f"[{c.n}]" for c in citations)
    return Extract(head + body, citations, False, max(strength, 1.0), (head, body))


def _assemble(
    ask: Ask, passages: Sequence[Passage], chosen: list[Scored], strength: float
) -> Extract:
    terms = ask_terms(ask)
    figure = ask.shape == "figure"
    # every item of the list is the answer; a footnote asked for is kept whole,
    # and so is the report's point a firm asks of (``widened_for``)
    whole = ask.shape in ("list", "definition") or ask.source or whole_point(ask)
    numbers: dict[int, int] = {}  # passage index -> its [n], in order of first use
    used: dict[int, list[Sentence]] = {}
    order = sorted(chosen, key=lambda s: (s.passage_index, s.sentence.start))
    if ask.english:
        pieces = [EN_LEAD]
    else:
        pieces = [framing(passages[order[0].passage_index], order[0].sentence)]
    held = ""  # marks kept for the end of a list that runs over several chunks
    for i, s in enumerate(order):
        n = numbers.setdefault(s.passage_index, len(numbers) + 1)
        used.setdefault(s.passage_index, []).append(s.sentence)
        body = s.sentence.text if whole else trim(s.sentence.text, terms, figure)
        body = re.sub(r"\n\s*\n", "\n", body)  # one line an item, as a reader expects
        nxt = order[i + 1] if i + 1 < len(order) else None
        # Adjacent sentences of one passage read as one quotation, cited once;
        # a list continued in the next chunk reads as one list, cited at its end.
        joined = nxt is not None and (
            (
                nxt.passage_index == s.passage_index
                and not passages[s.passage_index]
                .chunk.text[s.sentence.end : nxt.sentence.start]
                .strip()
            )
            or (whole and nxt.continues)
        )
        mark = f"[{n}]" if f"[{n}]" not in held else ""
        if joined and nxt is not None and nxt.passage_index != s.passage_index:
            held += mark
            pieces.append(body)
        else:
            pieces.append(body if joined else f"{body}{held}{mark}")
            held = "" if not joined else held
        if nxt is not None and (not joined or nxt.passage_index != s.passage_index):
            pieces.append("\n")
    citations = [make_citation(n, passages[i], used[i]) for i, n in numbers.items()]
    pieces = [p for p in pieces if p]
    return Extract("".join(pieces).rstrip(), citations, False, strength, tuple(pieces))
