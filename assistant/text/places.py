"""Places: provinces, major cities and the province each city is in.

One list for every use — which region a document or a measure belongs to, a
region named in a question, a follow-up that swaps one region for another,
where a firm is registered.
"""

from __future__ import annotations

import re

__all__ = [
    "CITIES",
    "PROVINCES",
    "REGIONS",
    "REGION_PREFIX",
    "SCOPES",
    "SEPARATE_JURISDICTIONS",
    "ethnic_autonomous",
    "own_region",
    "province_of",
    "region_in",
    "regions_in",
    "same_region",
    "zones_in",
]

PROVINCES = (
    "北京", "天津", "上海", "重庆", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江",
    "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东",
    "广西", "海南", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏",
    "新疆", "台湾", "香港", "澳门",
)  # fmt: skip
# Outside mainland law: national laws do not reach them, unlike a province.
SEPARATE_JURISDICTIONS = ("香港", "澳门", "台湾")
# Cities a document, a question or a firm names on their own, with their province.
_CITY_PROVINCE = {
    "深圳": "广东", "广州": "广东", "珠海": "广东", "汕头": "广东", "东莞": "广东", "佛山": "广东",
    "厦门": "福建", "福州": "福建", "宁波": "浙江", "杭州": "浙江", "温州": "浙江",
    "青岛": "山东", "济南": "山东", "大连": "辽宁", "沈阳": "辽宁", "南京": "江苏", "苏州": "江苏",
    "无锡": "江苏", "武汉": "湖北", "长沙": "湖南", "成都": "四川", "西安": "陕西", "郑州": "河南",
    "洛阳": "河南", "合肥": "安徽", "南昌": "江西", "昆明": "云南", "贵阳": "贵州", "石家庄": "河北",
    "太原": "山西", "哈尔滨": "黑龙江", "长春": "吉林", "兰州": "甘肃", "西宁": "青海",
    "银川": "宁夏", "乌鲁木齐": "新疆", "拉萨": "西藏", "呼和浩特": "内蒙古", "海口": "海南",
    "三亚": "海南", "南宁": "广西", "柳州": "广西", "桂林": "广西", "北海": "广西", "梧州": "广西",
    "钦州": "广西", "防城港": "广西", "玉林": "广西", "百色": "广西", "浦东": "上海",
    "海淀": "北京", "朝阳区": "北京", "中关村": "北京",
}  # fmt: skip
CITIES = tuple(_CITY_PROVINCE)
REGIONS = PROVINCES + CITIES
# A whole area rather than a region ("在全国排第几", "那全省呢").
SCOPES = ("全国", "全省", "全市", "全区")
# A region's formal name in a title or an issuer: 广西壮族自治区, 深圳经济特区, 北京市.
REGION_PREFIX = re.compile(
    "^(?:" + "|".join(REGIONS) + r")(?:壮族自治区|回族自治区|维吾尔自治区|自治区|"
    r"特别行政区|经济特区|省|市)?"
)


def region_in(text: str) -> str:
    """The first province, else city, named in ``text`` ('' when none: national)."""
    return next((name for name in REGIONS if name in text), "")


def own_region(title: str, issuer: str = "") -> str:
    """The region a document is of — named in its title, else in its issuer
    ('' for a national one)."""
    return region_in(title) or region_in(issuer)


def regions_in(text: str) -> tuple[str, ...]:
    """Every province and city named in ``text``."""
    return tuple(name for name in REGIONS if name in text)


# Named areas beyond the province and city list (黔中经济区, 北部湾经济区,
# 粤港澳大湾区): two characters of the name and the kind of area are enough
# to tell whether a sentence speaks of it ("哪个经济区" asks for one, naming none).
_ZONE = re.compile(
    r"(?!哪个|哪些|哪一|什么|这个|那个|某个|各个|一个)[\u4e00-\u9fff]{2}"
    r"(?:经济区|经济带|经济圈|城市群|都市圈|自贸区|湾区)"
)


def zones_in(text: str) -> tuple[str, ...]:
    """Every named area (``_ZONE``) in ``text``: "黔中经济区" for 黔中经济区."""
    return tuple(dict.fromkeys(_ZONE.findall(text)))


# The five autonomous regions; an 自治州/自治县/自治旗 is named as such.
_AUTONOMOUS_PROVINCES = ("广西", "内蒙古", "宁夏", "新疆", "西藏")
_AUTONOMOUS_AREA = re.compile(r"自治区|自治州|自治县|自治旗")


def ethnic_autonomous(where: str) -> bool | None:
    """Is ``where`` (a firm's region) in a 民族自治地方? None when it names no
    place this can tell (a city of a province may hold an 自治县 unnamed)."""
    if not where:
        return None
    if _AUTONOMOUS_AREA.search(where):
        return True
    named = [*regions_in(where), *(p for p in PROVINCES if p in where)]
    if {province_of(r) for r in named} & set(_AUTONOMOUS_PROVINCES):
        return True
    # A city this module knows is none; a province alone may hide one.
    return False if any(r in _CITY_PROVINCE for r in named) else None


def province_of(region: str) -> str:
    """The province of a city (深圳 → 广东); a province is its own."""
    return _CITY_PROVINCE.get(region, region)


def same_region(measure_region: str, where: str) -> bool:
    """Does a measure of ``measure_region`` cover a firm located at ``where``
    ("广西壮族自治区南宁市", "深圳")? A province's measure covers its cities; a
    city's measure covers that city only."""
    if not measure_region or not where:
        return False
    if measure_region in where:
        return True
    if measure_region in PROVINCES:
        return any(province_of(r) == measure_region for r in regions_in(where))
    return False
