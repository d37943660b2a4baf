"""Definition cards: what the corpus says makes a firm a party, and what a
term a clause uses means.

Two forms. A party's definition (企业所得税法实施条例 第九十二条: 小型微利企业
is an 工业企业 with ≤ 300万元 income …) is checked against the firm when a
clause names that party (``policy.matching``). A term's definition scoped to
an article ("企业所得税法第二十九条所称民族自治地方，是指…的自治区、自治州、
自治县") is what a firm relies on when that article applies to it, so the
calculator cites it beside the article.
"""

from __future__ import annotations

import re
from dataclasses import replace

from assistant.policy import patterns as P
from assistant.policy.cards import Condition, Fact, MeasureCard
from assistant.policy.clauses import item_label
from assistant.policy.facts import base_card, entities_in
from assistant.policy.values import comparisons
from assistant.records import ChunkRecord, DocRecord
from assistant.text import title_key

DEFINITION_RE = re.compile(r"(?:所称|本法|本条例|是指)?(?P<term>[^，。；：\n]{1,40}?)[，,]?是指")
_NUM = "零一二三四五六七八九十百千"
# "企业所得税法第二十六条第（二）项所称…，是指" / "本条例所称…，是指": a term
# explained for one article, or for its own document.
SCOPED_TERM_RE = re.compile(
    rf"(?:(?P<law>本法|本条例|本办法|[\u4e00-\u9fff]{{2,24}}?(?:法|条例|办法|规定))"
    rf"(?P<article>第[{_NUM}]+条)?(?:第[（(]?[{_NUM}]+[)）]?[项款])*)?"
    r"所称(?P<term>[^，,。；：\n]{2,40}?)[，,]?是指"
)
_OWN = ("本法", "本条例", "本办法")


def party_defined(text: str, start: int, end: int) -> Fact | None:
    """The party a clause's lead defines ("本法所称小型微利企业，是指…")."""
    m = DEFINITION_RE.search(text, start, end)
    if not m:
        return None
    ents = entities_in(text, m.start("term"), m.end("term"))
    # "所称研究开发费用的加计扣除，是指…" explains a support, and "所称符合条件的
    # 居民企业之间的股息…是指" defines an income: the term must end with the entity.
    if not ents or m.group("term").rstrip("，, ")[-len(ents[-1].text) :] != ents[-1].text:
        return None
    return ents[-1]


def term_card(
    chunk: ChunkRecord, doc: DocRecord, article: str, start: int, end: int
) -> MeasureCard | None:
    """A term the lead explains for an article or its document, as a card
    whose ``explains`` names what it explains ('' for its own document)."""
    while start < end and chunk.text[start].isspace():
        start += 1
    m = SCOPED_TERM_RE.match(chunk.text, start, end)
    if m is None:
        return None
    law, cited = m.group("law") or "", m.group("article") or ""
    explains = "" if not law or law in _OWN else f"{law}|{cited}"
    return replace(
        base_card(chunk, doc, article, start, end),
        kind="definition",
        defines=m.group("term").removeprefix("的"),
        explains=explains,
        paragraph=1,
    )


def explained_by(card: MeasureCard, definition: MeasureCard) -> bool:
    """Does ``definition`` explain a term ``card``'s clause relies on?"""
    if definition.kind != "definition" or definition.defines not in (card.clause or card.text):
        return False
    if not definition.explains:
        return definition.doc_id == card.doc_id
    law, article = definition.explains.split("|")
    return title_key(card.doc_title) == title_key(law) and article in ("", card.article)


def party_cards(chunk, doc, article, term: Fact, paras, article_depts) -> list[MeasureCard]:
    text = chunk.text
    lead_s, lead_e = paras[0]
    lead_conditions, _ = comparisons(text, lead_s, lead_e)
    items = [(s, e) for s, e in paras[1:] if P.ITEM_RE.match(text, s)]
    item_conds = [(s, e, comparisons(text, s, e)[0]) for s, e in items]
    branches = [(s, e, c) for s, e, c in item_conds if _branch_subject(text, s, e)]
    base = replace(
        base_card(chunk, doc, article, lead_s, lead_e),
        kind="definition",
        defines=term.value,
        entities=(term,),
        departments=tuple(article_depts),
    )
    if not branches:
        conds = lead_conditions + [c for _, _, cs in item_conds for c in cs]
        end = items[-1][1] if items else lead_e
        return [replace(base, conditions=tuple(conds), text=text[lead_s:end], end=end)]
    cards = []
    for s, e, conds in branches:
        subj = _branch_subject(text, s, e)
        assert subj is not None
        industrial = Condition(
            "industrial",
            subj.value,
            "==",
            P.INDUSTRIAL_SUBJECTS[subj.value],
            "",
            subj.text,
            subj.start,
            subj.end,
        )
        label = item_label(P.ITEM_RE.match(text, s).group())
        cards.append(
            replace(
                base,
                conditions=(industrial, *lead_conditions, *conds),
                text=text[s:e],
                start=s,
                end=e,
                branch=label,
                item=label,
                paragraph=1,
            )
        )
    return cards


def _branch_subject(text: str, s: int, e: int) -> Fact | None:
    m = P.ITEM_RE.match(text, s)
    body = m.end() if m else s
    for name in P.INDUSTRIAL_SUBJECTS:
        if text.startswith(name, body):
            return Fact(name, name, body, body + len(name))
    return None


__all__ = ["DEFINITION_RE", "explained_by", "party_cards", "party_defined", "term_card"]
