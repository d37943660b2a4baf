"""Figures in the texts (<subject> 不超过 <figure>) and the questions they answer."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sources import ITEM_RE, Article, Doc
from text import BAD_SUBJ_START, CN_NUM, SUPERSCRIPTS, cjk_len, loose, norm, sentences

CEIL = ("最长不得超过", "最长不超过", "最高不超过", "最多不超过", "不得超过", "不超过")
FLOOR = ("不得低于", "不低于", "不得少于", "不少于")
# Longest first: the regex alternation takes the first verb that matches.
VERBS = (*CEIL, *FLOOR, "减按", "达到", "约为", "仅为", "超过", "为", "是", "按")
ARABIC = r"\d+(?:\.\d+)?"
CNUM = r"[零〇一二三四五六七八九十百千万两]*[一二三四五六七八九十两][零〇一二三四五六七八九十百千万两]*"
TIME_UNITS = ("个工作日", "个月", "小时", "日", "天", "年", "周")
FIG_RE = re.compile(
    r"(?P<fig>百分之[零一二三四五六七八九十百点]+"
    rf"|{ARABIC}\s*(?:%|％|‰)"
    rf"|{ARABIC}\s*(?:个工作日|个月|周岁|小时|日|天|年|倍|万元|亿元|元|人|家|项|个|次|平方米|公里|户)"
    rf"|{CNUM}(?:个工作日|个月|周岁|小时|日|天|年|倍|万元|亿元|元)"
    rf"|第\s*{ARABIC}\s*位|第{CNUM}位)"
)
VERB_RE = re.compile("(" + "|".join(VERBS) + r")\s*(?=" + FIG_RE.pattern + ")")
# Time limits: 自…之日起 <figure> 内.
TL_RE = re.compile(r"(之日起|起|之日后|届满后|届满前)\s*(?=" + FIG_RE.pattern + r")")
# 为 after these is part of another word (作为, 认为, 成为 …), not "is".
BAD_BEFORE_WEI = ("作", "认", "成", "行", "以", "因", "视", "称", "更", "改", "定", "分")
MODAL_START = ("应当", "应", "可以", "须", "必须", "自", "在", "于", "并", "由", "经")
_UNIT_RE = re.compile(
    r"(个工作日|个月|周岁|小时|日|天|年|倍|万元|亿元|元|人|家|项|个|次|平方米|公里|户)$"
)
_SELF_REFS = ("本法", "本条例", "本办法", "本规定", "前款", "第")

Texts = Iterable[tuple[Article | None, str, str | None]]
Built = tuple[str, str, bool]  # question core, evidence, needs the law's name


@dataclass
class FigureFact:
    """One <subject><verb><figure><tail> clause; ev_* are the evidence spans."""

    art: Article | None
    sent: str
    verb: str
    fig: str
    tl: bool  # a time limit (…之日起 N 日内)
    incomplete: bool  # the clause stops before its verb
    in_item: bool
    subj: str
    tail: str
    prev: str  # the clause before the subject
    lead: str  # the list lead an item hangs from
    ev_subj: str
    ev_prev: str
    key: str
    skey: str


def fig_kind(fig: str) -> str:
    f = norm(fig)
    if f.endswith(("%", "‰")) or f.startswith("百分之"):
        return "pct"
    if f.startswith("第"):
        return "rank"
    if f.endswith(TIME_UNITS) and not f.endswith("周岁"):
        return "time"
    return "amount"


def fig_blank(fig: str) -> str:
    """What the figure becomes in a cloze question: 多少日, 百分之多少, 第几位."""
    f = norm(fig)
    k = fig_kind(fig)
    if k == "pct":
        return "百分之多少" if f.startswith("百分之") else "多少"
    if k == "rank":
        return "第几位"
    m = _UNIT_RE.search(f)
    return "多少" + (m.group(1) if m else "")


def clean_subject(s: str) -> str:
    """Drop item numbers, connectives and modal verbs around a subject."""
    s = s.translate(SUPERSCRIPTS).strip().lstrip("，、")
    s = re.sub(r"^[（(]?[一二三四五六七八九十\d]+[）)、.]", "", s)
    s = re.sub(r"^(并且|并|且|但是|但|其中|同时|另外|此外)", "", s)
    s = re.sub(r"(应当|应|须|必须|一般|原则上|最长|最高|最多|最低|约|仅|均|分别|可以|可)$", "", s)
    return s.strip()


def subj_ok(s: str, min_cjk: int = 4) -> bool:
    """A subject that can stand alone in a question."""
    return (
        cjk_len(s) >= min_cjk
        and not s.startswith(BAD_SUBJ_START)
        and not s.startswith(("是指", "指", "是", "为", "即"))
        and not FIG_RE.search(s)
        and not re.search(r"[\d％%]", s)
        and s.count("“") == s.count("”")
        and s.count("（") == s.count("）")
        and not any(t in s for t in _SELF_REFS)
    )


def figure_texts(d: Doc) -> Iterator[tuple[Article, str, str | None]]:
    """(article, paragraph, lead) triples; lead = the "…：" paragraph an item hangs from."""
    for a in d.sections:
        lead = None
        for p in a.paras:
            if ITEM_RE.match(p):
                yield a, p, lead
            else:
                lead = p if p.endswith(("：", ":")) else None
                yield a, p, None


def extract_figures(texts: Texts) -> Iterator[FigureFact]:
    for art, text, lead in texts:
        for s0, s1 in sentences(text):
            sent = text[s0:s1]
            matches = [(m, False) for m in VERB_RE.finditer(sent)]
            matches += [(m, True) for m in TL_RE.finditer(sent)]
            for m, tl in matches:
                fm = FIG_RE.match(sent, m.end())
                if fm and not _rejected(sent, m, fm, tl):
                    yield _fact(art, text, lead, sent, m, fm, tl)


def _rejected(sent: str, m: re.Match[str], fm: re.Match[str], tl: bool) -> bool:
    """Years, dates, ranges, negations and 为 inside other words are not figures."""
    verb = "" if tl else m.group(1)
    fig = fm.group("fig")
    nf = norm(fig)
    ym = re.match(r"^(\d{4})年$", nf)
    if ym and 1900 <= int(ym.group(1)) <= 2100:
        return True
    if re.match(r"^\d+年$", nf) and re.match(r"\d+月", sent[fm.end() :]):
        return True
    after = sent[fm.end() : fm.end() + 2]
    if tl and (fig_kind(fig) != "time" or not after.startswith(("内", "以内"))):
        return True
    before = sent[max(0, m.start() - 2) : m.start()]
    if verb == "为" and before[-1:] in BAD_BEFORE_WEI:
        return True
    if not tl and (before[-1:] in ("未", "不", "均") or before.endswith("分别")):
        return True
    if after[:1] in ("、", "至", "-", "－", "～", "~"):
        return True
    return verb == "是" and fig_kind(fig) != "pct"


def _fact(
    art: Article | None,
    text: str,
    lead: str | None,
    sent: str,
    m: re.Match[str],
    fm: re.Match[str],
    tl: bool,
) -> FigureFact:
    verb = "" if tl else m.group(1)
    vstart = m.end() if tl else m.start()
    cstart = max(sent.rfind(ch, 0, m.start()) for ch in "，；：。") + 1
    cend_m = re.search(r"[，；。]", sent[fm.end() :])
    cend = fm.end() + cend_m.start() if cend_m else len(sent)
    subj = sent[cstart:vstart]
    subj = subj.translate(SUPERSCRIPTS).strip() if tl else clean_subject(subj)
    tail = sent[fm.end() : cend].translate(SUPERSCRIPTS).strip()
    incomplete = False
    if tail in ("内", "以内") or tail.endswith(("的", "部分", "时")):
        tail, cend, incomplete = _extend_tail(sent, tail, cend)
    prev = ""
    pstart = cstart
    if cstart > 0 and sent[cstart - 1] == "，":
        pstart = max(sent.rfind(ch, 0, cstart - 1) for ch in "，；：。") + 1
        prev = sent[pstart : cstart - 1].strip()
    lead_core = ""
    if (lead and cstart == 0) or (lead and pstart == 0 and prev):
        lead_core = _lead_core(lead)
    return FigureFact(
        art=art,
        sent=sent,
        verb=verb,
        fig=fm.group("fig").strip(),
        tl=tl,
        incomplete=incomplete,
        in_item=bool(lead) or bool(ITEM_RE.match(text)),
        subj=subj,
        tail=tail,
        prev=prev,
        lead=lead_core,
        ev_subj=sent[cstart:cend].strip(),
        ev_prev=sent[pstart:cend].strip(),
        key=norm(sent[cstart:vstart] + verb),
        skey=norm(subj),
    )


def _extend_tail(sent: str, tail: str, cend: int) -> tuple[str, int, bool]:
    """The clause stops before its verb: take up to three clauses along."""
    incomplete = True
    for _ in range(3):
        if cend >= len(sent) or sent[cend] != "，":
            break
        nm = re.search(r"[，；。]", sent[cend + 1 :])
        nend = cend + 1 + nm.start() if nm else len(sent)
        nxt = sent[cend + 1 : nend].translate(SUPERSCRIPTS).strip()
        if (
            FIG_RE.search(nxt)
            or cjk_len(nxt) < 2
            or len(tail) + len(nxt) > 45
            or nxt.startswith(("或者", "但", "并"))
        ):
            break
        tail = tail + "，" + nxt
        cend = nend
        # a short clause followed by more text is still unfinished
        incomplete = not (len(nxt) >= 8 or cend >= len(sent) or sent[cend] != "，")
    return tail, cend, incomplete


def _lead_core(lead: str) -> str:
    """The subject of a list lead ("…的标准如下："), or "" if it cannot stand alone."""
    lc = ITEM_RE.sub("", lead).rstrip("：:")
    lc = re.sub(rf"^第[{CN_NUM}]+条[\s\u3000]*", "", lc)
    lc = lc.split("，")[-1]
    lc = re.sub(r"(如下|包括|为|是)$", "", lc)
    if subj_ok(lc) and len(lc) <= 30 and "下列" not in lc and "以下" not in lc:
        return lc
    return ""


# ----------------------------------------------------------------- questions


def figure_question(f: FigureFact) -> Built | None:
    """(question core without law prefix, evidence, needs_law_name) or None."""
    if f.incomplete or "或者" in f.tail[:4] or f.tail.startswith("或"):
        return None
    if f.in_item and not f.lead:
        return None
    if f.lead:
        return _lead_question(f)
    if f.tl:
        return _time_limit_question(f)
    short_tail = f.tail in ("", "以上", "以下", "以内", "内")
    if subj_ok(f.subj) and short_tail and f.verb not in ("按", "减按"):
        return _plain_question(f)
    return _cloze_question(f)


def _context(f: FigureFact) -> tuple[str, bool]:
    """The clause before the subject, and whether it may open a question."""
    prev = clean_subject(f.prev)
    prev_ok = subj_ok(prev) and len(prev) <= 40
    if ITEM_RE.match(f.prev or "") or ITEM_RE.match(f.ev_subj):
        prev = ITEM_RE.sub("", prev)
    return prev, prev_ok


def _lead_question(f: FigureFact) -> Built | None:
    """An item hanging from "…如下：": use the lead as context."""
    prev, _ = _context(f)
    item = ITEM_RE.sub("", prev if prev else f.subj)
    if cjk_len(item) < 2 or FIG_RE.search(item):
        return None
    rest = "" if not prev else f.subj
    if f.tail and (len(f.tail) > 20 or FIG_RE.search(f.tail)):
        return None
    q = f"{f.lead}，{item}{rest}{f.verb}{fig_blank(f.fig)}{f.tail}？"
    return q, f.ev_prev if prev else f.ev_subj, True


def _time_limit_question(f: FigureFact) -> Built | None:
    subj, tail = f.subj, f.tail
    if (
        len(tail) > 30
        or FIG_RE.search(tail)
        or re.search(r"[\d％%]", subj)
        or any(t in subj + tail for t in _SELF_REFS)
    ):
        return None
    q = f"{subj}{fig_blank(f.fig)}{tail}？"
    if (
        cjk_len(subj) >= 8
        and not subj.startswith((*MODAL_START, "或者", "或", "并且", "且", "但"))
        and not subj.startswith(BAD_SUBJ_START)
    ):
        return q, f.ev_subj, False
    prev, prev_ok = _context(f)
    if prev_ok:
        return f"{prev}，{q}", f.ev_prev, True
    return None


def _plain_question(f: FigureFact) -> Built | None:
    q = _plain_wording(f.subj, f.verb, fig_kind(f.fig))
    if cjk_len(f.subj) >= 6:
        return q, f.ev_subj, False
    prev, prev_ok = _context(f)
    if prev_ok:  # short subject: keep the clause before it as context
        return f"{prev}，{q}", f.ev_prev, True
    return None


def _plain_wording(subj: str, verb: str, kind: str) -> str:
    """…是多少？ / …最长是多久？ / …的比例是多少？ by the figure's kind and verb."""
    if kind == "pct":
        if re.search(r"(率|比例|比重|占比)$", subj):
            return f"{subj}是多少？"
        return f"{subj}的比例是多少？"
    if kind == "rank":
        return f"{subj}排第几位？"
    most, much = ("最长", "多久") if kind == "time" else ("最高", "多少")
    if verb in CEIL:
        return f"{subj}{most}是{much}？"
    if verb in FLOOR:
        return f"{subj}至少是{much}？"
    return f"{subj}是{much}？"


