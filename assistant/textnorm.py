"""Text normalisation for queries, figures and evaluation matching.

Three jobs, all pure functions:
- ``normalize_query``: what a question looks like before retrieval —
  Traditional → Simplified (OpenCC ``t2s``), NFKC (full-width ``３％`` → ``3%``),
  whitespace collapsed, and money amounts written one way also written the
  other way (``3千万元`` → ``3千万元 3000万元``) so either form in a document
  is found by keyword search;
- ``parse_amount`` / ``parse_percent``: read a figure as a number (amounts in
  万元), for comparing figures across writing styles;
- ``normalize_for_match``: the evaluation README's normalisation (drop
  superscript footnote digits, NFKC, drop whitespace).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

from .cn import chinese_number

__all__ = [
    "amount_variants",
    "english_terms",
    "format_wan",
    "normalize_for_match",
    "normalize_query",
    "normalize_text",
    "parse_amount",
    "parse_number",
    "parse_percent",
    "to_simplified",
]

_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_DROP_SUPERSCRIPTS = str.maketrans("", "", _SUPERSCRIPT_DIGITS)
_WS = re.compile(r"\s+")

_converter_lock = threading.Lock()


@lru_cache(maxsize=1)
def _t2s() -> Any:
    # Built on first use, not at import (OpenCC loads its dictionaries then).
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese; other text passes through unchanged."""
    if not text:
        return text
    converter = _t2s()
    with _converter_lock:  # the C++ converter is not documented as thread-safe
        return converter.convert(text)


def normalize_text(text: str) -> str:
    """NFKC + simplified + single spaces: the common form of query and corpus."""
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    return _WS.sub(" ", text).strip()


def normalize_query(text: str, *, expand_numbers: bool = True) -> str:
    """A question ready for retrieval.

    With ``expand_numbers`` the other written forms of any money amount are
    appended, so "3千万元" also matches a document that says "3000万元".
    English policy terms get their Chinese equivalents appended (keyword
    search cannot match "Guangxi" to 广西; the embeddings can, less surely).
    """
    text = normalize_text(text)
    extra = english_terms(text)
    if expand_numbers:
        extra += amount_variants(text)
    extra = [v for v in dict.fromkeys(extra) if v not in text]
    return f"{text} {' '.join(extra)}" if extra else text


# A small glossary of English words people use for Chinese policy terms.
_GLOSSARY = {
    "guangxi": "广西", "beijing": "北京", "shanghai": "上海", "shandong": "山东",
    "zhejiang": "浙江", "guangdong": "广东", "henan": "河南", "shenzhen": "深圳",
    "national": "全国", "nationwide": "全国", "china": "我国",
    "sme": "中小企业", "smes": "中小企业", "small and medium": "中小企业",
    "enterprise": "企业", "enterprises": "企业", "company": "企业", "companies": "企业",
    "firm": "企业", "firms": "企业", "private": "民营", "individual business": "个体工商户",
    "chain leader": "链主", "chain-leader": "链主", "industrial chain": "产业链",
    "industry": "产业", "industries": "产业", "cluster": "集群", "clusters": "集群",
    "manufacturing": "制造业", "champion": "单项冠军", "champions": "单项冠军",
    "income tax": "所得税", "tax": "税", "tax rate": "税率", "vat": "增值税",
    "value-added tax": "增值税", "r&d": "研发 R&D", "research and development": "研发",
    "intensity": "强度", "innovation": "创新", "technology": "技术", "high-tech": "高新技术",
    "patent": "专利", "patents": "专利", "digital economy": "数字经济",
    "artificial intelligence": "人工智能", "ai": "人工智能", "university": "高校",
    "universities": "高校", "talent": "人才", "subsidy": "补贴", "subsidies": "补贴",
    "loan": "贷款", "loans": "贷款", "financing": "融资", "insurance": "保险",
    "payment": "支付", "pay": "支付", "deadline": "期限", "procurement": "采购",
    "government procurement": "政府采购", "foreign investment": "外商投资",
    "business environment": "营商环境", "fair competition": "公平竞争",
    "transformation": "转型", "upgrade": "改造", "digital": "数字化",
    "intelligent": "智能化", "fund": "基金", "penalty": "处罚", "fine": "罚款",
    "effective": "施行", "how many": "多少", "rank": "排名", "average": "平均水平",
}  # fmt: skip
_GLOSSARY_RE = re.compile(
    r"(?<![a-z])("
    + "|".join(re.escape(k) for k in sorted(_GLOSSARY, key=len, reverse=True))
    + r")(?![a-z])"
)


