"""The question's content terms, weighted by specificity, and their coverage of a text.

Used by retrieval (coverage joins the fused score), by the extractive
generator (which sentences answer) and by the refusal decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from .keyword import import_jieba
from .records import ChunkRecord, DocRecord, Passage
from .sentences import CJK, normalise

_ASCII_TOKEN = re.compile(r"[a-z0-9][a-z0-9&.%+\-]*")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Question words and function words carry no content (removed before scoring).
_QUESTION_WORDS = _words(
    "多少 哪些 哪个 哪类 哪里 哪几 什么 是否 如何 怎么 怎样 怎么样 为什么 几 吗 呢 吧 请问 "
    "是 的 了 有 对 在 和 与 及 或 为 把 被 从 向 其 该 等 也 都 就 要 会 能 可 可以 中 "
    "年 个 家 项 我们 我 你 您 他们 一家 这 那 之 所 以 而 并 又 给 让 哪 第几 排第几 "
    "说 提出 提到 规定 报告 文件 资料 方面 指 是指 关于 有关 相关 主要 具体 年版 版 定义 含义 "
    "上限 下限"
)
_QUESTION_PHRASES = re.compile(
    r"多少[家个项所位名人元次条种]?|几[家个项所位名种条]|哪些|哪个|哪类|哪几[个项家类种]?|什么|是否|"
    r"如何|怎么样|怎么|怎样|为什么|第几|请问"
)
EN_STOP = _words(
    "how many much what which who whom whose when where why is are was were be been do does "
    "did have has had the a an of in on for to and or by with from at as that this these "
    "those it its there their they we our us you your can could should would will shall may "
    "about under any all some into per"
)
_PLACES = _words(
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 "
    "湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 "
    "深圳 广州 杭州 南京 武汉 成都 西安 苏州 厦门 青岛 南宁 桂林 柳州"
)
_FIGURE_CUES = re.compile(
    r"多少|几|比例|税率|利率|金额|期限|标准|时限|幅度|多长|多久|数量|排名|额度|上限|下限|"
    # normalise() drops whitespace, so English phrases are matched without it.
    r"how\s*many|how\s*much|rate|percent|amount|deadline|threshold|how\s*long",
    re.I,
)
_LIST_CUES = re.compile(
    r"哪些|有什么|有哪些|哪几|什么措施|什么建议|什么支持|什么优惠|能享受|可以享受|"
    r"which|what\s*support|what\s*measures|what\s*can",
    re.I,
)
_DEFINITION_CUES = re.compile(r"是指|指什么|什么是|含义|定义|what is meant|define", re.I)


# --- the question ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _idf() -> dict[str, float]:
    """jieba's bundled general-Chinese IDF table (loaded once, ~1 s)."""
    import_jieba()
    import jieba.analyse

    return jieba.analyse.default_tfidf.idf_freq


_OOV_WEIGHT = 6.0  # words jieba's table lacks (算力, 链主, 规上) are specific
_KEY_WEIGHT = 5.0  # idf >= 8: 火星, 独角兽, 高新技术, 款项; not 企业, 标准, 建设


def _weight(term: str) -> float:
    if not CJK.search(term):
        return 2.0 if term[0].isdigit() else 4.0  # years / acronyms (R&D, GDP)
    idf = _idf().get(term)
    return _OOV_WEIGHT if idf is None else max(idf - 3.0, 0.5)


@lru_cache(maxsize=512)
def question_terms(question: str) -> tuple[tuple[str, float], ...]:
    """Content terms of a question, weighted by specificity (idf - 3).

    Plain English words are dropped: they cannot match Chinese sentences, so an
    English question is judged by its Chinese terms, figures and acronyms, and
    (in ``evidence_strength``) by dense similarity."""
    jieba = import_jieba()

    q = normalise(question)
    acronyms = {
        a.lower() for a in re.findall(r"(?<![A-Za-z])[A-Z][A-Z&]{1,5}(?![A-Za-z])", question)
    }
    terms: dict[str, float] = {}
    for tok in _ASCII_TOKEN.findall(q):
        tok = tok.strip(".%-+")
        if tok and tok not in EN_STOP and (tok[0].isdigit() or "&" in tok or tok in acronyms):
            terms[tok] = _weight(tok)
    # Question phrases go first, or jieba glues them to content (多少家规上 → 家规).
    q = _QUESTION_PHRASES.sub(" ", q)
    for run in re.findall(r"[\u4e00-\u9fff]+", q):
        tokens = _unglue(jieba.lcut(run))
        for tok in _merge_singles(t for t in tokens if t not in _QUESTION_WORDS):
            tok = _strip_function_chars(tok)
            if tok:
                terms[tok] = _weight(tok)
    return tuple(terms.items())


def _unglue(tokens: list[str]) -> list[str]:
    """Give back a character jieba glued to a preposition: 对农 / 副食品 → 农副食品.
    Words the idf table knows (对外, 对策) are left alone."""
    out: list[str] = []
    carry = ""
    for tok in tokens:
        tok, carry = carry + tok, ""
        if len(tok) == 2 and tok[0] in _LEADING and tok not in _idf():
            carry = tok[1]
            continue
        out.append(tok)
    if carry:
        out.append(carry)
    return out


