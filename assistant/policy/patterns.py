"""Vocabularies of Chinese policy phrasing: entities, support kinds,
departments, condition fields, industries.

Pure data and small pure functions shared by ``extract`` (measure cards) and
``profile`` (a firm's own description). Kept apart so the extractor reads as
logic, not as word lists; numbers are read by ``assistant.text.numbers``.
"""

from __future__ import annotations

import re

from assistant.text import ITEM_START

# Qualification / entity types, longest first so "科技型中小企业" wins over
# "中小企业". Values are the canonical names cards and profiles use.
ENTITY_ALIASES: dict[str, str] = {
    '专精特新"小巨人"企业': "专精特新小巨人企业",
    "专精特新“小巨人”企业": "专精特新小巨人企业",
    "专精特新小巨人企业": "专精特新小巨人企业",
    "“小巨人”企业": "专精特新小巨人企业",
    "专精特新中小企业": "专精特新中小企业",
    "专精特新企业": "专精特新中小企业",
    "规模以上工业企业": "规上工业企业",
    "规上工业企业": "规上工业企业",
    "技术先进型服务企业": "技术先进型服务企业",
    "科技型中小企业": "科技型中小企业",
    "中小高新技术企业": "高新技术企业",
    "高新技术企业": "高新技术企业",
    "小型微利企业": "小型微利企业",
    "小型微型企业": "小型微型企业",
    "中小微企业": "中小微企业",
    "小微企业": "小型微型企业",
    "一般纳税人": "一般纳税人",
    "中小企业": "中小企业",
    "小规模纳税人": "小规模纳税人",
    "个体工商户": "个体工商户",
    "链主型龙头企业": "链主企业",
    "链主企业": "链主企业",
    "龙头企业": "龙头企业",
    "单项冠军企业": "单项冠军企业",
    "创业投资企业": "创业投资企业",
    "创业投资公司": "创业投资企业",
    "创投企业": "创业投资企业",
    "创投公司": "创业投资企业",
    "非居民企业": "非居民企业",
    "居民企业": "居民企业",
    "民营经济组织": "民营经济组织",
    "民营企业": "民营企业",
    "外商投资企业": "外商投资企业",
    "新型研发机构": "新型研发机构",
    "科技企业孵化器": "科技企业孵化器",
    "小企业": "小企业",
    "农业生产者": "农业生产者",
}
# A status that carries another: a 小巨人 is a 专精特新中小企业.
IMPLIED_QUALIFICATIONS: dict[str, set[str]] = {
    "专精特新小巨人企业": {"专精特新中小企业"},
}
ENTITY_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(ENTITY_ALIASES, key=len, reverse=True))
)

ITEM_RE = ITEM_START  # numbered items: （一） / (一) / 1．

# Branch subjects inside a definition: "(一)工业企业，…" / "(二)其他企业，…".
INDUSTRIAL_SUBJECTS = {"工业企业": 1.0, "其他企业": 0.0}

# Words of a firm's industry that mean it is an industrial (工业) enterprise,
# as the tax rules use the word: manufacturing, processing, mining, utilities.
INDUSTRIAL_WORDS = (
    "工业",
    "制造",
    "加工",
    "木材",
    "钢铁",
    "有色",
    "冶炼",
    "化工",
    "造纸",
    "纺织",
    "机械",
    "装备",
    "汽车",
    "电子",
    "材料",
    "矿",
    "水泥",
    "建材",
    "食品",
    "制品",
    "电力",
    "能源",
    "石化",
    "医药",
    "生产",
)
NON_INDUSTRIAL_WORDS = (
    "服务",
    "软件",
    "零售",
    "批发",
    "餐饮",
    "咨询",
    "贸易",
    "商贸",
    "物流",
    "金融",
    "住宿",
    "旅游",
    "教育",
    "广告",
    "中介",
    "互联网",
)

