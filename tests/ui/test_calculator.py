"""The 政策计算器 tab's logic over a real store holding two short law extracts."""

from __future__ import annotations

import pytest

from assistant.errors import AssistantError
from assistant.store.store import Store
from ui.calculator import build_profile, calculate, measure_cards

LAW = """# 中华人民共和国企业所得税法

2018年12月29日 第十三届全国人民代表大会常务委员会第七次会议第二次修正

<!-- INFO END -->

## 第四章 税收优惠

第二十八条 符合条件的小型微利企业，减按20％的税率征收企业所得税。
"""
RULES = """# 中华人民共和国企业所得税法实施条例

2019年4月23日 国务院令第714号修订

<!-- INFO END -->

## 第四章 税收优惠

第九十二条 企业所得税法第二十八条第一款所称符合条件的小型微利企业，是指从事国家非限制和禁止行业，并符合下列条件的企业：

(一)工业企业，年度应纳税所得额不超过30万元，从业人数不超过100人，资产总额不超过3000万元；

(二)其他企业，年度应纳税所得额不超过30万元，从业人数不超过80人，资产总额不超过1000万元。
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory, embed_cache) -> Store:
    from assistant.settings import Settings
    from ingest.pipeline import Indexer

    root = tmp_path_factory.mktemp("calc")
    (root / "laws").mkdir()
    (root / "laws" / "企业所得税法(2018-12-29).md").write_text(LAW, encoding="utf-8")
    (root / "laws" / "企业所得税法实施条例(2019-04-23).md").write_text(RULES, encoding="utf-8")
    settings = Settings(data_dir=root / "data", embed_cache=embed_cache)
    store = Store(settings)
    assert not Indexer(settings, store).ingest([root / "laws"]).failed
    return store


def test_form_fields_override_the_description() -> None:
    profile = build_profile(
        "我们是木材加工企业，员工90人", "", 120, "", None, "25", "高新技术企业", "南宁"
    )
    assert profile.employees == 120 and profile.industrial is True
    assert profile.taxable_income_wan == 25 and profile.region == "南宁"
    assert "高新技术企业" in profile.qualifications
    with pytest.raises(AssistantError, match="请输入数字"):
        build_profile("", "", "九十", None, None, None, "", "")
    with pytest.raises(AssistantError, match="从业人数不能为负数：-5"):
        build_profile("", "", -5, None, None, None, "", "")


def met_block(text: str) -> str:
    """The lines under "== 可以适用（n项）==", up to the next heading."""
    if "== 可以适用" not in text:
        return ""
    return text.split("== 可以适用", 1)[1].split("\n== ", 1)[0]


def test_small_industrial_firm_gets_the_reduced_rate(store) -> None:
    text = calculate(
        store,
        "我们是木材加工企业，员工90人，年应纳税所得额20万元，资产总额2000万元",
        "",
        None,
        None,
        None,
        None,
        "",
        "",
    )
    met = met_block(text)
    assert "第二十八条" in met and "20" in met, text
    assert measure_cards(store) is measure_cards(store)  # cached per generation


def test_firm_over_the_limits_does_not_qualify(store) -> None:
    text = calculate(store, "", "木材加工", 500, None, 5000, 300, "", "")
    assert "第二十八条" in text and "第二十八条" not in met_block(text), text
    with pytest.raises(AssistantError, match="请描述企业情况"):
        calculate(store, "", "", None, None, None, None, "", "")


def test_references_tab_rows_show_missing_1_plus_n(corpus_index):
    from assistant.store.store import Store
    from ui.references import rows

    table = rows(Store(corpus_index))
    missing = {r[0] for r in table if r[2] == "缺失"}
    assert "《广西实施新一轮工业振兴三年行动方案》" in missing
    assert all(len(r) == 4 for r in table)
