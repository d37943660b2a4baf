"""Which clauses speak of what a firm does.

A firm's situation is a few phrases: its activities ("开展研发", "被大型企业
拖欠货款") and its industry. Each phrase is searched, BM25 over the clauses
that grant something (with the words policy texts use for the same thing:
研发 finds 研究开发), and a clause is relevant to the phrase when it scores
near the phrase's best clause. Scores are relative because a phrase's words
decide how high any clause can score.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant.policy.cards import MeasureCard
from assistant.store import KeywordIndex
from assistant.text import forms, match_form, question_terms, search_tokens

PLAIN_WORDS_FILE = Path(__file__).parents[1] / "data" / "plain_words.txt"
NEAR_BEST = 0.2  # a clause within this share of the phrase's best score is relevant
MAX_PER_PHRASE = 40  # and among the phrase's first few articles


@dataclass(frozen=True)
class Hit:
    key: str  # the clause, as the caller keyed it
    phrase: str  # the firm's own words it answers to
    score: float  # share of the phrase's best score (1.0 for the best)


@lru_cache(maxsize=4)
def plain_words(path: Path = PLAIN_WORDS_FILE) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(a firm's plain words, the statutory words for them), from a data file:
    a firm says 卖给 and 欠款 where the clause says 转让 and 拖欠. A plain word
    written "专利+卖给" needs all its parts in the phrase, in any order."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=>" in line and not line.startswith("#"):
            plain, legal = line.split("=>", 1)
            out.append((tuple(w.strip() for w in plain.split("|") if w.strip()), legal.strip()))
    return tuple(out)


# Single characters that only join a firm's words ("收购蔬菜后批发给超市"): in
# BM25 over clauses they match 给予 and 以后 everywhere.
_FUNCTION_CHARS = frozenset("后给的了在从把被向对和与及为并等将再又也就都而以于之其")


def phrase_tokens(phrase: str) -> list[str]:
    """Search tokens of a phrase, of the other words for its terms, and of the
    statutory words for its plain ones."""
    tokens = [t for t in search_tokens(phrase) if t not in _FUNCTION_CHARS]
    for term, _ in question_terms(phrase):
        for other in forms(term):
            if other != term:
                tokens += search_tokens(other)
    for legal in statutory_words(phrase):
        tokens += search_tokens(legal)
    return tokens


def statutory_words(phrase: str, path: Path = PLAIN_WORDS_FILE) -> list[str]:
    """The statutory words for the plain ones in ``phrase`` (卖给 → 转让)."""
    low = phrase.lower()
    return [
        legal
        for plain, legal in plain_words(path)
        if any(all(part in low for part in w.split("+")) for w in plain)
    ]


class ClauseIndex:
    """BM25 over clause texts; built once per list of clauses."""

    def __init__(self, keys: Sequence[str], texts: Sequence[str]) -> None:
        self.keys = list(keys)
        self.texts = dict(zip(self.keys, (match_form(t) for t in texts), strict=True))
        self._index = KeywordIndex.build(self.keys, [search_tokens(t) for t in texts], "")

    def relevant(
        self, phrases: Sequence[str], allowed: set[str], categories: Sequence[str] = ()
    ) -> dict[str, Hit]:
        """Clause key -> its best hit, for clauses relevant to any phrase.

        A phrase in ``categories`` (the firm's industry) names a kind of
        business: a clause must say its most specific word, or 蔬菜种植 would
        find the clause for 花卉种植 through 种植."""
        best: dict[str, Hit] = {}
        for phrase in dict.fromkeys(p.strip() for p in phrases if p and p.strip()):
            hits = _first_articles(
                self._index.search(phrase_tokens(phrase), 3 * MAX_PER_PHRASE, allowed)
            )
            if phrase in categories:
                anchor = _heaviest(phrase)  # or the statute's word for it: 水稻 → 谷物
                said = [*forms(anchor), *" ".join(statutory_words(anchor)).split()]
                hits = [(k, s) for k, s in hits if any(f in self.texts[k] for f in said)]
            if not hits:
                continue
            top = hits[0][1]
            for key, score in hits:
                share = score / top
                if share >= NEAR_BEST and (key not in best or share > best[key].score):
                    best[key] = Hit(key, phrase, share)
        return best


def _first_articles(hits: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The hits of the first MAX_PER_PHRASE articles: the eight items of one
    article (政府采购法实施条例 第二十条) take one place, not eight."""
    seen: set[str] = set()
    out = []
    for key, score in hits:
        article = "|".join(key.split("|")[:2])
        if article not in seen and len(seen) >= MAX_PER_PHRASE:
            break
        seen.add(article)
        out.append((key, score))
    return out


def _heaviest(phrase: str) -> str:
    terms = question_terms(phrase)
    return max(terms, key=lambda t: t[1])[0] if terms else phrase


# A way to complain or object: what a firm does when a protection is broken.
_REMEDY = re.compile(r"投诉|举报|控告|质疑|申诉|协调解决")


def with_remedies(hits: dict[str, Hit], clauses: dict[str, list[MeasureCard]]) -> dict[str, Hit]:
    """A firm whose words found a protection of a document (a payment rule, a
    ban on fees) may use that document's remedies too: its complaint and
    objection clauses join the hits, answering to the same words."""
    by_doc: dict[str, Hit] = {}
    for key, hit in hits.items():
        cards = clauses[key]
        protects = any(c.rights for c in cards) and not _is_remedy(cards)
        doc = cards[0].doc_id
        if protects and (doc not in by_doc or hit.score > by_doc[doc].score):
            by_doc[doc] = hit
    out = dict(hits)
    for key, cards in clauses.items():
        hit = by_doc.get(cards[0].doc_id)
        if hit is not None and key not in out and _is_remedy(cards):
            out[key] = Hit(key, hit.phrase, hit.score * 0.9)
    return out


def _is_remedy(cards: list[MeasureCard]) -> bool:
    return any(_REMEDY.search(f.text) for c in cards for f in c.rights)


_lock = threading.Lock()
_indexes: dict[tuple[str, ...], ClauseIndex] = {}


def clause_index(keys: Sequence[str], texts: Sequence[str]) -> ClauseIndex:
    """The index of these clauses, kept while the corpus does not change."""
    sig = tuple(keys)
    with _lock:
        index = _indexes.get(sig)
    if index is None:
        index = ClauseIndex(keys, texts)
        with _lock:
            _indexes.clear()  # one corpus at a time
            _indexes[sig] = index
    return index


__all__ = [
    "MAX_PER_PHRASE",
    "NEAR_BEST",
    "ClauseIndex",
    "Hit",
    "clause_index",
    "phrase_tokens",
    "with_remedies",
]
