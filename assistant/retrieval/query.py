"""A question as it is searched.

Traditional → Simplified, NFKC, whitespace collapsed (``text.normalize_text``),
plus what keyword search would otherwise miss: the other written forms of
each money amount (``3千万元`` also as ``3000万元``, ``0.3亿元``) and the
Chinese terms an English question names (Guangxi → 广西) and the texts' words for the question's own (卖 → 销售); a point asked by
its place is not an article ("第二条对策" is searched as "第二项对策").
"""

from __future__ import annotations

from assistant.text import (
    amount_variants,
    english_terms,
    normalize_text,
    point_not_article,
    text_forms,
    unpointed,
)

__all__ = ["normalize_query"]


def normalize_query(text: str, *, expand_numbers: bool = True) -> str:
    """A question ready for retrieval (see the module docstring)."""
    text = unpointed(point_not_article(normalize_text(text)))
    extra = english_terms(text) + text_forms(text)
    if expand_numbers:
        extra += amount_variants(text)
    extra = [v for v in dict.fromkeys(extra) if v not in text]
    return f"{text} {' '.join(extra)}" if extra else text
