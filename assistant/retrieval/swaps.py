"""A follow-up's entity swapped into the previous question: a region for a
region (北京市 → 上海市), a party for a party (机关 → 大型企业), a version for
a version (旧版 → 2025年修订后的版本),
a phrase for the phrase sharing its head noun (物联网专业 ~ 人工智能本科专业),
a document or article for another ("那税收征收管理法呢？", "那第五条呢？").
``rewrite`` decides when a follow-up is one of these."""

from __future__ import annotations

import re

from assistant.text import (
    CJK,
    HOW_MANY,
    REGIONS,
    SCOPES,
    VERSION_POINTER,
    document_mentions,
    import_jieba,
    normalize_text,
    regions_in,
    split_context,
)

__all__ = [
    "ARTICLE_REF",
    "QWORD",
    "TRAIL",
    "ask_of",
    "echoes",
    "implementing_rules",
    "names_only",
    "split_question",
    "swap_document",
    "swap_names",
    "swap_party",
    "swap_phrase",
    "swap_region",
    "swap_version",
    "topic_words",
    "version_only",
]

TRAIL = re.compile(r"[\s呢吗?？。.!！]+$")
QWORD = re.compile(
    r"(?:是|为|有|排名|排在|排|占|达到|属于|包括)?"
    r"(?:多少|第几|几|什么|哪些|哪个|哪类|哪|怎么|怎样|如何|是否|能否|可否|吗|何时|多久|多长|谁)"
)
_SCOPE = (*REGIONS, *SCOPES, "国家")
_REGION_TAIL = r"(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)?"
_REGIONS_SAID = r"等(?:地|省|省市|地区|城市)?|这些(?:地方|地区|省份?|城市|省市)|(?:辖区|地区)"


def split_question(question: str) -> tuple[str, str]:
    """(subject, predicate): "广西…强度是多少？" → ("广西…强度", "是多少？")."""
    m = QWORD.search(question)
    if not m or m.start() == 0:
        return TRAIL.sub("", question), "？" if CJK.search(question) else "?"
    return question[: m.start()].rstrip("，, 的"), question[m.start() :]


_DETERMINER = re.compile(
    r"(?:是|为|有|属于|包括)?(?:什么|哪些|哪几|哪个|哪类|哪|多少|(?:多久|多长时间)(?:以?内)?)"
)


def topic_words(question: str) -> str:
    """What a question is about, without its asking words: the subject and
    the thing asked for ("报告说要打造什么典型应用场景？" → "报告说要打造典型应用
    场景"), which a follow-up carries on."""
    subject, predicate = split_question(question)
    m = _DETERMINER.match(predicate)  # 什么/哪些 + a noun; not 谁来做, 怎么算
    rest = re.split(r"[，,。；;？?]", predicate[m.end() :])[0] if m else ""
    rest = re.sub(r"的$", "", re.sub(r"^[的些个类种项家所名位批座支]+", "", TRAIL.sub("", rest)))
    return f"{subject}{rest}" if len(CJK.findall(rest)) >= 2 else subject


def swap_region(fragment: str, previous: str) -> str | None:
    new = next((s for s in _SCOPE if s in fragment), None)
    if new is None:
        return None
    # A region replaces a region (北京市 → 上海市); 全国 replaces 广西壮族自治区.
    # A list of regions is replaced whole ("北京、上海这些地方" → 广西).
    tail = "" if new in REGIONS else _REGION_TAIL
    one = "(?:" + "|".join(_SCOPE) + ")" + tail
    old = re.search(f"{one}(?:[、和及与]{one})*(?:{_REGIONS_SAID})?", previous)
    if old is None:
        # "北京的规定呢" after "中小企业促进法规定…": the region's own texts, not
        # the national one the previous question named
        old = next((m for m in _named(previous) if not regions_in(m.group())), None)
        if old is None or new not in REGIONS:
            return None
    rest = fragment.replace(new, "", 1).strip("的 ")
    rest = _KIND_OF_TEXT.sub("", rest)
    swapped = previous[: old.start()] + new + previous[old.end() :]
    if not rest or rest in swapped or echoes(rest, swapped):
        return ask_of(swapped)
    subject, predicate = split_question(swapped)
    return ask_of(f"{subject}{rest}{predicate}")


