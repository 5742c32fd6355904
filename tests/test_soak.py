"""A short form of `make soak` (bench/soak.py): two dozen dashboard loads, bursts and
tabs closed mid-load against the production configuration. No kernel may be left
behind once the cull time has passed.

Failed loads: the target is none. Measured here, about 1 in 20 loads under a burst on
2 busy cores never became interactive; the cause is not found yet (issue 8 stays open),
so this guard fails on a second failed load, which catches a regression without making
every CI run a coin toss."""

from __future__ import annotations

import pytest

from bench.soak import soak

pytestmark = pytest.mark.browser


def test_two_dozen_loads_leak_no_kernel_and_fail_at_most_once():
    report = soak(["00_start_here.ipynb", "01_why_internships.ipynb"], sequential=6, bursts=2,
                  burst_size=6, closed=6, cull_seconds=3, connect_grace=45, timeout_s=90)
    assert report["page_loads"] == 24
    assert report["leaked_kernels"] == 0, report
    assert report["failed_loads"] <= 1, report["failures"]
