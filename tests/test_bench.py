"""`make bench` drives one control per lesson from the keyboard and waits for the kernel's
answer on the page. A renamed label or a control that stops answering would make the
benchmark fail only when someone runs it; here every round trip is driven twice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from bench.run import REFERENCE, ROUND_TRIPS, load, make_root, round_trip_times_ms
from tests.browser import CHROMIUM, CHROMIUM_ARGS, VoilaServer, run_in_own_loop

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))


def test_every_lesson_has_a_round_trip_to_measure():
    assert sorted(set(ROUND_TRIPS) - {REFERENCE}) == LESSONS


async def round_trips(url: str) -> dict:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        measured = {}
        for notebook in [REFERENCE, *LESSONS]:
            _seconds, page, context = await load(browser, f"{url}/voila/render/{notebook}", 90)
            measured[notebook] = await round_trip_times_ms(page, notebook, repeats=2)
            await context.close()
        await browser.close()
    return measured


def test_each_lessons_control_is_answered_when_used_from_the_keyboard():
    root = make_root(LESSONS)
    try:
        with VoilaServer(root, template_root=ROOT,
                         extra_args=["--VoilaConfiguration.preheat_kernel=False"]) as server:
            measured = run_in_own_loop(round_trips(server.url))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    assert all(len(times) == 2 and all(0 < ms < 10_000 for ms in times)
               for times in measured.values()), measured
