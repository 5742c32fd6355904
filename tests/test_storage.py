"""The JupyterLab plan file: atomic saves, bad files left exactly as they are, and
several lessons open at once (a kernel each, one file) that never undo each other."""

from __future__ import annotations

import asyncio
import json
import os
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import widgets.session
from widgets.comparison.gui import ComparisonTable
from widgets.plan import SCHEMA_VERSION, PlanDocument, PlanError
from widgets.plan_controls.gui import PlanBar
from widgets.priorities.gui import PrioritiesTool
from widgets.priorities.model import BENEFIT_KEYS, MAX_RATING
from widgets.profile.gui import ProfileForm
from widgets.session import PlanSession
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
    # As docs/serving.md sets it for every user of a JupyterHub.
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("CAREER_KIT_PLAN", "~/my-career-plan.json")
    assert FilePlanStore().path == tmp_path / "my-career-plan.json"


def test_saved_file_names_schema_version(plan_path):
    FilePlanStore(plan_path).save(PlanDocument())
    assert f'"schema_version": {SCHEMA_VERSION}' in plan_path.read_text()


# --- several lessons open in JupyterLab ----------------------------------------------------
def lesson_kernel(plan_path) -> PlanSession:
    """What a lesson's kernel holds: its own session on the participant's one plan file."""
    return PlanSession(FilePlanStore(plan_path))


def saved_sections(plan_path) -> dict:
    return json.loads(plan_path.read_text(encoding="utf-8"))["sections"]


def test_a_store_sees_saves_by_others_but_not_its_own(plan_path):
    mine, other = FilePlanStore(plan_path), FilePlanStore(plan_path)
    assert not mine.changed_since_seen()
    mine.save(PlanDocument())
    assert not mine.changed_since_seen()
    other.save(PlanDocument())  # same content, same size: still another save
    assert mine.changed_since_seen()
    mine.load()
    assert not mine.changed_since_seen()
    other.clear()
    assert mine.changed_since_seen()


def test_going_back_to_an_earlier_lesson_keeps_what_a_later_one_saved(plan_path):
    """Lesson 00's tab stays open while lesson 01 is used; then a change in lesson 00."""
    welcome = ProfileForm(lesson_kernel(plan_path))
    welcome.name.value = "Ana"
    priorities = PrioritiesTool(lesson_kernel(plan_path))
    priorities.ratings["real_world_experience"].value = 5
    welcome.name.value = "Ana Lima"
    sections = saved_sections(plan_path)
    assert sections["profile"]["name"] == "Ana Lima"
    assert sections["priorities"]["ratings"] == {"real_world_experience": 5}
    priorities.ratings["network"].value = 2  # and back again: nothing of lesson 00 undone
    sections = saved_sections(plan_path)
    assert sections["profile"]["name"] == "Ana Lima"
    assert sections["priorities"]["ratings"] == {"real_world_experience": 5, "network": 2}


def test_an_open_lesson_shows_what_another_lesson_saved(plan_path):
    comparison = ComparisonTable(lesson_kernel(plan_path))
    comparison.examples_button.click()
    bar = PlanBar(comparison.session)
    priorities = PrioritiesTool(lesson_kernel(plan_path))
    priorities.ratings["company_culture"].value = 5
    assert comparison.weights["company_culture"].value != 5  # not looked yet
    comparison.session.take_what_other_lessons_saved()
    assert comparison.weights["company_culture"].value == 5
    assert "come from your priorities in lesson 01" in comparison.weights_note.value
    assert '"company_culture": 5' in bar.session.plan.to_json()
    assert saved_sections(plan_path)["shortlist"]["options"]  # its own section untouched


def test_clearing_in_one_lesson_clears_the_others_and_nothing_comes_back(plan_path):
    """"Clear my data" on a shared computer: the other open lessons must not write the
    old plan back with their next change."""
    welcome = ProfileForm(lesson_kernel(plan_path))
    welcome.name.value = "Ana"
    priorities = PrioritiesTool(lesson_kernel(plan_path))
    priorities.ratings["network"].value = 4
    welcome.session.clear()
    assert not plan_path.exists()
    priorities.session.take_what_other_lessons_saved()
    assert priorities.ratings["network"].value == priorities.ratings["hard_skills"].value
    priorities.ratings["soft_skills"].value = 3
    sections = saved_sections(plan_path)
    assert sections["profile"]["name"] == ""
    assert sections["priorities"]["ratings"] == {"soft_skills": 3}


