"""The question's content terms, weighted by specificity, and their coverage of a text.

Used by retrieval (coverage joins the fused score), by the extractive
generator (which sentences answer) and by the refusal decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from assistant.records import ChunkRecord, DocRecord, Passage
from assistant.text.normalize import CJK, match_form, quoted
from assistant.text.places import REGIONS
from assistant.text.words import QUESTION_WORDS, cut, import_jieba

__all__ = [
    "EN_STOP",
    "OOV_WEIGHT",
    "SHORT_FORM",
    "chunk_context",
    "context_of",
    "coverage",
    "holds",
    "key_terms",
    "latin_names",
    "negated_terms",
    "partial",
    "present",
    "question_terms",
    "term_weight",
]

_ASCII_TOKEN = re.compile(r"[a-z0-9][a-z0-9&.%+\-]*")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Phrases of asking go first, or jieba glues them to content (多少家规上 → 家规).
_QUESTION_PHRASES = re.compile(
    # a span asked with its 内 ("多长时间内把钱付给我们": not a word 内钱)
    r"(?:多久|多长时间|多长|多少(?:个工作日|天|日|个月|年)|几(?:个工作日|天|日|个月|年))"
    r"(?:以内|之内|内)|"
    # how the asker frames it: "按规定…最晚…" (not "未按规定", a case the texts name)
    r"(?<![未不没])按规定|最晚|最迟|"
    r"多少[家个项所位名人元次条种户批]?|几[家个项所位名种条年天日月份类部批]|哪一?部分|"
    r"(?<=[是指])哪些(?:主体|人|单位|组织)|哪[些个类几部天年条项种位里级份批一]+|"
    r"什么时候|什么样的?|什么|是否|(?:怎么|如何)计?算|如何|怎么样|怎么|怎样|为什么|第几|请问|何时|多久|多长时间|多长|"
    r"有没有|能不能|可不可以|是不是|这篇|这份|这部|该|谁|"
    r"(?:从|自)?(?:哪天|哪一天|何时)?(?:开始)?(?:起算|开始算|开始计算)"  # "从哪天开始算": a start asked
)
EN_STOP = _words(
    "how many much what which who whom whose when where why is are was were be been do does "
    "did have has had the a an of in on for to and or by with from at as that this these "
    "those it its there their they we our us you your can could should would will shall may "
    "about under any all some into per"
)


# --- the question ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _idf() -> dict[str, float]:
    """jieba's bundled general-Chinese IDF table (loaded once, ~1 s)."""
    import_jieba()
    import jieba.analyse

    return jieba.analyse.default_tfidf.idf_freq


OOV_WEIGHT = 6.0  # words jieba's table lacks (算力, 链主, 规上) are specific
_KEY_WEIGHT = 5.0  # idf >= 8: 火星, 独角兽, 高新技术, 款项; not 企业, 标准, 建设


def term_weight(term: str) -> float:
    """How specific ``term`` is: idf - 3 (OOV_WEIGHT for a word jieba lacks)."""
    if not CJK.search(term):
        return 2.0 if term[0].isdigit() else 4.0  # years / acronyms (R&D, GDP)
    idf = _idf().get(term)
    return OOV_WEIGHT if idf is None else max(idf - 3.0, 0.5)


@lru_cache(maxsize=512)
def question_terms(question: str) -> tuple[tuple[str, float], ...]:
    """Content terms of a question, weighted by specificity (idf - 3).

    Plain English words are dropped: they cannot match Chinese sentences, so an
    English question is judged by its Chinese terms, figures and acronyms, and
    (in ``answer.coverage``) by dense similarity."""
    q = match_form(question)
    acronyms = {
        a.lower() for a in re.findall(r"(?<![A-Za-z])[A-Z][A-Z&]{1,5}(?![A-Za-z])", question)
    }
    # A Latin word or two in a Chinese question is a name ("用Python写…",
    # "Excel表格"): what a passage must hold, like a Chinese term.
    names = latin_names(question)
    terms: dict[str, float] = {}
    for tok in _ASCII_TOKEN.findall(q):
        tok = tok.strip(".%-+")
        if (
            tok
            and tok not in EN_STOP
            and (tok[0].isdigit() or "&" in tok or tok in acronyms or tok in names)
        ):
            terms[tok] = term_weight(tok)
    # A quoted term is the text's own words, one term ("“三市场”": not 三, 市场).
    for phrase in quoted(question, longest=12):
        if CJK.search(phrase):
            terms[phrase] = term_weight(phrase)
            q = q.replace(phrase, " ")
    # Question phrases go first, or jieba glues them to content (多少家规上 → 家规).
    q = _QUESTION_PHRASES.sub(" ", q)
    for run in re.findall(r"[\u4e00-\u9fff]+", q):
        tokens = _unglue(cut(run))
        for tok in _merge_singles(t for t in tokens if t not in QUESTION_WORDS):
            for piece in _content_pieces(_unmodal(_strip_function_chars(tok))):
                terms[piece] = term_weight(piece)
    return tuple(terms.items())