# Support kinds, longest first; canonical kind on the right.
SUPPORT_KINDS: dict[str, str] = {
    "减半征收": "减半征收",
    "减按": "减按",
    "免征": "免征",
    "减征": "减征",
    "缓征": "缓征",
    "加计扣除": "加计扣除",
    "税额抵免": "税额抵免",
    "抵免": "税额抵免",
    "抵扣应纳税所得额": "抵扣",
    "减计收入": "减计收入",
    "加速折旧": "加速折旧",
    "税收减免": "减免",
    "税收优惠": "税收优惠",
    "税费优惠": "税收优惠",
    "资金支持": "资金支持",
    "财税支持": "财税支持",
    "减免": "减免",
    "奖励": "奖励",
    "以奖代补": "奖励",
    "补助": "补助",
    "补贴": "补贴",
    "贴息": "贴息",
    "担保": "担保",
    "风险补偿": "风险补偿",
    "资助": "资助",
    "优先采购": "优先采购",
    "预留采购份额": "预留采购份额",
    "预留的采购份额": "预留采购份额",
    "预留给": "预留采购份额",
    "价格扣除": "价格扣除",
    "科技创新券": "科技创新券",
}
# A tax levied at a stated rate, and each tax's standard rate (企业所得税法
# 第四条): a lower one is a reduced rate whatever the clause calls it.
RATE_LEVIED_RE = re.compile(r"按(?:照)?(?P<v>[^，。；]{1,10}?)的税率征收(?P<tax>企业所得税)")
STANDARD_RATES = {"企业所得税": 25.0}
# A rate stated for every payer of a tax ("…，税率为百分之九"; "征收率为百分之
# 三"): what a firm pays, read by ``policy.rates``.
RATE_STATED_RE = re.compile(
    r"(?P<kind>税率|征收率)为(?P<v>百分之[零一二三四五六七八九十点]+|\d+(?:\.\d+)?[%％]|零)"
)
# Kinds that name a family of supports; dropped when the clause names members.
UMBRELLA_KINDS = frozenset({"税收优惠", "财税支持"})
SUPPORT_RE = re.compile(
    "|".join(re.escape(k) for k in sorted(SUPPORT_KINDS, key=len, reverse=True))
)
# Rights a firm can invoke, and protections it can rely on: not supports that
# pay, but what a firm "can claim" as much as a rate. Three forms:
# - a party a firm can be (FIRM_PARTY) is allowed something: "供应商可以…询问",
#   "个体工商户…有权投诉", "外商投资企业依法平等适用…";
# - a rule of tax in the firm's favour: 准予扣除, 不征税收入, 弥补, 零税率;
# - someone else is bound towards such a party: "平台经营者不得对…个体工商户…",
#   "采购人应当…及时向…供应商支付".
FIRM_PARTY = (
    r"(?:企业|公司|纳税人|扣缴义务人|个体工商户|经营主体|市场主体|供应商|投标人|申请人|"
    r"专利权人|权利人|投资者|持有者|承担者|农业生产者|单位或者个人|单位和个人|组织和个人|"
    r"民营经济组织|当事人|经营者)"
)
_ORGAN_SUBJECT = r"(?:部门|人民政府|政府|机关|机构|税务局|委员会|法院)"
_PERMITTED = (
    r"(?:可以|可|有权|享有|享受|依法享受|平等适用|平等参与|依法平等|自主决定|自主选择|自愿|"
    r"准予|允许)"
)
# The party is the subject: it opens the clause (after a few words that
# qualify it), and no public body speaks before the permission
# ("…部门对…大型企业，可以进行函询约谈" is the department's power).
_NOT_ORGAN_SENTENCE = r"(?:(?!" + _ORGAN_SUBJECT + r")[^。；;\n])"
ORGAN_RE = re.compile(_ORGAN_SUBJECT)
FIRM_PARTY_RE = re.compile(FIRM_PARTY)
PERMISSION_RE = re.compile(
    r"^\s*"
    + _NOT_ORGAN_SENTENCE
    + r"{0,80}?"
    + FIRM_PARTY
    + _NOT_ORGAN_SENTENCE
    + r"{0,40}?"
    + _PERMITTED
)
RIGHT_RE = re.compile(
    r"有权(?:向[^，。；]{1,20}?)?(?:要求|拒绝|举报|控告|投诉|申请|自主决定|依法)"
    r"|(?:可以|可)(?:(?:向|通过|在)[^，。；]{1,30}?)?(?:投诉|举报|请求给予|申请|提出询问|提出质疑)"
    # a body bound to take the party's complaints: the party may complain
    r"|受理[^。；]{0,60}?投诉"
    r"|享有[^，。；]{0,8}?(?:优先权|待遇|权利)|期限补偿"
    r"|逾期利息|日内支付款项|及时支付|付款期限最长不得超过|日内退还[^，。；]{0,12}?保证金"
    r"|简易计税|免税收入|不征税收入|减计收入|缩短折旧年限|零税率|税率为零|退（免）税|退\(免\)税"
    # promises and contracts a government must keep with the party
    r"|应当履行[^。；]{0,40}?(?:承诺|合同)|不得[^。；]{0,40}?违约毁约"
    r"|准予[^，。；]{0,20}?(?:扣除|结转|抵扣|延期|延续|弥补)|弥补|抵补|视为准予|依照协定"
    r"|不予(?:行政)?处罚|免于|免予"
    # someone is barred from doing something *to* the party (not with it:
    # "不得与采购人、供应商恶意串通" protects no supplier)
    r"|(?:不得|禁止|严禁)[^。；]{0,30}?"
    r"(?:对|向|要求|强制|拖欠|歧视|限制|排斥|阻挠|限定|拒绝|迟延支付|报复|干预|侵犯|损害)"
    r"[^。；]{0,20}?"
    r"(?:中小企业|个体工商户|经营主体|市场主体|民营|外商投资企业|外国投资者|供应商|小微企业|纳税人)"
    r"|应当[^。；]{0,20}?向[^。；]{0,10}?"
    r"(?:中小企业|个体工商户|供应商|经营主体|市场主体|外国投资者|外商投资企业)"
    r"[^。；]{0,6}?(?:支付|退还|确认|答复|补偿)"
    # a cap on what may be asked of the party: "要求投标人提交…的，…不得超过…2%"
    r"|" + FIRM_PARTY + r"[^。；]{0,40}?不得(?:超过|高于|收取|拖欠|强制|歧视|限定|排斥)"
    r"|对[^。；]{0,20}?" + FIRM_PARTY + r"[^。；]{0,10}?(?:平等对待|同等对待|一视同仁)"
    # the state guarantees the party something: "国家保障外商投资企业依法…参与"
    r"|(?<!《)保障[^。；]{0,6}?" + FIRM_PARTY + r"[^。；]{0,20}?(?:依法|平等|公平|参与|合法权益)"
    # a refusal to pay the party, barred whatever the pretext ("不得以…为由，
    # 拒绝或者迟延支付中小企业款项")
    r"|不得[^。；]{0,90}?(?:拒绝|迟延)(?:或者迟延)?支付[^。；]{0,4}?"
    + FIRM_PARTY
    # once the party has done its part, what it offers must be accepted and
    # nothing more asked: "中小企业以…保函等提供保证的，…应当接受";
    # "民营企业…已符合贷款条件的，银行…不得再要求…提供保证担保"
    + r"|"
    + FIRM_PARTY
    + r"[^。；]{0,40}?的，[^。；]{0,30}?(?:应当(?:予以)?接受|不得再?要求)"
    # a receivable the party holds must be confirmed by whoever owes it
    r"|应当[^。；]{0,30}?确认债权债务关系"
    # when a payment term starts; work the party need not pay for in advance;
    # deposits no one may take; discrimination defined ("…属于以不合理的条件
    # 对供应商实行差别待遇或者歧视待遇：（一）…")
    r"|付款期限[^。；]{0,6}?自[^。；]{0,30}?起算"
    r"|不得由[^。；]{0,10}?(?:施工单位|供应商|中小企业|承包人|承包单位)[^。；]{0,6}?垫资"
    r"|不得[^。；]{0,12}?收取[^。；]{0,6}?保证金"
    r"|对" + FIRM_PARTY + r"[^。；]{0,4}?实行差别待遇"
    # coercion barred, whoever it is aimed at ("不得利用行政手段强制转让技术")
    r"|(?:不得|禁止|严禁)[^。；]{0,20}?强制(?:转让技术|摊派|入会|加入|捐赠|赞助|购买|接受)"
    # relief a party may have once a body approves it ("纳税人因有特殊困难…，
    # 经…批准，可以延期缴纳税款")
    r"|经[^。；]{0,40}?(?:批准|核准)[，,]\s*(?:可以|可)(?:延期|延长|分期|减免|免征|减征|退还)"
)
# Who owes a firm money. A payment clause binds named payers ("机关、事业单位
# 从中小企业采购…30日内支付"; "大型企业…60日内"); a firm's own words name its
# customer ("给区教育局做培训", "国有大型地产集团"). Each is read into these kinds.
PAYMENT_RE = re.compile(r"款项|账款|货款|付款|拖欠|迟延支付|欠款|保证金|结算依据")
PAYER_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "机关",
        re.compile(
            r"机关|人民政府|政府|采购人|(?<![布格结])局(?![面部限势])|委员会|管委会"
            r"|[卫发教科经商农建住]委|街道|乡镇|税务|法院|检察院"
        ),
    ),
    ("事业单位", re.compile(r"事业单位|政府采购|采购人|学校|大学|学院|医院|研究院|研究所|幼儿园")),
    ("大型企业", re.compile(r"大型(?!活动|设备|机械)|央企|中央企业")),
    # any company, as a payer ("机关、企业事业单位不得…拖欠个体工商户账款")
    # and as a customer ("企业客户", "车企", "公司的食堂")
    ("企业", re.compile(r"企业事业单位|企事业单位|企业客户|[车房药]企|公司|集团|超市|商场")),
    ("国有企业", re.compile(r"国有(?:企业|大型|控股|独资|全资)|国企|央企|中央企业")),
    ("中小企业", re.compile(r"(?:中型|小型|微型|小微|中小)(?:企业|民营|客户|公司)")),
)


