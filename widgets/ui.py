"""The view kit every tool is built from: one look, labelled controls, messages beside
the control that caused them, charts with their text alternative, and ``ToolView``,
the base of every tool's view (it reads and writes the plan through the session).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from pathlib import Path

import ipywidgets as ipw
from traitlets import TraitError

from widgets.markup import escape
from widgets.money import amounts_currency, kept_currency_note
from widgets.page_support import page_support
from widgets.plan import PlanError
from widgets.session import PlanSession, current_session
from widgets.validation import InputError

LABEL_STYLE = {"description_width": "14em"}
# Less the margin ipywidgets puts on each side of a field: at 100% it stuck out 4 px, its
# right border cut off and its focus ring clipped at the sides.
FIELD_LAYOUT = {"width": "min(100% - 2 * var(--jp-widgets-margin, 2px), 34em)"}
WIDE_LAYOUT = {"width": "min(100% - 2 * var(--jp-widgets-margin, 2px), 48em)"}
ICONS = {"error": "⚠ Error:", "warning": "⚠ Note:", "ok": "✓", "info": "ℹ"}

_shared_models: dict[tuple, ipw.Widget] = {}


def shared(model_class: type[ipw.Widget], **traits) -> ipw.Widget:
    """One model per kernel for a look (a layout or a style) that many widgets wear alike.

    Under Voila every widget model is sent to each visitor, and a lesson's layouts and
    styles outnumbered its controls; sharing them makes a page open sooner. A shared look
    never changes after it is made (it refuses to): hide and show with ``set_shown``.
    """
    key = (model_class, tuple(sorted(traits.items())))
    model = _shared_models.get(key)
    if model is None:
        model = _shared_models[key] = model_class(**traits)
        # traitlets' hook for validators added at run time: the change is refused before
        # it happens, so one widget's mistake cannot restyle all the others.
        model._register_validator(_refuse_change, tuple(model.trait_names(sync=True)))
    return model


def _refuse_change(model: ipw.Widget, proposal) -> object:
    name = proposal["trait"].name
    if proposal["value"] != getattr(model, name):
        raise TraitError(f"this {type(model).__name__} is shared by many widgets, so its "
                         f"{name!r} cannot change; hide a widget with ui.set_shown")
    return proposal["value"]


def style_for(widget_class: type[ipw.DOMWidget], **traits) -> ipw.Widget:
    """The shared style model a kind of widget wears (each kind has its own style class)."""
    return shared(widget_class.class_traits()["style"].klass, **traits)


def set_shown(widget: ipw.Widget, shown: bool) -> None:
    """Hide or show a widget with the theme's class, leaving its shared layout alone."""
    if shown:
        widget.remove_class("ck-hidden")
    else:
        widget.add_class("ck-hidden")


def is_shown(widget: ipw.Widget) -> bool:
    return "ck-hidden" not in widget._dom_classes


def plain_layout() -> ipw.Layout:
    return shared(ipw.Layout)


_theme: ipw.HTML | None = None


def theme() -> ipw.HTML:
    """The kit's stylesheet as a widget (one per kernel, so it is sent once per page)."""
    global _theme
    if _theme is None:
        css = (Path(__file__).parent / "theme.css").read_text(encoding="utf-8")
        _theme = ipw.HTML(f"<style>{css}</style>", layout=shared(ipw.Layout, display="none"),
                          style=style_for(ipw.HTML))
    return _theme


def text(html: str = "") -> ipw.HTML:
    """A piece of the page's own HTML (already escaped where it holds typed text)."""
    return ipw.HTML(html, layout=plain_layout(), style=style_for(ipw.HTML))


def column(children=()) -> ipw.VBox:
    return ipw.VBox(list(children), layout=plain_layout())


def close_all(widget: ipw.Widget) -> None:
    """Close a rebuilt part of a tool with every widget inside it, so that none stays
    behind in the kernel or the page. The shared layouts and styles stay open."""
    for child in getattr(widget, "children", ()):
        close_all(child)
    widget.unobserve_all()
    widget.close()


