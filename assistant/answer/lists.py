"""List answers: the lead with its items that answers a list question (or,
without one, the best sentence's paragraph), a report's sibling points, and
lists that run across chunks — an item whose lead is in the chunk before
("3.图书、报纸…；" under "…税率为百分之九："), and a list quoted to the end of
its chunk that goes on in the chunks after it. A long article is cut into
several chunks, and its lists with it; the answer quotes them whole.

Also what a list question asks to be named ("哪几个集群" → 集群), and what a
list answer lacks when its text only counts the things (12个…集群) or leaves
them to a list of its own (负面清单): a count is not a list."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.answer.articles import Corpus, following_items, preceding_lead
from assistant.answer.evidence import Scored
from assistant.answer.quotes import LIST_LIMIT
from assistant.records import ChunkRecord, Passage
from assistant.text import (
    POINT,
    Ask,
    Sentence,
    figures,
    items_end,
    paragraph_around,
    split_sentences,
)

__all__ = [
    "Carried",
    "carried_leads",
    "continued",
    "leads_list",
    "listed_noun",
    "only_counted",
    "only_delegated",
    "pick_list",
    "sibling_points",
    "unlisted",
    "with_carried_leads",
]

Carried = dict[int, tuple[ChunkRecord, Sentence]]


def carried_leads(passages: Sequence[Passage], corpus: Corpus | None) -> Carried:
    """The lead, with its chunk, of each passage that opens with list items
    continued from the chunk before: "3.图书、报纸…；" has its rate in "…税率为
    百分之九："."""
    if corpus is None:
        return {}
    leads = {i: preceding_lead(corpus, p.chunk) for i, p in enumerate(passages)}
    return {i: lead for i, lead in leads.items() if lead is not None}


def with_carried_leads(
    passages: Sequence[Passage], chosen: list[Scored], carried: Carried
) -> tuple[list[Passage], list[Scored]]:
    """An item chosen for its lead's figure is quoted after that lead (its
    chunk put just before the item's): the figure shown is in a cited passage."""
    passages, out = list(passages), list(chosen)
    for s in chosen:
        p = passages[s.passage_index] if s.passage_index < len(passages) else None
        if s.passage_index not in carried or p is None:
            continue
        if s.sentence.end > items_end(p.chunk.text):
            continue
        chunk, lead = carried[s.passage_index]
        if any(
            passages[x.passage_index].chunk.chunk_id == chunk.chunk_id
            and x.sentence.start == lead.start
            for x in out
        ):
            continue  # the lead is quoted already (with the items of its own chunk)
        at = s.passage_index
        passages.insert(at, Passage(chunk, p.doc, p.score, p.rank))
        out = [replace(x, passage_index=x.passage_index + (x.passage_index >= at)) for x in out]
        out.append(Scored(s.score, s.cover, at, lead, s.fits))
    return passages, out


def continued(
    passages: Sequence[Passage], chosen: list[Scored], corpus: Corpus
) -> tuple[list[Passage], list[Scored]]:
    """A list quoted up to the end of its chunk goes on with the items that
    open the next chunks of the same article: every item is the answer."""
    passages, out = list(passages), []
    for s in chosen:
        out.append(s)
        p = passages[s.passage_index]
        if s.sentence.end < len(p.chunk.text.rstrip()) or not s.sentence.text.rstrip().endswith(
            ("；", ";", "：", ":", "。")
        ):
            continue
        for chunk, span in following_items(corpus, p.chunk):
            passages.append(Passage(chunk, p.doc, p.score, len(passages) + 1))
            out.append(Scored(s.score, s.cover, len(passages) - 1, span, s.fits, continues=True))
    return passages, out


def sibling_points(
    question: str, passages: Sequence[Passage], chosen: list[Scored], corpus: Corpus
) -> tuple[list[Passage], list[Scored]]:
    """A list question answered by one of a report's points ("三是围绕产业链对接
    资金链。"): every point of its section, each by the sentence that opens it,
    in order — "哪几条链" asks for all of them. A report cuts its points into
    chunks of their own; the others come from the same section's chunks."""
    top = chosen[0] if len(chosen) == 1 else None
    named = listed_noun(question)
    # a paragraph that holds a point ("三是…。加强…", "…相对薄弱。一是创新链断裂。")
    if top is None or not named:
        return list(passages), chosen
    if not any(POINT.match(s.text) for s in split_sentences(top.sentence.text)):
        return list(passages), chosen
    p = passages[top.passage_index]
    points = [
        (c, s)
        for c in corpus.doc_chunks(p.doc.doc_id)
        if c.section_path == p.chunk.section_path
        for s in split_sentences(c.text)
        if POINT.match(s.text)
    ]
    # the points are what is asked for when each names it ("…构建创新链", "…培育人才链")
    if len(points) < 2 or any(named not in s.text for _, s in points):
        return list(passages), chosen
    # each point's chunk added after the passages, in reading order (an answer
    # quotes its passages in their order)
    out_passages, out = list(passages), []
    have: dict[str, int] = {}
    for chunk, sentence in points:
        if chunk.chunk_id not in have:
            out_passages.append(Passage(chunk, p.doc, p.score, len(out_passages) + 1))
            have[chunk.chunk_id] = len(out_passages) - 1
        out.append(Scored(top.score, top.cover, have[chunk.chunk_id], sentence, top.fits))
    return out_passages, out