_LEADING = "对在和与及把被从向为给将"
_TRAILING = "的了"


def _strip_function_chars(tok: str) -> str:
    """jieba glues a preposition to an unknown word (条例对算力 → 对算力);
    words it knows (对外, 在线) keep theirs."""
    if len(tok) <= 2 or tok in _idf():
        return tok
    while len(tok) > 2 and tok[0] in _LEADING:
        tok = tok[1:]
    while len(tok) > 2 and tok[-1] in _TRAILING:
        tok = tok[:-1]
    return tok


def _merge_singles(tokens: Iterable[str]) -> list[str]:
    """Runs of single characters are one unknown word (规 上 → 规上)."""
    out: list[str] = []
    run = ""
    for tok in [*tokens, ""]:
        if len(tok) == 1:
            run += tok
            continue
        if len(run) > 1 or (run and run not in _QUESTION_WORDS):
            out.append(run)
        run = ""
        if tok:
            out.append(tok)
    return out


def key_terms(question: str) -> list[str]:
    """Terms an answer cannot do without: places, acronyms and specific words
    (high idf or unknown to the idf table). Years are not key: a question's
    year is often only in the document's dates."""
    return [
        t
        for t, w in question_terms(question)
        if not t[0].isdigit()
        and (not CJK.search(t) or w >= _KEY_WEIGHT or any(t.startswith(p) for p in _PLACES))
    ]


def asks_for_figure(question: str) -> bool:
    # "定义标准是什么" asks what a term means, not for a number.
    return bool(_FIGURE_CUES.search(normalise(question))) and not asks_for_definition(question)


# What kind of figure a question asks for, and the units an answer to it shows.
_ANSWER_TYPES: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = (
    (
        re.compile(r"金额|多少钱|多少元|多少万|奖金|(?:奖励|补助|补贴|资助|扶持资金)(?:标准)?是?多少"),
        re.compile(r"元"),
    ),
    (re.compile(r"比例|占比|比重|百分之几|税率|利率|征收率|强度"), re.compile(r"%|％|百分之|成")),
    (re.compile(r"期限|多久|多长时间|几天|几日|几个月|时限"), re.compile(r"日|天|月|年|小时")),
)


# "…的认定标准/申报条件是什么": an answer states conditions or a procedure.
_ASKS_CRITERIA = re.compile(r"(?:认定|申报|申请|评定|入选|评选)(?:的)?(?:标准|条件|程序|流程|要求)|门槛")
CRITERIA = re.compile(r"条件|标准|符合|具备|程序|流程|申请|申报|认定|评定|门槛|不低于|不超过|不少于")


def asks_for_criteria(question: str) -> bool:
    return bool(_ASKS_CRITERIA.search(normalise(question)))


def answer_units(question: str) -> re.Pattern[str] | None:
    """The units a figure answering ``question`` must carry (money → 元,
    a rate → %, a term → 日/月/年), or None when any figure will do."""
    q = normalise(question)
    for cue, units in _ANSWER_TYPES:
        if cue.search(q):
            return units
    return None


def asks_for_list(question: str) -> bool:
    return bool(_LIST_CUES.search(normalise(question))) and not asks_for_figure(question)


def asks_for_definition(question: str) -> bool:
    return bool(_DEFINITION_CUES.search(normalise(question)))


def is_english(question: str) -> bool:
    """Mostly Latin letters (a Chinese term in brackets may be inside)."""
    return len(re.findall(r"[A-Za-z]", question)) > 2 * len(CJK.findall(question))


def _bigrams(term: str) -> list[str]:
    return [term[i : i + 2] for i in range(len(term) - 1)] or [term]


def _near(term: str, text: str) -> bool:
    """A two-character term whose characters sit close together in either order
    (图谱 ~ 谱系图): a paraphrase, worth partial credit."""
    if term[0] not in text or term[1] not in text:
        return False
    a, b = re.escape(term[0]), re.escape(term[1])
    return bool(re.search(f"{a}.{{0,2}}{b}|{b}.{{0,2}}{a}", text))


def _partial(term: str, text: str) -> float:
    """Share of a missing term that a paraphrase still shows."""
    if len(term) == 2 and CJK.search(term):
        return 0.5 if _near(term, text) else 0.0
    grams = _bigrams(term)
    return 0.5 * sum(g in text for g in grams) / len(grams) if len(term) > 2 else 0.0


def present(term: str, text: str) -> bool:
    return term in text or _partial(term, text) >= 0.33


def coverage(terms: Sequence[tuple[str, float]], text: str, context: str = "") -> float:
    """Weighted share of the question's terms found in ``text`` (normalised).

    A term found in ``context`` (the document's title, section, dates) counts
    too: the sentence speaks for its document. A missing term gets partial
    credit for a close paraphrase."""
    total = sum(w for _, w in terms)
    if not total:
        return 0.0
    got = 0.0
    for term, w in terms:
        if term in text or term in context:
            got += w
        else:
            got += w * _partial(term, text)
    return got / total


def context_of(p: Passage) -> str:
    return chunk_context(p.doc, p.chunk)


def chunk_context(d: DocRecord, c: ChunkRecord) -> str:
    """What a passage says without saying it: its document, headings and dates."""
    return normalise(f"{d.title} {c.section} {d.issued} {d.effective} {d.doc_number}")
