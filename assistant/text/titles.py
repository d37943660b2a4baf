"""How documents are named and cited: titles, document types, 文号, and the
references (《title》, 桂政发〔2024〕5号) a text makes.

One table of document types and one 文号 pattern serve ingest (a document's
own metadata), retrieval (a question naming a document or a kind of
document) and the cited-document view (what the corpus cites, present or
missing).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from assistant.records import ChunkRecord
from assistant.text.normalize import match_form
from assistant.text.places import REGION_PREFIX
from assistant.text.versions import NTH_REVISION

__all__ = [
    "DOCUMENT_REF_TYPES",
    "DOC_NUMBER_RE",
    "DOC_TYPES",
    "TITLE_ENDINGS",
    "Cite",
    "RefType",
    "Reference",
    "citation_rows",
    "citations_from_rows",
    "classify_title",
    "doc_type_of",
    "document_citations",
    "document_mentions",
    "find_references",
    "name_key",
    "normalise_doc_number",
    "title_key",
    "unpointed",
]

# Title endings → document type, longest first (实施意见 wins over 意见). A
# document whose own title ends in 研究/分析 is a research report.
_TYPE_ENDINGS: tuple[tuple[str, str], ...] = (
    ("实施意见", "实施意见"), ("指导意见", "指导意见"), ("实施细则", "实施细则"),
    ("实施办法", "实施办法"), ("暂行办法", "办法"), ("实施方案", "实施方案"),
    ("行动方案", "行动方案"), ("工作方案", "工作方案"), ("意见", "意见"), ("方案", "方案"),
    ("措施", "措施"), ("条例", "条例"), ("办法", "办法"), ("规定", "规定"), ("通知", "通知"),
    ("决定", "决定"), ("报告", "报告"), ("细则", "细则"), ("规划", "规划"), ("纲要", "纲要"),
    ("计划", "计划"), ("指引", "指引"), ("指南", "指南"), ("公告", "公告"), ("通告", "通告"),
    ("批复", "批复"), ("决议", "决议"), ("规则", "规则"), ("安排", "安排"), ("解释", "解释"),
    ("清单", "清单"), ("目录", "目录"), ("要点", "要点"), ("标准", "标准"), ("法", "法"),
    ("函", "函"), ("研究", "报告"), ("分析", "报告"),
)  # fmt: skip
DOC_TYPES = tuple(dict.fromkeys(t for _, t in _TYPE_ENDINGS))
TITLE_ENDINGS = tuple(e for e, _ in _TYPE_ENDINGS)
LAW_TYPES = frozenset({"法", "条例"})
REPORT_TYPES = frozenset({"报告"})

_NATIONAL = "中华人民共和国"
_BRACKETS = str.maketrans("", "", "《》〈〉<>“”\"'「」『』")
# A version tag at the end of a title or file stem: (2020-07-05), （2025年修订）.
_VERSION_TAG = re.compile(
    r"[(（](?:\d{4}-\d{2}-\d{2}|(?:\d{4}年?)?[^()（）]*(?:修订|修正|版))[)）]$"
)


def doc_type_of(title: str) -> str:
    """The document type named by the title's ending (意见, 条例, 办法, …)."""
    title = re.sub(r"[（(][^）)]*[）)]$", "", title.strip())
    return next((kind for ending, kind in _TYPE_ENDINGS if title.endswith(ending)), "")


def title_key(title: str) -> str:
    """A title as compared across versions and citations: NFKC, no spaces,
    brackets or quotes, no 中华人民共和国 prefix, no trailing version tag."""
    key = unicodedata.normalize("NFKC", title)
    key = re.sub(r"\s", "", key).translate(_BRACKETS)
    return _VERSION_TAG.sub("", key).replace(_NATIONAL, "")


def name_key(text: str) -> str:
    """A name as a question contains it: ``match_form`` without brackets or quotes."""
    return match_form(text).translate(_BRACKETS)


# --- documents a question names ------------------------------------------------------