def pick_list(passages: Sequence[Passage], scored: list[Scored]) -> list[Scored]:
    """A list question is answered by the best list lead with every item (or
    an item's lead); without one, by the best few sentences, in reading order."""
    best = scored[0].score
    # A list lead, unless it speaks of something else than the best sentence
    # does — or less of the question than a best sentence that is a list of
    # its own ("知识产权、涉外商事、海事海商…案件暂由最高人民法院本部审理").
    share = 1.0 if _enumerates(scored[0].sentence.text) else 0.8
    leads = [
        s
        for s in scored[:8]
        if s.fits and s.score >= 0.7 * best and s.cover >= share * scored[0].cover
    ]
    if leads:
        return leads[:1]
    # No list lead: the best sentence's paragraph (a report's "三是…" and
    # the measures it goes on to name), and the next best of that passage.
    top = _paragraph(passages, scored[0])
    chosen = [top]
    for s in scored[1:6]:
        same = s.passage_index == top.passage_index and s.score >= 0.6 * best
        if same and not top.sentence.start <= s.sentence.start < top.sentence.end:
            chosen.append(s)
            break
    return sorted(chosen, key=lambda s: (s.passage_index, s.sentence.start))


def _enumerates(text: str) -> bool:
    """Does the sentence name three or more things in a row (甲、乙、丙)?"""
    return text.count("、") >= 2


def _paragraph(passages: Sequence[Passage], s: Scored) -> Scored:
    """``s`` widened to the paragraph it opens or sits in, when that is short enough."""
    text = passages[s.passage_index].chunk.text
    start, end = paragraph_around(text, s.sentence.start, s.sentence.end)
    if end - start > LIST_LIMIT or end <= s.sentence.end:
        return s
    para = text[start:end]
    lead = len(para) - len(para.lstrip())
    span = Sentence(para.strip(), start + lead, start + lead + len(para.strip()))
    return Scored(s.score, s.cover, s.passage_index, span, s.fits)


def leads_list(chosen: list[Scored]) -> bool:
    """Is the first quote a list lead with its items ("…按照下列标准…：（一）…")?"""
    return bool(chosen) and bool(re.search(r"[：:]\s*\n\s*\S", chosen[0].sentence.text))


# What a list question asks to be named: "具体是哪几个集群" → 集群, "哪几条链" → 链.
# "哪几条链", "表现在哪几条“链”上": the noun, quoted or not, before a place word
_LISTED = re.compile(
    r"(?:哪些|哪几[个条家类项所种批]?)[“\"「]?([\u4e00-\u9fff]{1,4}?)[”\"」]?[上里]?(?:[？?。，,]|$)"
)


def listed_noun(question: str) -> str:
    """The thing a list question asks to be named ('' when it names none)."""
    m = _LISTED.search(question)
    return m.group(1) if m else ""


def only_counted(ask: Ask, text: str) -> bool:
    """Does ``text`` only count what the question asks to be listed — it
    holds the count the question states ("首批12个…集群分别是哪些"), or counts
    the thing asked for ("具体是哪几个集群" → 12个…集群), and lists nothing?"""
    if "\n" in text.strip() or text.rstrip().endswith(("：", ":")):
        return False
    # "70 chain-leader enterprises": in English a bare number counts, as 70家 does
    kinds = ("count", "number") if ask.english else ("count",)
    counts = {f.key[1] for f in figures(ask.question) if f.kind in kinds}
    listed = listed_noun(ask.question)

    def counts_it(sentence: str) -> bool:
        if counts:
            return any(
                f.kind in ("count", "number") and f.key[1] in counts for f in figures(sentence)
            )
        return len(listed) >= 2 and any(
            f.kind == "count" and listed in sentence[f.end : f.end + 12] for f in figures(sentence)
        )

    # The sentence that counts them (of a quoted paragraph) names none of them:
    # its 、 runs counts of other things ("龙头企业212家、链主企业70家"), not names.
    counting = [s.text for s in split_sentences(text) if counts_it(s.text)]
    return bool(counting) and all(_names_none(s) for s in counting)


def _names_none(sentence: str) -> bool:
    """Does ``sentence`` name fewer than two things — its 、 runs counts of
    other things, and it holds no titles (《…》《…》)?"""
    named = sum(not figures(item) for item in sentence.split("、"))
    return named < 2 and sentence.count("《") < 2


# A rule that leaves its list to a list of its own ("负面清单规定禁止投资的领域").
_DELEGATES = re.compile(r"(?:清单|目录|名录|名单)(?:规定|确定|列明|明确)[^，。；]{0,8}的")


def only_delegated(text: str) -> bool:
    """Does ``text`` leave the things asked to be listed to another text, and
    list none of them?"""
    if "\n" in text.strip() or text.rstrip().endswith(("：", ":")) or text.count("、") >= 2:
        return False
    return bool(_DELEGATES.search(text))


def unlisted(ask: Ask, text: str) -> str:
    """What a list answer lacks when ``text`` names none of the things asked
    for — it only counts them (具体名单) or leaves them to a list of its own
    (具体内容) — '' when it names them."""
    if only_counted(ask, text):
        return "具体名单"
    return "具体内容" if only_delegated(text) else ""
