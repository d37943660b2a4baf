"""A clause that narrows whom it is for in words no other check reads: never
a ✓ unless the firm's own words say it or its region answers it
(``assistant.policy.narrowing``)."""

from __future__ import annotations

from dataclasses import replace

from assistant.policy.extract import extract_measures
from assistant.policy.matching import match
from assistant.policy.profile import FirmProfile
from assistant.records import ChunkRecord, DocRecord
from tests.assistant.policy.test_extract import CIT, CIT_RULES, article_cards, cards_of


def test_a_party_narrowed_in_words_no_check_reads_is_never_a_tick() -> None:
    cards, _ = cards_of(CIT, "第五十七条")  # …特定地区内新设立的…高新技术企业
    hitech = FirmProfile(qualifications=["高新技术企业"], region="四川成都")
    results = [r for r in match(hitech, cards) if r.card.paragraph == 2]
    assert results and all(r.status == "partial" for r in results)
    assert any("另有限定" in c.reason for c in results[0].missing)


def test_a_narrowing_the_firm_states_in_its_own_words_is_met() -> None:
    cards, _ = cards_of("北京市促进中小企业发展条例(2020-09-25).md", "第二十二条")
    firm = FirmProfile(size="小型", region="北京海淀", activities=["经首贷服务中心获得首笔贷款"])
    (subsidy,) = [r for r in match(firm, cards) if "贴息" in r.card.text]
    assert subsidy.status == "met"
    said = [c.reason for c in subsidy.checks if c.about == "narrowed"]
    assert said == ["画像：经营情况“经首贷服务中心获得首笔贷款”"]
    other = firm.model_copy(update={"activities": ["向银行申请续贷"]})
    assert all(r.status != "met" for r in match(other, cards) if "贴息" in r.card.text)


def test_equipment_for_a_purpose_and_a_catalogue_must_be_confirmed() -> None:
    law, _ = cards_of(CIT, "第三十四条")  # 购置用于环境保护…专用设备的投资额
    rules, _ = cards_of(CIT_RULES, "第一百条")  # 《环境保护专用设备企业所得税优惠目录》
    trucks = FirmProfile(region="重庆", activities=["购置大批货车用于配送"])
    assert all(r.status != "met" for r in match(trucks, law + rules))
    reasons = {c.reason for r in match(trucks, rules) for c in r.checks}
    assert any("目录" in reason for reason in reasons)
    green = FirmProfile(region="重庆", activities=["购置用于环境保护的专用污水处理设备"])
    (tax_credit,) = match(green, law)
    assert [c.status for c in tax_credit.checks if c.about == "narrowed"] == ["met"]


def test_an_ethnic_autonomous_area_is_read_from_the_firms_region() -> None:
    cards, _ = cards_of(CIT, "第二十九条")  # 民族自治地方的自治机关…可以决定减征或者免征
    guangxi = FirmProfile(region="广西壮族自治区百色市", industry="芒果种植")
    assert {r.status for r in match(guangxi, cards)} == {"met"}
    # not in one (成都), or a province alone, which may hold an 自治州 it does
    # not name (云南): never ✓
    for region in ["四川省成都市", "云南"]:
        elsewhere = guangxi.model_copy(update={"region": region})
        assert all(r.status != "met" for r in match(elsewhere, cards)), region


def test_the_definition_a_met_narrowing_rests_on_is_cited_beside_it() -> None:
    law, _ = cards_of(CIT, "第二十九条")
    rules, _ = cards_of(CIT_RULES, "第九十四条")  # 第二十九条所称民族自治地方，是指…
    guangxi = FirmProfile(region="广西壮族自治区百色市", industry="芒果种植")
    shown = {(r.card.article, r.status, r.why) for r in match(guangxi, law + rules)}
    assert ("第九十四条", "met", "界定民族自治地方") in shown
    # where 第二十九条 is not met, its definition is no concern of the firm
    chengdu = guangxi.model_copy(update={"region": "四川省成都市"})
    assert all(r.card.article != "第九十四条" for r in match(chengdu, law + rules))
    # nor does it join an article it does not explain
    other, _ = cards_of(CIT, "第二十八条")
    assert all(r.card.article != "第九十四条" for r in match(guangxi, other + rules))


def test_a_clause_paying_firms_that_do_something_needs_the_firm_to_do_it() -> None:
    text = "第十条 对承接科技成果的企业，县级以上人民政府可以按照技术合同的实际成交额给予补助。"
    chunk = ChunkRecord("z#10", "z", text, ("第十条",))
    doc = DocRecord("z", "浙江省测试条例", "z.md", doc_type="条例")
    cards = [replace(c, region="浙江") for c in extract_measures(chunk, doc)]
    seller = FirmProfile(region="浙江杭州", activities=["转让发明专利给外省企业，承接订单"])
    buyer = FirmProfile(region="浙江杭州", activities=["承接高校科技成果并实施转化"])
    assert all(r.status != "met" for r in match(seller, cards))
    assert [r.status for r in match(buyer, cards)] == ["met"]