# Unquoted names end in a type word: 法 and 条例 only after a subject (方法,
# 依法, 违法 are words); 规定/决定/解释 only in the "关于…的规定" form (本法规定
# is a verb); the weak types (措施, 意见, 方案…) only when quoted.
_MENTION = re.compile(
    r"民法典|[\u4e00-\u9fffA-Za-z0-9〈〉]{2,40}?"  # 民法典: the one code, named short
    r"(?:(?:实施细则|实施办法|实施条例|暂行办法|暂行规定|管理规定|若干规定|条例|法典|办法|工作报告)"
    r"|法(?![律院人定庭官治制务]|规(?!定)))"
    r"(?:实施细则|实施办法|实施条例)?"
    r"|(?:最高人民法院|国务院)?关于(?![是在对这那如若])[\u4e00-\u9fff]{2,40}?的[\u4e00-\u9fff]{0,4}?"
    r"(?:规定|决定|安排|解释|意见|通知|方案|措施|办法|批复)"
    # "涉外民商事案件管辖若干问题的规定": a judicial text named without its 关于
    r"|[\u4e00-\u9fff]{2,30}?若干问题的(?:规定|解释)"
)
_TYPE_WORDS = (
    "实施细则|实施办法|实施条例|暂行办法|暂行规定|管理规定|若干规定|条例|法典|办法|工作报告|法"
)
# A name that says only what kind of document it is.
_KIND_ONLY = re.compile(
    r"(?:实施|行动|工作)?(?:意见|方案|通知|措施|政策措施|规划|决定|办法|条例|规定|法|细则|纲要|计划|报告|公告)"
)
_NOT_NAMES = re.compile(
    r"(?:方|做|合|依|违|执|立|司|非|用|写|算|手|看|无|设|说|想|疗|语|文|书|兵|魔|宪|提|讲|叫|玩)法$|最高法$"
    # a method (最低评标价法, 综合评分法), or this very law (…取得本法)
    r"|(?:价|分|比|本|该|此)法$|(?:本|该|此)条例$"
    r"|[没未]有?(?:约定|制定|订立|[定制立订])"  # "单位没(约)定奖励办法的话": a rule not made is no title
    r"|没"  # "学校也没有奖励办法": a rule lacking is no title (no title says 没)
    r"|^(?:相关|有关|哪些|什么|哪个|这个|该|本|上述|前述|各项|其他|具体|地方|法律|相应|此|某)"
    r"|^国家(?:有关|相关|规定|的|其他|各项)|^国家(?:条例|法律|法规|政策|文件)$"
    # a question, not a name ("人才培养上有什么办法")
    r"|什么|哪些|哪个|哪一?部|怎么|如何|多少|是否|有没有|啥"
    # a description, not a name ("…预留本地的条例"): titles hold no 的 before
    # 条例/办法 unless of the 关于…的 form
    r"|^(?!.*关于).*的(?:地方性?)?(?:条例|办法)$"
    # a region's document named by its region alone ("河南的条例"): the region rule judges it
    r"|"
    + REGION_PREFIX.pattern
    + r"(?:本地|当地|自己)?(?:的|里的|那个|这个)?(?:地方性?)?(?:条例|办法|规定)$"
)
# What may stand before a name: a clause ("根据…，"), a conjunction, a pronoun,
# and qualifiers of the version (新修订的, 2020年版的).
_LEAD_WORDS = re.compile(
    r"^(?:.*(?:根据|按照|依照|依据|对照|参照|对于|除了|，|,|、|\s|在|我们|我司|咱们|按"
    r"|(?:适用|遵守|违反)(?=[\u4e00-\u9fff]{3})))?"
    r"(?:出自|来自|源自|引自|见于|来源[是于]|[这那就]?是|和|与|及|或|那么|那|还有|它的|该|按|依|据|在|从)?"
    r"(?:(?:新|现行|旧|旧版|老版|最新|新修订|修订后|修订前|修订|修正后|修正前|修正|原来|原先|原|"
    rf"{NTH_REVISION}(?:修订|修正)|"
    # "2020年版的", "2024年12月通过的": the version's date
    r"(?:19|20)\d{2}年?(?:\d{1,2}月(?:\d{1,2}日)?)?(?:通过|公布|颁布|发布)?版?|"
    r"[那这该]?[一个]?版本?)的?)*"
)

_POINTED = re.compile(r"(?<=的)[这那该此][个部项份]?(?=规定|意见|通知|决定|条例|办法)")


def unpointed(text: str) -> str:
    """ "关于…管辖的这个规定" → "关于…管辖的规定": a name pointed at is the name."""
    return _POINTED.sub("", text)


def document_mentions(question: str) -> list[str]:
    """Document names a question mentions: 《quoted》 ones, and unquoted names
    ending in 法/条例/办法 or of the "关于…的规定" form ("根据建筑法，…" → 建筑法;
    a short form such as 款项支付条例 is matched against indexed titles by
    containment)."""
    # 《意见》 alone names a kind of document, not one
    quoted = [m.group(1).strip() for m in re.finditer(r"《([^》]{2,60})》", question)]
    found = [q for q in quoted if not _KIND_ONLY.fullmatch(q)]
    rest = re.sub(r"《[^》]*》", "，", question)
    for m in _MENTION.finditer(rest):
        name = _LEAD_WORDS.sub("", m.group())
        name = re.sub(r"^(?:的|之|了|是|对)+", "", name)
        name = unpointed(name)
        core = re.sub(rf"(?:{_TYPE_WORDS})+$", "", name)
        if (
            len(core) >= (1 if name.endswith("法典") else 2)
            and not _NOT_NAMES.search(name)
            and not core.startswith("版")
        ):
            found.append(name)
    return list(dict.fromkeys(found))


# --- 文号 ----------------------------------------------------------------------------

