"""Sentences and the matching form of text.

``split_sentences`` cuts a chunk into sentences with exact offsets (what a
citation's span is made of); ``normalise`` is the form texts are compared in:
footnote marks dropped, NFKC, simplified Chinese, lower case, no whitespace.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# Sentence ends; a footnote mark right after the end stays with its sentence.
_SENT_END = re.compile(r"[。！？；!?;]+[" + SUPERSCRIPTS + r"]*|\n+")
CJK = re.compile(r"[\u4e00-\u9fff]")
_ITEM = r"[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[.、]"
ITEM_START = re.compile(rf"\s*(?:{_ITEM})")  # (一) / 一、 / 1.
_ITEM_OR_ARTICLE = re.compile(rf"\s*(?:第[一二三四五六七八九十百零〇]+[条章节款]|{_ITEM})")


@dataclass(frozen=True)
class Sentence:
    text: str  # as in the chunk (stripped)
    start: int  # offsets into the chunk text
    end: int



@lru_cache(maxsize=1)
def _t2s():  # OpenCC converter, built on first use
    import opencc

    return opencc.OpenCC("t2s")


_DROP_SUPERSCRIPTS = {ord(c): None for c in SUPERSCRIPTS}


@lru_cache(maxsize=16384)  # passages recur across questions; OpenCC is the slow part
def normalise(text: str) -> str:
    """Matching form: footnote marks dropped (before NFKC turns ⁴ into 4),
    NFKC (％→%), simplified Chinese, lower case, no whitespace."""
    text = text.translate(_DROP_SUPERSCRIPTS)
    text = unicodedata.normalize("NFKC", text)
    if CJK.search(text):
        text = _t2s().convert(text)
    return re.sub(r"\s+", "", text.lower())


def strip_labels(text: str) -> str:
    """Article labels (第十二条) and footnote marks are references, not figures."""
    text = re.sub(r"第[一二三四五六七八九十百零〇\d]+[条章节款编]", "", text)
    return text.translate(_DROP_SUPERSCRIPTS)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences at 。！？； and line breaks; a mid-sentence page break (a long
    line ending in a CJK character, the next not an item/article start) is
    joined."""
    out: list[Sentence] = []
    pos = 0
    for m in _SENT_END.finditer(text):
        if not m.group().strip():
            if _is_mid_sentence_break(text, m):
                continue
            end = m.start()
        else:
            end = m.end()
        _add(out, text, pos, end)
        pos = m.end()
    _add(out, text, pos, len(text))
    return out


def _is_mid_sentence_break(text: str, m: re.Match[str]) -> bool:
    before = text[: m.start()].rstrip()
    after = text[m.end() :]
    line = before.rsplit("\n", 1)[-1]
    return (
        bool(before)
        and bool(CJK.match(before[-1]))
        and len(line) >= 20
        and not line.lstrip().startswith("#")
        and bool(CJK.match(after[:1]))
        and not _ITEM_OR_ARTICLE.match(after)
    )


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    raw = text[start:end]
    stripped = raw.strip()
    if len(normalise(stripped)) < 2:
        return
    lead = len(raw) - len(raw.lstrip())
    out.append(Sentence(stripped, start + lead, start + lead + len(stripped)))


def list_end(text: str, lead: Sentence, limit: int = 400) -> int:
    """Where the items of a list lead ("…符合下列条件的企业：") end in ``text``;
    ``lead.end`` when it is not a lead or no item follows. Items are the
    sentences after it that open with (一)/一、/1. — or continue one on its line."""
    if not lead.text.endswith(("：", ":")):
        return lead.end
    end = lead.end
    for x in (x for x in split_sentences(text) if x.start >= lead.end):
        gap = text[end : x.start]
        if not ITEM_START.match(x.text) and not (gap.strip() == "" and "\n" not in gap):
            break  # the list is over
        if x.end - lead.start > limit:
            break
        end = x.end
    return end

