"""English questions about Chinese texts: a glossary of policy terms.

Keyword search cannot match "Guangxi" to 广西 (the embeddings can, less
surely), so an English question gets the Chinese terms it names appended
before retrieval, and an English proper name whose Chinese form a passage
lacks tells the passage speaks of somewhere else.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from assistant.text.normalize import CJK
from assistant.text.numbers import to_chinese
from assistant.text.places import region_in

__all__ = ["english_documents", "english_focus", "english_terms", "english_titles", "is_english"]

GLOSSARY_FILE = Path(__file__).parents[1] / "data" / "glossary_en.tsv"

# Places and the words the statutory glossary file does not hold.
_PLACES_AND_CUES = {
    "guangxi": "广西", "beijing": "北京", "shanghai": "上海", "shandong": "山东",
    "zhejiang": "浙江", "guangdong": "广东", "henan": "河南", "shenzhen": "深圳",
    "jiangsu": "江苏", "sichuan": "四川", "chongqing": "重庆", "tianjin": "天津",
    "hubei": "湖北", "hunan": "湖南", "fujian": "福建", "anhui": "安徽", "jiangxi": "江西",
    "hainan": "海南", "yunnan": "云南", "guizhou": "贵州", "shaanxi": "陕西", "shanxi": "山西",
    "hebei": "河北", "liaoning": "辽宁", "jilin": "吉林", "heilongjiang": "黑龙江",
    "hong kong": "香港", "macao": "澳门", "macau": "澳门", "taiwan": "台湾",
    "nanning": "南宁", "liuzhou": "柳州", "guilin": "桂林", "guangzhou": "广州",
    "hangzhou": "杭州", "wuhan": "武汉", "chengdu": "成都", "xiamen": "厦门",
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
"effective": "施行", "take effect": "施行", "took effect": "施行",
    "come into force": "施行", "came into force": "施行", "in force": "施行", "how many": "多少", "rank": "排名", "average": "平均水平",
    # the bound a figure is asked at ("the maximum period, with any extension")
    "maximum": "最长 最高 最多 不得超过", "longest": "最长", "at most": "最长 最多 不超过",
    "minimum": "最低 至少 不低于 不少于", "at least": "至少 不低于 不少于", "latest": "最晚",
    "compared with": "相比 对比", "compared to": "相比 对比",
    "extension": "延长", "extend": "延长", "extended": "延长",
    "among the provinces": "全国 省市 排名", "among provinces": "全国 省市 排名",
    "every year": "每年", "each year": "每年", "per year": "每年",
    "annually": "每年", "organize": "组织", "organized": "组织",
    "issued": "发布 公布 印发", "who issues": "发布 公布", "management system": "管理制度",
}  # fmt: skip


@lru_cache(maxsize=1)
def _glossary() -> tuple[dict[str, str], re.Pattern[str]]:
    """The statutory glossary (data file) with the places and cues above;
    longest phrases first, so "bid bond" wins over "bond"."""
    glossary: dict[str, str] = {}
    for line in GLOSSARY_FILE.read_text(encoding="utf-8").splitlines():
        if "\t" in line and not line.startswith("#"):
            english, chinese = line.split("\t", 1)
            glossary[_plain(english)] = chinese.strip()
    glossary.update({_plain(k): v for k, v in _PLACES_AND_CUES.items()})
    # a plural (services, bases) is the word the glossary holds
    pattern = re.compile(
        r"(?<![a-z])("
        + "|".join(re.escape(k) for k in sorted(glossary, key=len, reverse=True))
        + r")(?:s|es)?(?![a-z])"
    )
    return glossary, pattern


def _plain(text: str) -> str:
    """Lower case, hyphens as spaces, American spelling, no articles, a
    plural as its singular: "core-technology" is "core technology", "centre"
    is "center" (the glossary's keys are read the same way)."""
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text.strip().lower())
    for british, american in _SPELLING:
        text = re.sub(british, american, text)
    # "confirm the debt" is the glossary's "confirm debt"; "industries" its "industry"
    text = re.sub(r"\b(?:the|a|an) ", "", text)
    text = re.sub(r"(?<=[a-z]{3})ies\b", "y", text)
    text = re.sub(r"(ss|[xz]|ch|sh)es\b", r"\1", text)  # "taxes", "businesses"
    # "regulations" is "regulation"; "goods" stays goods (not the "good" of "good morning")
    return re.sub(r"(?<=[a-z]{3}[^su'])(?<!\bgood)s\b", "", text)


_SPELLING = (
    (r"centre", "center"),
    (r"(?<=[a-z])isation", "ization"),
    (r"(?<=[a-z]{3})is(e|ed|es|ing)\b", r"iz\1"),  # "organised" is "organized"
    (r"labour", "labor"),
    (r"programme", "program"),
)


def english_terms(text: str) -> list[str]:
    """Chinese equivalents of the English policy terms in ``text`` (glossary)."""
    lowered = _plain(text)
    if not re.search(r"[a-z]{2}", lowered):
        return []
    glossary, pattern = _glossary()
    terms = [glossary[key] for key in _overlapping(pattern, lowered)]
    return list(dict.fromkeys(terms + _amounts(lowered)))


def _overlapping(pattern: re.Pattern[str], text: str) -> list[str]:
    """The glossary phrases in ``text``, overlapping ones too ("corporate
    income tax credit": corporate income tax, tax credit), but none inside a
    longer one (income tax)."""
    found: list[tuple[int, int, str]] = []
    at = 0
    while (m := pattern.search(text, at)) is not None:
        if not any(b <= m.start() and m.end() <= e for b, e, _ in found):
            found.append((m.start(), m.end(), m.group(1)))
        at = m.start() + 1
    return [key for _, _, key in found]