# What a screen reader is told when a message appears: an error or a question at once,
# a result when it is free (the kit's other messages are there from the start).
ROLES = {"error": "alert", "question": "alert", "ok": "status"}


def message_html(kind: str, text: str, live: bool = False, polite: bool = False,
                 listed: Sequence[str] = ()) -> str:
    """A message that says what it is in words and an icon, not by colour alone. Errors,
    questions and confirmations are read out as they appear; ``live`` has an information
    read out too (a count that follows the filters). ``polite``: an error is read out once
    the screen reader is done, not over what it is saying. ``listed``: points under the
    sentence, in the message, so that they are read out with it."""
    if not text:
        return ""
    role = ROLES.get(kind, "status" if live else "")
    if polite and role == "alert":
        role = "status"
    role = f' role="{role}"' if role else ""
    kind = "warning" if kind == "question" else kind
    points = "".join(f"<li>{escape(point)}</li>" for point in listed)
    return (f'<div class="ck-message ck-message-{kind}"{role}>{ICONS[kind]} '
            f"{escape(text)}{f'<ul>{points}</ul>' if points else ''}</div>")


class Message(ipw.HTML):
    """A line that shows one message (or nothing) beside a control or a tool.

    ``polite``: its errors are read out once the screen reader is done, not over what it
    is saying: errors that follow the keys typed into a box (as alerts, every key's error
    cut off the screen reader saying the key), and a form's entries, whose errors one alert
    sums up (three alerts at once cut each other off).

    ``keeps_room``: empty, it keeps its line, so that a message that comes and goes with
    the keys typed into a box moves nothing below it (a button about to be clicked). A
    message said only when a button is pressed, or under a drop-down, takes no room until
    it has something to say (kept under every box, the tracker's form took a screen and a
    half)."""

    def __init__(self, polite: bool = False, keeps_room: bool = True, **kwargs):
        super().__init__(**{"layout": plain_layout(), "style": style_for(ipw.HTML),
                            **kwargs})
        if not keeps_room:
            self.add_class("ck-no-room-when-empty")
        self._polite = polite

    def show(self, kind: str, text: str, live: bool = False) -> None:
        self.value = message_html(kind, text, live, self._polite)

    def error(self, text: str) -> None:
        self.show("error", text)

    def warn(self, text: str) -> None:
        """``text`` as a warning, or nothing when there is nothing to say."""
        if text:
            self.show("warning", text)
        else:
            self.clear()

    def clear(self) -> None:
        self.value = ""

    @property
    def text(self) -> str:
        return self.value


class Confirmation(ipw.VBox):
    """A question before something that cannot be undone, with its Yes and No buttons.

    The question is read out as it appears, and the keyboard moves to the safe answer
    (No): the button that asked may be hidden or greyed out while it waits. After either
    answer the keyboard goes to ``return_to``, the control to carry on from, or the first
    of several that is still shown and usable (a list's chooser is hidden once its last
    item is removed).
    """

    def __init__(self, no_label: str, on_no: Callable[[], None] | None = None):
        self.question = Message()
        self.yes = button("Yes", kind="danger")
        self.no = button(no_label)
        super().__init__([self.question, row([self.yes, self.no])], layout=plain_layout())
        set_shown(self, False)
        self._action: Callable[[], None] | None = None
        self._return_to: ipw.DOMWidget | tuple[ipw.DOMWidget, ...] | None = None
        self._on_no = on_no
        self._no_label = no_label
        self.yes.on_click(lambda _: self._answer(self._action))
        self.no.on_click(lambda _: self._answer(self._on_no))

    def ask(self, question: str, yes_label: str, action: Callable[[], None],
            return_to: ipw.DOMWidget | tuple[ipw.DOMWidget, ...],
            no_label: str | None = None) -> None:
        self._action, self._return_to = action, return_to
        self.question.clear()  # the same question again is read out again
        self.question.show("question", question)
        self.yes.description = yes_label
        # A question's own No (one tool may ask several) never carries over to the next.
        self.no.description = no_label or self._no_label
        set_shown(self, True)
        self.no.focus()

    def dismiss(self) -> None:
        """Take the question away unanswered (what it was about has gone, or another tab
        changed it), the keyboard going on from ``return_to``. Not ``close``: that is
        ipywidgets' own, which ends the widget."""
        was_asking = self.asking
        self._hide()
        if was_asking:
            self._give_back_the_keyboard(self._return_to)

    @property
    def asking(self) -> bool:
        return is_shown(self)

    def _answer(self, then: Callable[[], None] | None) -> None:
        return_to = self._return_to
        self._hide()
        if then is not None:
            then()
        self._give_back_the_keyboard(return_to)

    def _hide(self) -> None:
        self._action = None
        set_shown(self, False)

    @staticmethod
    def _give_back_the_keyboard(return_to) -> None:
        candidates = return_to if isinstance(return_to, tuple) else (return_to,)
        control = next((control for control in candidates if control is not None
                        and is_shown(control) and not control.disabled), None)
        if control is not None:
            control.focus()