def test_a_change_made_before_the_look_still_lands_on_top_of_the_other_lesson(plan_path):
    """The participant types in lesson 00 within a second of saving in lesson 01."""
    welcome = ProfileForm(lesson_kernel(plan_path))
    priorities = PrioritiesTool(lesson_kernel(plan_path))
    priorities.ratings["network"].value = 4
    welcome.name.value = "Ana"
    assert welcome.session.section("priorities")["ratings"] == {"network": 4}
    assert saved_sections(plan_path)["priorities"]["ratings"] == {"network": 4}


def test_a_file_spoiled_meanwhile_is_reported_in_the_open_lessons_and_left_alone(plan_path):
    welcome = ProfileForm(lesson_kernel(plan_path))
    bar = PlanBar(welcome.session)
    welcome.name.value = "Ana"
    plan_path.write_text("{half a plan", encoding="utf-8")
    welcome.session.take_what_other_lessons_saved()
    assert "left exactly as it is" in bar.status.value
    welcome.name.value = "Ana Lima"
    assert "Not saved" in welcome.result.value  # beside the form, not a traceback
    assert plan_path.read_text(encoding="utf-8") == "{half a plan"
    plan_path.unlink()  # the participant moved it away: the lesson saves again
    welcome.session.take_what_other_lessons_saved()
    assert "left exactly as it is" not in bar.status.value
    welcome.name.value = "Ana L."
    assert saved_sections(plan_path)["profile"]["name"] == "Ana L."


def test_in_a_kernel_each_lesson_looks_at_the_file_by_itself(plan_path, monkeypatch):
    """No change in this lesson is needed: its kernel's event loop looks now and then."""
    monkeypatch.setattr(widgets.session, "FILE_LOOK_SECONDS", 0.02)

    async def two_lessons() -> str:
        priorities = PrioritiesTool(lesson_kernel(plan_path))  # created in a running loop
        welcome = ProfileForm(lesson_kernel(plan_path))
        welcome.name.value = "Ana"
        await asyncio.sleep(0.2)
        return priorities.session.section("profile")["name"]

    assert asyncio.run(two_lessons()) == "Ana"


def test_two_real_kernels_keep_up_with_each_other(plan_path):
    """As in JupyterLab: two lessons, two ipykernels, one plan file; the first lesson takes
    what the second saved with no change of its own (its kernel's loop looks)."""
    from jupyter_client.manager import start_new_kernel

    env = {**os.environ, "CAREER_KIT_PLAN": str(plan_path)}
    kernels = [start_new_kernel(kernel_name="python3", env=env) for _ in range(2)]
    try:
        def run(client, code: str) -> str:
            printed = []
            reply = client.execute_interactive(
                code, timeout=60, output_hook=lambda message: printed.append(
                    message["content"].get("text", "")) if message["msg_type"] == "stream" else None)
            assert reply["content"]["status"] == "ok", reply["content"]
            return "".join(printed)

        (_, first), (_, second) = kernels
        run(first, "from widgets.session import current_session\nsession = current_session()")
        run(second, "from widgets.session import current_session\n"
                    "current_session().update('priorities', {'ratings': {'network': 4}})")
        time.sleep(3 * widgets.session.FILE_LOOK_SECONDS)
        assert run(first, "print(session.section('priorities'))") == "{'ratings': {'network': 4}}\n"
    finally:
        for manager, client in kernels:
            client.stop_channels()
            manager.shutdown_kernel(now=True)


EDITS = st.lists(st.tuples(
    st.integers(0, 2),
    st.one_of(
        st.tuples(st.just("profile"), st.text("abc ", max_size=6).map(str.strip)),
        st.tuples(st.just("priorities"), st.dictionaries(st.sampled_from(BENEFIT_KEYS),
                                                         st.integers(0, MAX_RATING), max_size=3)),
    ),
    st.booleans(),
), max_size=25)


