"""Numbers as Chinese policy texts write them, read by one parser.

A figure comes in many written forms: Arabic (30, 3,000, 0.84), Chinese
numerals (三十, 一百零二, 二〇二〇), mixed (3千万), percentages (25%, 25％,
百分之二十五, 三分之一, 千分之五), money (30万元, 一千万元, 0.3亿元), dates
(2024年8月1日, 二〇二四年), durations (三十日, 二十年, 6个月), ordinals
(第二十位, 第28名) and counts (100人, 12所, 1万家). ``figures(text)`` finds them
all, each with its kind and its value in one unit per kind (money in 万元,
percentages as numbers, durations in their own unit), so "三十日" in an answer
is the "30日" of a law, and a question asking "期限多长" can tell a duration
from an amount. Article labels (第十二条) are kind ``label``: references, not
figures.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "CN_DIGITS",
    "NUM",
    "NUMERAL_CHARS",
    "Figure",
    "FigureKind",
    "amount_variants",
    "chinese_number",
    "figures",
    "format_wan",
    "has_figure",
    "parse_money",
    "parse_number",
    "to_chinese",
]

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
CN_DIGITS = "".join(DIGITS)
NUMERAL_CHARS = CN_DIGITS + "".join(UNITS) + "".join(BIG_UNITS)

FigureKind = Literal["percent", "money", "date", "duration", "ordinal", "count", "number", "label"]


def chinese_number(text: str) -> float | None:
    """三十 → 30, 一百零二 → 102, 五百万 → 5000000, 二〇二〇 → 2020 (digit by
    digit, as years are written); None when ``text`` is not a numeral."""
    if not text or any(ch not in NUMERAL_CHARS for ch in text):
        return None
    if len(text) > 1 and all(ch in DIGITS for ch in text):
        return float("".join(str(DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (digit or 1) * UNITS[ch]
            digit = 0
        elif ch == "万":
            total += (section + digit) * BIG_UNITS[ch]
            section, digit = 0, 0
        else:  # 亿 multiplies everything before it: 五万亿, 一亿五千万
            total = (total + section + digit) * BIG_UNITS[ch]
            section, digit = 0, 0
    return float(total + section + digit)


def to_chinese(n: int) -> str:
    """42 → 四十二, 101 → 一百零一, 10 → 十 (article numbers as laws write them)."""
    if n <= 0:
        return "零"
    names = "零一二三四五六七八九"
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if zero and out:
                out += "零"
            out += ("" if unit == "十" and digit == 1 and not out else names[digit]) + unit
            zero = False
        else:
            zero = bool(out)
    return out


_MIXED = re.compile(r"(\d+(?:\.\d+)?)([十百千]?[万亿]?|[十百千])")


def parse_number(text: str) -> float | None:
    """An Arabic, Chinese or mixed numeral ("3,000", "0.3", "三千", "3千万") as a float."""
    text = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        pass
    m = _MIXED.fullmatch(text)
    if m:
        factor = 1.0
        for ch in m.group(2):
            factor *= UNITS.get(ch) or BIG_UNITS[ch]
        return float(m.group(1)) * factor
    return chinese_number(text)


# --- the figure pattern --------------------------------------------------------

_AR = r"\d+(?:,\d{3})*(?:\.\d+)?"
# A Chinese numeral starts with a digit or 十 (万元 alone is a unit, not a number).
_CN = rf"[{CN_DIGITS}十][{NUMERAL_CHARS}]*"
# A number: Arabic (with an optional Chinese multiplier, 3千万) or Chinese.
NUM = rf"(?:{_AR}(?:[十百千]?[万亿]|[十百千](?=[万亿]?元))?|{_CN})"
_YEAR = r"(?:(?:19|20)\d{2}|[〇零一二][〇零一二三四五六七八九]{3})"
_SMALL = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
# Longer units first: 平方公里 before 公里, 千米 before 米.
_COUNT_UNITS = (
    "万人|人次|人|名|户|家|个|项|所|次|倍|件|台|套|批|种|类|座|亩|公顷|平方公里|平方米|立方米"
    "|公里|千米|厘米|毫米|米|千瓦时|千瓦|万千瓦|吨|千克|公斤|元/|位|级"
)
_PATTERN = re.compile(
    rf"(?P<date>(?P<y>{_YEAR})年(?:(?P<mo>{_SMALL})月(?:(?P<d>{_SMALL})日)?)?)"
    rf"|(?P<md>(?P<mo2>{_SMALL})月(?P<d2>{_SMALL})日)"
    rf"|(?P<mon>(?P<mo3>{_SMALL})月(?:底|初|末|份|中旬|上旬|下旬))"
    # a part of the year: "每年上半年发布", "第一季度末前"
    r"|(?P<part>(?:每年|每个?季度|当年|次年)?(?:上半年|下半年|年初|年底|年末|年中"
    r"|第[一二三四1-4]季度(?:末|初)?))"
    rf"|(?P<label>第(?P<labnum>{_CN}|\d+)(?P<labunit>[条款章节编])(?:之[{CN_DIGITS}十]+)?)"
    rf"|第(?P<ord>{_CN}|\d+)(?P<ordunit>位|名|批|届|次|期|轮)?"
    rf"|(?:百分之|百分比为)(?P<pct>{NUM})"
    rf"|千分之(?P<permille>{NUM})"
    rf"|万分之(?P<basis>{NUM})"
    rf"|(?P<den>{_AR}|{_CN})分之(?P<numer>{_AR}|{_CN})"
    rf"|(?P<num>{NUM})\s*(?P<approx>多|余)?(?:(?P<pctsign>[%％])"
    rf"|(?P<money>[十百千]?[万亿]?元)"
    rf"|(?P<dur>个工作日|工作日|个自然日|日|天|周|个月|小时|分钟|年)"
    rf"|(?P<cnt>{_COUNT_UNITS}))?"
)


@dataclass(frozen=True)
class Figure:
    text: str  # as written
    start: int
    end: int
    kind: FigureKind
    value: float  # money in 万元; percent as a number; a date's year; else the number
    unit: str = ""  # 万元, %, 日, 月, 年, 人, 家, 位…; a date's ISO text

    @property
    def key(self) -> tuple[str, float, str]:
        """What two figures must share to be the same figure."""
        unit = _DURATION_UNITS.get(self.unit, self.unit) if self.kind == "duration" else self.unit
        return (self.kind, round(self.value, 6), unit)


_DURATION_UNITS = {"天": "日", "个自然日": "日", "个工作日": "工作日", "个月": "月"}


def _money_wan(value: float, unit: str) -> float:
    factor = 1.0
    for ch in unit.removesuffix("元"):
        factor *= UNITS.get(ch) or BIG_UNITS[ch]
    return value * factor / 10_000


def _date(m: re.Match[str]) -> tuple[float, str] | None:
    year = parse_number(m.group("y"))
    if year is None:
        return None
    iso = f"{int(year):04d}"
    for part in ("mo", "d"):
        if m.group(part):
            n = parse_number(m.group(part))
            if n is None:
                return None
            iso += f"-{int(n):02d}"
    return year, iso


def _names_a_period(m: re.Match[str]) -> bool:
    """上一年度, 同一年, 每一年: a year named by its place, not a length of time."""
    before = m.string[max(0, m.start() - 1) : m.start()]
    return (bool(before) and before in "上下同这那本前后每逐") or m.string.startswith("度", m.end())


def _figure(m: re.Match[str]) -> Figure | None:
    text = m.group()
    if m.group("date"):
        got = _date(m)
        return Figure(text, m.start(), m.end(), "date", got[0], got[1]) if got else None
    if m.group("md"):
        month, day = parse_number(m.group("mo2")), parse_number(m.group("d2"))
        if not month or not day or month > 12 or day > 31:
            return None
        return Figure(
            text,
            m.start(),
            m.end(),
            "date",
            month * 100 + day,
            f"--{int(month):02d}-{int(day):02d}",
        )
    if m.group("mon"):
        month = parse_number(m.group("mo3"))
        if not month or month > 12:
            return None
        return Figure(text, m.start(), m.end(), "date", month * 100, f"--{int(month):02d}")
    if m.group("part"):
        return Figure(text, m.start(), m.end(), "date", 0.0, "--part")
    if m.group("label"):
        value = parse_number(m.group("labnum")) or 0.0
        return Figure(text, m.start(), m.end(), "label", value, m.group("labunit"))
    if m.group("ord"):
        value = parse_number(m.group("ord"))
        unit = m.group("ordunit") or ""
        return Figure(text, m.start(), m.end(), "ordinal", value, unit) if value else None
    for group, scale in (("pct", 1.0), ("permille", 0.1), ("basis", 0.01)):
        if m.group(group):
            value = parse_number(m.group(group))
            return (
                None
                if value is None
                else Figure(text, m.start(), m.end(), "percent", round(value * scale, 6), "%")
            )
    if m.group("den"):
        den, numer = parse_number(m.group("den")), parse_number(m.group("numer"))
        if not den or numer is None:
            return None
        return Figure(text, m.start(), m.end(), "percent", round(numer / den * 100, 4), "%")
    raw = m.group("num")
    value = parse_number(raw)
    if value is None:
        return None
    if m.group("pctsign"):
        return Figure(text, m.start(), m.end(), "percent", value, "%")
    if m.group("money"):
        return Figure(
            text, m.start(), m.end(), "money", _money_wan(value, m.group("money")), "万元"
        )
    if m.group("dur"):
        if raw == "一" and _names_a_period(m):
            return None
        return Figure(text, m.start(), m.end(), "duration", value, m.group("dur"))
    if m.group("cnt"):
        unit = m.group("cnt")
        if raw == "一":
            return None  # 一批, 一项, 一家, 一种: words, not counts
        if unit == "万人":
            value, unit = value * 10_000, "人"
        return Figure(text, m.start(), m.end(), "count", value, unit)
    if not re.search(r"\d", raw):
        return None  # a bare Chinese numeral: 统一, 一批, 一是 are words, not figures
    return Figure(text, m.start(), m.end(), "number", value)


def figures(text: str, *, labels: bool = False) -> list[Figure]:
    """Every figure in ``text``, in order, with offsets into ``text`` (full-width
    digits and ％ are read as they are); article labels only with ``labels``."""
    out = []
    for m in _PATTERN.finditer(text):
        fig = _figure(m)
        if fig is not None and (labels or fig.kind != "label"):
            out.append(fig)
    return out


def has_figure(text: str, kinds: frozenset[str] | None = None) -> bool:
    """Does ``text`` state a figure (of one of ``kinds``)? Labels never count."""
    return any(kinds is None or f.kind in kinds for f in figures(text))


# --- money and percentages ----------------------------------------------------------

_MONEY_LOOSE = re.compile(rf"(?P<num>{NUM})\s*(?P<unit>[十百千]?[万亿]元?|[十百千]?元)")


def parse_money(text: str) -> float | None:
    """The first money amount in ``text``, in 万元 ("3千万元", "0.3亿元" → 3000.0;
    a bare "2000万" counts as money too, as firms write their figures)."""
    for m in _MONEY_LOOSE.finditer(unicodedata.normalize("NFKC", text)):
        value = parse_number(m.group("num"))
        if value is not None:
            return _money_wan(value, m.group("unit"))
    return None


def _plain(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text or "0"


def format_wan(value: float) -> list[str]:
    """The usual ways to write an amount given in 万元: "3000万元", "0.3亿元"."""
    forms = [f"{_plain(value)}万元"]
    if value >= 1000:
        forms.append(f"{_plain(value / 1e4)}亿元")
    if 1000 <= value < 1e4 and value % 1000 == 0:
        forms.append(f"{_plain(value / 1000)}千万元")
    if value < 1:
        forms.append(f"{_plain(value * 1e4)}元")
    return forms


def amount_variants(text: str) -> list[str]:
    """Every other common written form of each money amount in ``text``."""
    out: list[str] = []
    for fig in figures(text):
        if fig.kind != "money":
            continue
        for form in format_wan(fig.value):
            if form != fig.text.replace(" ", "") and form not in out:
                out.append(form)
    return out