def _cloze_question(f: FigureFact) -> Built | None:
    """The figure becomes 多少/几 inside the clause."""
    subj, tail = f.subj, f.tail
    if len(tail) > 30 or re.search(r"[\d％%]", tail) or FIG_RE.search(tail):
        return None
    blank = fig_blank(f.fig)
    if subj_ok(subj, 6) and not subj.startswith(MODAL_START):
        return f"{subj}{f.verb}{blank}{tail}？", f.ev_subj, False
    prev, prev_ok = _context(f)
    if not prev_ok:
        return None
    if subj and not subj_ok(subj, 1):
        return None
    return f"{prev}，{subj}{f.verb}{blank}{tail}？", f.ev_prev, True


def figure_candidates(
    d: Doc, texts: Texts, corpus: list[Doc]
) -> list[tuple[FigureFact, str, str, bool]]:
    """(fact, question core, evidence, must_name) for each usable figure of d.

    must_name: the question needs the law's name, because it needs its context,
    says 该/其/上述, or its subject occurs in more than one text of corpus.
    """
    cands = []
    for f in extract_figures(texts):
        built = figure_question(f)
        if not built:
            continue
        core, ev, needs_ctx = built
        core = re.sub(r"[（(]以下(简称|统称|称)[^）)]*[）)]", "", core)
        if cjk_len(core) < 6 or _ambiguous_in_doc(d, f):
            continue
        skey = loose(f.skey if cjk_len(f.skey) >= 4 else f.key)
        in_docs = sum(1 for x in corpus if skey in x.loose)
        deictic = bool(re.search(r"[该其此]|上述", core))
        cands.append((f, core, ev, needs_ctx or deictic or in_docs > 1))
    return cands


def _ambiguous_in_doc(d: Doc, f: FigureFact) -> bool:
    """The same lead-in occurs elsewhere in the doc with a different figure."""
    occ = [m.start() for m in re.finditer(re.escape(f.key), d.ntext)]
    if len(occ) <= 1:
        return False
    n = len(f.key)
    figs = {d.ntext[o + n : o + n + len(norm(f.fig))] for o in occ}
    return len(figs) > 1
