"""The plan of the person using this kernel, and where it is kept.

One ``PlanSession`` per kernel holds the current plan, validates every change, saves
it at once, and tells the tools on the page when the whole plan is replaced (restored
from the browser, loaded from a file, or cleared). In JupyterLab the plan is a file;
under Voila it lives in the visitor's own browser (``widgets.browser_store``).

In both, several lessons can be open at once, each with a kernel of its own: a session
saves only the sections its own tools changed, and takes what the other lessons saved
(in the browser: a storage event per section; in JupyterLab: the file, looked at every
``FILE_LOOK_SECONDS`` and before each save).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import sys
import traceback
import weakref
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

from widgets.merge import merge_changes, section_fingerprint
from widgets.plan import (
    SECTION_OWNERS,
    SECTION_TITLES,
    PlanDocument,
    PlanError,
    fits_in_a_file,
    read_plan,
    times_of_a_plan,
    timestamp_or_none,
    utc_now,
)
from widgets.storage import FilePlanStore

# Switching to another lesson's tab takes longer; a look is one stat() of the file.
FILE_LOOK_SECONDS = 1.0
# Two tabs' changes at the same moment are one or two saves apart.
SECTIONS_REMEMBERED = 4


def running_under_voila() -> bool:
    """Voila sets these for every kernel it starts, preheated or not."""
    return "VOILA_BASE_URL" in os.environ or "VOILA_KERNEL_ID" in os.environ


def plan_kept_in_browser() -> bool:
    """Under Voila, and in the static Voici site where Python runs in the visitor's browser
    (Pyodide: no server, no VOILA_* variables): the plan goes to browser storage, with the
    same restore of typed drafts after a reload."""
    return running_under_voila() or sys.platform == "emscripten"


MAX_UTC_OFFSET_MINUTES = 14 * 60  # the widest of the world's time zones (UTC+14)


class PlanSession:
    """The current plan plus its store; tools read and write sections through it."""

    def __init__(self, store):
        self.store = store
        self.plan = PlanDocument()
        self.problem: str | None = None
        self._refused_merge: str | None = None  # said until the participant's next change
        self.last_saved: str | None = None
        self._replace_listeners: list[Callable[[], None]] = []
        self._change_listeners: list[Callable[[str], None]] = []
        self._status_listeners: list[Callable[[], None]] = []
        self._tracked: dict[str, tuple] = {}
        # Browser: each section's recent contents this page had (restored, saved, or
        # taken from another tab), by fingerprint, to find what two tabs' changes made at
        # the same moment started from (see receive_external).
        self._seen: dict[str, dict[str, object]] = {name: {} for name in SECTION_OWNERS}
        # What was typed into an item's editor (a cost scenario, a shortlisted option) and
        # not saved, for the item's next editor: kept when an editor closed (editor key ->
        # (the item as saved then, {tracked key: value})), and drafts the browser kept over
        # a reload whose editor was not on the page yet (tracked key -> value).
        self._unsaved: dict[str, tuple] = {}
        self._drafts_to_come: dict[str, object] = {}
        # While a whole plan is put in place, why: "loaded" (a file) or "cleared". The tools
        # then show it as new: nothing typed before is kept for it.
        self.starting_over: str | None = None
        # JupyterLab: the last change could not be written to the file (a read-only folder,
        # a full disk). The plan on this page is then the only whole copy.
        self._not_written = False
        # How far the participant's clock is ahead of UTC (a dashboard's page says so when
        # it restores, JupyterLab's once its tools are drawn). A server's date (often UTC)
        # is tomorrow's for an evening in California: a journal entry was dated then, "in
        # 2 days" was one day out.
        self._utc_offset: timedelta | None = None
        self.in_browser = hasattr(store, "attach")
        if self.in_browser:
            self.ready = False
            store.attach(self)
        else:
            self.ready = True
            try:
                self.plan = store.load()
            except PlanError as error:
                self.problem = str(error)
            _look_at_the_file_now_and_then(self)

    # --- reading and writing ---------------------------------------------------------
    def section(self, name: str):
        return self.plan.section(name)

    def update(self, name: str, data, over=None) -> None:
        """Validate and save one section; raises PlanError and keeps the old plan if bad.
        ``over``: what the participant saw and changed, where it is not the section saved
        (examples shown in place of an empty one). Another tab changing those same examples
        at the same moment started from them too, so both changes are merged from there:
        merged from the empty section, both tabs' examples counted as items added twice."""
        new_plan = self.plan.with_section(name, data)
        if new_plan.sections[name] == self.plan.sections[name]:
            return
        if self._refused_merge is not None and self.problem == self._refused_merge:
            self.problem = None
        self._refused_merge = None
        self._save(new_plan, [name],
                   over=None if over is None else self.plan.with_section(name, over).sections[name])
        if not _call_all(self._change_listeners, name):
            self._a_tool_failed()
        after_this_message(self._announce_status)  # the plan bar's status and download

    def replace(self, plan: PlanDocument) -> None:
        """Put a whole plan in place (a loaded file, or a fresh one) and save all of it."""
        if hasattr(self.store, "replace_refused"):
            self.store.replace_refused()
        self.problem = None
        self._save(plan, list(SECTION_OWNERS), forget_drafts=True)
        self._start_over("loaded")

    def clear(self) -> None:
        """Remove the participant's data from where it is kept, and start a new plan."""
        try:
            self.store.clear()
        except OSError as error:
            raise PlanError(f"Your plan could not be removed from {self.where} "
                            f"({error.strerror or error}): it is still there.") from None
        self._not_written = False
        self.plan = PlanDocument()
        self.problem = None
        self.last_saved = None
        self._start_over("cleared")

    def _start_over(self, why: str) -> None:
        """Show a plan the participant put in place of the whole plan: nothing typed before
        comes back into it, as the browser forgets its drafts then too."""
        self._unsaved, self._drafts_to_come = {}, {}
        self.starting_over = why
        try:
            self._announce_replaced()
        finally:
            self.starting_over = None

    def _save(self, plan: PlanDocument, sections: list[str], forget_drafts: bool = False,
              over=None) -> None:
        if self.in_browser:
            lineage = {}
            for name in sections:
                before = self._remember(name, self.plan.sections[name] if over is None else over)
                lineage[f"{name}:{self._remember(name, plan.sections[name])}"] = before
            self.store.save(plan, sections, lineage, forget_drafts=forget_drafts)
        else:
            try:
                with self.store.held_by_this_lesson():
                    if len(sections) < len(SECTION_OWNERS):
                        plan = self._on_top_of_other_lessons(plan, sections)
                    self.store.save(plan)
            except OSError as error:
                self.plan = plan  # kept on the page, and in the download, until a save works
                self._not_written = True
                self.report_problem(
                    f"Your plan could not be saved in {self.where} ({error.strerror or error}). "
                    "What you enter stays on this page: use “Download my plan” to keep a copy.")
                return
            if self._not_written:
                self._not_written = False
                self.report_problem(None)
        self.plan = plan
        self.last_saved = utc_now()  # a loaded plan's own time says when it was changed

    # --- other lessons open in JupyterLab, each with its own kernel on the same file -----
    def _on_top_of_other_lessons(self, plan: PlanDocument, sections: list[str]) -> PlanDocument:
        """``plan``'s ``sections`` over the file as it is now, if another lesson saved since
        this kernel last read or wrote it: writing this kernel's older copy of the other
        sections would throw away what was typed there."""
        on_disk = self._saved_elsewhere()  # PlanError if unreadable: not saved, file untouched
        if on_disk is None:
            return plan
        ours = {name: plan.sections[name] for name in sections}
        merged = fits_in_a_file(PlanDocument(sections={**on_disk.sections, **ours},
                                             created=on_disk.created, updated=plan.updated))
        changed = _changed_sections(self.plan, merged, leaving_out=ours)
        if changed:
            # Show them, after this answer.
            after_this_message(lambda: self._announce_replaced(changed))
        return merged

    def take_what_other_lessons_saved(self) -> None:
        """Show here what another lesson's kernel saved to the plan file since this one
        last read or wrote it (or a problem with the file, which is then left alone)."""
        if self.in_browser:
            return
        try:
            on_disk = self._saved_elsewhere()
        except PlanError:
            return
        changed = _changed_sections(self.plan, on_disk) if on_disk is not None else set()
        if changed:
            self.plan = on_disk
            self.last_saved = on_disk.updated
            self._announce_replaced(changed)

    def _saved_elsewhere(self) -> PlanDocument | None:
        """The plan file read again if it changed since this kernel last read or wrote it;
        None if not, or while this page holds changes the file could not take (they count
        more). A problem with the file is told in the plan bar (until the file is readable
        again) and raised."""
        if self._not_written or not self.store.changed_since_seen():
            return None
        try:
            on_disk = self.store.load()
        except PlanError as error:
            if str(error) != self.problem:
                self.report_problem(str(error))
            raise
        if self.problem:
            self.report_problem(None)
        return on_disk

    # --- listeners ---------------------------------------------------------------------
    def on_replace(self, callback: Callable[[set[str] | None], None]) -> None:
        """Call ``callback(changed)`` when the plan is put in place from outside this
        page's tools: ``changed`` names the sections another lesson or tab changed, or is
        None when the whole plan was replaced (a restore, a loaded file, a clear)."""
        self._replace_listeners.append(_weak(callback))

    def on_change(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(section_name)`` after any section is saved."""
        self._change_listeners.append(_weak(callback))

    def on_status(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` when what ``status_text`` says may have changed."""
        self._status_listeners.append(_weak(callback))

    def _announce_replaced(self, changed: set[str] | None = None) -> None:
        # A draft kept over a reload carries no trace of the plan it was typed over: once
        # another lesson or tab changed the plan it could undo that change, so it goes.
        self._drafts_to_come = {}
        if not _call_all(self._replace_listeners, changed):
            self._a_tool_failed()
        self._announce_status()

    def _a_tool_failed(self) -> None:
        self.problem = ("Part of this page could not show your plan (a fault in the kit, "
                        "logged for your instructor). Your plan itself is safe: use "
                        "“Download my plan” to keep a copy, and reload the page.")

    def _announce_status(self) -> None:
        _call_all(self._status_listeners)

    # --- browser restore -------------------------------------------------------------
    def track(self, control, key: str) -> None:
        """Keep what is typed in ``control`` in browser storage as it is typed.

        Under Voila a reload can come before the kernel has saved the last keystrokes;
        the browser keeps the control's raw value (a draft) and puts it back.
        """
        if not self.in_browser:
            return
        trait = _kept_trait(control)
        self._tracked[key] = (control, trait, control.disabled)
        if not self.ready:
            control.disabled = True
        self.store.track(key, control.model_id, trait)

    def now(self) -> datetime:
        """The participant's time, in their zone when their page gave it (else the
        server's)."""
        if self._utc_offset is None:
            return datetime.now().astimezone()
        return datetime.now(timezone(self._utc_offset))

    def today(self) -> date:
        """The participant's date: by their browser's clock when the page gave it."""
        return self.now().date()

    def time_text(self, moment: str) -> str:
        """A plan time (kept in UTC) as the participant reads it, on their own clock:
        "2026-12-02 11:15:42"."""
        return f"{datetime.fromisoformat(moment).astimezone(self.now().tzinfo):%Y-%m-%d %H:%M:%S}"

    def use_participants_clock(self, minutes_ahead_of_utc) -> None:
        """The page's offset from UTC; anything but a real one (±14 hours) is ignored. A
        plan already shown is shown again if that moves the date (JupyterLab's page says
        so once its tools are drawn: a new journal entry's date, "in 2 days")."""
        if isinstance(minutes_ahead_of_utc, int) and not isinstance(minutes_ahead_of_utc, bool) \
                and abs(minutes_ahead_of_utc) <= MAX_UTC_OFFSET_MINUTES:
            before = self.today()
            self._utc_offset = timedelta(minutes=minutes_ahead_of_utc)
            if self.ready and self.today() != before:
                self._announce_replaced()

    def restore_from_browser(self, sections: dict, drafts: dict, meta: str | None = None) -> None:
        """Called by the browser store once the browser has sent what it kept: the saved
        sections, drafts, and the plan's times (JSON, None from before the kit kept them)."""
        document, problems = browser_plan_document(sections, meta)
        times = document["meta"]
        self.plan, unreadable = read_plan(document)
        problems += unreadable
        for name, section in self.plan.sections.items():
            self._remember(name, section)
        if document["sections"]:
            self.last_saved = (timestamp_or_none(times.get("saved"))
                               or timestamp_or_none(times.get("updated")))
        if problems:
            self.problem = (
                "Part of the plan kept in this browser could not be read and was left as "
                f"it is until you change it. {' '.join(problems)}"
            )
        self.ready = True
        for control, _trait, was_disabled in self._tracked.values():
            control.disabled = was_disabled
        self._announce_replaced()
        self._apply_drafts(drafts)

    def _apply_drafts(self, drafts: dict) -> None:
        """Put each draft into its control on the page; one whose control is not there
        yet waits for it: see ``put_waiting_drafts`` and ``put_back_unsaved``."""
        self._drafts_to_come = dict(drafts)
        self.put_waiting_drafts()

    def put_waiting_drafts(self) -> None:
        """Put the drafts still waiting into their controls, if now on the page: a tool
        built after the restore (Voici runs a lesson's cells while the page restores,
        so the restore can come between the plan bar's cell and the tools') calls this
        once it shows the plan."""
        for key in list(self._drafts_to_come):
            control, _trait, _ = self._tracked.get(key, (None, None, None))
            # A draft put in may open another item's editor, which takes its own drafts.
            if key in self._drafts_to_come and control is not None and control.comm is not None:
                _put_draft(control, self._drafts_to_come.pop(key))

    # --- an item's editor closed and opened again ----------------------------------------
    def keep_unsaved(self, editor_key: str, saved, controls: dict) -> None:
        """An item's editor closes while it holds entries that are not saved (one was
        refused, and the others wait for it): keep what its controls hold (tracked key ->
        control) for the item's next editor. ``saved`` is the item as it is saved."""
        if not self.starting_over:
            self._unsaved[editor_key] = (saved, {key: _draft_of(control)
                                                 for key, control in controls.items()})

    def put_back_unsaved(self, editor_key: str, saved, controls: dict) -> bool:
        """Put into a new editor of an item (its controls: tracked key -> control) what was
        typed there and not saved: kept when its last editor closed, if the item is still
        saved as it was then (a change made in another lesson or tab counts more), or kept
        by the browser over a reload. True if a control changed."""
        kept_over, values = self._unsaved.pop(editor_key, (None, {}))
        if kept_over != saved:
            values = {}
        prefix = editor_key + "."
        for key in [key for key in self._drafts_to_come if key.startswith(prefix)]:
            values.setdefault(key, self._drafts_to_come.pop(key))
        changed = False
        for key, value in values.items():
            if key in controls:
                changed = _put_draft(controls[key], value) or changed
        return changed

    def receive_external(self, name: str, text: str | None, lineage: dict | None = None) -> None:
        """Another tab of this browser saved a section: taken as it is, without saving it
        back. But if this page had changed the section too, before it saw the other tab's
        change, both changes are kept and saved; the other tab does the same, and both
        agree. ``lineage``: for recent saves, "section:fingerprint" -> the fingerprint of
        the section that save changed (kept by the browser beside the sections)."""
        if name not in SECTION_OWNERS:
            return
        try:
            data = json.loads(text) if text else PlanDocument().section(name)
            plan = self.plan.with_section(name, data)
        except (ValueError, RecursionError):  # PlanError is a ValueError
            return
        ours, theirs = self.plan.sections[name], plan.sections[name]
        their_print = self._remember(name, theirs)
        # A section removed ("Clear my data" in the other tab) is never merged into.
        changed_from = (lineage or {}).get(f"{name}:{their_print}") if text else None
        started_from = self._seen[name].get(changed_from)
        merged = plan
        if started_from is not None and self._remember(name, ours) != changed_from:
            try:
                merged = plan.with_section(name, merge_changes(started_from, ours, theirs))
            except PlanError as error:  # together they break a rule (too many items)
                # The other tab comes here too, with the sides swapped: both keep the same
                # one of the two changes, and the tab whose change is dropped says so.
                if self._remember(name, ours) < their_print:
                    merged = plan.with_section(name, ours)
                else:
                    self.problem = self._refused_merge = (
                        f"{SECTION_TITLES[name][0]}: your last change could not be kept "
                        "together with one made at the same moment in another tab of this "
                        f"lesson ({error}). This tab now shows the other tab's; make your "
                        "change again if you still want it.")
        before, self.plan = self.plan, plan  # what the browser holds now
        if merged.sections[name] != theirs:
            self._save(merged, [name])
        changed = _changed_sections(before, self.plan)
        if changed:
            self._announce_replaced(changed)

    def receive_external_times(self, meta) -> None:
        """Another tab saved the plan's times (JSON): its start is this plan's too. Every
        tab of an empty browser starts a plan of its own as it opens, and the tab saving
        last wrote its own: the calendar's event ids, made from the start, changed from
        one reload to the next, and a calendar imported again had every date twice."""
        created, updated = times_of_a_plan(_plan_times(meta))
        if self.ready and created is not None and created != self.plan.created:
            self.plan = dataclasses.replace(
                self.plan, created=created, updated=max(self.plan.updated, updated or ""),
                dated=True)

    def _remember(self, name: str, section) -> str:
        """Keep ``section`` among the section's recent contents; its fingerprint."""
        seen = self._seen[name]
        for fingerprint, kept in seen.items():
            if kept is section:  # sections are never changed in place
                return fingerprint
        fingerprint = section_fingerprint(section)
        seen[fingerprint] = section
        while len(seen) > SECTIONS_REMEMBERED:
            del seen[next(iter(seen))]
        return fingerprint

    def report_problem(self, message: str | None) -> None:
        """Tell the participant what is wrong with where the plan is kept (None: all well)."""
        self.problem = message
        self._announce_status()

    # --- what the participant is told ----------------------------------------------------
    @property
    def where(self) -> str:
        return self.store.where

    def status_text(self) -> str:
        """One sentence on where the plan is and whether it is safe."""
        if not self.ready:
            return "Restoring your plan from this browser… (inputs unlock in a moment)"
        if self.problem:
            return self.problem
        if self.plan.is_empty():
            return f"Nothing saved yet. What you enter is saved as you go, in {self.where}."
        return f"Your plan is saved as you go, in {self.where}.{self._last_saved_words()}"

    def _last_saved_words(self) -> str:
        """' Last saved 14:05:09.' today, with the date before any other day's time (a
        plan come back to weeks later read as saved that day)."""
        if not self.last_saved:
            return ""
        moment = self.time_text(self.last_saved)
        same_day = moment[:10] == self.today().isoformat()
        return f" Last saved {moment[11:] if same_day else moment}."


_waiting_for_the_handler: list[Callable[[], None]] = []


def after_this_message(callback: Callable[[], None]) -> None:
    """Run ``callback`` once the handler of the message the kernel is answering is done,
    once however often the handler asks.

    A control's handler runs in the kernel's event loop: what it changes on the page then
    goes out first, and the plan's save and status (the whole plan, for the download
    button) follow, instead of holding up the answer the participant waits for. Where no
    loop runs (tests, a script) ``callback`` runs at once."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        callback()
        return
    if callback in _waiting_for_the_handler:
        return
    _waiting_for_the_handler.append(callback)

    def run() -> None:
        _waiting_for_the_handler.remove(callback)
        callback()

    loop.call_soon(run)


def _look_at_the_file_now_and_then(session: PlanSession) -> None:
    """In a kernel (its event loop runs), look at the plan file every FILE_LOOK_SECONDS for
    what other lessons saved, as long as the session is in use. Where no loop runs (tests,
    a script) a save still takes what others saved first."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    weak_session = weakref.ref(session)

    def look() -> None:
        current = weak_session()
        if current is None:
            return
        try:
            current.take_what_other_lessons_saved()
        except OSError:
            pass  # the folder went away or became unreadable: the next save says so
        finally:
            loop.call_later(FILE_LOOK_SECONDS, look)

    loop.call_later(FILE_LOOK_SECONDS, look)


def _kept_trait(control) -> str:
    """The trait that holds what was typed or chosen: a list's position, or the value."""
    return "index" if hasattr(control, "_options_labels") else "value"


def _draft_of(control):
    """The control's value as the browser keeps it in a draft (see browser_store.js): the
    text of a list's choice, since its position can mean another choice later (the
    seasons offered move on with the calendar), or the value in its JSON form."""
    trait = _kept_trait(control)
    value = getattr(control, trait)
    if trait == "index":
        return None if value is None else control._options_labels[value]
    to_json = control.trait_metadata(trait, "to_json")
    return to_json(value, control) if to_json else value


def _put_draft(control, value) -> bool:
    """Put a draft into its control; True if the control changed. A draft that no longer
    fits (a choice no longer offered, a position kept by an older kit) is left out."""
    trait = _kept_trait(control)
    try:
        if trait == "index":
            if not isinstance(value, str) or value not in control._options_labels:
                return False
            current = control._options_labels.index(value)
        else:
            from_json = control.trait_metadata(trait, "from_json")
            current = from_json(value, control) if from_json else value
        if getattr(control, trait) == current:
            return False
        setattr(control, trait, current)
    except Exception:  # noqa: BLE001 - a stale draft must never stop a restore
        return False
    return True


def _changed_sections(before: PlanDocument, after: PlanDocument,
                      leaving_out=()) -> set[str]:
    """Each section that changed, and each of its entries as "section.entry": a tool that
    shows only the profile's currency is left alone when the name changes."""
    changed = set()
    for name in SECTION_OWNERS:
        old, new = before.sections[name], after.sections[name]
        if name in leaving_out or old == new:
            continue
        changed.add(name)
        changed.update(f"{name}.{key}" for key in set(old) | set(new)
                       if old.get(key) != new.get(key))
    return changed


def browser_plan_document(sections: dict, meta) -> tuple[dict, list[str]]:
    """The plan document the browser kept as one text per section and its times (JSON):
    (document for ``read_plan``, a sentence for each section that is not readable)."""
    problems, kept = [], {}
    for name, text in sections.items():
        if name not in SECTION_OWNERS:
            continue
        try:
            kept[name] = json.loads(text)
        except (ValueError, TypeError, RecursionError):  # JSON, or beyond Python's limits
            problems.append(f"{SECTION_TITLES[name][0]}: not readable.")
    return {"schema_version": 2, "sections": kept, "meta": _plan_times(meta)}, problems


def _plan_times(meta) -> dict:
    """The plan's times as the browser kept them (JSON), or {} if it kept none readable."""
    try:
        times = json.loads(meta) if isinstance(meta, str) else {}
    except json.JSONDecodeError:
        return {}
    return times if isinstance(times, dict) else {}


def _weak(callback):
    """Tools register bound methods, and the session must not keep a tool alive: a shown
    tool lives as long as its widgets (``ToolView._repr_mimebundle_``), one never shown
    (a test's, a cell's intermediate) goes when nothing uses it."""
    return weakref.WeakMethod(callback) if hasattr(callback, "__self__") else (lambda: callback)


def _call_all(listeners: list, *args) -> bool:
    """Call every listener. One that fails (a fault in the kit) is written to the server's
    log and the others still run: one tool must never leave the rest of the page, and the
    plan bar saying the plan is back, waiting. False if one failed."""
    all_well = True
    for reference in list(listeners):
        callback = reference()
        if callback is None:
            listeners.remove(reference)
            continue
        try:
            callback(*args)
        except Exception:  # noqa: BLE001 - logged, and told in the plan bar
            print("Error in a tool showing the plan:", traceback.format_exc(),
                  file=sys.__stderr__, flush=True)
            all_well = False
    return all_well


_current: PlanSession | None = None


def current_session() -> PlanSession:
    """This kernel's session, created on first use for JupyterLab or Voila."""
    global _current
    if _current is None:
        if plan_kept_in_browser():
            from widgets.browser_store import BrowserPlanStore

            _current = PlanSession(BrowserPlanStore())
        else:
            _current = PlanSession(FilePlanStore())
    return _current