class KeptCurrency(ipw.VBox):
    """The currency of a tool's amounts, kept in its plan section ``section`` once its
    ``items`` hold any (``money.amounts_currency``); shown when the profile's currency is
    another (``money.kept_currency_note``), with a button that takes them as the profile's.

    ``view`` is a tool with an item editor (``editor``, ``edited``, ``message``);
    ``save_in(currency)`` saves its items as they are, counted in ``currency``, and says
    whether that worked."""

    def __init__(self, view: ToolView, section: str, items: str, what: str,
                 save_in: Callable[[str], bool]):
        self.note = Message()
        self.relabel = button("")
        super().__init__([self.note, row([self.relabel])], layout=plain_layout())
        self._view, self._section, self._items, self._what = view, section, items, what
        self._save_in = save_in
        self.relabel.on_click(lambda _: self._count_in_profile_currency())
        set_shown(self, False)

    def _count_in_profile_currency(self) -> None:
        """The participant says the amounts typed are in fact the profile's currency's."""
        view, currency = self._view, self._view.profile_currency()
        if self._save_in(currency):
            view._refresh_from_plan()
            view.edited(view.editor)  # an entry refused for its currency sign may count now
            view.message.show("ok", f"Your {self._items}' amounts are now counted in "
                              f"{currency}, as you typed them.")

    def currency(self) -> str:
        saved = self._view.session.section(self._section)
        return amounts_currency(saved["currency"], bool(saved[self._items]),
                                self._view.profile_currency())

    def refresh(self) -> None:
        profile_currency = self._view.profile_currency()
        note = kept_currency_note(self.currency(), profile_currency, self._what)
        set_shown(self, note is not None)
        if note is not None:
            self.note.show("warning", note)
            self.relabel.description = f"These amounts are in {profile_currency}"
            self.relabel.tooltip = (f"Keep the numbers as they are and count them as "
                                    f"{profile_currency}")


def field_message(keeps_room: bool = True) -> Message:
    """The message line of one control, right after it (and its help text, if any): read
    out politely (see ``Message``), and, by page_support.js, the control's description, the
    control marked invalid while it shows an error."""
    message = Message(polite=True, keeps_room=keeps_room)
    message.add_class("ck-field-message")
    return message


