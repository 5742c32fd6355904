"""Every tool used at random, as a restless student would: odd text in every box, every
choice, every checkbox and button, in any order. No control may raise (in a lesson that
would leave a tool silently stuck); what was saved must bring back the same plan (under
Voila from what the browser was sent, in JupyterLab from the plan file); and after a
reload every box shows what was left in it, refused text included."""

from __future__ import annotations

import ast
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

import ipywidgets as ipw
import pytest

import widgets
from tests.fakes import RecordingStore, browser_restores, build_tool
from widgets.plan import empty_section
from widgets.session import PlanSession, _draft_of
from widgets.storage import FilePlanStore
from widgets.ui import is_shown

ODD_TEXT = ["abc", "-5", "0", "12", "1e309", "nan", "inf", "   ", "9" * 40, "<b>bold</b>",
            "😀", "1,000.50", "$12", "2026-02-30", "2026-12-31", "12/31/2026", "", "x" * 5000,
            ".5", "1_000", "١٢", "Ada Lovelace"]
USED = (ipw.Text, ipw.Textarea, ipw.Dropdown, ipw.Checkbox, ipw.Button, ipw.SelectMultiple)
STEPS = 250
TOOLS = [name for name in widgets.__all__ if name not in ("facts_panel", "plan_faq")]
# Tools with controls that keep nothing in the plan: the explorer's filters are drafts
# only, and the plan bar's buttons act on the whole plan.
KEEP_NO_SECTION = {"certification_explorer", "plan_bar"}


def shown_widgets(widget) -> list:
    """The widget and its children, leaving out whatever the page hides."""
    if not is_shown(widget):
        return []
    found = [widget]
    for child in getattr(widget, "children", ()) or ():
        found.extend(shown_widgets(child))
    return found


def plausible_text(control: ipw.Text, rng: random.Random) -> str:
    """The control's own example (its placeholder), with its dates moved into the future,
    so that forms needing several valid boxes at once (an application, a goal with its
    milestones) get saved now and then."""
    def future_date(_match=None) -> str:
        return (date.today() + timedelta(days=rng.randint(30, 200))).isoformat()

    example = re.sub(r"^.*e\.g\.\s*", "", control.placeholder).strip()
    if "http" in example:
        return "https://example.org/internship"
    if re.search(r"\bby\b|date|deadline", control.description, re.IGNORECASE) and not example:
        return future_date()
    example = re.sub(r"\d{4}-\d{2}-\d{2}|YYYY-MM-DD", future_date, example)
    return example or rng.choice(["City Library", "Data intern", "Learn SQL basics"])


def fill_every_box(root, rng: random.Random) -> None:
    """Now and then the student fills in the whole form as its examples suggest."""
    for control in usable(root):
        if isinstance(control, (ipw.Text, ipw.Textarea)):
            control.value = plausible_text(control, rng)


def use_at_random(control, rng: random.Random) -> None:
    if isinstance(control, (ipw.Text, ipw.Textarea)):
        control.value = rng.choice(ODD_TEXT) if rng.random() < 0.5 else plausible_text(control, rng)
    elif isinstance(control, ipw.Checkbox):
        control.value = not control.value
    elif isinstance(control, ipw.Button):
        control.click()
    elif isinstance(control, ipw.SelectMultiple):
        control.index = tuple(i for i in range(len(control.options)) if rng.random() < 0.5)
    elif control.options:
        control.index = rng.randrange(len(control.options))


def act_at_random(root, rng: random.Random):
    """One thing the student does; None once the tool offers nothing to use."""
    if not usable(root):
        return None
    if rng.random() < 0.1:
        fill_every_box(root, rng)
    control = rng.choice(usable(root))
    use_at_random(control, rng)  # an exception here fails the test, with its control
    return control


def usable(root) -> list:
    # The download and upload buttons are AnyWidgets, not in USED: a file needs the
    # browser, and the plan bar's tests cover them.
    return [w for w in shown_widgets(root) if isinstance(w, USED) and not w.disabled]


