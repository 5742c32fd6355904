"""The add / change / remove frame shared by the plan's list sections (applications,
goals, journal entries): a chooser, a form whose fields each show their own message,
Save / Clear / Remove buttons, and a confirmation before anything is removed.

Layout and wiring only: the checks, ids and list changes are the tool model's
``check_form``, ``find``, ``form_values``, ``with_item``, ``without_item`` and
``chooser_label``. What is typed in the form is tracked (kept across a reload under
Voila), and so is which entry is being changed, in a hidden text control, so a reload
in the middle of an edit still saves to the right entry. Choosing another entry while
the form holds changes not saved is refused with a message: Save or Clear first.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import ipywidgets as ipw

from widgets import ui
from widgets.markup import Markup, escape


def breakable(html: str) -> str:
    """HTML whose long words (a pasted link, say) wrap inside the tool instead of
    stretching a list past the edge of the page. Not for tables: their headings would
    break too; use ``breakable_cell`` for the cells."""
    return f'<div class="ck-breakable">{html}</div>'


def breakable_cell(text: str) -> Markup:
    """Participant text for a table cell, escaped, whose long words may wrap."""
    return Markup(f'<span class="ck-breakable">{escape(text)}</span>')


class EntryListView(ui.ToolView):
    """Base of the list tools. A subclass sets the class attributes, builds its controls,
    calls ``build_editor`` and ``finish``, and renders the list in ``show_list``."""

    section_name: str
    items_key: str = "items"
    noun: str = "entry"
    add_label: str = "Add"
    key_prefix: str
    model = None

    def __init__(self, session=None, today: date | None = None):
        super().__init__(session)
        self._fixed_today = today
        self._syncing = False
        # The form's values as the entry it edits was saved when the form took it: what
        # was changed since, here or elsewhere (another tab, another lesson), is told apart.
        self._taken: dict = {}
        self._filled: dict = {}  # the values the form was last filled with

    def today(self) -> date:
        return self._fixed_today or self.session.today()

    # --- building ------------------------------------------------------------------------
    def build_editor(self, controls: dict[str, ipw.Widget], help_texts: dict[str, str] | None = None):
        """Wrap each form control in a Field, track it, and make the buttons around them."""
        help_texts = help_texts or {}
        self.controls = controls
        # Their errors are read out politely: the form's own message is the one alert
        # when a save is refused.
        self.fields = {name: ui.Field(control, help_texts.get(name, ""), checked_on_press=True)
                       for name, control in controls.items()}
        for name, control in controls.items():
            self.track(control, f"{self.key_prefix}.{name}")
        self.editing = ui.text_input("")  # which entry the form edits: kept, never shown
        ui.set_shown(self.editing, False)
        self.track(self.editing, f"{self.key_prefix}.editing")
        self.chooser = ui.choice_input(f"Change {self._article()} {self.noun}",
                                       [(f"(new {self.noun})", "")])
        # Why the chooser went back, said right under it (and read out).
        self.chooser_field = ui.Field(self.chooser)
        self.save_button = ui.button(self.add_label, kind="primary")
        # Named for its list: lesson 06 has a goal form and a journal form on one page.
        self.clear_button = ui.button(f"Clear the {self.noun} form")
        self.remove_button = ui.button(f"Remove this {self.noun}", kind="danger")
        ui.set_shown(self.remove_button, False)
        self.confirm = ui.Confirmation(f"Keep this {self.noun}")
        self.message = ui.Message(keeps_room=False)
        self.buttons = ui.row([self.save_button, self.clear_button, self.remove_button])

    def finish(self) -> None:
        """Wire the buttons and show the plan (call at the end of the subclass __init__)."""
        self.chooser.observe(self._on_choose, "value")
        self.editing.observe(self._on_editing, "value")
        self.save_button.on_click(self._on_save)
        self.clear_button.on_click(lambda _: self._load(""))
        self.remove_button.on_click(self._ask_remove)
        self._refresh_from_plan()

    @property
    def shows(self) -> frozenset[str]:
        return frozenset({self.section_name})

    def _article(self) -> str:
        return "an" if self.noun[0] in "aeiou" else "a"

    # --- reading the plan ----------------------------------------------------------------
    def items(self) -> list[dict]:
        return self.session.section(self.section_name)[self.items_key]

    def listed(self, items: list[dict]) -> list[dict]:
        """The entries in the order the tool lists them; its chooser follows that order."""
        return items

    def form(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def form_values(self, item: dict | None) -> dict:
        return self.model.form_values(item)

    def fill_form(self, values: dict) -> None:
        for name, control in self.controls.items():
            if name in values:
                control.value = values[name]
        self._filled = {name: values[name] for name in self.controls if name in values}
        for field in self.fields.values():
            field.clear()

    def show_plan(self) -> None:
        self.confirm.dismiss()  # a question about the list as it was before
        items = self.items()
        options = [(f"(new {self.noun})", "")]
        options += [(self.model.chooser_label(item), item["id"]) for item in self.listed(items)]
        with self._synced():
            self.chooser.options = options
        if self.editing.value and self.model.find({self.items_key: items}, self.editing.value) is None:
            self.editing.value = ""
        starting_over = self.session.starting_over
        if starting_over == "cleared" or (starting_over and self.editing.value):
            # Nothing of a cleared plan stays on screen, and the entry in the form belonged
            # to the plan replaced (a loaded plan's entry of the same id is another).
            self._load("")
        elif self.editing.value:
            self._follow_changes_elsewhere()
        else:
            self._new_entry_follows_today()
        self._show_mode()
        self.show_list()

    def _new_entry_follows_today(self) -> None:
        """An empty form for a new entry, untouched, takes today's defaults again: the page
        gives the participant's date after the form was made (a server's date can be
        tomorrow's for them), and a page can stay open past midnight."""
        blank = self.form_values(None)
        untouched = all(self.controls[name].value == value for name, value in self._filled.items())
        if untouched and blank != self._filled:
            self.fill_form(blank)
            self._taken = blank

    def _follow_changes_elsewhere(self) -> None:
        """The entry in the form was saved otherwise meanwhile (in another tab, or another
        lesson in JupyterLab): the form takes that change where the participant has not
        changed the entry here, and keeps what they did change, so that "Save changes"
        never undoes the other change unseen."""
        item = self._item(self.editing.value)
        now = self.form_values(item)
        if now == self._taken:
            return
        kept_here = [name for name, value in self._taken.items()
                     if name in self.controls and self.controls[name].value != value]
        for name, value in now.items():
            if name in self.controls and name not in kept_here:
                self.controls[name].value = value
        self._taken = now
        label = self.model.chooser_label(item)
        self.message.show("info", f"“{label}” was changed in another tab or lesson: the form "
                          + ("shows that change, and keeps yours, not saved yet." if kept_here
                             else "shows it as saved now."))

    def show_list(self) -> None:
        """Render the saved entries (the subclass's part)."""

    # --- choosing and editing ------------------------------------------------------------
    @contextmanager
    def _synced(self):
        """Set the chooser from code without its observer loading an entry."""
        previous, self._syncing = self._syncing, True
        try:
            yield
        finally:
            self._syncing = previous

    def _on_choose(self, change) -> None:
        if self._syncing:
            return
        if self._form_not_saved():
            self._show_mode()  # the chooser goes back to what the form holds
            self.chooser_field.message.show(
                "warning", "The form has changes that are not saved yet. Press "
                f"“{self.save_button.description}” to keep them, or “{self.clear_button.description}” "
                f"to drop them, then choose {self._article()} {self.noun} again.", live=True)
            return
        self._load(change["new"] or "")

    def _form_not_saved(self) -> bool:
        return any(self.controls[name].value != value
                   for name, value in self.form_values(self._item(self.editing.value)).items()
                   if name in self.controls)

    def _item(self, item_id: str) -> dict | None:
        return self.model.find({self.items_key: self.items()}, item_id) if item_id else None

    def _load(self, item_id: str) -> None:
        """Put an entry (or an empty form for a new one) in the form."""
        self.confirm.dismiss()  # a question about the entry the form held before
        item = self._item(item_id)
        self.editing.value = item["id"] if item else ""
        self.fill_form(self.form_values(item))
        self._show_mode()
        self.message.clear()

    def _on_editing(self, _change) -> None:
        self._taken = self.form_values(self._item(self.editing.value))
        self._filled = self.form()
        self._show_mode()

    def _show_mode(self) -> None:
        self.chooser_field.clear()
        editing = self.editing.value
        ids = [value for _, value in self.chooser.options]
        with self._synced():
            self.chooser.value = editing if editing in ids else ""
        self.save_button.description = "Save changes" if editing else self.add_label
        ui.set_shown(self.remove_button, bool(editing))
        if not editing:
            self.confirm.dismiss()
        self.show_mode()

    def show_mode(self) -> None:
        """Hook for a subclass to show mode-specific hints (``self.editing.value`` says
        which entry the form holds, empty for a new one)."""

    # --- saving --------------------------------------------------------------------------
    def _on_save(self, _button=None) -> None:
        section = self.session.section(self.section_name)
        editing = self.editing.value or None
        item, problems = self.model.check_form(self.form(), section, self.today(), editing)
        for name, field in self.fields.items():
            if name in problems:
                field.error(problems[name])
            else:
                field.clear()
        if problems:
            self.message.error(f"Not saved yet: see the message{'s' if len(problems) > 1 else ''} "
                               "above. Everything you typed is still in the form.")
            # The keyboard goes to the first entry to fix, as a form on the web does.
            next(control for name, control in self.controls.items() if name in problems).focus()
            return
        if self.save(self.section_name, self.model.with_item(section, item), self.message):
            done = "Saved your changes to" if editing else "Added"
            self.editing.value = ""
            self.fill_form(self.form_values(None))
            self.show_plan()
            self.message.show("ok", f"{done} “{self.model.chooser_label(item)}”.")

    def _ask_remove(self, _button=None) -> None:
        # The entry is named when asked: another tab may change the list meanwhile.
        editing = self.editing.value
        item = self._item(editing)
        if item is None:
            return
        self.confirm.ask(f"Remove “{self.model.chooser_label(item)}” from your plan? This "
                         "cannot be undone.", f"Yes, remove this {self.noun}",
                         lambda: self._remove(editing), return_to=self.chooser)

    def _remove(self, editing: str) -> None:
        section = self.session.section(self.section_name)
        item = self.model.find(section, editing)
        if item is None:
            self._load("")
            return
        if self.save(self.section_name, self.model.without_item(section, editing), self.message):
            self.editing.value = ""
            self.fill_form(self.form_values(None))
            self.show_plan()
            self.message.show("ok", f"Removed “{self.model.chooser_label(item)}”.")
