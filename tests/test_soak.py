"""A short form of `make soak` (bench/soak.py): a few dozen dashboard loads, bursts and
tabs closed mid-load against the production configuration, with no failed load and no
kernel left behind once the cull time has passed."""

from __future__ import annotations

import pytest

from bench.soak import soak

pytestmark = pytest.mark.browser


def test_a_few_dozen_loads_fail_none_and_leak_no_kernel():
    report = soak(["00_start_here.ipynb", "01_why_internships.ipynb"], sequential=6, bursts=2,
                  burst_size=6, closed=6, cull_seconds=3, connect_grace=45, timeout_s=90)
    assert report["page_loads"] == 24
    assert report["failed_loads"] == 0, report["failures"]
    assert report["leaked_kernels"] == 0, report
