"""The forms texts are compared in — one module, so query, corpus, answer
checks and evaluation cannot drift apart.

- ``to_simplified``: Traditional → Simplified (one OpenCC converter, built on
  first use and guarded by a lock: the C++ converter is not documented as
  thread-safe);
- ``normalize_text``: NFKC (full-width ``３％`` → ``3%``) + simplified + single
  spaces — what a question or a title looks like before anything else;
- ``match_form``: footnote marks dropped (before NFKC turns ``⁴`` into ``4``),
  NFKC, simplified, lower case, no whitespace — how sentences, terms and
  document names are compared;
- ``for_match``: the evaluation README's normalisation (no footnote marks,
  NFKC, no whitespace; no script conversion).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

__all__ = [
    "CJK",
    "SUPERSCRIPTS",
    "drop_superscripts",
    "for_match",
    "match_form",
    "normalize_text",
    "quoted",
    "to_simplified",
]

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"  # footnote marks (ingest attaches their notes)
_DROP_SUPERSCRIPTS = {ord(c): None for c in SUPERSCRIPTS}
CJK = re.compile(r"[\u4e00-\u9fff]")
_WS = re.compile(r"\s+")
_lock = threading.Lock()


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc  # loads its dictionaries: on first use, not at import

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese; text without CJK passes through unchanged."""
    if not text or not CJK.search(text):
        return text
    converter = _t2s()
    with _lock:
        return converter.convert(text)


def drop_superscripts(text: str) -> str:
    return text.translate(_DROP_SUPERSCRIPTS)


def normalize_text(text: str) -> str:
    """NFKC + simplified + single spaces: the common form of query and corpus."""
    text = to_simplified(unicodedata.normalize("NFKC", text))
    return _WS.sub(" ", text).strip()


@lru_cache(maxsize=16384)  # passages recur across questions; OpenCC is the slow part
def match_form(text: str) -> str:
    """Footnote marks dropped, NFKC, simplified, lower case, no whitespace."""
    text = unicodedata.normalize("NFKC", drop_superscripts(text))
    return _WS.sub("", to_simplified(text).lower())


def for_match(text: str) -> str:
    """The evaluation README's normalisation: no footnote marks, NFKC, no whitespace."""
    return _WS.sub("", unicodedata.normalize("NFKC", drop_superscripts(text)))


_QUOTED = re.compile(r"[“「『\"]([^”」』\"]{2,30})[”」』\"]")


def quoted(question: str, longest: int = 30) -> list[str]:
    """The words a question quotes (“加强产业链协同创新”), up to ``longest``
    characters each, in their match form: the text's own words."""
    return [match_form(q) for q in _QUOTED.findall(question) if len(q) <= longest]