# A version of a document, as a question names it.
_VERSION = re.compile(
    rf"(?:(?:19|20)\d{{2}}年(?:修订|修正|修改)?(?:后|前)?的?(?:{VERSION_POINTER})?(?:版本|版)?|"
    r"旧版|新版|老版|原版|"
    r"现行(?:版本|版)?|修订(?:后|前)的?(?:版本|版)?)"
)


# "北京的地方条例呢", "北京的标准呢": the region's own rule on what was asked,
# whatever the follow-up calls it
_KIND_OF_TEXT = re.compile(
    r"^(?:地方性?|本地|当地)?的?(?:条例|规定|法规|办法|政策|文件|标准|要求|做法|情况)$"
)


def _named(question: str) -> list[re.Match[str]]:
    """Where ``question`` names documents (each mention)."""
    return [
        m for name in document_mentions(question) for m in re.finditer(re.escape(name), question)
    ]


def _fixed(previous: str) -> list[tuple[int, int]]:
    """The spans of ``previous`` a swapped-in phrase or party never replaces:
    a document's name ("大型企业呢" does not rename 保障中小企业款项支付条例) and
    the subject it carried from before it ("（接上文：…第三点）")."""
    spans = [(m.start(), m.end()) for m in _named(previous)]
    carried = len(previous) - len(split_context(previous)[1])
    return [*spans, (0, carried)] if carried else spans


def swap_version(fragment: str, previous: str) -> str | None:
    """ "那2025年修订后的版本呢" after "旧版条例下，…最晚多久要付钱": the previous
    question asked of the other version."""
    new, old = _VERSION.search(fragment), _VERSION.search(previous)
    if new is None:
        return None
    rest = fragment.replace(new.group(), "", 1).strip("的那 ")
    rest = _SAME_ASK.sub("", QWORD.sub("", rest, count=1))  # "是怎么规定的": asked alike
    if len(CJK.findall(rest)) > 4:
        return None  # more than a version: another question
    if old is None:  # the previous question named none: it was of the current one
        return ask_of(f"{new.group()}{previous}")
    return ask_of(previous[: old.start()] + new.group() + previous[old.end() :])


# What a question asks when it asks what the previous one did, of another version.
_SAME_ASK = re.compile(r"^(?:规定|说|写|要求)的?|的$")


def version_only(question: str) -> bool:
    """ "旧版是怎么规定的？", "2020年版呢": a version is all it names of its own."""
    subject = split_question(question)[0].strip("那的 ")
    return bool(subject) and _VERSION.fullmatch(subject) is not None


def echoes(rest: str, question: str) -> bool:
    """Does ``rest`` mostly repeat what ``question`` already asks ("辖区的中级法院"
    after "…的中级人民法院管辖…")? Then it adds nothing to swap in."""
    grams = [rest[i : i + 2] for i in range(len(rest) - 1)]
    return bool(grams) and sum(g in question for g in grams) / len(grams) >= 0.5


def _nounish(flag: str) -> bool:
    # a verbal noun modifies a noun as a noun does (竞争性谈判小组, 采购合同)
    return flag[:1] == "n" or flag in ("j", "eng", "vn")


# The parties a rule is written for: one replaces another ("大型企业呢" after
# "机关、事业单位的付款期限"), a list of them replaced whole.
_PARTY = (
    r"(?:国家)?机关|事业单位|大型企业|中小企业|中小微企业|小型微型企业|小微企业|国有企业|"
    r"民营企业|外商投资企业|外资企业|个体工商户|非居民企业|居民企业|供应商|采购人"
)
_PARTIES = re.compile(rf"(?:{_PARTY})(?:(?:、|和|及|与|或者?|以及)(?:{_PARTY}))*")
# "如果买方是大型企业": the party, in the role the last question gave another
_IF_IT_IS = re.compile(r"^(?:如果|要是|假如|若)?(?:[\u4e00-\u9fff]{1,3}?是)?")


def swap_party(fragment: str, previous: str) -> str | None:
    """ "大型企业呢" (or "如果买方是大型企业呢") after "…对机关、事业单位的付款期限
    怎么规定": the previous question asked of the party the follow-up names
    (never inside ``_fixed``)."""
    new = _PARTIES.fullmatch(_IF_IT_IS.sub("", fragment.strip("那的 "), count=1))
    if new is None:
        return None
    names = _fixed(previous)
    for old in _PARTIES.finditer(previous):
        if any(a <= old.start() < b for a, b in names) or old.group() == new.group():
            continue
        return ask_of(previous[: old.start()] + new.group() + previous[old.end() :])
    return None


