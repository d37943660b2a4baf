"""Text primitives: the README normalisation, Chinese numerals, titles, sentences."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

SUPERSCRIPTS = dict.fromkeys(map(ord, "⁰¹²³⁴⁵⁶⁷⁸⁹"))
CN_NUM = "零〇一二三四五六七八九十百千"
# Subjects starting with these point back at earlier text, so they cannot stand alone.
BAD_SUBJ_START = ("其", "该", "本", "此", "上述", "前款", "前条", "同时", "但", "以")

_CN_DIG = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def norm(s: str) -> str:
    """README normalisation: drop superscript digits, NFKC, drop whitespace."""
    s = s.translate(SUPERSCRIPTS)
    s = unicodedata.normalize("NFKC", s)
    return re.sub(r"\s+", "", s)


def loose(s: str) -> str:
    """CJK characters only, without 的: for fuzzy 'does this subject occur elsewhere'."""
    return "".join(ch for ch in s if "\u4e00" <= ch <= "\u9fff" and ch != "的")


def cjk_len(s: str) -> int:
    return sum(1 for ch in s if "\u4e00" <= ch <= "\u9fff")


def cn2int(s: str) -> int:
    """Value of a Chinese numeral such as 二十三 or 一百零五."""
    total, num = 0, 0
    for ch in s:
        if ch in _CN_DIG:
            num = _CN_DIG[ch]
        elif ch == "十":
            total += (num or 1) * 10
            num = 0
        elif ch == "百":
            total += num * 100
            num = 0
        elif ch == "千":
            total += num * 1000
            num = 0
    return total + num


def strip_cn(title: str) -> str:
    return title.replace("中华人民共和国", "")


def title_key(title: str) -> str:
    """Title for identity checks: no 中华人民共和国, no version dates/brackets."""
    t = norm(title)
    t = t.replace("中华人民共和国", "")
    t = re.sub(r"[(（][^()（）]*\d{4}[^()（）]*[)）]", "", t)
    t = re.sub(r"[《》〈〉]", "", t)
    return t


def book(title: str) -> str:
    """《title》 with inner 《》 turned into 〈〉."""
    return "《" + title.replace("《", "〈").replace("》", "〉") + "》"


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) of sentences ending with 。 or ； (or the paragraph end)."""
    start = 0
    for m in re.finditer(r"[。；!?！？]", text):
        yield start, m.end()
        start = m.end()
    if start < len(text):
        yield start, len(text)