class Field(ipw.VBox):
    """A labelled control with its help text, if any, and its own message line under it.
    ``lead`` is a question or sentence shown before the control (``lead_shown=False``: read
    out only, where the page shows it already); with the help text and the message it is
    the control's description (page_support.js). ``checked_on_press``: its entry is
    checked when a button is pressed, not as it is typed (see ``Message``'s
    ``keeps_room``); a drop-down's never comes as it is typed."""

    def __init__(self, control: ipw.Widget, help_text: str = "", lead: str = "",
                 checked_on_press: bool = False, lead_shown: bool = True):
        self.control = control
        self.message = field_message(
            keeps_room=not (checked_on_press or isinstance(control, ipw.Dropdown)))
        children = [control]
        if lead:
            lead_widget = text(f'<p class="ck-field-lead">{escape(lead)}</p>')
            if not lead_shown:
                lead_widget.add_class("ck-visually-hidden")
            children.insert(0, lead_widget)
        if help_text:
            children.append(text(f'<div class="ck-intro">{escape(help_text)}</div>'))
        super().__init__([*children, self.message], layout=plain_layout())

    def error(self, text: str) -> None:
        self.message.error(text)

    def clear(self) -> None:
        self.message.clear()


def text_input(label: str, *, placeholder: str = "", value: str = "", wide: bool = False,
               continuous: bool = True) -> ipw.Text:
    return ipw.Text(value=value, description=label, placeholder=placeholder,
                    style=style_for(ipw.Text, **LABEL_STYLE),
                    layout=shared(ipw.Layout, **(WIDE_LAYOUT if wide else FIELD_LAYOUT)),
                    continuous_update=continuous)


def long_text_input(label: str, *, placeholder: str = "", value: str = "") -> ipw.Textarea:
    return ipw.Textarea(value=value, description=label, placeholder=placeholder,
                        style=style_for(ipw.Textarea, **LABEL_STYLE),
                        rows=4, layout=shared(ipw.Layout, **WIDE_LAYOUT))


def number_input(label: str, *, value="", placeholder: str = "") -> ipw.Text:
    """Numbers are typed as text so a wrong entry gets a message, never a silent fix."""
    return text_input(label, value=str(value), placeholder=placeholder)


def choice_input(label: str, options, *, value=None, wide: bool = False,
                 tooltip: str | None = None, spoken_before: str = "") -> ipw.Dropdown:
    """A dropdown; ``options`` are values or (label, value) pairs. ``spoken_before`` is
    read out before the label but not shown: it tells apart, for a screen reader, two
    controls that look alike in their own sections (a criterion's weight and rating)."""
    description = (f'<span class="ck-visually-hidden">{escape(spoken_before)}</span>'
                   f"{escape(label)}" if spoken_before else label)
    control = ipw.Dropdown(options=options, description=description, tooltip=tooltip,
                           description_allow_html=bool(spoken_before),
                           style=style_for(ipw.Dropdown, **LABEL_STYLE),
                           layout=shared(ipw.Layout, **(WIDE_LAYOUT if wide else FIELD_LAYOUT)))
    if value is not None:
        control.value = value
    return control


def select(control: ipw.Dropdown, value) -> None:
    """Show ``value`` in a dropdown, adding it if it is not an option (an older plan's choice)."""
    values = [option[1] if isinstance(option, tuple) else option for option in control.options]
    if value not in values:
        control.options = [*control.options, (str(value), value)]
    control.value = value


def button(label: str, *, tooltip: str = "", kind: str = "") -> ipw.Button:
    """A button with a tooltip only when it says more than the label: a copy of the label
    would go stale when the label changes ("Save changes" said "Add entry")."""
    return ipw.Button(description=label, tooltip=tooltip or None, button_style=kind,
                      layout=shared(ipw.Layout, width="auto"), style=style_for(ipw.Button))


def checkbox(label: str, *, value: bool = False) -> ipw.Checkbox:
    return ipw.Checkbox(value=value, description=label, indent=False,
                        layout=shared(ipw.Layout, width="auto"),
                        style=style_for(ipw.Checkbox))


def row(children: list) -> ipw.HBox:
    """Controls side by side, wrapping onto the next line on a narrow screen."""
    box = ipw.HBox(children, layout=plain_layout())
    box.add_class("ck-row")
    return box


def heading(title: str, intro: str = "", level: int = 3) -> ipw.HTML:
    """A tool's title: level 3 under the lesson's sections (level 2 for the plan bar,
    which comes before them)."""
    html = f'<h{level} class="ck-tool-title">{escape(title)}</h{level}>'
    if intro:
        html += f'<p class="ck-intro">{escape(intro)}</p>'
    return text(html)


