"""Which sentences answer a figure question: a figure of the asked kind,
about the asked subject, of the year, place and name the question asks of —
and a count is not a list.

A sentence that fits the asked kind of figure but is of another year ("广西
2022年的…强度" → the report gives 2023's), place (南宁市 → a Guangxi report's
figure is Guangxi's) or name (“小巨人” → 专精特新 860家) does not answer: the
extractive answer says what the corpus does give instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answer.articles import TAKES_EFFECT, asks_commencement
from assistant.answer.coverage import asked_regions, content_of
from assistant.answer.evidence import Scored, has_focus
from assistant.records import Passage
from assistant.text import (
    Ask,
    context_of,
    figure_head,
    figures,
    forms,
    holds,
    match_form,
    own_region,
    parse_number,
    partial,
    province_of,
    quoted,
    split_sentences,
    to_chinese,
    zones_in,
)

__all__ = ["figure_sentences", "listed_noun", "only_counted", "unsaid"]

# A figure sentence must hold the question's subject, not only a figure of the
# asked kind: "起征点是多少" is not answered by the 500万元 of another rule.
MIN_FIGURE_COVER = 0.3

# A year the figure is asked of; not a version's year ("2020年版", "2025年修订").
_ASKED_YEAR = re.compile(
    r"(?<![\d《])((?:19|20)\d\d)"
    r"(?!\d|年?(?:版|修订|修正|的版本|新版|旧版)|\s*(?:revis|version|edition|amend))",
    re.I,
)
QUOTED_NAME = 12  # characters: a quoted name the figure is of ("“专精特新”企业")

Check = Callable[[Ask, Passage, Scored], bool]


def _of_years(ask: Ask, p: Passage, s: Scored) -> bool:
    """Does the sentence (or its document's title) speak of every year the
    question asks of?"""
    text = s.sentence.text + p.doc.title
    return all(y in text for y in _ASKED_YEAR.findall(ask.question))


def _of_places(ask: Ask, p: Passage, s: Scored) -> bool:
    """A national text's figure holds everywhere; a region's text speaks of
    its region, so the sentence must name every other place asked of (柳州,
    黔中经济区 or 全国 asked of a Guangxi report)."""
    own = own_region(p.doc.title, p.doc.issuer)
    if not own:
        return True
    places = (*asked_regions(ask), *zones_in(content_of(ask)))
    others = [x for x in places if x not in (own, province_of(own))]
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


# Each check, and what the corpus lacks when no sentence passes it.
_CHECKS: tuple[tuple[Check, str], ...] = (
    (_of_years, "所问年份的数字"),
    (_of_places, "所问地区的数字"),
    (_of_quoted, "所问对象的数字"),
    (_of_counted, "所问对象的数字"),
    (_of_batches, "所问批次的数字"),
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
        return holds(match_form(s.sentence.text) + context_of(passages[s.passage_index]), head)

    closest = max(scored, key=lambda s: s.cover)
    if closest.fits or not speaks_of(closest) or any(speaks_of(s) for s in fitting):
        return None
    return closest


def _bare(text: str) -> bool:
    """Is ``text`` a figure and little else?"""
    return sum(f.end - f.start for f in figures(text)) >= 0.8 * len(text.strip())


def figure_sentences(
    ask: Ask, passages: Sequence[Passage], scored: list[Scored]
) -> tuple[list[Scored], str | None]:
    """(the sentences that answer a figure question, None) — or, when none
    does, (the closest sentences, what the corpus lacks: '' when no sentence
    states such a figure at all, else the year, place or name asked of)."""
    fitting = _figure_fitting(ask, passages, scored)
    if fitting and (named := _named_without_figure(ask, passages, scored, fitting)):
        return [named, *(s for s in scored if s is not named)], ""
    if not fitting:
        return scored, ""
    fitting, lacking = _narrow(ask, passages, fitting)
    return fitting, lacking or None


def _of_another_year(
    ask: Ask, passages: Sequence[Passage], chosen: Sequence[Scored]
) -> Scored | None:
    """The chosen sentence dated by another year than the one asked of, when
    none of them holds that year (None otherwise)."""
    if not _ASKED_YEAR.search(ask.question):
        return None
    if any(_of_years(ask, passages[s.passage_index], s) for s in chosen):
        return None
    return next((s for s in chosen if _ASKED_YEAR.search(s.sentence.text)), None)


# What a list question asks to be named: "具体是哪几个集群" → 集群, "哪几条链" → 链.
_LISTED = re.compile(r"(?:哪些|哪几[个条家类项所种批]?)([\u4e00-\u9fff]{1,4}?)(?:[？?。，,]|$)")


def listed_noun(question: str) -> str:
    """The thing a list question asks to be named ('' when it names none)."""
    m = _LISTED.search(question)
    return m.group(1) if m else ""


def only_counted(ask: Ask, text: str) -> bool:
    """Does ``text`` only count what the question asks to be listed — it
    holds the count the question states ("首批12个…集群分别是哪些"), or counts
    the thing asked for ("具体是哪几个集群" → 12个…集群), and lists nothing?"""
    if "\n" in text.strip() or text.rstrip().endswith(("：", ":")):
        return False
    counts = {f.key for f in figures(ask.question) if f.kind == "count"}
    listed = listed_noun(ask.question)

    def counts_it(sentence: str) -> bool:
        if counts:
            return any(f.key in counts for f in figures(sentence))
        return len(listed) >= 2 and any(
            f.kind == "count" and listed in sentence[f.end : f.end + 12] for f in figures(sentence)
        )

    # The sentence that counts them (of a quoted paragraph) names none of them.
    counting = [s.text for s in split_sentences(text) if counts_it(s.text)]
    return bool(counting) and all(s.count("、") < 2 for s in counting)


# A superlative and its opposite: a sentence stating only the other end
# ("最高的行业为…") does not answer the asked one ("最低的是哪个行业").
_ENDS = (("最高", "最低"), ("最多", "最少"), ("最大", "最小"), ("最长", "最短"), ("最早", "最晚"))


def _of_the_other_end(ask: Ask, chosen: Sequence[Scored]) -> tuple[Scored, str] | None:
    """The chosen sentence that states the opposite of the superlative asked
    (with that superlative), when none states the one asked."""
    question = match_form(ask.question)
    for a, b in (*_ENDS, *((b, a) for a, b in _ENDS)):
        if a not in question or b in question:
            continue
        if any(a in s.sentence.text for s in chosen):
            return None
        other = next((s for s in chosen if b in s.sentence.text), None)
        if other is not None:
            return other, a
    return None


# "占比最少的是哪个行业", "which province had the lowest…": the bottom of a
# ranking asked for by name. A ranking's top (前五…) does not show its bottom.
_BOTTOM_ASKED = re.compile(
    r"(最低|最少|最小|最差|最弱|最落后)(?:的|是|为)*(?:哪|什么)|"
    r"哪[个家所项类一些]?[\u4e00-\u9fff]{0,8}?(最低|最少|最小|最差|最弱|最落后)|"
    r"(?:which|what)\w{0,40}?(lowest|least|smallest|fewest|weakest|worst)"
)
_BOTTOM_SAID = {"lowest": "最低", "least": "最少", "smallest": "最小", "fewest": "最少",
                "weakest": "最弱", "worst": "最差"}  # fmt: skip


# "排第一的是哪个省": a place in a ranking asked for by name.
_RANK_ASKED = re.compile(
    r"(?:(?:排|排名|位列|位居)第([一二三四五六七八九十\d]+)[位名]?|第([一二三四五六七八九十\d]+)名)"
    r"的?(?:是|为)?(?:哪|什么)"
)


_TOP_N = re.compile(r"前([一二三四五六七八九十\d]+)")


def _top(text: str) -> int:
    """How many places a ranked list in ``text`` names ("前五的为" → 5; 0: none)."""
    return max((int(parse_number(m.group(1)) or 0) for m in _TOP_N.finditer(text)), default=0)


def _of_no_position(ask: Ask, chosen: Sequence[Scored]) -> str:
    """The bottom of a ranking (最低) or a place in it (第一) asked for by
    name, when no chosen sentence states it ('' otherwise)."""
    question = match_form(ask.question)
    if m := _RANK_ASKED.search(question):
        n = int(parse_number(m.group(1) or m.group(2)) or 0)
        if any(_top(s.sentence.text) >= n for s in chosen):
            return ""  # a ranked list ("前五的为：…") names its places in order
        said = f"第{n}|第{to_chinese(n)}" + ("|首位|居首|榜首|之首" if n == 1 else "")
        word = f"第{to_chinese(n)}"
    elif m := _BOTTOM_ASKED.search(question):
        asked = next(g for g in m.groups() if g)
        word = _BOTTOM_SAID.get(asked, asked)
        said = f"{word}|倒数|末位|最后一"
    else:
        return ""
    return "" if any(re.search(said, s.sentence.text) for s in chosen) else word


# Contact details a question asks for, and what one looks like in the text.
_CONTACTS = (
    (
        re.compile(r"网址|网站|链接|website|url|webaddress", re.I),
        re.compile(r"https?://|www\.|\.gov\.cn|\.com"),
        "网址",
    ),
    (re.compile(r"邮箱|电子邮件|e-?mail", re.I), re.compile(r"[\w.-]+@[\w-]+\.[\w.]+"), "电子邮箱"),
    (
        re.compile(r"电话|热线|联系方式|phone|telephone", re.I),
        re.compile(r"\d{3,4}-?\d{7,8}|\d{5,}"),
        "电话",
    ),
)


def _lacking_contact(ask: Ask, chosen: Sequence[Scored]) -> str:
    """The contact detail (网址, 电子邮箱, 电话) the question asks for that no
    chosen sentence gives ('' when it asks for none, or one gives it): "投诉
    平台的网址是什么" is not answered by the sentence that sets the platform up."""
    question = match_form(ask.question)
    for asks, looks, label in _CONTACTS:
        if asks.search(question):
            return "" if any(looks.search(s.sentence.text) for s in chosen) else f"所问的{label}"
    return ""


# "首家自治区实验室叫什么名字": the name of a thing asked for.
_NAME_ASKED = re.compile(
    r"([\u4e00-\u9fff]{2,8}?)[,，]?的?(?:叫什么|叫啥|(?:名字|名称|全称)(?:是|叫)?(?:什么|啥))"
)
# "分别叫什么", "都叫什么名字": how the names are asked, not what is named.
_EACH = re.compile(r"(?:分别|都|各自?|具体|又)(?=[,，]?的?(?:叫|名字|名称|全称))")
# "把这70家的名字列出来": the names of a set the last answer counted.
_COUNTED_NAMES = re.compile(
    r"(?P<count>\d+|[一二三四五六七八九十两百]+)(?P<unit>[家个所项批座支])"
    r"[^，,。？?]{0,6}?(?:名字|名称|名单|全称)"
)
# A name the text gives: quoted or titled, introduced as one, or a label's value.
_NAME_GIVEN = re.compile(r"[“「《\"：:]|名为|称为|简称|全称|命名|叫做|名叫")


def _lacking_name(ask: Ask, chosen: Sequence[Scored]) -> bool:
    """Is the thing whose name is asked only counted by the chosen sentences
    ("组建了首家自治区实验室"), its name given nowhere in them?"""
    question = match_form(ask.question)
    m = _NAME_ASKED.search(_EACH.sub("", question))
    counted = _COUNTED_NAMES.search(question)
    if not (m or counted) or any(_NAME_GIVEN.search(s.sentence.text) for s in chosen):
        return False
    if m is None:  # the set is named by its count: a sentence that only counts it
        count = f"{counted.group('count')}{counted.group('unit')}"
        return any(count in match_form(s.sentence.text) for s in chosen)
    # counted ("首家自治区实验室") or described by a clause ("依法设立的数据交易机构")
    generic = (
        rf"(?:(?:首|[一二三四五六七八九十两\d]+|多|若干)[家个所项批座支]|的)[^，。；]{{0,8}}"
        rf"{m.group(1)[-2:]}"
    )
    return any(re.search(generic, s.sentence.text) for s in chosen)


# China's taxes, by name: a rate or rule of one is not another's. The library
# may hold only some of them (企业所得税, 增值税).
_LEVIES = re.compile(
    r"个人所得税|企业所得税|土地增值税|增值税|消费税|关税|印花税|房产税|契税|车船税|"
    r"资源税|环境保护税|城市维护建设税|城镇土地使用税|耕地占用税|烟叶税|船舶吨税"
)


def _of_another_levy(ask: Ask, passages: Sequence[Passage], chosen: Sequence[Scored]) -> str:
    """The tax the question names that no chosen sentence (nor its document)
    speaks of ('' when each is spoken of, or none is named)."""
    levies = dict.fromkeys(_LEVIES.findall(content_of(ask)))
    said = [match_form(s.sentence.text) + context_of(passages[s.passage_index]) for s in chosen]
    return next((levy for levy in levies if not any(levy in text for text in said)), "")


# A thing named by its number ("第六巡回法庭", "第三批"), not a place in a
# text (第二条, 第三项, 第二个) nor in a ranking (第二名, 第一位).
_NUMBERED = re.compile(
    r"(?<![排列居])第(?:[一二三四五六七八九十百]+|\d+)(?![条款项章节编部个点是种类位名的])[\u4e00-\u9fff]"
)


def _of_another_number(ask: Ask, passages: Sequence[Passage], chosen: Sequence[Scored]) -> str:
    """The numbered thing the question names that no chosen sentence's passage
    (nor its context) names ('' when each is named): "第六巡回法庭设在哪" is not
    answered by the sentence on the 第一 and 第二巡回法庭."""
    said = [match_form(passages[s.passage_index].chunk.text) for s in chosen]
    said += [context_of(passages[s.passage_index]) for s in chosen]
    asked = content_of(ask)
    for m in _NUMBERED.finditer(asked):
        first = m.group().replace("第一", "首")  # 第一批 is 首批
        if not any(m.group() in text or first in text for text in said):
            name = _NAME_END.match(asked, m.end() - 1)
            return m.group()[:-1] + (name.group() if name else m.group()[-1])
    return ""


_NAME_END = re.compile(r"[\u4e00-\u9fff]{1,6}?(?=[的是在有由设为和与及]|[，,？?。\s]|$)")


def unsaid(
    ask: Ask, passages: Sequence[Passage], chosen: Sequence[Scored]
) -> tuple[Scored, str] | None:
    """(the chosen sentence to quote, what the corpus lacks) when the chosen
    sentences do not say what was asked — of another year than the one asked
    ("所问年份的内容"; a figure question was narrowed by year already), without
    the contact detail or name asked for, of another tax than the one named,
    or of the other end of a superlative — else None."""
    dated = _of_another_year(ask, passages, chosen) if ask.shape != "figure" else None
    if dated is not None:
        return dated, "所问年份的内容"
    contact = _lacking_contact(ask, chosen)
    if contact:  # "投诉平台的网址是什么": the sentence names the platform, not its address
        return chosen[0], contact
    if _lacking_name(ask, chosen):  # "实验室叫什么名字": the sentence says one was set up
        return chosen[0], "所问的名称"
    numbered = _of_another_number(ask, passages, chosen)
    if numbered:  # "第六巡回法庭设在哪": the corpus speaks of the first and second
        return chosen[0], f"所问“{numbered}”的内容"
    levy = _of_another_levy(ask, passages, chosen)
    if levy:  # "消费税里白酒的税率": the sentence states 增值税 rates
        return chosen[0], f"所问“{levy}”的内容"
    other_end = _of_the_other_end(ask, chosen)
    if other_end is not None:  # "最低的是哪个行业": the corpus names the highest
        return other_end[0], f"所问“{other_end[1]}”的内容"
    position = _of_no_position(ask, chosen)
    if position:  # "占比最少的是哪个行业": the corpus names the top five
        return chosen[0], f"所问“{position}”的内容"
    return None