def kept_by_the_browser(store: RecordingStore, kept: dict) -> None:
    """What the page's script does with each message: localStorage, one key a section."""
    for message in store.sent:
        if message.get("op") == "save":
            kept.update({name: json.loads(text) for name, text in message["sections"].items()})
        elif message.get("op") == "clear":
            kept.clear()
    store.sent.clear()


def open_under_voila(tool_name: str, kept: dict | None = None, drafts: dict | None = None):
    """A tool on a fresh page: built as the lesson's cell runs, then given what the
    browser kept (saved sections, and drafts of what was typed)."""
    store = RecordingStore()
    session = PlanSession(store)
    root = build_tool(tool_name, session).widget
    browser_restores(store, kept or {}, drafts or {})
    return session, store, root


def saved_sections(session: PlanSession) -> set[str]:
    return {name for name, data in session.plan.sections.items() if data != empty_section(name)}


@pytest.mark.parametrize("tool_name", TOOLS)
def test_random_use_raises_nothing_and_a_reload_brings_back_the_same_plan(tool_name):
    rng = random.Random(tool_name)
    session, store, root = open_under_voila(tool_name)
    kept: dict = {}
    ever_saved: set[str] = set()
    for step in range(STEPS):
        control = act_at_random(root, rng)
        if control is None:
            break
        kept_by_the_browser(store, kept)
        ever_saved |= saved_sections(session)
        if step % 50 == 49 or step == STEPS - 1:
            reloaded, _, _ = open_under_voila(tool_name, kept)
            assert reloaded.plan.sections == session.plan.sections, (
                f"{tool_name}: after step {step} ({type(control).__name__} "
                f"{getattr(control, 'description', '')!r}) a reload brings back another plan")
    if usable(root) and tool_name not in KEEP_NO_SECTION:
        assert ever_saved, f"{tool_name}: random use never saved anything, so nothing was checked"


