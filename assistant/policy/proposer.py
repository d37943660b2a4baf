"""Optional LLM proposer for measure cards, behind a strict span validator.

A chat model may propose cards for passages the patterns miss, but nothing
it says is trusted: `validate_card` keeps a card only if every value can be
read back from its own span of the chunk text (offsets and text agree, the
number parses to the stated value, the entity name is in the span). A model
that invents "最高500万元" that the text does not contain is rejected.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from langchain_core.language_models import BaseChatModel

from assistant.llm.prompts import MEASURE_PROMPT
from assistant.policy import patterns as P
from assistant.policy.cards import Condition, Fact, MeasureCard, Support
from assistant.policy.facts import base_card
from assistant.policy.values import OPS, POST_OPS, quantities
from assistant.records import ChunkRecord, DocRecord

log = logging.getLogger(__name__)


def _span_ok(text: str, start: int, end: int, chunk_text: str) -> bool:
    return 0 <= start < end <= len(chunk_text) and chunk_text[start:end] == text


def _quantities(span: str) -> list[float]:
    return [round(q.value, 4) for q in quantities(span, 0, len(span))]


def _condition_ok(c: Condition, chunk_text: str) -> bool:
    if not _span_ok(c.text, c.start, c.end, chunk_text):
        return False
    if c.field == "industrial":
        return c.text in P.INDUSTRIAL_SUBJECTS and P.INDUSTRIAL_SUBJECTS[c.text] == c.value
    if c.subject and c.subject not in c.text:
        return False
    ops = {sym for word, sym in OPS if word in c.text} | {
        sym for word, sym in POST_OPS.items() if word in c.text
    }
    if c.op not in ops:
        return False
    return c.value is None or round(c.value, 4) in _quantities(c.text)


def _support_ok(s: Support, chunk_text: str) -> bool:
    if not _span_ok(s.text, s.start, s.end, chunk_text):
        return False
    values = [v for v in (s.rate, s.amount_wan, s.cap_wan) if v is not None]
    if not values:
        return True
    if not _span_ok(s.value_text, s.value_start, s.value_end, chunk_text):
        return False
    return all(round(v, 4) in _quantities(s.value_text) for v in values)


def _fact_ok(f: Fact, chunk_text: str, canonical: bool = False) -> bool:
    if not _span_ok(f.text, f.start, f.end, chunk_text):
        return False
    return f.value == P.ENTITY_ALIASES.get(f.text, f.text) if canonical else f.value in f.text


def validate_card(card: MeasureCard, chunk_text: str) -> bool:
    """True only if every value of the card is found in its source span."""
    if card.end > card.start and not _span_ok(card.text, card.start, card.end, chunk_text):
        return False
    return (
        all(_fact_ok(e, chunk_text, canonical=True) for e in card.entities)
        and all(_fact_ok(d, chunk_text) for d in card.departments)
        and all(_fact_ok(i, chunk_text) for i in card.industries)
        and all(_condition_ok(c, chunk_text) for c in card.conditions)
        and all(_support_ok(s, chunk_text) for s in card.supports)
    )


def _locate(chunk_text: str, piece: str) -> tuple[int, int]:
    start = chunk_text.find(piece) if piece else -1
    return (start, start + len(piece)) if start >= 0 else (-1, -1)


def _card_from_json(
    item: dict[str, Any], chunk: ChunkRecord, doc: DocRecord, article: str
) -> MeasureCard:
    text = chunk.text
    entities = []
    for name in item.get("entities", []):
        s, e = _locate(text, str(name))
        entities.append(Fact(P.ENTITY_ALIASES.get(str(name), str(name)), str(name), s, e))
    conditions = []
    for c in item.get("conditions", []):
        s, e = _locate(text, str(c.get("text", "")))
        value = c.get("value")
        conditions.append(
            Condition(
                P.field_for(str(c.get("subject", "")), str(c.get("unit", ""))),
                str(c.get("subject", "")),
                str(c.get("op", "")),
                float(value) if isinstance(value, int | float) else None,
                str(c.get("unit", "")),
                str(c.get("text", "")),
                s,
                e,
            )
        )
    supports = []
    for sup in item.get("supports", []):
        piece = str(sup.get("text", ""))
        s, e = _locate(text, piece)
        kind = str(sup.get("kind", ""))
        k_start = text.find(kind, s) if s >= 0 and kind else -1
        supports.append(
            Support(
                kind,
                kind,
                k_start,
                k_start + len(kind) if k_start >= 0 else -1,
                rate=sup.get("rate"),
                amount_wan=sup.get("amount_wan"),
                cap_wan=sup.get("cap_wan"),
                value_text=piece,
                value_start=s,
                value_end=e,
            )
        )
    departments = []
    for name in item.get("departments", []):
        s, e = _locate(text, str(name))
        departments.append(Fact(str(name), str(name), s, e))
    base = base_card(chunk, doc, article, 0, len(text))
    kind = "definition" if item.get("kind") == "definition" else "support"
    return MeasureCard(
        **{
            **base.__dict__,
            "kind": kind,
            "defines": str(item.get("defines") or ""),
            "entities": tuple(entities),
            "conditions": tuple(conditions),
            "supports": tuple(supports),
            "departments": tuple(departments),
            "card_id": f"{chunk.chunk_id}:llm",
            "notes": ("proposed by LLM",),
        },
    )


def _parse_json_list(content: str) -> list[dict[str, Any]]:
    m = re.search(r"\[.*\]", content, re.S)
    if not m:
        return []
    try:
        data = json.loads(m.group())
    except json.JSONDecodeError:
        return []
    return [d for d in data if isinstance(d, dict)]


def propose_measures(
    chat_model: BaseChatModel, chunk: ChunkRecord, doc: DocRecord
) -> list[MeasureCard]:
    """Cards a chat model proposes for the chunk, keeping only validated ones."""
    article = next((s for s in reversed(chunk.section_path) if s.endswith("条")), "")
    reply = chat_model.invoke(
        MEASURE_PROMPT.format_messages(article=article or "无", text=chunk.text)
    )
    content = reply.content if isinstance(reply.content, str) else str(reply.content)
    cards = []
    for i, item in enumerate(_parse_json_list(content)):
        try:
            card = _card_from_json(item, chunk, doc, article)
        except (TypeError, ValueError) as err:
            log.info("LLM card %d for %s unreadable: %s", i, chunk.chunk_id, err)
            continue
        if validate_card(card, chunk.text):
            cards.append(card)
        else:
            log.info(
                "LLM card %d for %s rejected: a value is not in its source span", i, chunk.chunk_id
            )
    return cards


__all__ = ["MEASURE_PROMPT", "propose_measures", "validate_card"]