def panel(title: str, children: list, intro: str = "", level: int = 3) -> ipw.VBox:
    """A tool's frame: the kit's style, a heading, then the tool's parts."""
    box = column([theme(), heading(title, intro, level), *children, page_support()])
    box.add_class("ck-tool")
    return box


class ToolView:
    """Base of every tool's view: one session, a root widget, plan read and write.

    A subclass builds its controls into ``self.widget`` (usually with ``panel``), calls
    ``self.track`` on what a participant types, puts the plan's values in the controls
    in ``show_plan``, and saves with ``save``.
    """

    widget: ipw.Widget
    # The plan's sections ``show_plan`` reads, or single entries of them ("profile.currency");
    # None: the whole plan. When another lesson or tab changes only others, the tool is
    # left as it is, and with it what the participant typed here and the tool refused.
    shows: frozenset[str] | None = None

    def __init__(self, session: PlanSession | None = None):
        self.session = session or current_session()
        self._quiet = False
        self.session.on_replace(self._refresh_from_plan)

    def show_plan(self) -> None:
        """Put the plan's values in the controls (called at start and on every replace)."""

    def profile_currency(self) -> str:
        """The currency chosen in lesson 00, in which new amounts are typed."""
        return self.session.section("profile")["currency"]

    def _refresh_from_plan(self, changed: set[str] | None = None) -> None:
        if changed is not None and self.shows is not None and not changed & self.shows:
            return
        with self.quiet():
            self.show_plan()
        self.session.put_waiting_drafts()  # for a tool built after the restore

    @contextmanager
    def quiet(self):
        """Set controls from the plan without their observers saving back."""
        previous, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = previous

    def track(self, control: ipw.Widget, key: str) -> ipw.Widget:
        self.session.track(control, key)
        return control

    def save(self, section: str, data, message: Message | Field | None = None,
             over=None) -> bool:
        """Validate and save a section; on failure show why and keep the plan as it was.
        ``over``: what was shown and changed in place of an empty section (see
        ``PlanSession.update``)."""
        if self._quiet:
            return False
        try:
            self.session.update(section, data, over)
        except (PlanError, InputError) as error:
            if message is not None:
                message.error(str(error))
            return False
        if message is not None:
            message.clear()
        return True

    def _repr_mimebundle_(self, **kwargs):
        # A shown tool lives as long as its widgets. The session holds tools weakly, and
        # under Voila (cells run without history) a tool with no controls of its own, such
        # as lesson 07's summary, was otherwise held only by IPython's `_`, `__` and `___`.
        self.widget._kit_view = self
        return self.widget._repr_mimebundle_(**kwargs)


