"""The page speaks Chinese: every English one-line message the project
produces reaches the page translated (issue 12, part 5)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from assistant.errors import AssistantError
from assistant.settings import Settings
from ui.messages import has_chinese, to_chinese

ALLOWED_WORDS = {"PDF", "DOCX", "HTML", "OCR", "API", "HTTP", "UTF", "GB18030", "Word", "zip"}
ALLOWED_WORDS |= {"Excel", "PowerPoint", "PNG", "JPEG", "GIF", "Windows", "Linux", "Office", "RTF"}


def english_words(text: str) -> set[str]:
    """English words left once file suffixes (".shtml") are taken out."""
    return set(re.findall(r"[A-Za-z]{3,}", re.sub(r"\.[A-Za-z]+", "", text))) - ALLOWED_WORDS


def bad_files(folder: Path) -> dict[str, bytes]:
    from pypdf import PdfWriter

    blank = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(blank)
    locked = io.BytesIO()
    writer.encrypt("secret")
    writer.write(locked)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("hello.txt", "hi")
    return {
        "corrupt.pdf": b"%PDF-1.4\n1 0 obj garbage\n%%EOF",
        "locked.pdf": locked.getvalue(),
        "blank.pdf": blank.getvalue(),
        "page.pdf": b"<!DOCTYPE html><html><body><p>x</p></body></html>",
        "image.pdf": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
        "archive.docx": zipped.getvalue(),
        "broken.docx": b"PK\x03\x04 not really a zip",
        "sheet.xlsx": b"PK\x03\x04",
        "empty.txt": b"",
        "binary.txt": b"\x00\x01\x02\x03" * 100,
        "big.md": "很长的文本".encode() * 40000,
        "tags.html": b"<html><body><script>1</script></body></html>",
        "program.txt": b"MZ\x90\x00" + b"\x00" * 200,
    }


def test_every_loader_refusal_is_shown_in_chinese(tmp_path: Path) -> None:
    from ingest.loaders import load

    settings = Settings(data_dir=tmp_path / "data", max_file_mb=0.1, ocr=False)
    seen = 0
    for name, data in bad_files(tmp_path).items():
        path = tmp_path / name
        path.write_bytes(data)
        try:
            load(path, settings)
        except AssistantError as exc:
            shown = to_chinese(str(exc))
            seen += 1
            assert has_chinese(shown), (str(exc), shown)
            assert not english_words(shown.replace(name, "")), (str(exc), shown)
            assert "已记录日志" not in shown, f"no rule for {exc}"  # each has its own line
        else:
            pytest.fail(f"{name} was accepted")
    assert seen == len(bad_files(tmp_path))


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("报告.pdf is HTML, not PDF; check the file or give it the right extension",
         "报告.pdf 的内容是网页（HTML），不是PDF；请检查文件或改用正确的扩展名"),
        ("a.xlsx: unsupported file type .xlsx (it is an Excel workbook); supported: .pdf, .md",
         "a.xlsx：不支持的文件类型 .xlsx（实际是Excel 表格），可上传 .pdf, .md"),
        ("LLM unavailable (LLM server at http://x/v1 unreachable); showing the extractive answer.",
         "大模型暂不可用（无法连接大模型服务），以下为摘录式回答。"),
        ("The LLM answer did not match its sources (figure 12% is not in the cited sources); "
         "showing the extractive answer.",
         "大模型的回答与来源不符（数字 12% 不在所引来源中），以下为摘录式回答。"),
        ("cannot open the index: sqlite locked at /srv/x", "无法打开索引，已记录日志"),
        ("No API key: set POLICYQA_LLM_API_KEY", "未设置 API 密钥：请设置 POLICYQA_LLM_API_KEY"),
        ("internal error (KeyError)", "内部错误，已记录日志"),
        ("修改文档库需要管理员登录。", "修改文档库需要管理员登录。"),
        ("something nobody translated", "操作失败，已记录日志"),
    ],
)  # fmt: skip
def test_known_messages_are_translated_and_chinese_ones_kept(english: str, chinese: str) -> None:
    assert to_chinese(english) == chinese


def test_answer_notice_in_the_bubble_is_chinese() -> None:
    from assistant.records import Answer
    from ui import render

    a = Answer(
        question="q",
        text="摘录的回答",
        notice="LLM unavailable (LLM server timed out after 30s); showing the extractive answer.",
    )
    assert "大模型暂不可用（大模型服务超时（30 秒））" in render.answer_markdown(a)
    assert not english_words(render.answer_markdown(a))
