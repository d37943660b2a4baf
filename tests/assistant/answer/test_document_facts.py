"""What is asked of the document itself (its title, issuer, author, series,
issue, project), and what is only asked of something in it."""

from __future__ import annotations

from assistant.answer.document_facts import asked_fact


def test_what_is_asked_of_the_document_itself():
    assert asked_fact("这份报告的题目全称是啥？") == ("title", "报告")
    assert asked_fact("这篇文章是由哪个单位发布的") == ("issuer", "文章")
    # something in the document, not the document
    assert asked_fact("这份报告里提到的实验室叫什么名字？") == ("", "")
    assert asked_fact("这份报告建议由哪个部门牵头？") == ("", "")
    # who wrote it, the series and issue it appeared in, the project behind it
    assert asked_fact("这份科技赋能产业链的报告是哪个单位发布的？") == ("issuer", "报告")
    assert asked_fact("这份报告是哪两个单位编发的？") == ("issuer", "报告")
    assert asked_fact("这篇东西是依托哪个课题写出来的？")[0] == "project"
    assert asked_fact("这期是第几期？")[0] == "issue"
    assert asked_fact("这期间增长了多少？") == ("", "")
    assert asked_fact("Who wrote this report?") == ("author", "报告")
    assert asked_fact("What publication series carries this report?")[0] == "series"
    assert (
        asked_fact("《科技赋能广西产业链聚链集群发展的对策研究》执笔的是谁？", named=True)[0]
        == "author"
    )
    # a name in a named document is not the document's own
    assert asked_fact("《专利法》提到的实验室叫什么名字？", named=True) == ("", "")
