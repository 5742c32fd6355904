"""Shared fixtures: a plan session on a temporary file, a copy of the kit's data to edit,
and a Voila server plus Chromium for the browser tests (started once per test run, bound
to 127.0.0.1)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent


# Shared machines are slow at random moments: time limits per example would make
# property tests fail for reasons that have nothing to do with the property.
settings.register_profile("kit", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("kit")


def pytest_configure(config):
    # Notebook kernels (nbval) inherit this: running the lessons must never write a
    # plan file into notebooks/.
    os.environ["CAREER_KIT_PLAN"] = str(Path(tempfile.mkdtemp(prefix="ck-nbval-")) / "plan.json")


@pytest.fixture
def plan_path(tmp_path) -> Path:
    return tmp_path / "my-career-plan.json"


@pytest.fixture
def session(plan_path):
    """A JupyterLab-style session whose plan file lives in a temporary folder."""
    from widgets.session import PlanSession
    from widgets.storage import FilePlanStore

    return PlanSession(FilePlanStore(plan_path))


@pytest.fixture
def data_copy(tmp_path, monkeypatch) -> Path:
    """A copy of the kit's data/ that the kit reads instead (CAREER_KIT_DATA), to edit."""
    directory = tmp_path / "data"
    shutil.copytree(ROOT / "data", directory)
    monkeypatch.setenv("CAREER_KIT_DATA", str(directory))
    return directory


@pytest.fixture
def browser_session():
    """A Voila-style session whose browser store records what it would send."""
    from tests.fakes import RecordingStore
    from widgets.session import PlanSession

    store = RecordingStore()
    return PlanSession(store), store


@pytest.fixture(scope="session")
def voila_url():
    """Base URL of a Voila server over notebooks/ with the repository's voila.json."""
    from tests.browser import VoilaServer

    with VoilaServer(ROOT) as server:
        yield server.url


# Per module: Playwright's sync API keeps an event loop running while it is open, and
# tests that run asyncio code themselves (nbclient, the soak, the static site) need none.
@pytest.fixture(scope="module")
def chromium():
    from tests.browser import launch_chromium

    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def browser_context(chromium):
    context = chromium.new_context(accept_downloads=True)
    yield context
    context.close()