DOC_NUMBER_RE = re.compile(
    r"(?P<org>[\u4e00-\u9fff]{1,12})\s*[〔\[［(（【]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]］)）】]"
    r"\s*(?P<n>\d{1,4})\s*号"
)
# Words that end the prose before a 文号's issuer abbreviation.
_ORG_LEAD = re.compile(r".*(?:出台|印发|发布|根据|依据|按照|参照|详见|见|的|和|及|与|了|以|为|在)")


def _trim_org(org: str) -> str:
    org = _ORG_LEAD.sub("", org) or org
    return org[-8:]


def normalise_doc_number(number: str) -> str:
    """桂政发[2024]5号 / 桂政发（2024）05号 → 桂政发〔2024〕5号; text that holds no
    文号 comes back without whitespace."""
    m = DOC_NUMBER_RE.search(number)
    if not m:
        return re.sub(r"\s", "", number)
    return f"{_trim_org(m.group('org'))}〔{m.group('year')}〕{int(m.group('n'))}号"


# --- references in a text ----------------------------------------------------------

RefType = Literal["law", "policy", "report", "project", "publication", "doc_number", "other"]
DOCUMENT_REF_TYPES = ("law", "policy", "doc_number")
# Cited titles that name periodicals or statistics, not documents.
_REPORT_ENDINGS = ("报告", "公报", "年鉴", "白皮书", "蓝皮书", "统计", "数据")
_PUBLICATION_ENDINGS = ("研究", "参考", "动态", "通讯", "简报", "学报", "杂志", "期刊", "论坛",
                        "周刊", "月刊", "日报")  # fmt: skip
_POLICY_EXTRA_ENDINGS = ("领域", "政策")  # cited programme names: 《…重点领域》


@dataclass(frozen=True)
class Reference:
    text: str  # the cited title (without 《》) or the normalised 文号
    raw: str  # exactly as written, e.g. 《广西实施新一轮工业振兴三年行动方案》
    start: int
    end: int
    ref_type: RefType

    @property
    def key(self) -> str:
        if self.ref_type == "doc_number":
            return normalise_doc_number(self.text)
        return title_key(self.text)


def classify_title(title: str, before: str = "") -> RefType:
    """What kind of publication a cited 《title》 names; ``before`` is the text
    just ahead of it (合作课题《…》 is a project)."""
    core = title_key(title)
    if "课题" in before[-8:]:
        return "project"
    if core.endswith(_REPORT_ENDINGS) or "统计公报" in core:
        return "report"
    if core.endswith(_PUBLICATION_ENDINGS):
        return "publication"
    kind = doc_type_of(core)
    if kind in LAW_TYPES or (kind == "决定" and re.search("法|条例", core)):
        return "law"  # 关于修改〈…法〉的决定 amends a law
    if (kind and kind not in REPORT_TYPES) or core.endswith(_POLICY_EXTRA_ENDINGS):
        return "policy"
    return "other"


def _titles(text: str) -> list[tuple[int, int]]:
    """Spans of outermost 《…》, nesting allowed (河南省实施《中小企业促进法》办法)."""
    spans, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "《":
            if depth == 0:
                start = i
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
        elif ch == "\n" and depth:
            depth = 0  # an unclosed 《 does not swallow the rest of the text
    return spans


def find_references(text: str) -> list[Reference]:
    """Cited titles and 文号 in text, in order of appearance."""
    refs = []
    for s, e in _titles(text):
        inner = text[s + 1 : e - 1].strip()
        if len(title_key(inner)) < 2:
            continue
        refs.append(
            Reference(inner, text[s:e], s, e, classify_title(inner, text[max(0, s - 8) : s]))
        )
    for m in DOC_NUMBER_RE.finditer(text):
        org = _trim_org(m.group("org"))
        start = m.end("org") - len(org)
        raw = text[start : m.end()]
        refs.append(Reference(normalise_doc_number(raw), raw, start, m.end(), "doc_number"))
    return sorted(refs, key=lambda r: r.start)


# (section, chunk id, reference): what one passage of a document cites.
Cite = tuple[str, str, Reference]


def document_citations(chunks: Sequence[ChunkRecord]) -> list[Cite]:
    """Everything a document's chunks cite (read once, at ingest)."""
    return [(c.section, c.chunk_id, ref) for c in chunks for ref in find_references(c.text)]


def citation_rows(cites: Sequence[Cite]) -> tuple[tuple[Any, ...], ...]:
    """``document_citations`` as plain rows, to keep in a document record."""
    return tuple(
        (section, chunk_id, r.text, r.raw, r.start, r.end, r.ref_type)
        for section, chunk_id, r in cites
    )


def citations_from_rows(rows: Sequence[Sequence[Any]]) -> list[Cite]:
    return [
        (str(section), str(chunk_id), Reference(str(text), str(raw), int(s), int(e), ref_type))
        for section, chunk_id, text, raw, s, e, ref_type in rows
    ]
