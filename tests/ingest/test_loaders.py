"""Loaders: one contract every format passes, then what each format must get right."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.errors import IngestError, UnsupportedFormatError
from assistant.settings import Settings
from ingest.loaders import LOADERS, SUPPORTED_SUFFIXES, load, loader_for
from ingest.loaders.docx import DocxLoader
from ingest.loaders.html import HtmlLoader
from ingest.loaders.pdf import PdfLoader
from ingest.loaders.text import TextLoader, decode_text, parse_header
from ingest.types import LoadedDocument, Loader

from .conftest import (
    SEED_REPORT,
    law_path,
    make_docx,
    make_encrypted_pdf,
    make_html,
    make_report_pdf,
    make_scanned_pdf,
    make_text_pdf,
)


@pytest.fixture
def cfg(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


# --- the shared contract ---------------------------------------------------------


class LoaderContract:
    """Every loader passes these (cf. haystack's document-store test mixins)."""

    loader: Loader

    def good_file(self, tmp_path: Path) -> Path:
        raise NotImplementedError

    def corrupt_file(self, tmp_path: Path) -> Path:
        raise NotImplementedError

    def test_follows_the_protocol(self) -> None:
        assert isinstance(self.loader, Loader)
        assert self.loader.suffixes and all(s.startswith(".") for s in self.loader.suffixes)
        assert set(self.loader.suffixes) <= set(SUPPORTED_SUFFIXES)

    def test_sniffs_its_own_format(self, tmp_path: Path) -> None:
        assert self.loader.sniff(self.good_file(tmp_path).read_bytes()[:8192])

    def test_yields_pages_with_text_and_provenance(self, tmp_path: Path, cfg: Settings) -> None:
        path = self.good_file(tmp_path)
        doc = self.loader.load(path, cfg)
        assert isinstance(doc, LoadedDocument)
        assert doc.source == path
        assert doc.format == self.loader.format
        assert doc.pages and all(page.text.strip() for page in doc.pages)
        numbers = [page.number for page in doc.pages]
        assert numbers == list(range(1, len(numbers) + 1)) or numbers == [None]

    def test_registry_picks_this_loader(self, tmp_path: Path, cfg: Settings) -> None:
        assert load(self.good_file(tmp_path), cfg).format == self.loader.format

    def test_corrupt_file_fails_cleanly(self, tmp_path: Path, cfg: Settings) -> None:
        path = self.corrupt_file(tmp_path)
        with pytest.raises(IngestError) as direct:
            self.loader.load(path, cfg)
        with pytest.raises(IngestError) as via_registry:
            load(path, cfg)
        for err in (direct.value, via_registry.value):
            assert "\n" not in str(err) and str(err)


class TestPdfContract(LoaderContract):
    loader = PdfLoader()

    def good_file(self, tmp_path: Path) -> Path:
        return make_report_pdf(tmp_path / "report.pdf")

    def corrupt_file(self, tmp_path: Path) -> Path:
        good = self.good_file(tmp_path).read_bytes()
        path = tmp_path / "broken.pdf"
        path.write_bytes(good[:40] + b"\x00garbage" * 20)
        return path


class TestDocxContract(LoaderContract):
    loader = DocxLoader()

    def good_file(self, tmp_path: Path) -> Path:
        return make_docx(tmp_path / "notice.docx")

    def corrupt_file(self, tmp_path: Path) -> Path:
        path = tmp_path / "broken.docx"
        path.write_bytes(self.good_file(tmp_path).read_bytes()[:300])
        return path


class TestHtmlContract(LoaderContract):
    loader = HtmlLoader()

    def good_file(self, tmp_path: Path) -> Path:
        return make_html(tmp_path / "page.html")

    def corrupt_file(self, tmp_path: Path) -> Path:
        path = tmp_path / "broken.html"
        path.write_bytes(b"<html><body>" + b"\x00\x01\x02\xff\xfe" * 200)
        return path


class TestTextContract(LoaderContract):
    loader = TextLoader()

    def good_file(self, tmp_path: Path) -> Path:
        path = tmp_path / "law.md"
        shutil.copy(law_path("优化营商环境条例(2019-10-22).md"), path)
        return path

    def corrupt_file(self, tmp_path: Path) -> Path:
        path = tmp_path / "broken.txt"
        path.write_bytes(bytes(range(256)) * 4)
        return path


# --- PDF -------------------------------------------------------------------------------


def test_pdf_pages_are_numbered_from_one(report_pdf: Path, cfg: Settings) -> None:
    doc = load(report_pdf, cfg)
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert "非金属矿物" in doc.pages[0].text and doc.pages[1].text.lstrip().find("制品业") >= 0


def test_encrypted_pdf_is_refused(tmp_path: Path, cfg: Settings) -> None:
    path = make_encrypted_pdf(tmp_path / "secret.pdf")
    with pytest.raises(IngestError, match=r"encrypted PDF \(password protected\)"):
        load(path, cfg)


def test_pdf_over_page_limit(tmp_path: Path) -> None:
    path = make_text_pdf(tmp_path / "long.pdf", pages=3)
    with pytest.raises(IngestError, match="3 pages"):
        load(path, Settings(data_dir=tmp_path, max_pages=2))


def test_scanned_pdf_without_ocr_says_why(tmp_path: Path) -> None:
    path = make_scanned_pdf(tmp_path / "scan.pdf", ["第一条 为了测试，制定本办法。"])
    with pytest.raises(IngestError, match="OCR is off"):
        load(path, Settings(data_dir=tmp_path, ocr=False))


@pytest.mark.slow
def test_scanned_pdf_is_read_by_ocr(tmp_path: Path, cfg: Settings) -> None:
    lines = ["第一条 为了促进中小企业发展，制定本条例。", "第二条 本条例自2024年1月1日起施行。"]
    doc = load(make_scanned_pdf(tmp_path / "scan.pdf", lines), cfg)
    text = doc.pages[0].text.replace(" ", "")
    assert "促进中小企业发展" in text and "2024年1月1日起施行" in text
    assert doc.notes == ["OCR on pages 1"]


# --- DOCX ------------------------------------------------------------------------------


def test_docx_keeps_order_tables_and_title(tmp_path: Path, cfg: Settings) -> None:
    doc = load(make_docx(tmp_path / "n.docx"), cfg)
    text = doc.pages[0].text
    assert doc.meta == {"title": "测试通知"}
    assert "项目 | 金额 | 期限\n贷款贴息 | 100万元 | 3年" in text
    assert text.index("通知如下") < text.index("贷款贴息") < text.index("自印发之日起施行")


def test_docx_without_title_has_no_title(tmp_path: Path, cfg: Settings) -> None:
    assert "title" not in load(make_docx(tmp_path / "n.docx", title=None), cfg).meta


# --- HTML ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["桂政办发〔2024〕5号", "桂政办发[2024]5号", "国办发［2023］12号"]
)
def test_html_main_text_and_meta(tmp_path: Path, cfg: Settings, number: str) -> None:
    doc = load(make_html(tmp_path / "p.html", number), cfg)
    text = doc.pages[0].text
    assert doc.meta["title"] == "广西壮族自治区人民政府办公厅关于印发支持中小企业若干措施的通知"
    assert doc.meta["doc_number"] == number
    assert doc.meta["issued"] == "2024-02-28" and doc.meta["published"] == "2024-03-05"
    assert doc.meta["issuer"] == "广西壮族自治区人民政府办公厅"
    for chrome in ("首页", "脚本内容", "版权所有", "相关文章", "color"):
        assert chrome not in text
    # Paragraphs and <br> stay separate.
    assert "请认真贯彻执行。\n\n一、加大财政支持\n\n对符合条件" in text