_NEGATION = "不得|不予|不能|不可|不|未|非|无须|无需|免于|免"


def negated_terms(question: str, terms: Iterable[str]) -> dict[str, str]:
    """The terms the question negates, each with its negation ("哪些案件不适用
    本规定": 适用 → 不适用): a sentence saying 不适用 answers it, 适用 does not."""
    q = match_form(question)
    found = {}
    for t in terms:
        m = re.search(rf"(?:{_NEGATION})(?={re.escape(t)})", q) if CJK.search(t) else None
        if m:  # "不能授予": the text says 不授予 (不得授予 holds it too)
            found[t] = ("不" if m.group().startswith("不") else m.group()) + t
    return found


_LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z][a-z]{2,}(?![A-Za-z])")
_MOST_NAMES = 2  # more Latin words than this: English, read through the glossary


def latin_names(question: str) -> set[str]:
    """The Latin words (lower-cased) a Chinese question names things by."""
    words = [w.lower() for w in _LATIN_WORD.findall(question)]
    words = [w for w in words if w not in EN_STOP]
    if len(words) > _MOST_NAMES or len(CJK.findall(question)) < _MOST_NAMES * 3:
        return set()
    return set(words)


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
_TRAILING = "的了是"
_NEGATING = "不没未"


def _strip_function_chars(tok: str) -> str:
    """jieba glues a preposition, a copula or a negation to an unknown word
    (条例对算力 → 对算力, 公示期是 → 期是, 不罚); words it knows (对外, 在线,
    目的, 不服) keep theirs."""
    if tok in _NEGATING:
        return ""  # 没, 不: how the asker puts it, not what a passage must hold
    if len(tok) < 2 or tok in _idf():
        return tok
    if tok[0] in _NEGATING:
        tok = tok[1:]  # 不罚 ~ 不再给予行政处罚, 没缴 ~ 未缴纳: the verb is the content
    while len(tok) > 2 and tok[0] in _LEADING:
        tok = tok[1:]
    while len(tok) > 1 and tok[-1] in _TRAILING:
        tok = tok[:-1]
    return tok if len(tok) > 1 or tok not in QUESTION_WORDS else ""


# Characters that make a new noun of the word before them (创新链, 链主型),
# which jieba's dictionary cuts off.
NOUN_SUFFIXES = frozenset("链型")


def _merge_singles(tokens: Iterable[str]) -> list[str]:
    """Runs of single characters are one unknown word (规 上 → 规上); a noun
    suffix stays with its word (资金 链 → 资金链)."""
    out: list[str] = []
    run = ""
    for tok in [*tokens, ""]:
        if tok in NOUN_SUFFIXES and not run and out and len(out[-1]) > 1:
            out[-1] += tok  # 资金 / 链 → 资金链: a word of its own, not any 资金
            continue
        if len(tok) == 1:
            run += tok
            continue
        run = _unmodal(run)
        if len(run) > 1 or (run and run not in QUESTION_WORDS):
            out.append(run)
        run = ""
        if tok:
            out.append(tok)
    return out


# A word the idf table lacks that is a modal or a particle glued to a verb
# is the verb: 能列个 → 列, 想找 → 找, 攻不 → 攻.
_MODAL_LEAD = re.compile(r"^[能可要会想得让就都也还再有]+(?=.)")
_PARTICLE_END = re.compile(r"(?<=.)[个了着过吗呢不没]+$")


# A verb said the spoken way is the verb: 缓一缓, 问问 (said twice), 交不上,
# 付得起 (can or cannot be done).
_SPOKEN_VERB = re.compile(r"^(.)(?:一?\1|[不得](?:上|起|了|到|出|完|下|动|来|成|清|掉))$")


