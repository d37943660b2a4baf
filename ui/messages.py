"""The page speaks Chinese: the project's English one-line messages (loader
reasons, store and LLM errors, answer notices) translated at the page edge.

The CLI keeps the English originals; only what reaches the page passes
through ``to_chinese``. Each known message shape has a pattern here; a message
with no Chinese in it that no pattern knows becomes a generic Chinese line
(the original goes to the log), so no English sentence reaches a clerk
(issue 12, part 5).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

__all__ = ["has_chinese", "to_chinese"]

log = logging.getLogger(__name__)

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Words inside messages (formats found in a file, problems found in an answer).
_WORDS = {
    "text": "文本",
    "HTML": "网页（HTML）",
    "PDF": "PDF",
    "DOCX": "Word 文档（DOCX）",
    "binary data": "二进制数据",
    "a zip archive": "zip 压缩包",
    "an Excel workbook": "Excel 表格",
    "a PowerPoint file": "PowerPoint 文件",
    "a PNG image": "PNG 图片",
    "a JPEG image": "JPEG 图片",
    "a GIF image": "GIF 图片",
    "a Windows program": "Windows 程序",
    "a Linux program": "Linux 程序",
    "an old Office file (.doc/.xls); save it as .docx": "旧版 Office 文件（.doc/.xls），请另存为 .docx",
    "an RTF file; save it as .docx": "RTF 文件，请另存为 .docx",
    "OCR found no text": "文字识别（OCR）也没有识别出文字",
    "scanned PDF and OCR is off": "扫描件且未开启文字识别（OCR）",
    "not a readable zip archive": "不是可读的 zip 压缩包",
}


def _word(text: str) -> str:
    return _WORDS.get(text.strip(), text.strip())


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _rules(*pairs: tuple[str, Callable[[re.Match[str]], str]]) -> list[Rule]:
    return [(re.compile(p, re.DOTALL), f) for p, f in pairs]


# Most specific first; each pattern matches a whole message.
RULES: list[Rule] = _rules(
    # ingest loaders (ingest/loaders/*.py)
    (r"(?P<n>.+?): unsupported file type (?P<s>\S+)(?: \(it is (?P<r>.+?)\))?; supported: (?P<ok>.+)",
     lambda m: f"{m['n']}：不支持的文件类型 {m['s']}"
     + (f"（实际是{_word(m['r'])}）" if m["r"] else "") + f"，可上传 {m['ok']}"),
    (r"(?P<n>.+?) is (?P<r>.+?), not a supported document; supported: (?P<ok>.+)",
     lambda m: f"{m['n']} 实际是{_word(m['r'])}，不是可读取的文档（可上传 {m['ok']}）"),
    (r"(?P<n>.+?) is (?P<r>HTML|PDF|DOCX|text), not (?P<c>HTML|PDF|DOCX|text); .*",
     lambda m: f"{m['n']} 的内容是{_word(m['r'])}，不是{_word(m['c'])}；请检查文件或改用正确的扩展名"),
    (r"(?P<n>.+?) is a zip archive, not a Word document",
     lambda m: f"{m['n']} 是 zip 压缩包，不是 Word 文档"),
    (r"file too large \((?P<a>[\d.]+) MB > limit (?P<b>[\d.]+) MB\)",
     lambda m: f"文件太大（{m['a']} MB，上限 {m['b']} MB）"),
    (r"empty file", lambda m: "空文件"),
    (r"file not found: (?P<n>.+)", lambda m: f"找不到文件：{m['n']}"),
    (r"cannot read (?P<n>.+?): .*", lambda m: f"无法读取 {m['n']}"),
    (r"(?P<n>.+?) is too complex to read .*", lambda m: f"{m['n']} 结构过于复杂，无法读取"),
    (r"could not read (?P<n>.+?): .*", lambda m: f"无法读取 {m['n']}（文件可能已损坏）"),
    (r"corrupt PDF page (?P<p>\d+) .*", lambda m: f"PDF 文件第 {m['p']} 页已损坏"),
    (r"corrupt PDF .*", lambda m: "PDF 文件已损坏，无法读取"),
    (r"encrypted PDF .*", lambda m: "PDF 文件已加密（有密码保护），无法读取"),
    (r"PDF has (?P<c>\d+) pages \(limit (?P<l>\d+)\)",
     lambda m: f"PDF 共 {m['c']} 页，超过上限 {m['l']} 页"),
    (r"no text in PDF \((?P<h>.+)\)", lambda m: f"PDF 中没有文字（{_word(m['h'])}）"),
    (r"corrupt DOCX \((?P<h>.+)\)", lambda m: f"Word 文档已损坏（{_word(m['h'])}）"),
    (r"DOCX unpacks to (?P<t>\d+) MB .*",
     lambda m: f"Word 文档解压后达 {m['t']} MB，疑似压缩炸弹，已拒绝"),
    (r"cannot decode text.*", lambda m: "无法识别文本编码（不是 UTF-8、GB18030 等常见编码）"),
    (r"not a text file .*", lambda m: "不是文本文件（内容为二进制或编码无法识别）"),
    (r"HTML nested too deeply.*", lambda m: "网页嵌套层级过深，无法读取"),
    (r"no text in HTML page", lambda m: "网页中没有正文文字"),
    (r"internal error \(.*\)", lambda m: "内部错误，已记录日志"),
    # policyqa.toml manifests (ingest/manifest.py)
    (r"(?P<w>.+?): not a valid TOML manifest .*",
     lambda m: f"{m['w']}：policyqa.toml 格式不正确"),
    (r"(?P<w>.+?): (?P<k>\w+) must be a date like (?P<e>\S+), not (?P<v>.+)",
     lambda m: f"{m['w']}：{m['k']} 应为日期（如 {m['e']}），而不是 {m['v']}"),
    (r"(?P<w>.+?): (?P<k>\w+) must be a non-empty text, not (?P<v>.+)",
     lambda m: f"{m['w']}：{m['k']} 不能为空"),
    (r"(?P<w>.+?): status must be one of (?P<s>.+), not (?P<v>.+)",
     lambda m: f"{m['w']}：status 只能是 {m['s']}，而不是 {m['v']}"),
    # the store and settings (assistant/store, assistant/errors)
    (r"cannot open the index: .*", lambda m: "无法打开索引，已记录日志"),
    (r"dense search failed: .*", lambda m: "检索失败，已记录日志"),
    (r"No API key: set (?P<v>\w+)", lambda m: f"未设置 API 密钥：请设置 {m['v']}"),
    (r"Unknown (?P<k>.+?) '(?P<n>.+?)'; valid names: (?P<ok>.+)",
     lambda m: f"未知的 {m['k']}“{m['n']}”，可用：{m['ok']}"),
    # answer notices and LLM backends (assistant/answer/chain.py, assistant/llm)
    (r"LLM unavailable \((?P<e>.+)\); showing the extractive answer\.",
     lambda m: f"大模型暂不可用（{to_chinese(m['e'])}），以下为摘录式回答。"),
    (r"The LLM answer did not match its sources \((?P<p>.+)\); showing the extractive answer\.",
     lambda m: f"大模型的回答与来源不符（{to_chinese(m['p'])}），以下为摘录式回答。"),
    (r"LLM server timed out after (?P<s>[\d.]+)s", lambda m: f"大模型服务超时（{m['s']} 秒）"),
    (r"LLM server rejected the API key", lambda m: "大模型服务拒绝了 API 密钥"),
    (r"LLM server at (?P<u>\S+) does not know model (?P<n>.+)",
     lambda m: f"大模型服务上没有模型 {m['n']}"),
    (r"LLM server at (?P<u>\S+) returned HTTP (?P<c>\d+)",
     lambda m: f"大模型服务返回 HTTP {m['c']}"),
    (r"LLM server at (?P<u>\S+) unreachable", lambda m: "无法连接大模型服务"),
    (r"LLM server at (?P<u>\S+) failed: .*", lambda m: "大模型服务出错"),
    (r"citation \[(?P<n>\d+)\] points at no source", lambda m: f"引用[{m['n']}]没有对应的来源"),
    (r"the answer cites no source", lambda m: "回答没有引用任何来源"),
    (r"figure (?P<f>.+) is not in the cited sources", lambda m: f"数字 {m['f']} 不在所引来源中"),
)  # fmt: skip


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text or ""))


def to_chinese(message: str, fallback: str = "操作失败，已记录日志") -> str:
    """``message`` in Chinese: a known English shape translated, a Chinese
    message unchanged, anything else ``fallback`` (the original is logged)."""
    text = (message or "").strip()
    for pattern, make in RULES:
        m = pattern.fullmatch(text)
        if m:
            return make(m)
    if not text or has_chinese(_without_names(text)):
        return text
    log.info("untranslated message shown as %r: %s", fallback, text)
    return fallback


def _without_names(text: str) -> str:
    # A file name may be Chinese inside an English sentence ("报告.pdf is
    # HTML"): judge the sentence by what is left once names are taken out.
    return re.sub(r"\S+\.(pdf|docx|html?|txt|md|toml)\b", "", text, flags=re.IGNORECASE)
