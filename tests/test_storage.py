"""The JupyterLab plan file: atomic saves, and bad files left exactly as they are."""

from __future__ import annotations

import os

import pytest

from widgets.plan import SCHEMA_VERSION, PlanDocument, PlanError
from widgets.storage import FilePlanStore


def test_save_then_load_gives_the_same_plan(plan_path):
    store = FilePlanStore(plan_path)
    plan = PlanDocument().with_section("profile", {**PlanDocument().section("profile"),
                                                   "name": "Kim"})
    store.save(plan)
    assert store.load().to_dict() == plan.to_dict()


def test_missing_file_means_a_new_empty_plan(plan_path):
    assert FilePlanStore(plan_path).load().is_empty()


@pytest.mark.parametrize("content", [b"{half a plan", b'{"schema_version": 99, "sections": {}}'])
def test_bad_file_is_refused_and_never_overwritten(plan_path, content):
    plan_path.write_bytes(content)
    store = FilePlanStore(plan_path)
    with pytest.raises(PlanError, match="left exactly as it is"):
        store.load()
    with pytest.raises(PlanError, match="Not saved"):
        store.save(PlanDocument())
    assert plan_path.read_bytes() == content


def test_crash_during_save_keeps_the_last_good_copy(plan_path, monkeypatch):
    store = FilePlanStore(plan_path)
    good = PlanDocument()
    store.save(good)
    before = plan_path.read_bytes()

    def crash(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        store.save(good.with_section("profile", {**good.section("profile"), "name": "Lost"}))
    assert plan_path.read_bytes() == before
    assert [p.name for p in plan_path.parent.iterdir()] == [plan_path.name]


def test_clear_removes_the_file(plan_path):
    store = FilePlanStore(plan_path)
    store.save(PlanDocument())
    store.clear()
    assert not plan_path.exists()


def test_default_path_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREER_KIT_PLAN", str(tmp_path / "mine.json"))
    assert FilePlanStore().path == tmp_path / "mine.json"


def test_saved_file_names_schema_version(plan_path):
    FilePlanStore(plan_path).save(PlanDocument())
    assert f'"schema_version": {SCHEMA_VERSION}' in plan_path.read_text()