ANY_COMPANY_RE = re.compile(r"企业事业单位|企事业单位")


def payer_kinds(text: str) -> set[str]:
    return {kind for kind, pattern in PAYER_KINDS if pattern.search(text)}


# Kinds that are the state's own duty ("县级以上人民政府应当…给予资金支持"),
# not something a firm can claim: ``cards.DUTY_KINDS``.
# Who a clause grants to, when it names no one more specific: every firm of
# the law's scope, so the clause needs the firm's own situation to matter.
GENERIC_ENTITIES = frozenset(
    {"中小企业", "中小微企业", "小企业", "民营企业", "民营经济组织", "外商投资企业", "居民企业"}
)

# A support word right after these is a prohibition, not a support.
NEGATIONS = ("不得", "不予", "不再", "取消", "停止", "禁止", "不")
# A clause that punishes or restricts ("骗取奖励的…撤销", "在…获得奖励等方面予以限制").
PENAL_RE = re.compile(r"骗取|予以限制|依法限制|追回|撤销|罚款|责令|吊销|追究")
# 担保 is a support only as finance for firms (融资担保, 信用担保, 担保费率,
# 担保基金); otherwise it is collateral law (担保物, 纳税担保, 担保登记) or a
# false match (承担保护).
GUARANTEE_CONTEXT = re.compile(
    r"融资|信用|贷款|费率|基金|体系|资金|服务|政策性|优惠|再担保|担保机构"
)
# 奖励 to people (发明人, 检举人, 科技人员) or as an honour (表彰奖励) is not a
# support a firm can claim.
PERSON_RE = re.compile(r"人员|个人|检举人|举报人|发明人|设计人|完成人|负责人|工匠|人才")
FIRM_RE = re.compile(r"企业|经营主体|市场主体|个体工商户|机构")
HONOUR_RE = re.compile(r"表彰")