# Characters that are no word's content in a word jieba's table lacks: it
# glued them from the sentence around (采购人要在 → 人要, 里排第几 → 里排,
# 逾期不改会罚 → 改会罚, 那进 → 进).
_GLUED = re.compile(r"[要能会去那这里就都也还却又再得让想可]+")


def _content_pieces(tok: str) -> list[str]:
    """``tok``, or the pieces of a word jieba's table lacks between the
    characters glued to it (an unknown word weighs as much as a rare one)."""
    if len(tok) < 2 or tok in _idf() or _SPOKEN_VERB.match(tok):
        return [tok] if tok else []
    return [p for p in _GLUED.split(tok) if p and (len(p) > 1 or p not in QUESTION_WORDS)]


def _unmodal(run: str) -> str:
    if len(run) >= 2 and run not in _idf() and not _SPOKEN_VERB.match(run):
        run = _PARTICLE_END.sub("", _MODAL_LEAD.sub("", run))
    # a spoken verb jieba's dictionary knows (缓一缓) is still not the text's word
    spoken = _SPOKEN_VERB.match(run)
    return spoken.group(1) if spoken else run


def key_terms(question: str) -> list[str]:
    """Terms an answer cannot do without: places, acronyms and specific words
    (high idf or unknown to the idf table). Years are not key: a question's
    year is often only in the document's dates."""
    return [
        t
        for t, w in question_terms(question)
        if not t[0].isdigit()
        and (not CJK.search(t) or w >= _KEY_WEIGHT or any(t.startswith(p) for p in REGIONS))
    ]


def _bigrams(term: str) -> list[str]:
    return [term[i : i + 2] for i in range(len(term) - 1)] or [term]


def _near(term: str, text: str) -> bool:
    """A two-character term whose characters sit close together in either order
    (图谱 ~ 谱系图): a paraphrase, worth partial credit."""
    if term[0] not in text or term[1] not in text:
        return False
    a, b = re.escape(term[0]), re.escape(term[1])
    return bool(re.search(f"{a}.{{0,2}}{b}|{b}.{{0,2}}{a}", text))


def partial(term: str, text: str) -> float:
    """Share of a missing term that a paraphrase still shows."""
    if len(term) == 2 and CJK.search(term):
        return 0.5 if _near(term, text) else 0.0
    if len(term) > 2 and CJK.search(term) and _shortened(term).search(text):
        return SHORT_FORM
    grams = _bigrams(term)
    return 0.5 * sum(g in text for g in grams) / len(grams) if len(term) > 2 else 0.0


# A term is often the short form of the text's word: its characters in order,
# a few left out between them (中级法院 ~ 中级人民法院, 科技成果 ~ 科学技术成果).
SHORT_FORM = 0.8


@lru_cache(maxsize=4096)
def _shortened(term: str) -> re.Pattern[str]:
    gap = r"[\u4e00-\u9fff]{0,3}?"
    return re.compile(gap.join(re.escape(c) for c in term))


_NUMERAL = frozenset("0123456789〇零一二三四五六七八九十百千")


def holds(text: str, term: str) -> bool:
    """Is ``term`` in ``text`` as itself — not only inside its negation
    (居民企业 is not in a sentence that speaks only of 非居民企业), nor
    inside a longer number (第二 is not in 第二十八条)?"""
    if term not in text:
        return False
    negatable = not term.startswith("非") and f"非{term}" in text
    numeric = term[-1] in _NUMERAL
    if not negatable and not numeric:
        return True
    at = text.find(term)
    while at >= 0:
        end = at + len(term)
        negated = negatable and at > 0 and text[at - 1] == "非"
        longer = numeric and end < len(text) and text[end] in _NUMERAL
        if not negated and not longer:
            return True
        at = text.find(term, at + 1)
    return False


def present(term: str, text: str) -> bool:
    return holds(text, term) or partial(term, text) >= 0.33


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
        if holds(text, term) or holds(context, term):
            got += w
        elif term not in text:  # a term there only as its negation earns nothing
            got += w * partial(term, text)
    return got / total


def context_of(p: Passage) -> str:
    return chunk_context(p.doc, p.chunk)


def chunk_context(d: DocRecord, c: ChunkRecord) -> str:
    """What a passage says without saying it: its document, headings and dates."""
    return match_form(f"{d.title} {c.section} {d.issued} {d.effective} {d.doc_number}")
