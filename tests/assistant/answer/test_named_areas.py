"""A named area (黔中经济区, 成渝地区双城经济圈) is a place the corpus must
speak of: a comparison with one no passage names is not answered by the
comparison with another."""

from __future__ import annotations


def test_a_named_area_no_passage_speaks_of_is_not_covered(ask):
    out = ask("跟黔中经济区比，广西在哪些新兴产业上发展不够？")
    assert not out.refused and "大数据" in out.text, out.text
    out = ask("跟成渝地区双城经济圈比，广西在哪些新兴产业上发展不够？")
    assert out.refused and "双城经济圈" in out.text, out.text