@pytest.mark.parametrize("tool_name", TOOLS)
def test_in_jupyterlab_the_plan_file_brings_back_the_same_plan(tool_name, tmp_path):
    rng = random.Random(tool_name)
    plan_path = tmp_path / "my-career-plan.json"
    session = PlanSession(FilePlanStore(plan_path))
    root = build_tool(tool_name, session).widget
    for _ in range(STEPS // 2):
        if act_at_random(root, rng) is None:
            break
    reopened = PlanSession(FilePlanStore(plan_path))
    assert reopened.problem is None
    if plan_path.exists():
        assert reopened.plan.sections == session.plan.sections


def values_typed(session: PlanSession) -> dict:
    """What the page's script keeps as drafts: each tracked control's raw value (a list's
    choice as its text)."""
    return {key: _draft_of(control) for key, (control, _trait, _) in session._tracked.items()}


def every_box(session: PlanSession) -> dict:
    """What each box on the page shows, and each box of every item the tool edits one at
    a time (a scenario, an option), opened one after another as a participant would."""
    def on_the_page() -> dict:
        return {key: value for key, value in values_typed(session).items()
                if session._tracked[key][0].comm is not None}

    seen = on_the_page()
    for key, (chooser, trait, _) in list(session._tracked.items()):
        if key.endswith(".editing") and trait == "index" and chooser.comm is not None:
            for index in range(len(chooser.options)):
                chooser.index = index
                seen.update(on_the_page())
    return seen


@pytest.mark.parametrize("tool_name", TOOLS)
def test_after_random_use_a_reload_shows_every_box_as_it_was_left(tool_name):
    """Drafts too: text a tool refused (and so never saved) is back in its box."""
    rng = random.Random(f"drafts {tool_name}")
    session, store, root = open_under_voila(tool_name)
    kept: dict = {}
    drafts: dict = {}
    shown = values_typed(session)
    for _ in range(STEPS // 2):
        if act_at_random(root, rng) is None:
            break
        forgets = any(message.get("op") == "clear" or message.get("forget_drafts")
                      for message in store.sent)
        kept_by_the_browser(store, kept)
        if forgets:
            drafts.clear()
        now = values_typed(session)
        drafts.update({key: value for key, value in now.items() if shown.get(key) != value})
        shown = now
    reloaded, _, _ = open_under_voila(tool_name, kept, json.loads(json.dumps(drafts)))
    before, back = every_box(session), every_box(reloaded)
    differ = {key: (value, back.get(key)) for key, value in before.items()
              if back.get(key) != value}
    assert not differ, f"{tool_name}: after a reload these boxes show something else: {differ}"
    # The plan itself is not compared here: drafts are put back one box at a time, so a
    # valid box that waited only on a refused one can be saved during the restore.


class _EntriesRecorded(dict):
    """A section that notes each entry read ("profile.currency"), or the whole section
    once it is gone through."""

    def __init__(self, data: dict, name: str, reads: set):
        super().__init__(data)
        self._name, self._reads = name, reads

    def __getitem__(self, key):
        self._reads.add(f"{self._name}.{key}")
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._reads.add(f"{self._name}.{key}")
        return super().get(key, default)

    def _whole(self):
        self._reads.add(self._name)

    def __iter__(self):
        self._whole()
        return super().__iter__()

    def keys(self):
        self._whole()
        return super().keys()

    def items(self):
        self._whole()
        return super().items()

    def values(self):
        self._whole()
        return super().values()


class ReadsRecorded(PlanSession):
    """The session, noting what a tool reads of the plan."""

    @property
    def plan(self):
        self.reads.add("the whole plan")
        return self.__dict__["plan"]

    @plan.setter
    def plan(self, value):
        self.__dict__["plan"] = value

    def section(self, name: str):
        return _EntriesRecorded(self.__dict__["plan"].section(name), name, self.reads)


@pytest.mark.parametrize("tool_name", [name for name in TOOLS
                                       if getattr(widgets, name).shows is not None])
def test_a_tool_shows_no_section_but_those_it_names(tool_name):
    """A tool is redrawn only when another lesson or tab changes a section (or an entry of
    one) it names in ``shows``: one it reads and does not name would go stale on the page."""
    rng = random.Random(f"reads {tool_name}")
    store = RecordingStore()
    session = PlanSession(store)
    view = build_tool(tool_name, session)
    browser_restores(store, {}, {})
    for _ in range(STEPS // 2):
        if act_at_random(view.widget, rng) is None:
            break
    session.__class__ = ReadsRecorded
    session.reads = set()
    view._refresh_from_plan()
    unnamed = {read for read in session.reads
               if read not in view.shows and read.split(".")[0] not in view.shows}
    assert not unnamed, f"{tool_name} reads {unnamed} too"


def lesson_tools() -> dict[str, list[str]]:
    """Each lesson's tools, with the arguments its code cells give them."""
    found = {}
    for path in sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "code")
        found[path.stem] = [
            (call.func.attr, tuple(ast.literal_eval(argument) for argument in call.args))
            for call in ast.walk(ast.parse(code))
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and getattr(call.func.value, "id", "") == "widgets" and call.func.attr in TOOLS]
    return found


@pytest.mark.parametrize("lesson, tools", lesson_tools().items())
def test_no_two_controls_on_a_lesson_page_have_one_name(lesson, tools):
    """A screen reader names a control by its label: lesson 04's weight and rating of a
    criterion were both "Real-world experience", and lesson 06 had two "Clear the form"."""
    session = PlanSession(RecordingStore())
    browser_restores(session.store, {}, {})
    names: list[str] = []
    for tool_name, arguments in tools:
        view = build_tool(tool_name, session, arguments)
        for button in shown_widgets(view.widget):  # with something in every list
            if isinstance(button, ipw.Button) and button.description.startswith("Add the example"):
                button.click()
        # What is read out: a label's words, a hidden part included, without its tags.
        names += [re.sub(r"<[^>]+>", "", control.description)
                  for control in shown_widgets(view.widget) if isinstance(control, USED)]
    assert all(names), (lesson, "a control without a label")
    assert sorted(name for name in set(names) if names.count(name) > 1) == [], lesson
