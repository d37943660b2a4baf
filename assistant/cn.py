"""Facts about Chinese text that several modules share: numerals and the
names of provinces and major cities."""

from __future__ import annotations

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS) + "".join(BIG_UNITS)

PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江",
    "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东",
    "广西", "海南", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏",
    "新疆", "台湾",
)  # fmt: skip
CITIES = ("深圳", "厦门", "宁波", "青岛", "大连", "南宁", "柳州", "桂林")


def chinese_number(text: str) -> float | None:
    """三十 → 30, 一百二十 → 120, 五百万 → 5000000, 二〇二〇 → 2020 (digit by
    digit, as years are written); None when ``text`` is not a numeral."""
    if not text or any(ch not in NUMERAL_CHARS for ch in text):
        return None
    if len(text) > 1 and all(ch in DIGITS for ch in text):
        return float("".join(str(DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in UNITS:
            section += (digit or 1) * UNITS[ch]
            digit = 0
        else:
            total += (section + digit) * BIG_UNITS[ch]
            section, digit = 0, 0
    return float(total + section + digit)
