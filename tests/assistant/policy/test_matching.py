"""What concerns a firm: its status, its industry, what it does; and whether
it meets the clause: its party, the document's scope, its region."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from assistant.policy import patterns as P
from assistant.policy.checks import check_condition
from assistant.policy.extract import extract_measures
from assistant.policy.matching import clause_key, match
from assistant.policy.profile import FirmProfile
from assistant.policy.relevance import Hit, phrase_tokens, with_remedies
from assistant.policy.report import format_match
from assistant.records import ChunkRecord, DocRecord
from tests.assistant.policy.test_extract import CIT, CIT_RULES, cards_of

WOOD = FirmProfile(industry="木材加工", industrial=True, employees=90, region="广西")
SOFTWARE = FirmProfile(industry="软件开发", industrial=False, size="小型", region="浙江杭州")


def test_industry_families() -> None:
    assert P.industry_matches("数字经济", "软件开发", False)
    assert P.industry_matches("农、林、牧、渔业", "水产养殖", False)
    assert P.industry_matches("制造业", "木材加工", True)
    assert not P.industry_matches("制造业", "软件开发", False)
    assert not P.industry_matches("新能源", "木材加工", True)


def test_items_grant_what_their_lead_says() -> None:
    cards, _ = cards_of(CIT, "第三十条")  # 企业的下列支出，可以…加计扣除：（一）…（二）…
    assert [(c.item, [s.kind for s in c.supports]) for c in cards] == [
        ("（一）", ["加计扣除"]),
        ("（二）", ["加计扣除"]),
    ]
    assert (
        cards[0].clause.startswith("第三十条 企业的下列支出") and "研究开发费用" in cards[0].clause
    )


def test_what_the_firm_does_picks_the_clause_and_its_item() -> None:
    cards, _ = cards_of(CIT, "第三十条")
    research = SOFTWARE.model_copy(update={"activities": ["开展研发"]})
    (shown,) = match(research, cards)
    assert (shown.card.item, shown.status) == ("（一）", "met")
    assert shown.why == "经营情况“开展研发”"
    # nothing the firm does speaks of it: not listed, however open its wording
    assert match(SOFTWARE, cards) == []
    disabled = match(SOFTWARE.model_copy(update={"activities": ["安置残疾人员就业"]}), cards)
    assert [r.card.item for r in disabled] == ["（二）"]


def test_the_firms_industry_picks_its_own_item_not_a_sibling() -> None:
    cards, _ = cards_of(CIT_RULES, "第八十六条")  # （一）蔬菜… 免征；（二）花卉、茶… 减半
    farm = FirmProfile(industry="蔬菜种植", region="山东")
    assert [(r.card.item, r.status) for r in match(farm, cards)] == [("（一）", "met")]
    # a crop named as the statute lists it: 水稻 is a 谷物
    rice = FirmProfile(industry="水稻种植", region="湖北")
    assert [(r.card.item, r.status) for r in match(rice, cards)] == [("（一）", "met")]
    assert match(WOOD, cards) == []  # another industry: not its concern


def test_only_those_who_pay_the_tax_get_its_reliefs() -> None:
    cards, _ = cards_of(CIT, "第三十条")
    shop = FirmProfile(entity_type="个体工商户", activities=["开展研发"])
    (result,) = match(shop, cards)
    assert result.status == "not_met"
    assert "不缴纳企业所得税" in result.failed[0].reason


def test_a_research_reports_recommendation_is_not_a_claimable_measure() -> None:
    text = "加大对新能源、电子信息等产业的招商力度，制定税收减免、资金扶持等优惠政策。"
    chunk = ChunkRecord("r#1", "r", text, ("五、对策建议",))
    report = DocRecord("r", "某产业发展研究", "r.txt", doc_type="报告")
    cards = extract_measures(chunk, report)
    assert cards and match(FirmProfile(industry="新能源电池"), cards) == []
    as_policy = [replace(c, doc_type="措施") for c in cards]
    assert match(FirmProfile(industry="新能源电池"), as_policy)[0].status == "met"


def test_measures_of_other_regions_are_counted_not_listed() -> None:
    cards, _ = cards_of(CIT_RULES, "第八十六条")
    local = [
        replace(c, region=r, card_id=f"{r}{i}") for i, c in enumerate(cards) for r in ("上海",)
    ]
    results = match(FirmProfile(industry="蔬菜种植", region="广西"), local)
    assert [r.status for r in results] == ["not_met"]
    text = format_match(results)
    assert "另有1项其他地区的规定不适用于本企业所在地" in text and "第八十六条" not in text
    unknown = match(FirmProfile(industry="蔬菜种植"), local)
    assert unknown[0].status == "partial"
    assert "画像未提供所在地区" in format_match(unknown)


def test_a_local_measure_for_every_enterprise_needs_the_firms_own_situation() -> None:
    text = "第七条 本市对开展技术改造的经营主体给予补贴。"
    chunk = ChunkRecord("s#1", "s", text, ("第七条",))
    doc = DocRecord("s", "上海市测试条例", "s.md", doc_type="条例")
    cards = [replace(c, region="上海") for c in extract_measures(chunk, doc)]
    assert cards and match(FirmProfile(region="上海"), cards) == []
    (shown,) = match(FirmProfile(region="上海", activities=["进行技术改造"]), cards)
    assert shown.status == "met" and shown.why == "经营情况“进行技术改造”"


def test_a_governments_duty_is_not_a_firms_claim() -> None:
    cards, _ = cards_of("促进个体工商户发展条例(2022-10-01).md", "第十九条")
    assert {s.kind for c in cards for s in c.supports} == {"资金支持"}
    assert match(FirmProfile(entity_type="个体工商户", activities=["申请资金支持"]), cards) == []
    umbrella, _ = cards_of("山东省企业技术改造条例(2017-12-01).md", "第二十六条")
    kinds = {s.kind for c in umbrella for s in c.supports}
    assert "加速折旧" in kinds and "税收优惠" not in kinds  # the list names the members


def test_the_report_fits_a_screen() -> None:
    cards, _ = cards_of(CIT, "第三十条")
    firm = SOFTWARE.model_copy(update={"activities": ["开展研发"]})
    (one,) = match(firm, cards)
    many = [replace(one, card=replace(one.card, article=f"第{n}条")) for n in range(25)]
    text = format_match(many, firm)
    assert len(text.splitlines()) <= 40
    assert "另有15项符合条件，完整列表见 policy-qa match --json" in text


def test_a_reduced_rate_shows_what_it_saves_against_the_standard_rate() -> None:
    from assistant.policy.document import document_measures
    from tests.assistant.policy.test_extract import law_article

    standard, doc = law_article(CIT, "第四条")  # 企业所得税的税率为25％
    reduced, _ = law_article(CIT, "第二十八条")  # 小型微利企业 减按20％
    cards = document_measures([standard, reduced], doc)
    small = FirmProfile(size="小型", qualifications=["小型微利企业"], taxable_income_wan=25)
    text = format_match(match(small, cards), small)
    assert "约少缴1.25万元" in text and "20%而非25%（第四条）" in text, text
    # no taxable income given: no estimate
    assert "估算" not in format_match(
        match(small, cards), small.model_copy(update={"taxable_income_wan": None})
    )


PAYMENT = "保障中小企业款项支付条例(2025-03-17).md"
SME_LAW = "中小企业促进法(2017-09-01).md"
VAT = "增值税法(2024-12-25).md"


def status_of(profile: FirmProfile, cards: list, item: str = "") -> str:
    (result,) = [r for r in match(profile, cards) if not item or r.card.item == item]
    return result.status


def test_an_item_that_lists_its_projects_covers_those_only() -> None:
    cards, _ = cards_of(CIT_RULES, "第八十六条")  # （一）蔬菜、棉花… （二）花卉、茶…养殖
    tea = FirmProfile(industry="淡水养殖、茶叶种植", region="江西", activities=["种植茶叶"])
    statuses = {r.card.item: r.status for r in match(tea, cards)}
    assert statuses.get("（二）") == "met" and statuses.get("（一）") in (None, "not_met")
    cotton = FirmProfile(industry="棉花种植", region="新疆", activities=["种植棉花"])
    statuses = {r.card.item: r.status for r in match(cotton, cards)}
    assert statuses.get("（一）") == "met" and statuses.get("（二）") in (None, "not_met")


def test_own_produce_is_a_farmers_not_a_processors() -> None:
    cards, _ = cards_of(VAT, "第二十四条")
    farm = [c for c in cards if c.item == "（一）"]
    grower = FirmProfile(industry="蔬菜种植", region="山东", activities=["销售自产蔬菜"])
    processor = FirmProfile(
        industry="水产品加工",
        industrial=True,
        region="辽宁",
        activities=["收购鲜货加工后销售农产品"],
    )
    assert status_of(grower, farm) == "met"
    assert status_of(processor, farm) == "not_met"


def test_how_long_a_benefit_runs_is_not_a_fact_the_firm_must_give() -> None:
    cards, _ = cards_of(CIT, "第十八条")  # 亏损…结转年限最长不得超过五年
    firm = FirmProfile(industry="软件开发", region="北京", activities=["以前年度经营亏损"])
    assert status_of(firm, cards) == "met"
    assert all(c.field == "period" for card in cards for c in card.conditions)


def test_plain_words_find_the_statutory_ones() -> None:
    cards, _ = cards_of(CIT_RULES, "第九十条")  # 技术转让所得…500万元
    seller = FirmProfile(industry="工业软件", region="四川", activities=["把发明专利卖给下游车企"])
    assert [r.card.article for r in match(seller, cards)] == ["第九十条"]
    assert match(FirmProfile(industry="工业软件", region="四川"), cards) == []


def test_a_firms_age_is_read_from_its_founding_date() -> None:
    cards, _ = cards_of("上海市促进中小企业发展条例(2018-05-24).md", "第十一条")  # 创立十八个月内
    (age,) = [c for card in cards for c in card.conditions if c.field == "age"]
    today = date.today()
    young = FirmProfile(size="小型", region="上海", founded=today - timedelta(days=200))
    old = young.model_copy(update={"founded": today - timedelta(days=900)})
    assert check_condition(age, young, "").status == "met"
    assert check_condition(age, old, "").status == "not_met"
    assert check_condition(age, young.model_copy(update={"founded": None}), "").status == "unknown"


def test_a_body_bound_to_take_complaints_gives_the_firm_a_way_to_complain() -> None:
    cards, _ = cards_of(PAYMENT, "第二十四条")  # 受理对…拖欠中小企业款项的投诉
    assert cards and all(c.claimable for c in cards)
    owed = FirmProfile(size="小型", region="重庆", activities=["大型电商平台拖欠服务款"])
    assert {r.status for r in match(owed, cards)} == {"met"}


def test_exports_at_a_zero_rate_are_something_a_firm_can_claim() -> None:
    cards, _ = cards_of(VAT, "第十条")  # （四）纳税人出口货物，税率为零
    assert any(c.item == "（四）" and c.claimable for c in cards)


def test_a_broken_protection_brings_its_documents_remedies() -> None:
    rule, _ = cards_of(PAYMENT, "第九条")  # 机关、事业单位…30日内支付
    remedy, _ = cards_of(PAYMENT, "第二十四条")  # 受理…拖欠中小企业款项的投诉
    clauses: dict[str, list] = {}
    for card in rule + remedy:
        clauses.setdefault(clause_key(card), []).append(card)
    (protection,) = [
        k for k, cs in clauses.items() if cs[0].article == "第九条" and cs[0].paragraph == 1
    ]
    hits = {protection: Hit(protection, "区教育局迟迟不付款", 1.0)}
    added = with_remedies(hits, clauses)
    (complaint,) = [k for k in added if k not in hits]
    assert (
        clauses[complaint][0].article == "第二十四条"
        and added[complaint].phrase == "区教育局迟迟不付款"
    )
    # a remedy found alone brings nothing; nor does a tax relief bring remedies
    assert with_remedies({complaint: added[complaint]}, clauses) == {complaint: added[complaint]}


def test_a_non_resident_is_told_its_own_clauses_by_its_establishment() -> None:
    cards, _ = cards_of(CIT, "第二十三条")  # （二）非居民企业在中国境内设立机构、场所…
    foreign = FirmProfile(
        resident=False, region="德国（中国境内无机构、场所）", activities=["向中国企业许可专利"]
    )
    statuses = {r.card.item: r.status for r in match(foreign, cards)}
    assert statuses.get("（二）") == "not_met"
    with_site = foreign.model_copy(update={"region": "德国（在上海设有代表处）"})
    checks = [c for r in match(with_site, cards) for c in r.checks if "机构、场所" in c.description]
    assert checks and all(c.status == "met" for c in checks)
    # a domestic firm is never shown a non-resident's clause
    domestic = match(FirmProfile(region="上海", activities=["向中国企业许可专利"]), cards)
    assert all(r.card.item != "（二）" for r in domestic)


HOUSEHOLD = "促进个体工商户发展条例(2022-10-01).md"


def test_a_relief_split_in_tiers_needs_no_amount_from_the_firm() -> None:
    cards, _ = cards_of(CIT_RULES, "第九十条")  # 不超过500万元的部分免征；超过的部分减半
    assert all(c.tier for card in cards for c in card.conditions)
    seller = FirmProfile(industry="工业软件", region="四川", activities=["向车企转让发明专利"])
    assert {r.status for r in match(seller, cards)} == {"met"}


def test_a_firm_made_to_hand_over_technology_has_no_transfer_income() -> None:
    # 企业所得税法 第二十七条（四）: 符合条件的技术转让所得
    def searched_as_income(phrase: str) -> bool:
        return "所得" in phrase_tokens(phrase)

    assert not searched_as_income("办理项目审批时被要求转让核心技术")
    assert not searched_as_income("从高校受让发明专利")
    assert searched_as_income("向外省企业转让发明专利")
    assert searched_as_income("把发明专利卖给下游车企")


def test_a_kind_of_business_is_what_the_firms_trade_says() -> None:
    cards, _ = cards_of(CIT, "第三十一条")  # 创业投资企业…抵扣应纳税所得额
    fund = FirmProfile(industry="创业投资", region="浙江杭州", activities=["股权投资未上市企业"])
    shop = FirmProfile(industry="软件开发", region="浙江杭州", activities=["股权投资未上市企业"])
    assert {r.status for r in match(fund, cards)} == {"met"}
    assert {r.status for r in match(shop, cards)} == {"not_met"}


def test_protections_that_bind_others_are_claims_of_the_firm() -> None:
    for file, article in [
        (PAYMENT, "第十四条"),  # 不得以…为由，拒绝或者迟延支付中小企业款项
        ("外商投资法(2019-03-15).md", "第十六条"),  # 国家保障外商投资企业依法…参与政府采购
        ("税收征收管理法(2015-04-24).md", "第三十一条"),  # 经…批准，可以延期缴纳税款
    ]:
        cards, _ = cards_of(file, article)
        assert any(c.claimable for c in cards), (file, article)
    (complaint,) = cards_of(HOUSEHOLD, "第三十三条")[0]  # 有权向有关部门投诉、举报
    assert any("投诉" in r.text for r in complaint.rights)
    # a cap on how long a relief runs is not a fact the firm must give
    delay, _ = cards_of("税收征收管理法(2015-04-24).md", "第三十一条")
    assert not [c for card in delay for c in card.conditions if "三个月" in c.text]


def test_a_rate_below_the_standard_one_is_a_reduced_rate() -> None:
    cards, _ = cards_of("河南省促进高新技术产业发展条例(2011-06-13).md", "第十七条")
    (rate,) = [s for c in cards for s in c.supports]  # 依法按照百分之十五的税率征收企业所得税
    assert (rate.kind, rate.rate) == ("减按", 15.0)
    certified = FirmProfile(region="河南郑州", qualifications=["高新技术企业"])
    assert {r.status for r in match(certified, cards)} == {"met"}
    assert {
        r.status for r in match(certified.model_copy(update={"qualifications": []}), cards)
    } == {"not_met"}


def test_a_firms_age_may_be_given_in_its_own_words() -> None:
    cards, _ = cards_of("上海市促进中小企业发展条例(2018-05-24).md", "第十一条")  # 创立十八个月内
    (age,) = [c for card in cards for c in card.conditions if c.field == "age"]
    young = FirmProfile(size="小型", region="上海", activities=["公司成立才10个月"])
    old = FirmProfile(size="小型", region="上海", activities=["已经成立两年的老店"])
    assert check_condition(age, young, "").status == "met"
    assert check_condition(age, old, "").status == "not_met"


def test_a_clause_granting_what_another_paragraph_describes_is_read_with_it() -> None:
    from assistant.policy.document import document_measures
    from tests.assistant.policy.test_extract import law_article

    parts = [law_article(CIT, a) for a in ("第三条", "第二十七条")]
    cards = document_measures([c for c, _ in parts], parts[0][1])
    (five,) = [c for c in cards if c.article == "第二十七条" and c.item == "（五）"]
    assert "非居民企业" in five.entity_names and "未设立机构、场所" in five.clause
    licensor = FirmProfile(
        resident=False, region="德国（中国境内无机构、场所）", activities=["向中国企业许可专利"]
    )
    with_site = licensor.model_copy(update={"region": "德国（在上海设有代表处）"})
    assert [r.status for r in match(licensor, [five])] == ["met"]
    assert all(r.status != "met" for r in match(with_site, [five]))
    assert match(FirmProfile(region="上海", activities=["向中国企业许可专利"]), [five]) == []


def test_a_clause_for_those_inside_china_is_not_for_a_firm_registered_abroad() -> None:
    cards, _ = cards_of(VAT, "第十条")  # （五）境内单位和个人跨境销售…服务，税率为零
    abroad = FirmProfile(entity_type="企业", resident=False, activities=["向中国企业许可专利"])
    assert all(r.status != "met" for r in match(abroad, cards) if r.card.item == "（五）")


def test_a_catalogue_the_firm_says_it_is_not_in_is_not_met() -> None:
    cards, _ = cards_of(CIT_RULES, "第一百条")
    firm = FirmProfile(region="广西百色", activities=["购置分选包装机械（非专用设备目录）"])
    assert all(r.status != "met" for r in match(firm, cards))


def test_how_long_the_firm_has_held_an_investment_is_read_from_its_words() -> None:
    cards, _ = cards_of("企业所得税法实施条例(2019-04-23).md", "第九十七条")  # 投资…2年以上
    vc = FirmProfile(
        qualifications=["创业投资企业"],
        activities=["股权投资一家未上市的中小高新技术企业满两年了"],
    )
    short = vc.model_copy(update={"activities": ["股权投资一家未上市的中小高新技术企业才一年"]})
    assert {r.status for r in match(vc, cards)} == {"met"}
    assert "not_met" in {r.status for r in match(short, cards)}
    # a span of something else the firm did says nothing of the investment
    other = vc.model_copy(update={"activities": ["公司成立满两年了"]})
    assert {r.status for r in match(other, cards)} == {"partial"}