# Canonical condition fields, matched on the subject text.
FIELD_WORDS: tuple[tuple[str, str], ...] = (
    ("应纳税所得额", "taxable_income"),
    ("从业人数", "employees"),
    ("从业人员", "employees"),
    ("职工人数", "employees"),
    ("职工总数", "employees"),
    ("员工", "employees"),
    ("资产总额", "total_assets"),
    ("总资产", "total_assets"),
    ("营业收入", "annual_revenue"),
    ("销售额", "annual_revenue"),
    ("销售收入", "annual_revenue"),
    ("研究开发费用", "rd_ratio"),
    ("研发费用", "rd_ratio"),
)

# Responsible bodies: a subject ending in an organ word, followed by a verb of
# duty. "由…负责" and labelled lines are matched separately.
ORGAN = r"(?:部门|人民政府|政府|机关|厅|局|委员会|办公室|办公厅|中心|财政)"
DEPT_RE = re.compile(
    r"(?P<dept>(?:国务院|省|市|区|县|自治区|自治州|县级以上|设区的市|乡镇|各级)(?:、[省市区县])*"
    r"[^，。；：、\n]{0,24}?" + ORGAN + r")"
    r"(?:应当|负责|牵头|会同|可以|按照|组织|依法|要)"
)
DEPT_LABEL_RE = re.compile(
    r"(?:牵头单位|责任单位|主管部门|负责部门|实施部门)[:：]\s*(?P<dept>[^。；\n]{2,40})"
)
DEPT_BY_RE = re.compile(r"由(?P<dept>[^，。；\n]{2,30}?" + ORGAN + r")(?:负责|牵头|会同)")
# A clause that opens with a body: "科技主管部门可以采取…".
DEPT_HEAD_RE = re.compile(
    r"(?:^|(?<=[。；\n])|(?<=条[ \u3000]))(?P<dept>[^，。；：、\s]{1,12}?主管部门)(?=应当|负责|可以|会同|按照|组织)"
)
# Where a firm applies: "向所在地的区开业指导服务部门申请".
DEPT_APPLY_RE = re.compile(r"向(?:所在地的?)?(?P<dept>[^，。；、\n]{2,20}?部门)申请")