def test_deeply_nested_html_fails_cleanly(tmp_path: Path, cfg: Settings) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 50_000 + "深" + "</div>" * 50_000 + "</body></html>")
    with pytest.raises(IngestError, match="nested too deeply"):
        load(path, cfg)


# --- text ------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig"])
def test_text_encodings(tmp_path: Path, cfg: Settings, encoding: str) -> None:
    body = (
        "关于进一步支持中小企业发展的通知\n\n各市、县人民政府：现将《若干措施》印发给你们。\n" * 3
    )
    path = tmp_path / "notice.txt"
    path.write_bytes(body.encode(encoding))
    assert load(path, cfg).pages[0].text == body


def test_gbk_is_read_as_gb18030() -> None:
    text, encoding = decode_text("中小企业款项支付，应当遵守本条例。".encode("gbk") * 5)
    assert encoding == "gb18030" and text.startswith("中小企业")


def test_undecodable_text_is_refused(tmp_path: Path, cfg: Settings) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(b"\x81\x30\xff\xfe\x00\x00\x01\x02" * 64)
    with pytest.raises(IngestError, match="text"):
        load(path, cfg)


def test_law_header_goes_to_meta(cfg: Settings) -> None:
    doc = load(law_path("保障中小企业款项支付条例(2025-03-17).md"), cfg)
    assert doc.meta["title"] == "保障中小企业款项支付条例"
    assert doc.meta["events"] == "2020年7月5日 公布; 2025年3月17日 修订"
    assert doc.meta["issued"] == "2025-03-17"
    assert doc.meta["effective"] == "2025-06-01"  # 自2025年6月1日起施行, from the body
    text = doc.pages[0].text
    # The dated header lines stay as the first paragraph (asked about and cited).
    history, _, body = text.partition("\n\n")
    assert history == (
        "2020年7月5日 中华人民共和国国务院令第728号公布\n"
        "2025年3月17日 中华人民共和国国务院令第802号修订）"
    )
    assert body.startswith("## 第一章 总 则") and "INFO END" not in text


