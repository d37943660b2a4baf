"""The page's error edge: one line for people, the details in the log."""

import logging

import gradio as gr

from assistant.errors import AssistantError, BackendError
from ui.errors import soft


def test_soft_failures_keep_the_page_and_say_why(caplog) -> None:
    @soft(3, status=1)
    def refused():
        raise AssistantError("修改文档库需要管理员登录。")

    @soft(2)
    def bug():
        raise ZeroDivisionError("internals")

    @soft(3, status=1, cleared=2)
    def refused_upload():
        raise AssistantError("修改文档库需要管理员登录。")

    skip = gr.skip()
    assert refused() == (skip, "**修改文档库需要管理员登录。**", skip)
    assert refused_upload() == (skip, "**修改文档库需要管理员登录。**", None)
    with caplog.at_level(logging.ERROR):
        assert bug() == (skip, skip)
    assert "internals" in caplog.text  # the details go to the log only


def test_streaming_failures_end_with_one_line(caplog) -> None:
    @soft(2, status=0)
    def project_error():
        yield "partial", 1
        raise BackendError("大模型服务无响应")

    @soft(1)
    def bug():
        yield "partial"
        raise KeyError("secret internals")

    gen = project_error()
    assert next(gen) == ("partial", 1)
    assert next(gen) == ("**大模型服务无响应**", gr.skip())
    with caplog.at_level(logging.ERROR):
        out = list(bug())
    assert out[0] == "partial" and out[1] == gr.skip()
    assert "secret internals" in caplog.text
