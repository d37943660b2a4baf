"""What the chosen sentences do not say, though they are the closest: a
content of another year than the one asked, a contact or personal detail or
a name asked for, a ranking of another size ("中国企业500强"), a numbered
thing ("第六巡回法庭") no passage names, another level of recognition or
another tax than the one named, the other end of a superlative, a place in
a ranking.

The extractive answer then says what the corpus lacks and quotes what it
does say (``unsaid``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answer.asked import ASKED_YEAR, asked_years, of_years
from assistant.answer.coverage import content_of
from assistant.answer.evidence import Scored
from assistant.records import Passage
from assistant.text import Ask, context_of, english_terms, match_form, parse_number, to_chinese

__all__ = ["unsaid", "with_contact"]


def _of_another_year(
    ask: Ask, passages: Sequence[Passage], chosen: Sequence[Scored]
) -> Scored | None:
    """The chosen sentence dated by another year than the one asked of, when
    none of them holds that year (None otherwise)."""
    if not asked_years(ask):
        return None
    if any(of_years(ask, passages[s.passage_index], s) for s in chosen):
        return None
    return next((s for s in chosen if ASKED_YEAR.search(s.sentence.text)), None)


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


# Contact and personal details a question asks for, and what one looks like in the text.
_CONTACT_DETAILS = (
    (
        re.compile(r"网址|网站|链接|(?<![a-z])(?:website|url|web ?address)(?![a-z])", re.I),
        re.compile(r"https?://|www\.|\.gov\.cn|\.com"),
        "网址",
    ),
    (
        re.compile(r"邮箱|电子邮件|(?<![a-z])e-?mail(?![a-z])", re.I),
        re.compile(r"[\w.-]+@[\w-]+\.[\w.]+"),
        "电子邮箱",
    ),
    (
        re.compile(r"电话|热线|联系方式|(?<![a-z])(?:tele)?phone(?![a-z])", re.I),
        re.compile(r"\d{3,4}-?\d{7,8}|\d{5,}"),
        "电话",
    ),
)
_CONTACTS = (
    *_CONTACT_DETAILS,
    # a person's standing: the report names its author, not her post
    (
        re.compile(r"职称|职务|头衔|处室|科室|(?<![a-z])job ?title(?![a-z])", re.I),
        re.compile(r"职称|职务|[处科]长|主任|所长|院长|研究员|教授|工程师|经济师|[处科]室"),
        "职称、职务",
    ),
    # a partner asked by kind ("合作课题是跟哪家单位一起做的"): a body's name
    (
        re.compile(
            r"(?:跟|和|与|同)(?:哪家|哪个|哪些|什么)(?:单位|机构|大学|高校|公司)|"
            r"(?:哪家|哪个|哪些)(?:单位|机构)(?:一起|合作|联合|共同|牵头)"
        ),
        re.compile(
            r"[\u4e00-\u9fff]{2,}(?:大学|学院|研究院|研究所|研究中心|公司|集团|委员会|协会|学会|银行)"
        ),
        "合作单位",
    ),
    (
        re.compile(r"学历|学位|年龄|多大岁数|性别|籍贯|毕业于|哪所学校毕业"),
        re.compile(r"学历|学位|博士|硕士|学士|本科|\d+岁|籍贯|毕业"),
        "个人情况",
    ),
)


def _spaced(ask: Ask) -> str:
    """The question the contact cues read: an English one keeps its spaces
    ("our loan" is no "url")."""
    return ask.question.lower() if ask.english else match_form(ask.question)


def with_contact(ask: Ask, scored: Sequence[Scored], chosen: list[Scored]) -> list[Scored]:
    """The contact detail a question asks for ("编辑部邮箱是多少"): the best
    sentence giving one (the masthead's 电子邮箱 line), when the chosen ones,
    closer to the question's other words (编辑部地址), give none."""
    question = _spaced(ask)
    for asks, looks, _ in _CONTACT_DETAILS:
        if asks.search(question):
            if any(looks.search(s.sentence.text) for s in chosen):
                return chosen
            giving = next((s for s in scored if looks.search(s.sentence.text)), None)
            return [giving] if giving is not None else chosen
    return chosen


def _lacking_contact(ask: Ask, chosen: Sequence[Scored]) -> str:
    """The contact detail (网址, 电子邮箱, 电话) or personal one the question asks for that no
    chosen sentence gives ('' when it asks for none, or one gives it): "投诉
    平台的网址是什么" is not answered by the sentence that sets the platform up."""
    question = _spaced(ask)
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
# text (第二条, 第三项, 第二个), in a ranking (第二名, 第一位) nor a count of times
# (第四次修正).
_NUMBERED = re.compile(
    r"(?<![排列居])第(?:[一二三四五六七八九十百]+|\d+)(?![条款项章节编部个点是种类位名的次])[\u4e00-\u9fff]"
)


def _passages_said(passages: Sequence[Passage], chosen: Sequence[Scored]) -> list[str]:
    """What the chosen sentences' passages say, their context included."""
    said = [match_form(passages[s.passage_index].chunk.text) for s in chosen]
    return said + [context_of(passages[s.passage_index]) for s in chosen]


def _of_another_number(ask: Ask, passages: Sequence[Passage], chosen: Sequence[Scored]) -> str:
    """The numbered thing the question names that no chosen sentence's passage
    (nor its context) names ('' when each is named): "第六巡回法庭设在哪" is not
    answered by the sentence on the 第一 and 第二巡回法庭."""
    said = _passages_said(passages, chosen)
    asked = content_of(ask)
    for m in _NUMBERED.finditer(asked):
        first = m.group().replace("第一", "首")  # 第一批 is 首批
        if not any(m.group() in text or first in text for text in said):
            name = _NAME_END.match(asked, m.end() - 1)
            return m.group()[:-1] + (name.group() if name else m.group()[-1])
    return ""


# A river or lake named by one character before its kind (北江, 东江, 太湖);
# asked of as one by its parts ("北江干流": not the city 九江).
_WATER = re.compile(r"[\u4e00-\u9fff][江河湖]")
_ASKED_WATER = re.compile(
    _WATER.pattern + r"(?=干流|支流|流域|两岸|沿岸|水系|水域|[上中下]游|河段|湖区)"
)


def _of_another_water(ask: Ask, passages: Sequence[Passage], chosen: Sequence[Scored]) -> str:
    """The river or lake the question names that no chosen sentence's passage
    names, when the chosen sentences name others of its kind ('' otherwise):
    "北江干流两岸多少米" is not answered by the rules for 东江 and 韩江."""
    said = _passages_said(passages, chosen)
    quoted = "".join(match_form(s.sentence.text) for s in chosen)
    for m in _ASKED_WATER.finditer(content_of(ask)):
        name = m.group()
        others = {o for o in _WATER.findall(quoted) if o[-1] == name[-1] and o != name}
        if others and not any(name in text for text in said):
            return name
    return ""


# A ranking named by its size ("中国企业500强", "百强县").
_RANKED = re.compile(
    r"(?:进入|跻身|入选)?(?P<name>[\u4e00-\u9fff]{0,6}?(?P<lead>[\u4e00-\u9fff]{2})?"
    r"(?P<n>\d+|[一二三四五六七八九十百千]+)强)"
)


def _as_digits(m: re.Match[str]) -> str:
    return f"{int(parse_number(m.group()[:-1]) or 0)}强"


def _of_another_ranking(ask: Ask, passages: Sequence[Passage], chosen: Sequence[Scored]) -> str:
    """The ranking the question names by its size that no chosen sentence's
    passage names ('' otherwise): "中国企业500强" is not 广西企业100强; a size
    written in words (百强) is its number."""
    said = [
        re.sub(r"[一二三四五六七八九十百千]+强", _as_digits, t)
        for t in _passages_said(passages, chosen)
    ]
    for m in _RANKED.finditer(content_of(ask)):
        size = f"{int(parse_number(m.group('n')) or 0)}强"
        lead = m.group("lead")
        # a generic word may stand between ("制造业100强" is 制造业企业100强)
        named = (
            f"{lead}[\u4e00-\u9fff]{{0,3}}?{size}"
            if lead and lead[-1] not in "进入选身为是的"
            else size
        )
        if not any(re.search(named, text) for text in said):
            return re.split(r"[了的在]", m.group("name"))[-1]
    return ""


_NAME_END = re.compile(r"[\u4e00-\u9fff]{1,6}?(?=[的是在有由设为和与及]|[，,？?。\s]|$)")


# The level of government a thing is recognised at; a region's 自治区级 is its 省级.
_LEVEL = re.compile(r"国家级|省级|自治区级|市级|县级")
_SAME_LEVEL = {"省级": "省级|自治区级", "自治区级": "省级|自治区级", "国家级": "国家级|入选国家"}
# The sectors of the economy, by the names texts give them (GB/T 4754's
# divisions, and the three broad ones): a figure or measure of one is not
# another's ("支持服务业发展" is not answered by "支持工业发展").
_SECTORS = re.compile(
    r"制造业|服务业|工业|农业|林业|畜牧业|渔业|采矿业|建筑业|批发业|零售业|"
    r"交通运输业|仓储业|邮政业|住宿业|餐饮业|金融业|房地产业|租赁业|软件业|"
    r"第[一二三]产业"
)


# Fields of technology a report counts by (专业, 产业): a count of one is not another's.
_FIELDS = re.compile(
    r"人工智能|物联网|大数据|云计算|区块链|集成电路|工业互联网|元宇宙|量子|"
    r"生物医药|新材料|新能源汽车|新能源|电子信息|数字经济"
)


def _of_another(
    kind: re.Pattern[str], ask: Ask, chosen: Sequence[Scored], same: dict[str, str] | None = None
) -> str:
    """The value of ``kind`` (a level, a sector) the question names when the
    chosen sentences name another and not it (``same``: the patterns a value
    is also written as) — '' otherwise: a text that names none ("省、自治区、
    直辖市…") may still speak of it."""
    texts = [s.sentence.text for s in chosen]
    if not any(kind.search(t) for t in texts):
        return ""
    asked = content_of(ask)
    if ask.english:  # the Chinese names its words stand for
        asked += " " + " ".join(english_terms(ask.question))
    for value in dict.fromkeys(kind.findall(asked)):
        if not any(re.search((same or {}).get(value, value), t) for t in texts):
            return value
    return ""


def unsaid(
    ask: Ask, passages: Sequence[Passage], chosen: Sequence[Scored]
) -> tuple[Scored, str] | None:
    """(the chosen sentence to quote, what the corpus lacks) when the chosen
    sentences do not say what was asked — of another year than the one asked
    ("所问年份的内容"; a figure question was narrowed by year already), without
    the contact or personal detail or name asked for, of another ranking,
    numbered thing, level, sector or tax than the one named, of the other end of a
    superlative or without the place in a ranking asked — else None."""
    dated = _of_another_year(ask, passages, chosen) if ask.shape != "figure" else None
    if dated is not None:
        return dated, "所问年份的内容"
    contact = _lacking_contact(ask, chosen)
    if contact:  # "投诉平台的网址是什么": the sentence names the platform, not its address
        return chosen[0], contact
    if _lacking_name(ask, chosen):  # "实验室叫什么名字": the sentence says one was set up
        return chosen[0], "所问的名称"
    numbered = (
        _of_another_ranking(ask, passages, chosen)
        or _of_another_number(ask, passages, chosen)
        or _of_another_water(ask, passages, chosen)
    )
    if numbered:  # "第六巡回法庭设在哪": the corpus speaks of the first and second
        return chosen[0], f"所问“{numbered}”的内容"
    level = _of_another(_LEVEL, ask, chosen, _SAME_LEVEL) if ask.shape == "figure" else ""
    if level:  # "国家级单项冠军有几家": the corpus counts the region's own
        return chosen[0], f"所问“{level}”的内容"
    sector = _of_another(_SECTORS, ask, chosen) if ask.shape != "list" else ""
    if not sector and ask.shape == "figure":  # "大数据专业有几所": the corpus counts 人工智能's
        sector = _of_another(_FIELDS, ask, chosen)
    if sector:  # "每年统筹多少资金支持服务业": the corpus speaks of 工业
        return chosen[0], f"所问“{sector}”的内容"
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
