"""A short form of `make soak` (bench/soak.py): two dozen dashboard loads, bursts,
tabs closed mid-load and open pages abandoned without their goodbye, against the
production configuration. Every load must become interactive, and no kernel (nor any
socket of the server's) may be left behind once the cull time has passed.

The two ways loads failed in `make soak` (a page asking for a kernel already culled, and
a plan that never reached its kernel) are each reproduced on purpose in
tests/test_dashboards.py; here they are caught as they happen under load."""

from __future__ import annotations

import json

import pytest

from bench.soak import soak

pytestmark = pytest.mark.browser


def test_two_dozen_loads_all_become_interactive_and_leak_no_kernel():
    report = soak(["00_start_here.ipynb", "01_why_internships.ipynb"], sequential=6, bursts=2,
                  burst_size=6, closed=6, abandoned_share=0.25, cull_seconds=3,
                  connect_grace=45, timeout_s=90)
    assert report["page_loads"] == 24
    assert report["leaked_kernels"] == 0, report
    assert report["leaked_file_descriptors"] == 0, report
    # The pools' kernels handed to pages (some to tabs closed mid-load) were replaced.
    assert report["pools_refilled"], report
    assert report["failed_loads"] == 0, json.dumps(report["failures"], indent=1)
    # Both ways a page goes were taken, and each goodbye ended its kernel at once.
    assert report["abandoned"] > 0
    assert report["closed_with_goodbye"] + report["abandoned"] == report["completed_loads"]
    assert report["kernels_ended_by_goodbye"] >= report["closed_with_goodbye"], report