_PARALLEL = 3  # characters: the modifier of a compound of the same make (人才 in 人才链)


def swap_phrase(fragment: str, previous: str) -> str | None:
    """Replace the phrase in ``previous`` that shares ``fragment``'s head noun."""
    import_jieba()
    import jieba.posseg as posseg  # loads jieba's dictionary: only when needed

    names = _fixed(previous)
    for size in range(len(fragment) - 1, 1 if names else 0, -1):
        head, modifier = fragment[-size:], fragment[:-size]
        at = next(
            (
                m.start()
                for m in re.finditer(re.escape(head), previous)
                if not any(a <= m.start() < b for a, b in names)
            ),
            -1,
        )
        # A head is a noun, not a particle ("转化的" shares only 的 with "浙江的").
        if at < 0 or not CJK.search(head.strip("的之呢吗")):
            continue
        spans, pos = [], 0
        for word, flag in posseg.lcut(previous):
            spans.append((pos, pos + len(word), flag, word))
            pos += len(word)
        # The replaced phrase runs back from the head over noun words
        # ("人工智能本科专业"), stopping at a verb, measure word or punctuation;
        # an ordinal only replaces an ordinal (第一巡回法庭 → 第二巡回法庭).
        start = next((s for s, e, _, _ in spans if s < at < e), at)
        before = [(s, word) for s, e, _, word in spans if e == start or s == start < at]
        if modifier.startswith("第") and before and before[-1][1].startswith("第"):
            return ask_of(previous[: before[-1][0]] + modifier + previous[at:])
        parallel = previous[max(0, at - len(modifier)) : at]
        short = len(modifier) <= _PARALLEL
        # ... where a word begins: "工会经费" after 职工福利费 is no 职+工会经费
        begins = any(b == at - len(modifier) for b, _, _, _ in spans)
        if (
            size == 1
            and short
            and begins
            and len(parallel) == len(modifier)
            and all(map(CJK.match, parallel))
        ):
            # one shared character: a compound of the same make ("人才链" for
            # 创新链, which jieba cuts 创新/链断裂) — its modifier is replaced
            return ask_of(previous[: at - len(modifier)] + modifier + previous[at:])
        for s, e, flag, _ in reversed(spans):
            if e > start:
                continue
            if e != start or not _nounish(flag):
                break
            start = s
        return ask_of(previous[:start] + modifier + previous[at:])
    return None


def ask_of(text: str) -> str:
    text = text.rstrip("?？ ")
    return f"{text}？" if CJK.search(text) else f"{text}?"


ARTICLE_REF = re.compile(
    r"(?:它的|其|该法的?|该条例的?|本法的?)?"
    r"(第[^条款项，。？?]{1,8}(?P<unit>[条款项])(?:之[一二三四五六七八九十]+)?)"
)


def swap_document(fragment: str, tail: str, previous: str, cited: str = "") -> str | None:
    """A follow-up that names another document ("那税收征收管理法呢？") or
    another article ("那第五条呢？", "它的第四十三条呢？") asks the previous
    question of it: the previous question with that name or number swapped."""
    named = document_mentions(fragment)
    mentioned = document_mentions(previous)
    if named and mentioned and TRAIL.sub("", fragment) in (named[0], f"{named[0]}的"):
        # the old document's version ("2020年版…") is not the new one's
        versioned = rf"(?:(?:19|20)\d\d年?(?:版|修订|修正)(?:后)?的?)?{re.escape(mentioned[0])}"
        return ask_of(re.sub(versioned, lambda _: named[0], previous, count=1))
    # an article of the document the previous question named, else of the one
    # its answer cited ("那第五十四条呢？" after an answer from 政府采购法)
    before = mentioned or ([cited] if cited else [])
    article = ARTICLE_REF.fullmatch(TRAIL.sub("", fragment))
    if article:
        # 第二款 replaces the previous 第一款, 第三项 its 第一项, 第五条 its article
        label, unit = article.group(1), article.group("unit")
        old = re.search(rf"第[^条款项，。？?]{{1,8}}{unit}(?:之[一二三四五六七八九十]+)?", previous)
        if old:
            return ask_of(previous[: old.start()] + label + previous[old.end() :])
        if unit == "条" and before:
            return ask_of(f"{before[0]}{label}规定了什么")
    return None


