"""Every tool used at random, as a restless student would: odd text in every box, every
choice, every checkbox and button, in any order. No control may raise (in a lesson that
would leave a tool silently stuck), and what was saved must bring back the same plan:
under Voila from what the browser was sent, in JupyterLab from the plan file."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import ipywidgets as ipw
import pytest

import widgets
from tests.fakes import RecordingStore, browser_restores
from widgets.plan import empty_section
from widgets.session import PlanSession
from widgets.storage import FilePlanStore

ODD_TEXT = ["abc", "-5", "0", "12", "1e309", "nan", "inf", "   ", "9" * 40, "<b>bold</b>",
            "😀", "1,000.50", "$12", "2026-02-30", "2026-12-31", "12/31/2026", "", "x" * 5000,
            ".5", "1_000", "١٢", "Ada Lovelace"]
USED = (ipw.Text, ipw.Textarea, ipw.Dropdown, ipw.Checkbox, ipw.Button, ipw.SelectMultiple)
STEPS = 250
TOOLS = [name for name in widgets.__all__ if name not in ("facts_panel", "plan_faq")]
# Tools with controls that keep nothing in the plan: the explorer's filters are drafts
# only, and the plan bar's buttons act on the whole plan.
KEEP_NO_SECTION = {"certification_explorer", "plan_bar"}


def all_widgets(widget) -> list:
    found = [widget]
    for child in getattr(widget, "children", ()) or ():
        found.extend(all_widgets(child))
    return found


def plausible_text(control: ipw.Text, rng: random.Random) -> str:
    """What the control's own hint asks for, so that forms needing several valid fields
    at once (an application: organisation, role, dates) get saved now and then."""
    hint = control.placeholder
    if "YYYY-MM-DD" in hint:
        return (date.today() + timedelta(days=rng.randint(1, 200))).isoformat()
    if "http" in hint:
        return "https://example.org/internship"
    if any(character.isdigit() for character in hint):
        return str(rng.randint(1, 60))
    return rng.choice(["City Library", "Data intern", "Ask Ana to review my CV"])


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


def usable(root) -> list:
    # A file download or upload needs the browser; the plan bar's tests cover them.
    return [w for w in all_widgets(root) if isinstance(w, USED) and not w.disabled
            and not (isinstance(w, ipw.Button) and ("Download" in w.description
                                                    or "Upload" in w.description))]


def kept_by_the_browser(store: RecordingStore, kept: dict) -> None:
    """What the page's script does with each message: localStorage, one key a section."""
    for message in store.sent:
        if message.get("op") == "save":
            kept.update({name: json.loads(text) for name, text in message["sections"].items()})
        elif message.get("op") == "clear":
            kept.clear()
    store.sent.clear()


def saved_sections(session: PlanSession) -> set[str]:
    return {name for name, data in session.plan.sections.items() if data != empty_section(name)}


@pytest.mark.parametrize("tool_name", TOOLS)
def test_random_use_raises_nothing_and_a_reload_brings_back_the_same_plan(tool_name):
    rng = random.Random(tool_name)
    tool_class = getattr(widgets, tool_name)
    store = RecordingStore()
    session = PlanSession(store)
    browser_restores(store, {}, {})
    root = tool_class(session=session).widget
    kept: dict = {}
    ever_saved: set[str] = set()
    for step in range(STEPS):
        controls = usable(root)
        if not controls:
            break
        control = rng.choice(controls)
        use_at_random(control, rng)  # an exception here fails the test, with its control
        kept_by_the_browser(store, kept)
        ever_saved |= saved_sections(session)
        if step % 50 == 49 or step == STEPS - 1:
            reloaded_store = RecordingStore()
            reloaded = PlanSession(reloaded_store)
            browser_restores(reloaded_store, kept, {})
            tool_class(session=reloaded)
            assert reloaded.plan.sections == session.plan.sections, (
                f"{tool_name}: after step {step} ({type(control).__name__} "
                f"{getattr(control, 'description', '')!r}) a reload brings back another plan")
    if usable(root) and tool_name not in KEEP_NO_SECTION:
        assert ever_saved, f"{tool_name}: random use never saved anything, so nothing was checked"


@pytest.mark.parametrize("tool_name", TOOLS)
def test_in_jupyterlab_the_plan_file_brings_back_the_same_plan(tool_name, tmp_path):
    rng = random.Random(tool_name)
    tool_class = getattr(widgets, tool_name)
    plan_path = tmp_path / "my-career-plan.json"
    session = PlanSession(FilePlanStore(plan_path))
    root = tool_class(session=session).widget
    for _ in range(STEPS // 2):
        controls = usable(root)
        if not controls:
            break
        use_at_random(rng.choice(controls), rng)
    reopened = PlanSession(FilePlanStore(plan_path))
    assert reopened.problem is None
    if plan_path.exists():
        assert reopened.plan.sections == session.plan.sections
