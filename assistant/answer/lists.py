"""Lists that run across chunks: an item whose lead is in the chunk before
("3.图书、报纸…；" under "…税率为百分之九："), and a list quoted to the end of
its chunk that goes on in the chunks after it. A long article is cut into
several chunks, and its lists with it; the answer quotes them whole."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assistant.answer.articles import Corpus, following_items, preceding_lead
from assistant.answer.evidence import Scored
from assistant.records import ChunkRecord, Passage
from assistant.text import Sentence, items_end

__all__ = ["Carried", "carried_leads", "continued", "with_carried_leads"]

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