def test_law_header_with_explicit_effective_date(cfg: Settings) -> None:
    meta = load(law_path("优化营商环境条例(2019-10-22).md"), cfg).meta
    assert meta["events"] == "2019年10月8日 通过; 2019年10月22日 公布; 2020年1月1日 施行"
    assert meta["issued"] == "2019-10-22" and meta["effective"] == "2020-01-01"


def test_law_header_cut_by_info_end(cfg: Settings) -> None:
    doc = load(law_path("外商投资法(2019-03-15).md"), cfg)
    assert doc.meta["events"] == "2019年3月15日 通过"
    history, _, body = doc.pages[0].text.partition("\n\n")
    assert history == "2019年3月15日 第十三届全国人民代表大会第二次会议通过）"
    assert body.startswith("## 第一章 总 则")


def test_law_heading_spaces_are_kept(cfg: Settings) -> None:
    text = load(law_path("北京市促进中小企业发展条例(2020-09-25).md"), cfg).pages[0].text
    assert "## 第一章　总　　则" in text


def test_text_without_header_is_untouched() -> None:
    assert parse_header("第一条 内容。\n") == ("第一条 内容。\n", {})
    assert parse_header("# 标题\n\n正文。") == ("# 标题\n\n正文。", {"title": "标题"})


def test_seed_report_loads_as_one_pageless_page(cfg: Settings) -> None:
    doc = load(SEED_REPORT, cfg)
    assert doc.format == "text" and [p.number for p in doc.pages] == [None]


# --- the registry ------------------------------------------------------------------------


def test_supported_suffixes() -> None:
    assert {".pdf", ".docx", ".html", ".htm", ".txt", ".md"} <= set(SUPPORTED_SUFFIXES)
    assert [loader.format for loader in LOADERS] == ["pdf", "docx", "html", "text"]


def test_empty_file(tmp_path: Path, cfg: Settings) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(IngestError, match="empty file"):
        load(path, cfg)


def test_file_too_large(tmp_path: Path) -> None:
    path = make_html(tmp_path / "big.html")
    with pytest.raises(IngestError, match=r"file too large \(.* MB > limit 0.001 MB\)"):
        load(path, Settings(data_dir=tmp_path, max_file_mb=0.001))


def test_html_named_pdf_is_refused(tmp_path: Path, cfg: Settings) -> None:
    path = make_html(tmp_path / "notice.pdf")
    with pytest.raises(UnsupportedFormatError, match=r"notice\.pdf is HTML, not PDF"):
        load(path, cfg)


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("table.xlsx", b"PK\x03\x04junk", ".xlsx"),
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, ".png"),
        ("setup.exe", b"MZ\x90\x00" + b"\x00" * 64, ".exe"),
        ("old.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old Office file"),
    ],
)
def test_unsupported_formats_list_the_supported_ones(
    tmp_path: Path, cfg: Settings, name: str, data: bytes, said: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(UnsupportedFormatError, match="supported") as err:
        load(path, cfg)
    assert said in str(err.value)
    if name.endswith((".xlsx", ".png", ".exe")):
        assert ".pdf, .docx" in str(err.value)


def test_excel_named_docx_is_named(tmp_path: Path, cfg: Settings) -> None:
    import zipfile

    path = tmp_path / "table.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(UnsupportedFormatError, match="Excel workbook"):
        load(path, cfg)


def test_content_wins_without_suffix(tmp_path: Path, cfg: Settings) -> None:
    pdf = tmp_path / "report"
    make_report_pdf(pdf)
    assert load(pdf, cfg).format == "pdf"
    page = make_html(tmp_path / "page")
    assert load(page, cfg).format == "html"
    assert loader_for(tmp_path / "saved.txt", page.read_bytes()).format == "html"


def test_unexpected_parser_errors_are_wrapped(
    tmp_path: Path, cfg: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(self: object, path: Path, settings: Settings) -> LoadedDocument:
        raise ZeroDivisionError("parser bug")

    monkeypatch.setattr(DocxLoader, "load", boom)
    with pytest.raises(IngestError, match=r"could not read n\.docx: ZeroDivisionError: parser bug"):
        load(make_docx(tmp_path / "n.docx"), cfg)


def test_missing_file(tmp_path: Path, cfg: Settings) -> None:
    with pytest.raises(IngestError, match="not found"):
        load(tmp_path / "nope.pdf", cfg)