class ItemEditor:
    """Base of the editor of one item in a tool's list (a cost scenario, a shortlisted
    option): built when the participant chooses the item, closed when they choose another,
    or when the plan is shown again with the item saved otherwise than the editor holds it
    (see ``keep_for``). A subclass makes its controls with ``tracked``, puts them in ``box``,
    reads them with ``read()`` (the item, or None, and {entry: error}) and says what each
    shows for an item with ``entry_values(item)`` ({entry: value}).

    Its controls are tracked under keys carrying the item's id (ids are never reused), so
    a draft typed into one item can only come back into that item. What was typed and
    not saved (an entry refused, and the others waiting for it) is kept when the editor
    closes and comes back into the item's next editor (see ``PlanSession.keep_unsaved``).

    The item is saved at every keystroke that leaves it valid, so while a participant
    types 99999 where 10000 is the most, 9999 was valid a keystroke before. An entry
    refused therefore goes back, in the plan, to what it was before the participant began
    changing it (``to_save``): the plan never keeps part of a number as theirs.
    """

    box: ipw.Box

    def __init__(self, view: ToolView, key_prefix: str, item):
        self.view = view
        self.id = item.id
        self.key = f"{key_prefix}.{item.id}"
        self.last_valid = item
        self.controls: dict[str, ipw.Widget] = {}
        self._changing: str | None = None  # the entry the participant is changing
        self._before_change = item  # the item as saved when they began changing it

    def tracked(self, control: ipw.Widget, name: str) -> ipw.Widget:
        key = f"{self.key}.{name}"
        self.controls[key] = self.view.track(control, key)
        # Registered before the tool's own observer, so it runs first.
        control.observe(lambda _change: self._changed(name), "value")
        return control

    def _changed(self, name: str) -> None:
        if self.view._quiet:
            return
        # A reload's drafts come back one by one: the first brings this item's others with
        # it, so that none is saved without them (each was saved while still valid, and
        # with a refused one among them the plan held part of what was typed).
        with self.view.quiet():
            self.put_back_unsaved()
        if name != self._changing:
            self._changing, self._before_change = name, self.last_valid

    def to_save(self):
        """(the item to save now, or None: nothing to save; {entry: error}). While an
        entry is refused, that is the item as last saved with the entry being changed as
        it was before the change began, if that differs from what is saved."""
        item, errors = self.read()
        if item is None and self._changing in errors and hasattr(self.last_valid, self._changing):
            settled = dataclasses.replace(self.last_valid, **{
                self._changing: getattr(self._before_change, self._changing)})
            item = settled if settled != self.last_valid else None
        return item, errors

    def keep_for(self, item, plan_shown_again: bool = False) -> bool:
        """Whether this editor can stay on the page for ``item``, showing it as now saved;
        False if it must be built anew. It can if it is that item's editor and, when the
        plan is shown again (restored from the browser, loaded, changed in another tab),
        it holds nothing typed and not saved: the entries saved otherwise then go into its
        boxes and the others are left alone, since the page may be sending what was just
        typed into one (another tab's new name replaced the whole editor, and the hours
        typed here in that moment were gone). Building it anew closes and re-creates some
        thirty widgets on the page, which the restore of the plan at every page load under
        Voila did (lesson 02: 62 more messages, and the page usable about 0.09 s later,
        median of 8 preheated loads)."""
        if item is None or item.id != self.id:
            return False
        if not plan_shown_again:
            return True
        shows = self.read()
        if shows == (item, {}):
            return True
        if shows != (self.last_valid, {}):
            return False
        shown, saved = self.entry_values(self.last_valid), self.entry_values(item)
        with self.view.quiet():
            for name, value in saved.items():
                if value != shown[name]:
                    self.controls[f"{self.key}.{name}"].value = value
        self.last_valid = self._before_change = item
        self.show_pay_fields()
        return self.read() == (item, {})

    def put_back_unsaved(self) -> bool:
        """After building: True if something typed earlier came back into a control."""
        return self.view.session.put_back_unsaved(self.key, self.last_valid, self.controls)

    def close(self) -> None:
        item, errors = self.read()
        if errors or item != self.last_valid:
            self.view.session.keep_unsaved(self.key, self.last_valid, self.controls)
        close_all(self.box)


def data_problem_html(problems: list, what: str) -> str:
    """A data file's problems for the instructor, in place of what ``what`` (e.g. "This
    tool") would show: file, line and column of each."""
    return message_html("error", f"{what} cannot be shown: the kit's data has problems. For the "
                        "instructor: fix each line below (make check-data lists them) and run "
                        "the cell again.", listed=[str(problem) for problem in problems])


def facts_panel(fact_ids: list[str], title: str = "Facts to discuss") -> ipw.HTML:
    """Sourced figures from data/facts.csv, each with its source, year and status."""
    from widgets.data import DataError
    from widgets.facts import facts_list_html

    try:
        html = facts_list_html(fact_ids, title)
    except DataError as error:
        html = data_problem_html(error.problems, f"“{title}”")
    box = text(html)
    box.add_class("ck-tool")
    return column([theme(), box])
