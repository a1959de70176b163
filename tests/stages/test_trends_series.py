"""A notice's series is named whatever its header gave: no issuer, a NaN from pandas."""

from __future__ import annotations

import math

import pytest

from pipeline.stages.trends import series_of


@pytest.mark.parametrize(
    ("doc", "series"),
    [
        ({"issuer": "Văn phòng Ủy ban nhân dân tỉnh", "jurisdiction": "Kiên Giang"},
         "Ủy ban nhân dân tỉnh — Kiên Giang"),
        ({"issuer": None, "jurisdiction": None}, "Không rõ cơ quan ban hành"),
        ({"issuer": math.nan, "jurisdiction": math.nan}, "Không rõ cơ quan ban hành"),
        ({"issuer": "  ", "jurisdiction": "An Giang"}, "Không rõ cơ quan ban hành — An Giang"),
        ({}, "Không rõ cơ quan ban hành"),
    ],
)
def test_series_of(doc, series):
    assert series_of(doc) == series