def english_terms(text: str) -> list[str]:
    """Chinese equivalents of the English policy terms in ``text`` (glossary)."""
    lowered = text.lower()
    if not re.search(r"[a-z]{2}", lowered):
        return []
    return list(dict.fromkeys(_GLOSSARY[m] for m in _GLOSSARY_RE.findall(lowered)))


def normalize_for_match(text: str) -> str:
    """The evaluation README's normalisation: no footnote marks, NFKC, no whitespace."""
    text = text.translate(_DROP_SUPERSCRIPTS)
    text = unicodedata.normalize("NFKC", text)
    return _WS.sub("", text)


# --- numbers -------------------------------------------------------------------


def parse_number(text: str) -> float | None:
    """An Arabic or Chinese numeral ("3,000", "0.3", "三千", "二十五") as a float."""
    text = unicodedata.normalize("NFKC", text).replace(",", "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return chinese_number(text)


# Multipliers relative to 万元 (the unit Chinese policy texts count money in).
_UNIT_IN_WAN = {
    "": 1e-4, "十": 1e-3, "百": 1e-2, "千": 0.1, "万": 1.0, "十万": 10.0,
    "百万": 100.0, "千万": 1000.0, "亿": 1e4, "十亿": 1e5, "百亿": 1e6,
    "千亿": 1e7, "万亿": 1e8,
}  # fmt: skip
_NUM = r"(?:\d[\d,]*(?:\.\d+)?|\d*\.\d+|[零〇一二两三四五六七八九十百千]+)"
_AMOUNT = re.compile(
    rf"(?P<num>{_NUM})\s*(?P<unit>十万|百万|千万|十亿|百亿|千亿|万亿|万|亿|千|百|十)?\s*元"
)
_PERCENT = re.compile(rf"(?P<num>{_NUM})\s*%|百分之(?P<cn>{_NUM})")


def parse_amount(text: str) -> float | None:
    """The first money amount in ``text``, in 万元 ("3千万元", "0.3亿元" → 3000.0)."""
    m = _AMOUNT.search(unicodedata.normalize("NFKC", text))
    if not m:
        return None
    value = parse_number(m.group("num"))
    if value is None:
        return None
    return value * _UNIT_IN_WAN[m.group("unit") or ""]


def parse_percent(text: str) -> float | None:
    """The first percentage in ``text`` ("25％", "0.84%", "百分之二十" → 20.0)."""
    m = _PERCENT.search(unicodedata.normalize("NFKC", text))
    if not m:
        return None
    return parse_number(m.group("num") or m.group("cn"))


def _plain(value: float) -> str:
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text or "0"


def format_wan(value: float) -> list[str]:
    """The usual ways to write an amount given in 万元: "3000万元", "0.3亿元"."""
    forms = [f"{_plain(value)}万元"]
    if value >= 1000:
        forms.append(f"{_plain(value / 1e4)}亿元")
    if value >= 1000 and value < 1e4 and value % 1000 == 0:
        forms.append(f"{_plain(value / 1000)}千万元")
    if value < 1:
        forms.append(f"{_plain(value * 1e4)}元")
    return forms


def amount_variants(text: str) -> list[str]:
    """Every other common written form of each money amount in ``text``."""
    out: list[str] = []
    for m in _AMOUNT.finditer(unicodedata.normalize("NFKC", text)):
        value = parse_amount(m.group(0))
        if value is None:
            continue
        for form in format_wan(value):
            if form != m.group(0).replace(" ", "") and form not in out:
                out.append(form)
    return out
