"""Evidence analysis: sentences, question terms, and how well passages answer.

Shared by the extractive generator (which sentences to copy), the refusal
decision (``evidence_strength``) and the LLM path (which sentence a citation
points at). Pure functions over text; jieba and OpenCC load on first use.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .cn import NUMERAL_CHARS
from .keyword import import_jieba
from .records import ChunkRecord, DocRecord, Passage

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# Sentence ends; a footnote mark right after the end stays with its sentence.
_SENT_END = re.compile(r"[。！？；!?;]+[" + SUPERSCRIPTS + r"]*|\n+")
_ASCII_TOKEN = re.compile(r"[a-z0-9][a-z0-9&.%+\-]*")
CJK = re.compile(r"[\u4e00-\u9fff]")
_CN_DIGITS = NUMERAL_CHARS
FIGURE = re.compile(
    r"\d|百分之|[" + _CN_DIGITS + r"]+(?:元|万|亿|日|天|个月|年|倍|%|家|项|所|人|次|周|小时|位)"
)
INJECTION = re.compile(r"忽略(以上|上述|前面|之前)|ignore (all|previous|the above)", re.I)
_ITEM_START = re.compile(
    r"^\s*(第[一二三四五六七八九十百零〇]+[条章节款]|[（(][一二三四五六七八九十\d]+[)）]"
    r"|[一二三四五六七八九十]+、|\d+[.、])"
)
_HEADING = re.compile(r"#|第[一二三四五六七八九十百零〇]+[章节编](\s|$)")
ARTICLE_LABEL = re.compile(r"第[一二三四五六七八九十百零〇]+条")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Question words and function words carry no content (removed before scoring).
_QUESTION_WORDS = _words(
    "多少 哪些 哪个 哪类 哪里 哪几 什么 是否 如何 怎么 怎样 怎么样 为什么 几 吗 呢 吧 请问 "
    "是 的 了 有 对 在 和 与 及 或 为 把 被 从 向 其 该 等 也 都 就 要 会 能 可 可以 中 "
    "年 个 家 项 我们 我 你 您 他们 一家 这 那 之 所 以 而 并 又 给 让 哪 第几 排第几 "
    "说 提出 提到 规定 报告 文件 资料 方面 指 是指 关于 有关 相关 主要 具体 年版 版"
)
_QUESTION_PHRASES = re.compile(
    r"多少[家个项所位名人元次条种]?|几[家个项所位名种条]|哪些|哪个|哪类|哪几[个项家类种]?|什么|是否|"
    r"如何|怎么样|怎么|怎样|为什么|第几|请问"
)
_EN_STOP = _words(
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
_DEFINITION = re.compile(r"是指|所称|指的是")


@dataclass(frozen=True)
class Sentence:
    text: str  # as in the chunk (stripped)
    start: int  # offsets into the chunk text
    end: int


@dataclass(frozen=True)
class Scored:
    score: float  # selection score (coverage + cues + rank prior)
    cover: float  # weighted share of question terms in the sentence
    passage_index: int
    sentence: Sentence


# --- text -----------------------------------------------------------------------


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
    return text.translate({ord(c): None for c in SUPERSCRIPTS})


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
        and not _ITEM_START.match(after)
    )


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    raw = text[start:end]
    stripped = raw.strip()
    if len(normalise(stripped)) < 2:
        return
    lead = len(raw) - len(raw.lstrip())
    out.append(Sentence(stripped, start + lead, start + lead + len(stripped)))


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
        if tok and tok not in _EN_STOP and (tok[0].isdigit() or "&" in tok or tok in acronyms):
            terms[tok] = _weight(tok)
    # Question phrases go first, or jieba glues them to content (多少家规上 → 家规).
    q = _QUESTION_PHRASES.sub(" ", q)
    for run in re.findall(r"[\u4e00-\u9fff]+", q):
        for tok in _merge_singles(t for t in jieba.lcut(run) if t not in _QUESTION_WORDS):
            terms[tok] = _weight(tok)
    return tuple(terms.items())


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
    return bool(_FIGURE_CUES.search(normalise(question)))


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


def _present(term: str, text: str) -> bool:
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


# --- scoring -----------------------------------------------------------------------


def score_sentences(question: str, passages: Sequence[Passage]) -> list[Scored]:
    """Every sentence of the passages, best first."""
    terms = question_terms(question)
    figure = asks_for_figure(question)
    definition = asks_for_definition(question)
    scored: list[Scored] = []
    for i, p in enumerate(passages):
        ctx = context_of(p)
        prior = max(0.85, 1.0 - 0.03 * i)  # prefer higher-ranked passages, gently
        for s in split_sentences(p.chunk.text):
            if INJECTION.search(s.text) or _HEADING.match(s.text):
                continue  # passage text is data: never repeat instructions
            norm = normalise(s.text)
            cov = coverage(terms, norm, ctx)
            score = cov + 0.15 * max(0.0, 1.0 - len(norm) / 120)  # concise wins ties
            if figure:
                score += 0.25 if FIGURE.search(strip_labels(s.text)) else -0.15
            if definition and _DEFINITION.search(s.text):
                score += 0.25
            if len(norm) < 6:
                score -= 0.2  # headings and fragments answer nothing
            scored.append(Scored(score * prior, cov, i, s))
    scored.sort(key=lambda x: (-x.score, x.passage_index, x.sentence.start))
    return scored


_EN_NAME = re.compile(r"(?<![.?!]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


def _missing_english_names(question: str, where: str) -> bool:
    """A proper name in an English question ("Hong Kong", "Shenzhen") that
    neither the glossary maps to a Chinese term found in the passage nor the
    passage contains: the corpus speaks of somewhere or someone else."""
    from .textnorm import english_terms

    for name in _EN_NAME.findall(question.strip()):
        if name.lower() in _EN_STOP:
            continue
        chinese = english_terms(name)
        if chinese:
            if not any(normalise(t) in where for t in chinese):
                return True
        elif name.lower().replace(" ", "") not in where:
            return True
    return False


def evidence_strength(question: str, passages: Sequence[Passage]) -> float:
    """How well the passages support an answer, in [0, 1]; refuse below
    ``settings.refusal_threshold`` (0.5 recommended).

    Mostly keyword evidence, because dense similarity cannot tell a near miss:
    multilingual-e5 cosines of in-domain questions sit in 0.86–0.95 whether or
    not the corpus answers them (measured on the dev questions), so
    "上海市对高新技术企业认定的奖励标准" scores like a real question against a
    Shanghai law that mentions 高新技术企业 but no 奖励.
    - coverage: share of the question's content terms, weighted by
      specificity (jieba's idf - 3: 奖励 4.6, 高新技术 5.2, 企业 1.2), found in
      the best single sentence or its document's title/section/dates;
    - key terms (places, acronyms, idf >= 8 or unknown words: 火星, 独角兽,
      GDP) missing from that sentence's whole passage and title: × 0.6;
    - a figure question whose best sentences hold no figure: × 0.6;
    - an English question naming a place or body the passage does not
      mention ("Hong Kong"): × 0.6;
    - dense similarity (cosine rescaled from [0.78, 0.90] to [0, 1]) is mixed
      in half-and-half only when the question has few matchable terms (an
      English question); a Chinese question whose best cosine is below 0.80
      is off-topic for the corpus: × 0.8.
    Measured on the dev questions plus a few made-up refusals with a plain
    BM25 top 6: answerable questions scored 0.66–1.0 (one English question
    whose answer was not retrieved: 0.51), refusals 0.15–0.36. 0.5 sits in
    the gap: answered when about half of the question's weighted content,
    including its specific terms, sits in one sentence.
    """
    if not passages:
        return 0.0
    terms = question_terms(question)
    dense = [p.dense_score for p in passages if p.dense_score is not None]
    dense_n = None if not dense else min(1.0, max(0.0, (max(dense) - 0.78) / 0.12))
    scored = score_sentences(question, passages[:5])
    if not terms or not scored:
        base = dense_n if dense_n is not None else 0.0
        top = passages[0]
        if _missing_english_names(question, normalise(top.chunk.text) + context_of(top)):
            base *= 0.6
        return round(base, 4)
    best = max(scored, key=lambda s: s.cover)
    strength = best.cover
    p = passages[best.passage_index]
    where = normalise(p.chunk.text) + context_of(p)
    if any(not _present(t, where) for t in key_terms(question)):
        strength *= 0.6
    if asks_for_figure(question) and not any(
        FIGURE.search(strip_labels(s.sentence.text)) for s in scored[:3]
    ):
        # Asked for an amount, a rate or a term, and no sentence holds one:
        # whatever the overlap, that is not an answer.
        strength *= 0.6
    if dense_n is not None:
        if sum(w for _, w in terms) < 3 or is_english(question):
            strength = 0.5 * strength + 0.5 * dense_n
        elif max(dense) < 0.80:
            strength *= 0.8
    if _missing_english_names(question, where):  # after the dense mix, which it must not dilute
        strength *= 0.6
    return round(min(1.0, strength), 4)
