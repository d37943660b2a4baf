"""Metadata from real laws, the seed report and a typical 通知; version status."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant.text import doc_type_of
from assistant.text import normalise_doc_number as normalize_doc_number
from assistant.text import title_key as version_key
from ingest.clean import clean_document
from ingest.manifest import manifest_for
from ingest.metadata import FIELDS, extract_metadata, file_stem_title, resolve_versions
from ingest.types import CleanDocument, LoadedDocument, Page
from tests.conftest import SEED_FILE as SEED
from tests.conftest import law_files, law_path

# Extraction from the text alone: the bundled corpus's policyqa.toml states the
# same fields, and would hide what the text yields.
NO_MANIFEST = Path("no-manifest-here")
TODAY = dt.date(2026, 11, 26)
OLD = "保障中小企业款项支付条例(2020-07-05).md"
NEW = "保障中小企业款项支付条例(2025-03-17).md"

NOTICE = (
    "广西壮族自治区人民政府办公厅文件\n\n桂政办发[2024]5号\n\n"
    "广西壮族自治区人民政府办公厅关于印发广西加快发展\n新质生产力若干措施的\n通知\n\n"
    "各市、县人民政府，自治区人民政府各组成部门、各直属机构：\n\n"
    "经自治区人民政府同意，现将《若干措施》印发给你们，请认真贯彻落实。"
    "本措施自2024年2月1日起施行，有效期至2026年12月31日。\n\n"
    "广西壮族自治区人民政府办公厅\n2024年1月5日\n"
)


def document(path: Path, text: str, meta: dict[str, str] | None = None) -> CleanDocument:
    return CleanDocument(path, "text", text, [(0, len(text), None)], meta=meta or {})


def law(name: str, *, header: bool = True) -> dict[str, str]:
    text = law_path(name).read_text(encoding="utf-8")
    if not header:
        text = text.split("<!-- INFO END -->", 1)[1]
    path = NO_MANIFEST / name
    return extract_metadata(document(path, text), path)


def test_law_with_header() -> None:
    meta = law("企业所得税法实施条例(2019-04-23).md")
    assert meta["title"] == "中华人民共和国企业所得税法实施条例"
    assert meta["issuer"] == "国务院"
    assert meta["doc_number"] == "国务院令第512号"
    assert meta["issued"] == "2007-12-06"
    assert meta["effective"] == "2008-01-01"
    assert meta["doc_type"] == "条例"
    assert meta["version_key"] == "企业所得税法实施条例"
    assert list(meta)[: len(FIELDS)] == list(FIELDS)
    # the file is named by its 2019 revision, which the header does not give
    assert meta["revised"] == "2019-04-23"


def test_a_revision_named_within_a_header_line_dates_the_text() -> None:
    text = (
        "# 某省促进条例\n\n2009年9月28日 某省人民代表大会常务委员会通过"
        "根据2021年9月29日某省人民代表大会常务委员会《关于修改……的决定》修正\n\n"
        "第一条 为了促进发展，制定本条例。\n"
    )
    path = NO_MANIFEST / "某省促进条例.md"
    meta = extract_metadata(document(path, text), path)
    assert meta["issued"] == "2021-09-29"
    assert "revised" not in meta


@pytest.mark.parametrize(
    ("name", "issuer", "issued", "effective"),
    [
        (NEW, "国务院", "2025-03-17", "2025-06-01"),
        ("北京市促进中小企业发展条例(2020-09-25).md", "北京市人民代表大会常务委员会", "2020-09-25",
         "2020-12-01"),
        ("专利法(2020-10-17).md", "全国人民代表大会常务委员会", "2020-10-17", "1985-04-01"),
        ("北京市优化营商环境条例(2024-11-29).md", "北京市人民代表大会常务委员会", "2024-11-29",
         "2024-11-29"),  # 自公布之日起施行
        ("最高人民法院关于内地与香港特别行政区相互执行仲裁裁决的安排(2000-01-24).md", "最高人民法院",
         "2000-01-24", "2000-02-01"),  # header line "2000年2月1日 施行"
    ],
)  # fmt: skip
def test_law_issuers_and_dates(name: str, issuer: str, issued: str, effective: str) -> None:
    meta = law(name)
    assert (meta["issuer"], meta["issued"], meta["effective"]) == (issuer, issued, effective)


def test_law_without_header_falls_back_to_file_name() -> None:
    meta = law(OLD, header=False)
    assert meta["title"] == "保障中小企业款项支付条例"
    assert meta["issued"] == "2020-07-05"  # the (YYYY-MM-DD) suffix
    assert meta["effective"] == "2020-09-01"  # 本条例自2020年9月1日起施行
    assert meta["issuer"] == ""


@pytest.mark.parametrize("path", law_files(), ids=lambda p: p.stem)
def test_titles_of_all_laws(path: Path) -> None:
    with_header = law(path.name)
    without = law(path.name, header=False)
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert with_header["title"] == first_line.removeprefix("# ").strip()
    # Never a chapter heading: the file name (a manifest's title, where there is one).
    assert without["title"] == file_stem_title(path)
    catalogued = manifest_for(path).get("title")
    assert catalogued in (None, with_header["title"])
    assert with_header["doc_type"] in {"法", "条例", "规定", "安排", "办法"}


def test_seed_report() -> None:
    meta = extract_metadata(document(SEED, SEED.read_text(encoding="utf-8")))
    assert meta["title"] == "科技赋能广西产业链聚链集群发展的对策研究"
    assert meta["series"] == "大数据与决策研究"
    assert meta["issuer"] == "广西壮族自治区信息中心、广西壮族自治区大数据研究院"
    assert meta["issued"] == "2024-11-26"
    assert meta["doc_type"] == "报告"


def test_doc_number_on_the_line_below_a_short_title() -> None:
    # A short text file: cleaning once glued the 文号 line to the title, and
    # the 文号 took the title's tail (设补贴办法沪府发〔2023〕8号).
    text = "上海市茶园建设补贴办法\n沪府发〔2023〕8号\n第一条 新建一亩茶园补贴4100元。\n"
    loaded = LoadedDocument(NO_MANIFEST / "茶园.txt", "text", [Page(None, text)])
    meta = extract_metadata(clean_document(loaded))
    assert meta["title"] == "上海市茶园建设补贴办法"
    assert meta["doc_number"] == "沪府发〔2023〕8号"


def test_notice_with_signature_block() -> None:
    meta = extract_metadata(document(Path("/tmp/notice.docx"), NOTICE))
    assert (
        meta["title"] == "广西壮族自治区人民政府办公厅关于印发广西加快发展新质生产力若干措施的通知"
    )
    assert meta["issuer"] == "广西壮族自治区人民政府办公厅"
    assert meta["doc_number"] == "桂政办发〔2024〕5号"
    assert meta["issued"] == "2024-01-05"
    assert meta["effective"] == "2024-02-01"
    assert meta["expires"] == "2026-12-31"
    assert meta["doc_type"] == "通知"


def test_validity_in_years_and_from_publication() -> None:
    text = "关于支持企业发展的若干措施\n\n一、加大支持。\n\n本措施自印发之日起施行，有效期3年。\n\n某某市人民政府\n2024年3月1日"
    meta = extract_metadata(document(Path("/tmp/m.txt"), text))
    assert (meta["effective"], meta["expires"]) == ("2024-03-01", "2027-02-28")
    assert meta["doc_type"] == "措施"
    # A licence's validity inside a law is not the law's own expiry.
    assert law("政府采购法实施条例(2015-01-30).md")["expires"] == ""


def test_loader_meta_wins_over_text() -> None:
    meta = extract_metadata(
        document(
            SEED,
            SEED.read_text(encoding="utf-8"),
            {"title": "另一个标题", "issued": "2024年12月1日"},
        )
    )
    assert meta["title"] == "另一个标题"
    assert meta["issued"] == "2024-12-01"
    assert meta["version_key"] == "另一个标题"


@pytest.mark.parametrize(
    "raw",
    ["国发[2023]1号", "国发（2023）1号", "国发(2023)1号", "国发〔2023〕1号", "国发［2023］ 1 号"],
)
def test_doc_number_variants(raw: str) -> None:
    assert normalize_doc_number(raw) == "国发〔2023〕1号"


def test_version_key_and_doc_type() -> None:
    assert version_key("《中华人民共和国专利法》") == "专利法"
    assert version_key("保障中小企业款项支付条例（2025年修订）") == "保障中小企业款项支付条例"
    assert version_key("ＡＢＣ 条例") == "ABC条例"
    assert doc_type_of("关于加快发展的实施意见") == "实施意见"
    assert doc_type_of("广西壮族自治区人民政府关于印发方案的通知") == "通知"
    assert doc_type_of("无类型的标题") == ""


def _versions() -> list[dict[str, str]]:
    return [law(OLD, header=False) | {"doc_id": OLD}, law(NEW) | {"doc_id": NEW}]


def test_newest_in_force_version_is_current() -> None:
    docs = _versions()
    assert docs[0]["version_key"] == docs[1]["version_key"]
    assert resolve_versions(docs, TODAY) == {OLD: "superseded", NEW: "current"}


def test_version_not_yet_in_force_leaves_the_old_one_current() -> None:
    # Between publication (2025-03-17) and entry into force (2025-06-01) the
    # 2020 text still governs; the coming one is current too, not "superseded".
    assert resolve_versions(_versions(), dt.date(2025, 4, 1)) == {OLD: "current", NEW: "current"}
    # With no older version, a text not yet in force is simply current.
    assert resolve_versions(_versions()[1:], dt.date(2025, 4, 1)) == {NEW: "current"}


def test_manual_status_wins_and_other_documents_are_current() -> None:
    old, new = _versions()
    other = law("专利法(2020-10-17).md") | {"doc_id": "patent"}
    statuses = resolve_versions([old | {"status": "current"}, new, other], TODAY)
    assert statuses == {OLD: "current", NEW: "current", "patent": "current"}
    statuses = resolve_versions([old, new | {"status_override": "superseded"}], TODAY)
    assert statuses[NEW] == "superseded"