def test_a_grant_for_firms_bidding_together_is_not_for_one_bidding_alone() -> None:
    cards, _ = cards_of("北京市促进中小企业发展条例(2020-09-25).md", "第二十八条")
    alone = FirmProfile(size="小型", region="北京大兴", activities=["单独参加政府采购投标"])
    by_item = {r.card.item: r for r in match(alone, cards)}
    consortium = by_item["（三）"]  # 大中型企业与小型微型企业组成联合体…的，给予联合体…价格扣除
    assert consortium.status != "met"
    assert any(c.about == "narrowed" for c in consortium.checks)
    assert by_item["（四）"].status == "met"  # 对小型微型企业产品…价格扣除: every small bidder


def test_a_relief_on_a_kind_of_income_needs_the_firm_to_have_it() -> None:
    cards, _ = cards_of(CIT_RULES, "第九十条")  # 居民企业技术转让所得不超过500万元的部分…
    builder = FirmProfile(region="深圳", activities=["研发人工智能产品"])
    seller = builder.model_copy(update={"activities": ["把两项专利卖给了一家上市公司"]})
    assert all(r.status != "met" for r in match(builder, cards))
    assert any(r.status == "met" for r in match(seller, cards))


def test_a_gift_handed_over_directly_is_no_public_welfare_donation() -> None:
    cards, _ = cards_of(CIT, "第九条")  # 企业发生的公益性捐赠支出…准予扣除
    direct = FirmProfile(region="呼和浩特", activities=["直接向困难家庭捐赠现金（未通过公益组织）"])
    through = direct.model_copy(update={"activities": ["通过县民政局向灾区捐赠物资"]})
    unsaid = direct.model_copy(update={"activities": ["今年捐了一笔钱"]})
    assert {r.status for r in match(direct, cards)} == {"not_met"}
    assert any(r.status == "met" for r in match(through, cards))
    assert all(r.status != "met" for r in match(unsaid, cards))


def test_a_relief_denied_to_some_is_no_grant_to_them() -> None:
    # 第三款: 企业承包经营、承包建设…的项目，不得享受本条规定的企业所得税优惠
    cards, _ = cards_of(CIT_RULES, "第八十七条")
    assert all(c.paragraph != 3 for c in cards if c.kind == "support")


def test_who_founded_the_firm_narrows_a_clause_and_any_one_of_them_will_do() -> None:
    text = "第二十五条 高等学校毕业生、退役军人和失业人员、残疾人员等创办小型微型企业，按照国家规定享受税收优惠和收费减免。"
    cards = article_cards(text, "中华人民共和国中小企业促进法")
    veteran = FirmProfile(size="小型", region="山东济南", activities=["退役军人创业"])
    assert [r.status for r in match(veteran, cards)] == ["met"]
    manager = veteran.model_copy(update={"activities": ["成立10个月", "开展研发"]})
    assert all(r.status != "met" for r in match(manager, cards))


def test_a_party_named_inside_what_describes_the_recipient_is_not_the_recipient() -> None:
    text = (
        "第二十六条 省人民政府按照国家规定设立科学技术奖，对在高新技术成果转化、"
        "促进高新技术企业和产业化发展工作中作出重大贡献的单位和个人给予奖励。"
    )
    cards = article_cards(text, "浙江省高新技术促进条例")
    hitech = FirmProfile(
        qualifications=["高新技术企业"], region="浙江杭州", activities=["开展研发"]
    )
    assert all(r.status != "met" for r in match(hitech, cards))


def test_a_clause_whose_subject_is_a_described_kind_of_firm_is_never_a_tick() -> None:
    # 第五十七条: 本法公布前已经批准设立的企业…; 国家已确定的其他鼓励类企业…
    cards, _ = cards_of(CIT, "第五十七条")
    firm = FirmProfile(
        region="江苏南京", industry="商贸", activities=["批发日用品", "享受税收优惠"]
    )
    assert all(r.status != "met" for r in match(firm, cards) if r.card.paragraph in (1, 3))


def test_thresholds_other_checks_read_are_not_left_for_the_firm_to_confirm() -> None:
    text = (
        "第二条 对从业人数不超过300人、资产总额不超过5000万元的茶叶加工企业，"
        "按设备投资额的30%给予补助，最高50万元。"
    )
    cards = article_cards(text, "北京市茶园建设补贴办法")
    tea = FirmProfile(industry="茶叶加工", employees=90, total_assets_wan=2000, region="北京市")
    assert [r.status for r in match(tea, cards)] == ["met"]
