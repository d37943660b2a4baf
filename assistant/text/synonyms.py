"""Words policy texts and their readers use for the same thing (生效 for 施行,
个体户 for 个体工商户, 百强 for 100强, 偏高 for 较高): a term is found when any
of its forms is, and keyword search is given the texts' own words."""

from __future__ import annotations

import re

from assistant.text.normalize import match_form
from assistant.text.numbers import chinese_number
from assistant.text.terms import question_terms

__all__ = ["SYNONYMS", "forms", "text_forms"]

# Words policy texts and their readers use for the same thing; a term is found
# when any of its forms is (生效 for 施行, 个体户 for 个体工商户).
_SAME = (
    ("施行", "生效", "实施"),
    ("支付", "付款", "付钱", "付给", "结账", "打款"),
    ("交付", "交货"),
    ("款项", "货款", "欠款"),
    ("小型微型企业", "小微企业"),
    ("个体工商户", "个体户"),
    ("外商投资企业", "外资企业"),
    ("研究开发", "研发"),
    ("国有企业", "国企"),
    ("民营企业", "民企"),
    ("时限", "期限", "保护期", "保护期限"),
    ("截至", "截止", "截止至", "截止到"),
    ("企业", "公司"),
    ("生产总值", "gdp"),
    ("成立", "设立", "创立", "创办"),
    ("相比", "对比", "比较", "相较"),
    ("维度", "角度"),
    ("起诉", "提告", "诉讼"),  # 提告: how Taiwan says 起诉
    ("高校", "大学", "高等院校", "高等学校"),
    ("省份", "省市", "省区"),  # "全国31个省份" is the report's 31个省市
    ("平均", "年均"),  # "平均每年增长多少" is the text's 年均增长
    ("增长", "成长"),  # 成長: how Traditional-Chinese readers say 增长
    # how a reader says it and how the law does: 交税 is 缴纳税款, 缓一缓 延期
    ("缴纳", "交纳", "缴", "交"),
    ("延期", "延缓", "暂缓", "缓缴", "缓"),
    ("销售", "出售", "卖"),
    ("自行", "自己"),  # "自己实施转化" is the text's 自行实施
    ("第三方", "业主"),  # "等业主付款再付分包款": the payment of a third party
)
SYNONYMS: dict[str, tuple[str, ...]] = {w: g for g in _SAME for w in g}
# A reader's word the texts never use: searched by its group's first word, the
# texts' own (the other words of a group are the texts' own too).
_READERS = frozenset({"交", "缓", "卖", "业主", "付钱", "结账", "打款", "交货", "货款"})
# A degree said three ways: "占比偏大" is the text's "占比较大" (and 过大).
_DEGREE = re.compile(r"[偏较过]([高低大小多少强弱快慢重轻])")
# "县政府" as the texts say it: 县人民政府, 县级以上（地方）人民政府.
_GOVERNMENT = re.compile(r"([省市县区乡镇])政府")
_GOVERNMENT_LEVELS = ("", "级", "级以上", "级以上地方")
# A numeral with a unit, written in digits by the texts: 百强 is 100强 (not 一般, 三是).
_COUNTED = re.compile(
    r"([一二三四五六七八九]?[十百千][一二三四五六七八九十百千]*)([^一二三四五六七八九十百千万亿\d]+)"
)


def forms(term: str) -> tuple[str, ...]:
    """``term`` and the other words for it."""
    if m := _DEGREE.fullmatch(term):
        return tuple(f"{d}{m.group(1)}" for d in "偏较过")
    if (m := _COUNTED.fullmatch(term)) and (n := chinese_number(m.group(1))):
        return (term, f"{n:g}{m.group(2)}")
    if m := _GOVERNMENT.fullmatch(term):
        level = m.group(1)
        return (term, *(f"{level}{middle}人民政府" for middle in _GOVERNMENT_LEVELS))
    return SYNONYMS.get(term, (term,))


def text_forms(question: str) -> list[str]:
    """The texts' words for a reader's (卖 → 销售, 业主 → 第三方, "几个点" of a
    tax → 税率): what keyword search would otherwise miss."""
    q = match_form(question)
    out = [
        f for t, _ in question_terms(question) if t in _READERS and (f := SYNONYMS[t][0]) not in q
    ]
    if _POINTS.search(q):  # "增值税是几个点": percentage points of a rate
        out.append("税率" if "税" in q else "比例")
    return list(dict.fromkeys(out))


_POINTS = re.compile(r"(?:几|多少)个(?:百分)?点")