# The kinds of text a glossary name ends with: a law, a regulation, a rule.
_DOCUMENT_KIND = re.compile(r"(?:法|条例|规定|办法|安排|决定)$")


def english_documents(text: str) -> list[str]:
    """The Chinese names of the documents an English question names ("the
    Government Procurement Law" → 政府采购法); a place just before the name is
    part of it ("Guangxi Regulations on Optimizing…" → 广西优化营商环境条例)."""
    lowered = _plain(text)
    glossary, pattern = _glossary()
    names = []
    for m in pattern.finditer(lowered):
        name = glossary[m.group(1)]
        if not _DOCUMENT_KIND.search(name) or " " in name:
            continue
        before = re.search(r"([a-z]+(?: [a-z]+)?)(?:'s)? $", lowered[: m.start()])
        names.append((_region_named(before.group(1)) if before else "") + name)
    return list(dict.fromkeys(names or _regional(lowered)))


def _region_named(phrase: str) -> str:
    """The region one or two English words name ("hong kong", "guangxi"),
    the phrase's last word alone too; '' for none."""
    words = phrase.split()
    for key in (" ".join(words[-2:]), words[-1]):
        if region_in(_PLACES_AND_CUES.get(key, "")):
            return _PLACES_AND_CUES[key]
    return ""


# "Guangxi regulations on promoting SMEs": a region's text named by its kind
# and subject, which the glossary names in parts (广西 + 中小企业 + 促进 + 条例).
_REGIONAL = re.compile(
    r"\b([a-z]+(?: [a-z]+)?)(?:'s)?(?: provincial| municipal)? (regulation|measure|provision|rule)"
    r" (?:on|for|of|concerning) (.{3,80}?)(?=\b(?:take|took|taken|say|require|state|set|in|under|"
    r"what|how|when|which|do|does)\b|[,?.;]|$)"
)
_KIND_OF_TEXT = {"regulation": "条例", "measure": "办法", "provision": "规定", "rule": "规定"}


def _regional(lowered: str) -> list[str]:
    glossary, pattern = _glossary()
    for m in _REGIONAL.finditer(lowered):
        place = _region_named(m.group(1))
        words = [glossary[w].split()[0] for w in pattern.findall(m.group(3))]
        if place and words:
            return [place + "".join(words) + _KIND_OF_TEXT[m.group(2)]]
    return []


# "the Cybersecurity Law", "Guangxi's Three-Year Action Plan for …": a text an
# English question names by its title, in capitals, ending in its kind.
_TITLED = re.compile(
    r"((?:[A-Z][\w&-]*(?:'s)?\s+(?:(?:of|on|for|the|and|in|a|to)\s+)*)*"
    r"(?:Law|Regulations?|Measures|Provisions|Rules|Plan|Opinions|Guidelines|Code)\b"
    r"(?:\s+(?:on|for|of)(?:\s+(?:the|a|an|of|and|to|in|[A-Z][\w&-]*))*\s+[A-Z][\w&-]*)?)"
)
_SENTENCE_WORDS = re.compile(
    r"^(?:(?:Under|What|Which|How|Does|Do|Did|Is|Are|Was|Were|According|Per|In|By|For|"
    r"When|Who|Why|Can|May|Must|Should|Has|Have|The|the|a|an|China's|China)\s+)+"
)


def english_titles(question: str) -> list[str]:
    """The titles an English question names a text by ("the Cybersecurity
    Law"): at least one word besides its kind, without the sentence's own words."""
    out = []
    for m in _TITLED.finditer(question):
        name = _SENTENCE_WORDS.sub("", m.group(1)).strip()
        if len(name.split()) >= 2:
            out.append(name)
    return out


# "200 billion yuan" is 2000亿 (两千亿 in words): Chinese counts in 万 and 亿.
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)[\s-]*(billion|million)")
_SCALE = {"billion": (10, "亿"), "million": (100, "万")}


def _amounts(text: str) -> list[str]:
    out = []
    for number, word in _AMOUNT.findall(text):
        factor, unit = _SCALE[word]
        value = float(number) * factor
        if value != int(value) or not 0 < value < 10000:
            continue
        words = to_chinese(int(value))
        out += [f"{int(value)}{unit}", words + unit]
        if words.startswith("二") and len(words) > 1 and words[1] in "千百":
            out.append("两" + words[1:] + unit)  # 两千亿, as reports write it
    return out


def is_english(question: str) -> bool:
    """Asked in English: mostly Latin letters, or an English sentence that
    names a Chinese document ("What does Article 8 of 山东省…条例 say?")."""
    words = re.findall(r"[A-Za-z]+", question)
    if len(re.findall(r"[A-Za-z]", question)) > 2 * len(CJK.findall(question)):
        return True
    return bool(re.match(r"\s*[A-Za-z]", question)) and len(words) >= 4


# "How many graduates do …": what is counted runs up to the verb or preposition.
_COUNTED = re.compile(
    r"how\s+(?:many|much)\s+(.+?)\s+(?:do|does|did|are|is|was|were|has|have|had|can|could|"
    r"will|would|should|must|in|on|at|for|by|per|from|under|each|every)\b",
    re.I,
)


def english_focus(question: str) -> tuple[str, ...]:
    """The Chinese terms of what an English "how many/much X" counts (a place
    is the figure's scope, not what it is of): () when the glossary knows none."""
    m = _COUNTED.search(question)
    if not m:
        return ()
    # each written form of a term is a word the sentence may speak of it by
    forms = [f for t in english_terms(m.group(1)) for f in t.split()]
    return tuple(f for f in dict.fromkeys(forms) if f != "多少" and not region_in(f))