# A span of time counted from an event of the benefit or the claim ("自结算缴纳
# 税款之日起三年内", "结转年限最长不得超过五年"), not a fact about the firm;
# one counted from the firm's own founding is its age.
_AGE_SUBJECT = re.compile(r"创立|成立|设立|注册|开业")
_PERIOD_SUBJECT = re.compile(r"之日起|施行后|生效后|投产后|结转|年限|期限|以后")
TIME_UNITS = ("年", "个月", "月", "日", "天", "工作日", "周年")


def field_for(subject: str, unit: str = "") -> str:
    """The canonical profile field a condition's subject talks about."""
    if unit in TIME_UNITS:
        if _AGE_SUBJECT.search(subject):
            return "age"
        if _PERIOD_SUBJECT.search(subject):
            return "period"
    if re.search("比例|占比|比重|强度", subject):
        # A ratio: "研究开发费用占销售收入的比例" is about R&D, not revenue.
        return "rd_ratio" if re.search("研究开发|研发", subject) else "other"
    for word, name in FIELD_WORDS:
        if word in subject:
            return name
    return "other"


# --- industries ------------------------------------------------------------------

# A card's industry scope → words in a firm's own description of its industry
# that fall inside it. 制造业/工业 are decided by the firm's industrial flag.
INDUSTRY_FAMILIES: dict[str, tuple[str, ...]] = {
    "数字经济": (
        "软件", "集成电路", "芯片", "半导体", "人工智能", "大数据", "数据", "电子信息",
        "互联网", "信息技术", "通信", "算力", "云计算", "电子商务",
    ),
    "电子信息": ("电子", "集成电路", "芯片", "半导体", "通信"),
    "软件": ("软件", "信息技术服务"),
    "集成电路": ("集成电路", "芯片", "半导体"),
    "人工智能": ("人工智能", "机器人"),
    "大数据": ("大数据", "数据", "云计算", "算力"),
    "新能源": ("新能源", "光伏", "风电", "储能", "锂电", "电池", "氢能"),
    "生物医药": ("医药", "制药", "生物", "医疗器械"),
    "新材料": ("新材料", "材料"),
    "高端装备": ("装备", "机床", "机器人", "航空", "船舶"),
    "木材加工": ("木材", "木业", "人造板", "家具", "林产"),
    "食品加工": ("食品", "饮料", "制糖", "粮油"),
    "农、林、牧、渔业": ("农业", "林业", "畜牧", "渔业", "种植", "养殖", "农产品", "捕捞", "水产"),
    "环境保护、节能节水": ("环保", "环境", "节能", "节水", "污水", "垃圾", "固废", "沼气", "海水淡化"),
    "公共基础设施": ("基础设施",),
}  # fmt: skip
MANUFACTURING = ("制造业", "工业")


def industry_matches(scope: str, industry: str, industrial: bool | None) -> bool:
    """Does a firm whose industry is ``industry`` fall inside ``scope``?"""
    if scope in MANUFACTURING:
        return bool(industrial)
    words = (scope, *INDUSTRY_FAMILIES.get(scope, ()))
    return any(w in industry for w in words) or industry in scope
