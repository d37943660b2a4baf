"""Which sentences answer a figure question: a figure of the asked kind,
about the asked subject, of the year, place and name the question asks of.

A sentence that fits the asked kind of figure but is of another year ("广西
2022年的…强度" → the report gives 2023's), place (南宁市 → a Guangxi report's
figure is Guangxi's) or name (“小巨人” → 专精特新 860家) does not answer: the
extractive answer says what the corpus does give instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answer.articles import TAKES_EFFECT, asks_commencement
from assistant.answer.coverage import asked_regions, content_of, term_credit
from assistant.answer.evidence import Scored
from assistant.answer.figure_fit import has_focus
from assistant.answer.thresholds import meets_every
from assistant.records import Passage
from assistant.text import (
    ARTICLE_LABEL,
    NTH_REVISION,
    SHORT_FORM,
    VERSION_DATE,
    VERSION_POINTER,
    Ask,
    context_of,
    figure_head,
    figures,
    forms,
    holds,
    match_form,
    own_region,
    paragraph_around,
    parse_number,
    partial,
    province_of,
    quoted,
    regions_in,
    split_self_description,
    where_located,
    zones_in,
)

__all__ = [
    "ASKED_YEAR",
    "asked_years",
    "figure_sentences",
    "of_years",
]

# A figure sentence must hold the question's subject, not only a figure of the
# asked kind: "起征点是多少" is not answered by the 500万元 of another rule.
MIN_FIGURE_COVER = 0.3

# A year the figure is asked of; not a version's year ("2020年版", "2025年修订").
ASKED_YEAR = re.compile(
    # "旧版（2020年）", "as amended in 2018": the version's
    r"(?<![\d《])(?<!版\()(?<!版（)"
    r"(?<!amended in )(?<!revised in )(?<!adopted in )(?<!enacted in )(?<!issued in )"
    r"((?:19|20)\d\d)"
    # "2020年第四次修正", "2015年公布的…条例", "2024年通过的增值税法": the text's version
    rf"(?!\d|年?的?(?:第[一二三四五六七八九十]次)?(?:版|修订|修正|的版本|新版|旧版|{VERSION_POINTER}版)"
    r"|年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:公布|通过|颁布|施行)的|\s*(?:revis|version|edition|amend))"
    # "2025年的新条例", "the 2025 SME payment regulation": the text's version
    r"(?!年?的?[新旧]?(?:条例|法|办法|规定)|(?:\s+(?!under|in|of|for|the|what|how)[a-z]+){0,3}"
    r"\s+(?:regulation|law|act|measure|provision|rule)s?\b)"
    r"(?![万亿千百元人家个名项%％多余.．])",  # "资产约2000万": an amount, not a year
    re.I,
)
QUOTED_NAME = 12  # characters: a quoted name the figure is of ("“专精特新”企业")

Check = Callable[[Ask, Passage, Scored], bool]


# "adopted on 25 December 2024", "on December 25, 2024": a day the question
# gives (a version's), not a year it asks of
_EN_DAY = re.compile(
    r"\b(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d\b",
    re.I,
)


def asked_years(ask: Ask) -> list[str]:
    """The years the question asks of: not those of the case a firm tells
    ("我们是一家2015年…设立的合资企业，…还能保留多久"), nor a day it gives, nor
    the date of the version of a document it names ("2024年9月第三次修正的
    上海市优化营商环境条例"), which ``answer.versions`` chooses by."""
    asked = split_self_description(ask.question, clauses=True)[1]
    for name in ask.documents:
        asked = re.sub(rf"{_DATED}(?=《?{re.escape(name)})", " ", asked)
    return ASKED_YEAR.findall(_EN_DAY.sub(" ", asked))


# The date a document's version is named by, before its name.
_DATED = rf"{VERSION_DATE}(?:{NTH_REVISION})?(?:通过|公布|颁布|发布|印发|修订|修正)?(?:后|版)?的?"


def of_years(ask: Ask, p: Passage, s: Scored) -> bool:
    """Does the sentence (or its document's title) speak of every year the
    question asks of?"""
    text = s.sentence.text + p.doc.title
    return all(y in text for y in asked_years(ask))


def _of_places(ask: Ask, p: Passage, s: Scored) -> bool:
    """A national text's figure holds everywhere; a region's text speaks of
    its region, so the sentence must name every other place asked of (柳州,
    黔中经济区 or 全国 asked of a Guangxi report)."""
    own = own_region(p.doc.title, p.doc.issuer)
    if not own:
        return True
    places = (*asked_regions(ask), *zones_in(content_of(ask)))
    # a firm's city in the text's own province is where its rules apply ("北京海淀")
    others = [
        x
        for x in places
        if x not in (own, province_of(own))
        and not (province_of(x) == province_of(own) and x in where_located(ask.question))
    ]
    if "全国" in content_of(ask):  # the nation's figure, not the region's own
        others.append("全国")
    return all(x in s.sentence.text for x in others)


def _of_quoted(ask: Ask, p: Passage, s: Scored) -> bool:
    text = match_form(s.sentence.text + p.doc.title + p.chunk.section)
    return all(q in text for q in quoted(ask.question, QUOTED_NAME))


# A batch, session or round asked of: 首批, 第二批, 第三届, 第二轮 (not an
# issue: "第61期" dates a report, it is not what its figures are of).
_NTH = re.compile(r"(?:首|第([一二三四五六七八九十\d]+))(批|届|轮)")


def _nths(text: str) -> set[tuple[int, str]]:
    return {(int(parse_number(n) or 0) if n else 1, unit) for n, unit in _NTH.findall(text)}


def _of_batches(ask: Ask, p: Passage, s: Scored) -> bool:
    """Does the sentence name the batch asked of ("第二批有多少个" is not
    answered by 首批12个)?"""
    return _nths(match_form(ask.question)) <= _nths(s.sentence.text)


def _of_counted(ask: Ask, p: Passage, s: Scored) -> bool:
    """A count of the thing asked ("多少家国家级企业技术中心" is not answered by
    自治区级企业技术中心139家)."""
    if not ask.counted:
        return True
    text = match_form(s.sentence.text) + context_of(p)
    return any(holds(text, f) for f in forms(ask.counted)) or partial(ask.counted, text) >= 0.5


# "研发费用占销售收入的比例", "增加值占GDP比重": a share of a base.
_SHARE_OF = re.compile(r"占(?P<base>[\u4e00-\u9fffA-Za-z]{2,12}?)的?(?:比例|比重|份额)")


def _of_the_base(ask: Ask, p: Passage, s: Scored) -> bool:
    """A share of the base asked ("占销售收入的比例" is not answered by a rate
    of 研究开发费用 alone, nor "占GDP比重" by a growth rate)."""
    m = _SHARE_OF.search(match_form(content_of(ask)))
    if m is None or re.search(r"多|几|什么|啥|百分", m.group("base")):
        return True  # "占多大比例": how large, of no base named
    text = match_form(s.sentence.text) + context_of(p)
    # the base's place is the question's scope, checked by ``_of_places``
    # ("占广西工业企业数量的比重": a Guangxi report says 我区)
    base = m.group("base")
    for region in regions_in(base):
        base = base.replace(region, "")
    return len(base) < 2 or term_credit(base, text) >= SHORT_FORM


# Each check, and what the corpus lacks when no sentence passes it.
_CHECKS: tuple[tuple[Check, str], ...] = (
    (of_years, "所问年份的数字"),
    (_of_places, "所问地区的数字"),
    (_of_quoted, "所问对象的数字"),
    (_of_counted, "所问对象的数字"),
    (_of_batches, "所问批次的数字"),
    (_of_the_base, "所问比例的数字"),
)


def _narrow(
    ask: Ask, passages: Sequence[Passage], fitting: list[Scored]
) -> tuple[list[Scored], str]:
    """The fitting sentences of the asked year, place and name, with '' —
    or, when a check leaves none, the sentences before it and what is lacking
    (the framing names no year or place: every number shown is in a source)."""
    for check, lacking in _CHECKS:
        kept = [s for s in fitting if check(ask, passages[s.passage_index], s)]
        if not kept:
            return fitting, lacking
        fitting = kept
    return fitting, ""


def _figure_fitting(ask: Ask, passages: Sequence[Passage], scored: list[Scored]) -> list[Scored]:
    """The sentences stating a figure of the asked kind about the asked subject.
    A sentence that is a figure alone (a masthead's "2024年11月26日") has no
    words to match: the best sentence of all may be one."""
    fitting = [
        s
        for s in scored
        if s.fits
        and (s.cover >= MIN_FIGURE_COVER or (s is scored[0] and _bare(s.sentence.text)))
        and has_focus(ask, passages[s.passage_index], s.sentence)
    ]
    if asks_commencement(ask):
        # "长江保护法哪天开始施行" is not answered by the day it was adopted.
        fitting = [s for s in fitting if TAKES_EFFECT.search(s.sentence.text)]
    return fitting


# "企业所得税法第二十八条第一款所称符合条件的小型微利企业，是指…": a category
# a rule defines by its thresholds.
_DEFINES = re.compile(r"所称(?:符合条件的)?([\u4e00-\u9fff]{2,12}?)[，,]是指")


def _of_the_firms_category(
    ask: Ask, passages: Sequence[Passage], scored: list[Scored]
) -> list[Scored]:
    """The sentences stating the asked figure of the category a firm's own
    figures put it in: "员工60人、资产2000万、应税所得25万，能适用较低的税率
    吗？是多少" meets the thresholds by which 第九十二条 defines 小型微利企业,
    and 第二十八条 states that category's rate (not the general 25 %)."""
    category = next(
        (
            m.group(1)
            for s in scored
            if meets_every(ask.question, s.sentence.text)
            and (m := _DEFINES.search(passages[s.passage_index].chunk.text))
        ),
        "",
    )
    if not category or category in ask.question:  # "算不算小型微利企业？标准是什么": its definition
        return []
    return [
        s
        for s in scored
        if s.fits
        and category in s.sentence.text
        and not _DEFINES.search(s.sentence.text)
        and has_focus(ask, passages[s.passage_index], s.sentence)
    ]


def _named_without_figure(
    ask: Ask, passages: Sequence[Passage], scored: list[Scored], fitting: list[Scored]
) -> Scored | None:
    """The sentence closest to the question, when it speaks of the word the
    figure is named by and gives no figure, and no figure sentence speaks of
    it ("起征点是多少": 第二十三条 names 起征点 and states none; 第九条's 五百万元
    is of another thing). A word the closest sentence lacks decides nothing."""
    head = "" if ask.english else match_form(figure_head(ask.question))
    if len(head) < 2 or not scored:
        return None

    def speaks_of(s: Scored) -> bool:
        p = passages[s.passage_index]
        return holds(match_form(_with_first_half(p, s)) + context_of(p), head)

    closest = max(scored, key=lambda s: s.cover)
    if closest.fits or not speaks_of(closest) or any(speaks_of(s) for s in fitting):
        return None
    return closest


def _with_first_half(p: Passage, s: Scored) -> str:
    """The sentence with the half of its rule before a "；" ("与委托人有约定
    时限的，…；没有约定的，一般应当在三十个工作日内完成"): one rule."""
    text = p.chunk.text
    begin = max(text.rfind("。", 0, s.sentence.start), text.rfind("\n", 0, s.sentence.start)) + 1
    return (
        text[begin : s.sentence.end] if "；" in text[begin : s.sentence.start] else s.sentence.text
    )


_PARALLEL = 10  # characters two parallel rules share right after their parties
_PARTY = 16  # characters: the longest party a rule opens with


def _rule(p: Passage, s: Scored) -> str:
    """The paragraph a sentence is in, without its article's label."""
    begin, end = paragraph_around(p.chunk.text, s.sentence.start, s.sentence.end)
    rule = p.chunk.text[begin:end].strip()
    label = ARTICLE_LABEL.match(rule)
    return rule[label.end() :].lstrip() if label else rule


def _parties(a: str, b: str) -> tuple[str, str] | None:
    """The parties two parallel rules open with ("机关、事业单位从中小企业采购…"
    and "大型企业从中小企业采购…" → 机关、事业单位, 大型企业), or None."""
    for j in range(1, min(_PARTY, len(a) - _PARALLEL) + 1):
        i = b.find(a[j : j + _PARALLEL])
        if 0 < i <= _PARTY:
            parties = a[:j], b[:i]
            return parties if all(map(_NAMES_A_PARTY.fullmatch, parties)) else None
    return None


# A party a rule opens with: names, run together by 、和及与 (no clause of its own).
_NAMES_A_PARTY = re.compile(r"[\u4e00-\u9fff]{2,}(?:[、和及与][\u4e00-\u9fff]{2,})*")


def _of_the_party_named(
    ask: Ask, passages: Sequence[Passage], scored: list[Scored], fitting: list[Scored]
) -> Scored | None:
    """The rule of the party the question names, when the figure sentence's
    rule is its parallel for another party: "2020年版…大型企业的付款期限" is
    第八条's 大型企业 paragraph (交易习惯), not its 机关、事业单位 one (30日)."""
    question = match_form(content_of(ask))
    top = fitting[0]
    a = _rule(passages[top.passage_index], top)
    for s in scored[:8]:
        if s is top or s.passage_index != top.passage_index:
            continue
        parties = _parties(a, _rule(passages[s.passage_index], s))
        if parties is None:
            continue
        theirs, named = (re.split("[、和及与]", match_form(x)) for x in parties)
        if all(_names(question, x) for x in named if x) and not any(
            _names(question, x) for x in theirs if x
        ):
            return s
    return None


def _names(question: str, party: str) -> bool:
    """Does the question name ``party``, maybe in a longer form (大型家电企业
    is a 大型企业)?"""
    return term_credit(party, question) >= SHORT_FORM


def _bare(text: str) -> bool:
    """Is ``text`` a figure and little else?"""
    return sum(f.end - f.start for f in figures(text)) >= 0.8 * len(text.strip())


# A figure the rule leaves to the parties to agree: "其知识产权所占注册资本的
# 比例由出资各方依法约定" answers "what share may it be" — no cap is set.
_AGREED = re.compile(
    r"(?:比例|数额|金额|期限|标准|费用|价格|报酬)[^，。；]{0,6}由[^，。；]{1,20}?(?:约定|协商|商定)"
)


def figure_sentences(
    ask: Ask, passages: Sequence[Passage], scored: list[Scored]
) -> tuple[list[Scored], str | None]:
    """(the sentences that answer a figure question, None) — or, when none
    does, (the closest sentences, what the corpus lacks: '' when no sentence
    states such a figure at all, else the year, place or name asked of)."""
    fitting = _of_the_firms_category(ask, passages, scored) or _figure_fitting(
        ask, passages, scored
    )
    if fitting and (named := _named_without_figure(ask, passages, scored, fitting)):
        return [named, *(s for s in scored if s is not named)], ""
    if not fitting:  # what the corpus does say: the sentence holding the most of the question
        closest = max(scored, key=lambda s: s.cover)
        rest = [closest, *(s for s in scored if s is not closest)]
        if closest.cover >= MIN_FIGURE_COVER and _AGREED.search(closest.sentence.text):
            return rest, None  # "比例由出资各方依法约定": no figure is set; that answers
        return rest, ""
    fitting, lacking = _narrow(ask, passages, fitting)
    if not lacking and (named := _of_the_party_named(ask, passages, scored, fitting)):
        return [named], None
    return fitting, lacking or None
