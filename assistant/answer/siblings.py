"""A thing of another kind: the question names "燃气企业" and the passage that
covers it best speaks of "供电企业" — the same head (企业) under another
modifier, which the question does not name and no top passage holds its own
modifier beside; or the question's two parties the other way round
("中小企业从大型企业采购" where the texts say 大型企业从中小企业采购).

A near miss is worded like an answerable question but for one modifier or
one direction; the passage found answers its sibling, and quoting it would
answer another question. Said as such: the corpus speaks of the sibling, not
of the thing asked.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from assistant.records import Passage
from assistant.text import (
    CJK,
    OOV_WEIGHT,
    context_of,
    forms,
    holds,
    import_jieba,
    match_form,
    present,
    split_self_description,
    term_weight,
)

__all__ = ["sibling_of"]

# Part-of-speech tags of a noun (jieba): a thing of a kind has a noun head and
# noun modifiers; "开始施行", "去办税务", "除了商业" name no kind of a thing, and
# a place (深圳市人工智能) is the region checks' to judge.
_NOUN = frozenset({"n", "nz", "nt", "vn"})
_HEAD = frozenset({"n", "nz"})
_BEFORE = 8  # characters of a passage read before the head for its modifier
# Modifiers that name a kind are specific words (idf >= 7.5: 燃气, 供电, 履约,
# 工程质量); 基本, 全区, 经济, 要素 only describe, and make no sibling.
_KIND_WEIGHT = 4.5


def _names_a_kind(word: str) -> bool:
    weight = term_weight(word)
    return weight >= _KIND_WEIGHT and weight != OOV_WEIGHT


def _tagged(text: str) -> list[tuple[str, str]]:
    """``text``'s words with their part-of-speech tags."""
    import_jieba()  # quiet, before its tagger loads
    from jieba import posseg

    return [(w.word, w.flag) for w in posseg.lcut(text)]


def _modifiers(text: str, head: str) -> set[str]:
    """The nouns right before each ``head`` in ``text`` ("供电" of 供电企业)."""
    out = set()
    at = text.find(head)
    while at >= 0:
        tagged = _tagged(text[max(0, at - _BEFORE) : at])
        if tagged and tagged[-1][1] in _NOUN and _names_a_kind(tagged[-1][0]):
            out.add(tagged[-1][0])
        at = text.find(head, at + 1)
    return out


def _absent(term: str, texts: Sequence[str]) -> bool:
    """Is ``term`` in none of ``texts``, in any of its forms or a paraphrase?"""
    return not any(present(f, t) for t in texts for f in forms(term))


def sibling_of(question: str, best: Passage, top: Sequence[Passage]) -> tuple[str, str] | None:
    """(the thing asked, the sibling ``best`` speaks of) when the question's
    modifier of a head is in no top passage and ``best`` holds the head under
    a modifier the question does not name; None otherwise."""
    _, asked = split_self_description(question, clauses=True)  # not the firm's own kind
    asked = match_form(asked)
    texts = [match_form(p.chunk.text) + context_of(p) for p in top]
    best_text = match_form(best.chunk.text)
    tagged = [(w, f) for w, f in _tagged(asked) if CJK.search(w)]
    for (modifier, tag), (head, head_tag) in itertools.pairwise(tagged):
        if tag not in _NOUN or head_tag not in _HEAD or len(head) < 2:
            continue
        if len(modifier) < 2 or term_weight(modifier) < _KIND_WEIGHT:
            continue
        if modifier + head not in asked:
            continue
        if not holds(best_text, head) or not _absent(modifier, texts):
            continue
        others = {m for m in _modifiers(best_text, head) if m not in asked and m not in head}
        if others:
            return modifier + head, min(others, key=lambda m: best_text.find(m + head)) + head
    return _reversed(asked, texts) or _numbered(asked, texts)


# A direction between two parties: "大型企业从中小企业采购" is not "中小企业从
# 大型企业采购" — who pays whom is reversed.
_DIRECTED = re.compile(r"[从向]")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_PAIRS = tuple(itertools.product(range(2, 7), repeat=2))  # characters of a party either side


def _reversed(asked: str, texts: Sequence[str]) -> tuple[str, str] | None:
    """(the direction asked, the reverse a text states) when the top
    passages have the question's two parties the other way round only."""
    for text in texts:
        for m, (i, j) in itertools.product(_DIRECTED.finditer(text), _PAIRS):
            b, a = text[m.start() - i : m.start()], text[m.end() : m.end() + j]
            if m.start() < i or len(a) < j or a == b or not _HAN.fullmatch(a + b):
                continue
            ask = f"{a}{m.group()}{b}"
            if ask in asked and not any(ask in t for t in texts):
                return ask, f"{b}{m.group()}{a}"
    return None


# A thing counted in a series: "第五巡回法庭" where the texts set up only the
# 第一 and 第二 — not an article, a paragraph or a session (第三条, 第十二届).
_NUMBER = r"[一二三四五六七八九十百\d]+"
_NUMBERED = re.compile(rf"第({_NUMBER})(?![条款项章节编部点届次])([\u4e00-\u9fff]{{2,8}})")
_LONGEST_HEAD = 8


def _numbered(asked: str, texts: Sequence[str]) -> tuple[str, str] | None:
    """(the numbered thing asked, one the texts number otherwise) when no top
    passage holds the asked number of a thing they number."""
    for m in _NUMBERED.finditer(asked):
        number, rest = m.groups()
        for n in range(min(len(rest), _LONGEST_HEAD), 1, -1):
            head = rest[:n]
            others = [x for t in texts for x in re.findall(rf"第({_NUMBER}){head}", t)]
            if not others:
                continue
            if number in others:
                break  # the texts number it too
            head = _noun_end(head)
            return f"第{number}{head}", f"第{others[0]}{head}"
    return None


def _noun_end(head: str) -> str:
    """``head`` up to its last noun ("巡回法庭设在" → 巡回法庭)."""
    words = _tagged(head)
    while len(words) > 1 and words[-1][1] not in _NOUN:
        words.pop()
    return "".join(w for w, _ in words)