@given(edits=EDITS)
def test_three_open_lessons_in_any_order_keep_every_last_change(tmp_path_factory, edits):
    """Any order of changes in three lessons, each sometimes looking at the file first:
    the file holds each section's last change, and every lesson then shows the file."""
    plan_path = tmp_path_factory.mktemp("plan") / "my-career-plan.json"
    lessons = [lesson_kernel(plan_path) for _ in range(3)]
    last = {}
    for index, (section, value), looks_first in edits:
        lesson = lessons[index]
        if looks_first:
            lesson.take_what_other_lessons_saved()
        data = lesson.section(section)
        if section == "profile":
            data["name"] = value
        else:
            data["ratings"] = value
        if data == lesson.section(section):
            continue  # what the lesson shows already: a control sends no change
        lesson.update(section, data)
        last[section] = lesson.section(section)
    # No file yet when no edit changed anything.
    on_disk = saved_sections(plan_path) if plan_path.exists() else PlanDocument().sections
    for section, data in last.items():
        assert on_disk[section] == data
    for lesson in lessons:
        lesson.take_what_other_lessons_saved()
        assert lesson.plan.sections == on_disk


# --- a folder the plan cannot be written to ------------------------------------------------
def test_a_plan_that_cannot_be_written_is_said_so_and_kept_on_the_page(tmp_path):
    """A read-only course folder on a JupyterHub, a full disk: the participant is told, what
    they typed stays on the page and in the download, and the next save that works ends it."""
    blocked = tmp_path / "course"
    blocked.write_text("a file where the plan's folder should be", encoding="utf-8")
    plan_path = blocked / "my-career-plan.json"
    session = lesson_kernel(plan_path)
    welcome, bar = ProfileForm(session), PlanBar(session)
    welcome.name.value = "Ana"  # must not raise: an observer's exception is lost in JupyterLab
    assert "could not be saved" in bar.status.value and "Download my plan" in bar.status.value
    assert 'role="alert"' in bar.status.value
    assert json.loads(bar.download.make())["sections"]["profile"]["name"] == "Ana"
    assert session.last_saved is None

    blocked.unlink()
    blocked.mkdir()
    welcome.name.value = "Ana Lima"
    assert saved_sections(plan_path)["profile"]["name"] == "Ana Lima"
    assert "could not be saved" not in bar.status.value
    assert "saved as you go" in bar.status.value


def test_a_plan_file_that_cannot_be_removed_is_said_so(plan_path, monkeypatch):
    session = lesson_kernel(plan_path)
    welcome, bar = ProfileForm(session), PlanBar(session)
    welcome.name.value = "Ana"

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(plan_path), "unlink", refuse)
    bar.clear_button.click()
    bar.confirm.yes.click()
    assert "could not be removed" in bar.upload_message.value
    assert "still there" in bar.upload_message.value
    assert welcome.name.value == "Ana" and plan_path.exists()


LESSON_SAVING = """
import sys
from widgets.session import PlanSession
from widgets.storage import FilePlanStore
who, path, times = sys.argv[1], sys.argv[2], int(sys.argv[3])
session = PlanSession(FilePlanStore(path))
for number in range(1, times + 1):
    if who == "profile":
        session.update("profile", {**session.section("profile"), "name": f"Ana {number}"})
    else:
        session.update("priorities", {**session.section("priorities"),
                                      "ratings": {"hard_skills": number % 5 + 1}})
"""


def test_two_lessons_saving_at_the_same_moment_both_keep_their_change(tmp_path):
    """Two lesson kernels on one plan file, each saving its own section as fast as it can:
    without a lock, one often wrote its older copy of the other's section over the other's
    last change (19 runs of 30 lost one)."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    for attempt in range(3):
        path = tmp_path / f"plan-{attempt}.json"
        kernels = [subprocess.Popen([sys.executable, "-c", LESSON_SAVING, who, str(path), "120"],
                                    cwd=root) for who in ("profile", "priorities")]
        assert [kernel.wait(timeout=120) for kernel in kernels] == [0, 0]
        saved = FilePlanStore(path).load()
        assert saved.section("profile")["name"] == "Ana 120", attempt
        assert saved.section("priorities")["ratings"]["hard_skills"] == 120 % 5 + 1, attempt
