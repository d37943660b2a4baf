"""Who owes a firm money: payment rules bind the payers they name, read
against the customers the firm's own words name."""

from __future__ import annotations

from assistant.policy.checks import customer_kinds
from assistant.policy.matching import match
from assistant.policy.profile import FirmProfile
from tests.assistant.policy.test_extract import article_cards, cards_of
from tests.assistant.policy.test_matching import HOUSEHOLD, PAYMENT, SME_LAW, status_of


def test_a_payment_rule_binds_only_the_payers_it_names() -> None:
    cards, _ = cards_of(PAYMENT, "第九条")  # 机关、事业单位 30 日; 大型企业 60 日
    owed = FirmProfile(industry="软件开发", size="小型", region="重庆")
    by_office = owed.model_copy(update={"activities": ["给区教育局提供培训服务后未收到款"]})
    by_group = owed.model_copy(update={"activities": ["国有大型地产集团拖欠工程款"]})
    by_peer = owed.model_copy(update={"activities": ["一家中型民营客户拖欠货款"]})
    first = [c for c in cards if c.paragraph == 1]
    assert status_of(by_office, first) == "met"
    assert status_of(by_group, first) == "not_met"
    assert status_of(by_peer, first) == "not_met"
    reasons = [c.reason for r in match(by_group, first) for c in r.checks if c.about == "payer"]
    assert reasons == ["画像：付款方为大型企业、国有企业，本条针对机关、事业单位"]
    unsaid = owed.model_copy(update={"activities": ["货款被拖欠"]})
    assert status_of(unsaid, first) == "partial"  # who owes it decides: ask, never ✓


def test_a_paragraph_on_the_debtor_follows_the_payers_its_article_names() -> None:
    cards, _ = cards_of(SME_LAW, "第五十三条")  # 第二款 中小企业有权要求拖欠方支付
    peer = FirmProfile(size="微型", region="福建", activities=["中型民营客户拖欠货款"])
    assert {r.status for r in match(peer, cards)} == {"not_met"}
    office = peer.model_copy(update={"activities": ["区政府拖欠货款"]})
    assert {r.status for r in match(office, cards)} == {"met"}


def test_a_rule_for_any_company_binds_the_firms_company_customers() -> None:
    cards, _ = cards_of(HOUSEHOLD, "第三十一条")  # 机关、企业事业单位不得…拖欠个体工商户账款
    stall = FirmProfile(entity_type="个体工商户", region="湖北武汉")
    canteen = stall.model_copy(update={"activities": ["公司的食堂订早点，三个月不结账"]})
    unsaid = stall.model_copy(update={"activities": ["早点款被拖欠"]})
    assert status_of(canteen, cards) == "met"
    assert status_of(unsaid, cards) == "partial"  # who owes it is still asked


def test_a_rule_for_state_owned_large_firms_does_not_bind_a_large_private_buyer() -> None:
    cards, _ = cards_of("保障中小企业款项支付条例(2025-03-17).md", "第十二条")
    owed = FirmProfile(size="小型", region="浙江温州")
    private = owed.model_copy(update={"activities": ["大型民营企业要求以审计结果结算"]})
    state = owed.model_copy(update={"activities": ["国有大型集团要求以审计结果结算"]})
    assert status_of(private, cards) == "not_met"
    assert status_of(state, cards) == "met"


def test_a_body_the_firm_bid_to_is_not_a_customer_that_owes_it() -> None:
    cards, _ = cards_of(PAYMENT, "第九条")  # 第一款 binds 机关、事业单位
    firm = FirmProfile(
        size="小型",
        region="山东淄博",
        activities=["向国有大型集团供货后被拖欠货款", "投标市应急管理局设备采购被门槛排斥"],
    )
    first = [c for c in cards if c.paragraph == 1]
    assert status_of(firm, first) == "not_met"


def test_a_body_the_firm_gave_to_or_applied_to_is_no_customer() -> None:
    gave = FirmProfile(activities=["通过县民政局捐赠50万元救灾", "申请高新技术企业认定未通过"])
    assert customer_kinds(gave) == set()
    owed = gave.model_copy(update={"activities": ["县住建局拖欠工程款"]})
    assert "机关" in customer_kinds(owed)


def test_two_rules_of_one_sentence_for_different_parties_each_stand() -> None:
    text = (
        "第三十二条 国家机关、事业单位不得违约拖欠市场主体的货物、工程、服务等账款，"
        "大型企业不得利用优势地位拖欠中小企业账款。"
    )
    cards = article_cards(text, "优化营商环境条例")
    assert len(cards) == 2 and all(c.alternative for c in cards)
    # a large firm the state owes is protected by the first rule
    big = FirmProfile(size="大型", region="上海", activities=["区政府拖欠服务账款"])
    assert [r.status for r in match(big, cards)] == ["met"]
    # a large firm another large one owes is protected by neither
    owed = big.model_copy(update={"activities": ["大型企业拖欠货款"]})
    assert all(r.status != "met" for r in match(owed, cards))