# How a text rules, asked of nothing else: "是怎么规定的", "有什么要求";
# or its figure, asked of nothing else: "浙江的条例是多少", "北京的规定要求是多少".
_HOW_RULED = re.compile(
    r"(?:国家|省级?|市级?|地方)?(?:层面|层级)?的?(?:又|还)?(?:是|又是)?"
    r"(?:怎么|如何|怎样)(?:规定|定|写|说|要求|讲)的?|有(?:什么|哪些|何)(?:规定|要求|说法)|"
    r"(?:(?:国家|省级?|市级?|地方)的?){0,2}(?:条例|规定|法规|办法)?(?:的?要求|规定的?)?"
    r"(?:又|还)?(?:是|为)?多少"
)
# "浙江的规定比例是多少？" after a question of a 比例: the noun the last
# question asked of names no new thing (a noun it did not ask of does).
_FIGURE_NOUN = re.compile(
    r"(?:比例|比率|金额|数额|标准|期限|时限|税率|罚款|额度|上限|下限)(?=(?:又|还)?(?:是|为)?多少)"
)
# The level of the text the last question asked of ("国家法律规定…"): the
# name swapped in takes its place.
_LEVEL = re.compile(r"^(?:国家|全国|中央)(?:层面|法律|法规)?的?")
# "按…法，…" with the text swapped out: the 按 of no text left
_BY = re.compile(r"^(?:按照?|根据|依照|依据)[，,]?")


def names_only(q: str, previous: str = "") -> bool:
    """Does the question (without its leading 那) name a text or a place and
    ask only how it rules ("国家层面的科学技术进步法是怎么规定的？")?"""
    q = _without_asked_noun(q, previous)
    names = document_mentions(q)
    places = regions_in(q)
    if not names and not places:
        return False
    rest = q
    for name in sorted([*names, *places], key=len, reverse=True):
        rest = rest.replace(name, "")
    rest = _HOW_RULED.sub("", TRAIL.sub("", rest))
    # "浙江那边是怎么规定的": where, said again
    return not CJK.search(re.sub(r"[《》里中的]|[那这]边|[那这]里|方面", "", rest))


def _without_asked_noun(q: str, previous: str) -> str:
    noun = _FIGURE_NOUN.search(q)
    # "北京的标准是多少" after "…预留多少份额": 标准 stands for the figure asked
    generic = noun is not None and noun.group() == "标准" and HOW_MANY.search(previous)
    if noun is None or (noun.group() not in previous and not generic):
        return q
    return q[: noun.start()] + q[noun.end() :]


def swap_names(q: str, previous: str) -> str | None:
    """ "山东是怎么规定的？" after a question of 浙江's: the last question, asked
    of the text or place this one names (None when it asks more than how)."""
    asked = split_context(previous)[1]
    q = _without_asked_noun(q, asked)
    if not _HOW_RULED.search(q) or not names_only(q):
        return None
    for name in sorted([*document_mentions(asked), *regions_in(asked)], key=len, reverse=True):
        asked = asked.replace(name, "")
    names = [*document_mentions(q)] or [*regions_in(q)]
    asked = _LEVEL.sub("", _BY.sub("", asked.lstrip("的对在")))
    return f"{''.join(names)}{asked}"


# "实施条例里说补偿按什么标准？": the implementing rules of the text spoken of.
_RULES_OF_IT = re.compile(r"^(?:那|那么)?(?:它的|其|该法的?)?(实施(?:条例|细则|办法))")


def implementing_rules(question: str, previous: str, cited: str) -> str:
    """ "实施条例里…" after a question of 外商投资法 (or an answer citing it):
    the question, naming 外商投资法实施条例 (``question`` when it names no such rules)."""
    q = normalize_text(question)
    m = _RULES_OF_IT.match(q)
    named = next(iter(document_mentions(split_context(previous)[1])), "") or cited
    if m is None or not named or named.endswith(m.group(1)):
        return question
    return f"{named}{q[m.start(1) :]}"
