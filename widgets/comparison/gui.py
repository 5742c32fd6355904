"""Internship comparison table: weights, the shortlist editor, and the ranking in words.

The option being edited gets fresh controls (a ``ui.ItemEditor``): what was typed into
one option comes back into that option only, after a reload or a look at another.

The weight controls are deliberately not tracked: while they follow lesson 01 their
values come from another section, and a stale browser draft would silently override
newer priorities.
"""

from __future__ import annotations

import ipywidgets as ipw

from widgets import ui
from widgets.charts import bar_chart
from widgets.comparison.model import (
    CRITERIA,
    EQUAL_WEIGHT,
    FIELD_LABELS,
    MAX_OPTIONS,
    MAX_RATING,
    MAX_WEIGHT,
    MIN_RATING,
    MIN_WEIGHT,
    SORT_KEYS,
    TABLE_HEADERS,
    InternshipOption,
    breakdown_table,
    chart_items,
    copied_entries,
    default_weights,
    editor_texts,
    effective_weights,
    examples_note,
    explain,
    filter_options,
    locations,
    new_option,
    option_row,
    options_from_examples,
    options_in,
    parse_option,
    rank_options,
    ranking_caption,
    scenarios_to_copy,
    section_from,
    sort_ranked,
    total_pay,
    weights_sentence,
    with_option,
)
from widgets.data import DataError, load_table
from widgets.internship_costs.gui import show_pay_fields
from widgets.internship_costs.model import PAY_KINDS
from widgets.markup import escape, paragraphs, table
from widgets.money import format_money
from widgets.section_items import random_id

SECTION = "shortlist"
WEIGHT_WORDS = {0: "does not count", 1: "counts a little", 2: "counts somewhat", 3: "counts",
                4: "counts a lot", 5: "counts the most"}
RATING_WORDS = {1: "poor", 2: "weak", 3: "fair", 4: "good", 5: "excellent"}
ANY_LOCATION = ("Any location", "")
NO_SCENARIO = ("Copy pay, length and net result from a scenario…", "")
# What the note on a kept currency names: a copied net result is relabelled with the rest.
KEPT_WHAT = "options (and any net result copied from lesson 02)"
EMPTY_SHORTLIST = ("Your shortlist is empty. Add the internships you are considering, or "
                   "start from the example list.")
TEXT_FIELDS = ("organisation", "role", "location")
NUMBER_FIELDS = ("hourly_pay", "stipend", "weeks", "hours_per_week")


class OptionEditor(ui.ItemEditor):
    """Controls for one option, built when that option is chosen for editing."""

    def __init__(self, view: ComparisonTable, option: InternshipOption):
        super().__init__(view, "comparison", option)
        self.example = option.example
        texts = editor_texts(option)
        self.texts: dict[str, ipw.Widget] = {}
        self.messages: dict[str, ui.Message] = {}
        for name in (*TEXT_FIELDS, *NUMBER_FIELDS, "net_result"):
            self.texts[name] = self.tracked(ui.text_input(FIELD_LABELS[name], value=texts[name]),
                                            name)
            self.messages[name] = ui.field_message()
        self.texts["notes"] = self.tracked(ui.long_text_input(FIELD_LABELS["notes"],
                                                              value=texts["notes"]), "notes")
        self.messages["notes"] = ui.field_message()
        self.remote = self.tracked(ui.checkbox("Remote", value=option.remote), "remote")
        self.pay_kind = self.tracked(ui.choice_input("Pay", PAY_KINDS, value=option.pay_kind),
                                     "pay_kind")
        rating_options = [(f"{value} – {RATING_WORDS[value]}", value)
                          for value in range(MIN_RATING, MAX_RATING + 1)]
        self.ratings = {
            criterion: self.tracked(ui.choice_input(label, rating_options,
                                                    value=option.ratings[criterion],
                                                    spoken_before="Rating: "),
                                    f"rating.{criterion}")
            for criterion, label in CRITERIA
        }
        self.ratings_message = ui.Message()
        self.copy_scenario = ui.choice_input("Copy from lesson 02", [NO_SCENARIO], wide=True)
        self.money_note = ui.text()

        def pair(name):
            return [self.texts[name], self.messages[name]]

        self.box = ui.column([
            *pair("organisation"), *pair("role"), *pair("location"), self.remote,
            self.pay_kind, *pair("hourly_pay"), *pair("stipend"), *pair("weeks"),
            *pair("hours_per_week"), *pair("net_result"), self.copy_scenario,
            ui.text(f"<h4>Ratings</h4><p class=\"ck-intro\">Rate this option from {MIN_RATING} "
                    f"(poor) to {MAX_RATING} (excellent) on each criterion, from what you know: "
                    "the posting, reviews, people who interned there.</p>"),
            *self.ratings.values(), self.money_note, self.ratings_message, *pair("notes"),
        ])
        self.box.add_class("ck-option-editor")
        self.show_pay_fields()
        for control in (*self.texts.values(), self.remote, self.pay_kind, *self.ratings.values()):
            control.observe(lambda _change: view.edited(self), "value")
        self.copy_scenario.observe(lambda change: view.copy_scenario(self, change["new"]),
                                   "value")

    def show_pay_fields(self) -> None:
        show_pay_fields(self, editor_texts)

    def entry_values(self, option: InternshipOption) -> dict:
        texts = editor_texts(option)
        return {**{name: texts[name] for name in self.texts}, "remote": option.remote,
                "pay_kind": option.pay_kind,
                **{f"rating.{key}": option.ratings[key] for key in self.ratings}}

    def read(self) -> tuple[InternshipOption | None, dict]:
        return parse_option(self.id, {name: control.value for name, control in self.texts.items()},
                            remote=self.remote.value, pay_kind=self.pay_kind.value,
                            ratings={key: control.value for key, control in self.ratings.items()},
                            currency=self.view.currency(), example=self.example)

    def show_errors(self, errors: dict) -> None:
        for name, message in self.messages.items():
            if name in errors:
                message.error(errors[name])
            else:
                message.clear()
        if "ratings" in errors:
            self.ratings_message.error(errors["ratings"])
        else:
            self.ratings_message.clear()


class ComparisonTable(ui.ToolView):
    shows = frozenset({SECTION, "priorities", "cost_scenarios", "profile.currency"})

    def __init__(self, session=None):
        super().__init__(session)
        self.options: list[InternshipOption] = []
        self.editor: OptionEditor | None = None
        weight_options = [(f"{value} – {WEIGHT_WORDS[value]}", value)
                          for value in range(MIN_WEIGHT, MAX_WEIGHT + 1)]
        self.weights = {key: ui.choice_input(label, weight_options, value=EQUAL_WEIGHT)
                        for key, label in CRITERIA}
        self.weights_box = ui.column(self.weights.values())
        self.weights_box.add_class("ck-weights")
        self.weights_note = ui.Message()
        self.use_priorities = ui.button("Use my lesson 01 priorities as weights")
        self.weights_message = ui.Message()

        self.editing = self.track(ui.choice_input("Option to edit", [], wide=True), "comparison.editing")
        self.editor_area = ui.column()
        self.add_button = ui.button("Add an option")
        self.examples_button = ui.button("Add the example list",
                                         tooltip="The example internships in the kit's data/internships.csv")
        self.remove_button = ui.button("Remove this option")
        self.confirm = ui.Confirmation("No, keep it")
        self.message = ui.Message()
        self.kept_currency = ui.KeptCurrency(
            self, SECTION, "options", KEPT_WHAT,
            lambda currency: self._save_options(self.options, self.message, currency))

        self.paid_only = ui.checkbox("Paid only")
        self.remote_only = ui.checkbox("Remote only")
        self.location = ui.choice_input("Filter by location", [ANY_LOCATION])
        self.sort = ui.choice_input("Sort by", SORT_KEYS)
        # Read out as the filters change it, as lesson 03's count is; the ranking is not.
        self.count = ui.Message()
        self.ranking = ui.text()

        self.widget = ui.panel(
            "Compare your internship options",
            [ui.text("<h4>1. How much each criterion counts</h4>"),
             self.weights_box,
             self.weights_note, self.use_priorities, self.weights_message,
             ui.text("<h4>2. Your shortlist</h4>"), self.kept_currency,
             ui.row([self.add_button, self.examples_button]), self.message, self.editing,
             self.editor_area, ui.row([self.remove_button]), self.confirm,
             ui.text("<h4>3. The ranking</h4>"),
             ui.row([self.paid_only, self.remote_only]), self.location, self.sort,
             self.count, self.ranking],
            intro="Score each internship on the criteria that matter to you. Each rating (1-5) "
                  "is multiplied by the criterion's weight (0-5) and the results are added up.",
        )
        for control in self.weights.values():
            control.observe(self._on_weight, "value")
        self.use_priorities.on_click(self._on_use_priorities)
        self.editing.observe(self._on_choose, "value")
        self.add_button.on_click(self._on_add)
        self.examples_button.on_click(self._on_examples)
        self.remove_button.on_click(self._ask_remove)
        for control in (self.paid_only, self.remote_only, self.location, self.sort):
            control.observe(lambda _change: self._show_ranking(), "value")
        self.session.on_change(self._on_section_changed)
        self._refresh_from_plan()

    # --- plan -> controls ----------------------------------------------------------------
    def _current_weights(self) -> tuple[dict[str, int], str]:
        return effective_weights(self.session.section(SECTION), self.session.section("priorities"))

    def show_plan(self) -> None:
        self.confirm.dismiss()  # a question about the list as it was before
        self.options = options_in(self.session.section(SECTION))
        self.kept_currency.refresh()
        self._show_weights()
        self._show_option_list(keep=self.editing.value)
        self._show_editor(plan_shown_again=True)
        self._show_ranking()

    def _show_weights(self) -> None:
        weights, source = self._current_weights()
        with self.quiet():
            for key, control in self.weights.items():
                control.value = weights[key]
                control.disabled = not self.session.ready
        # Read out when it changes: the weights all change at once without a key pressed
        # on them (the button below, lesson 01's priorities changed in another tab).
        self.weights_note.show("info", weights_sentence(source, self.session.section("priorities")),
                               live=True)
        has_priorities = default_weights(self.session.section("priorities"))[1] == "priorities"
        ui.set_shown(self.use_priorities, source == "own")
        self.use_priorities.description = ("Use my lesson 01 priorities as weights"
                                           if has_priorities else "Go back to equal weights")

    def _show_option_list(self, keep: str | None = None) -> None:
        with self.quiet():
            choices = [(option.title, option.id) for option in self.options]
            self.editing.options = choices
            ids = [option.id for option in self.options]
            self.editing.value = keep if keep in ids else (ids[0] if ids else None)
        has_options = bool(self.options)
        ui.set_shown(self.editing, has_options)
        ui.set_shown(self.remove_button, has_options)
        ready = self.session.ready
        # Not greyed out when full: a click says why nothing was added.
        self.add_button.disabled = not ready
        self.examples_button.disabled = not ready or len(self.options) >= MAX_OPTIONS
        self.remove_button.disabled = not ready
        self.use_priorities.disabled = not ready
        if not has_options:
            self.message.show("info", EMPTY_SHORTLIST)
        else:  # said before the plan came back from the browser, with options in it
            self.message.clear()
        self._show_locations()

    def _show_locations(self) -> None:
        """The ranking's location filter offers the shortlist's locations as they are now."""
        choices = (ANY_LOCATION, *((name, name) for name in locations(self.options)))
        if tuple(self.location.options) == choices:
            return
        with self.quiet():
            wanted = self.location.value
            self.location.options = choices
            self.location.value = wanted if wanted in [v for _, v in choices] else ""

    def _show_editor(self, plan_shown_again: bool = False) -> None:
        option = self._option(self.editing.value)
        if self.editor is not None and not self.editor.keep_for(option, plan_shown_again):
            self.editor.close()
            self.editor = None
        put_back = False
        if option is not None and self.editor is None:
            with self.quiet():
                self.editor = OptionEditor(self, option)
                put_back = self.editor.put_back_unsaved()
        self.editor_area.children = [self.editor.box] if self.editor else []
        if put_back:
            self._take_entries(self.editor)
        self._show_scenarios_to_copy()
        self._show_money_note()

    def _show_scenarios_to_copy(self) -> None:
        if self.editor is None:
            return
        choices = [NO_SCENARIO, *scenarios_to_copy(self.session.section("cost_scenarios"),
                                                    self.currency())]
        with self.quiet():
            self.editor.copy_scenario.options = choices
            self.editor.copy_scenario.value = ""
        ui.set_shown(self.editor.copy_scenario, len(choices) > 1)

    def _show_money_note(self) -> None:
        option = self._option(self.editing.value)
        if self.editor is None or option is None:
            return
        currency = self.currency()
        net = ("no net result entered" if option.net_result is None
               else f"net result {format_money(option.net_result, currency)}")
        self.editor.money_note.value = (
            f'<p class="ck-intro">For “Money: pay and costs”: this option pays '
            f"{escape(format_money(total_pay(option), currency))} in all; "
            f"{escape(net)}.</p>")

    def currency(self) -> str:
        return self.kept_currency.currency()

    def _option(self, option_id) -> InternshipOption | None:
        return next((option for option in self.options if option.id == option_id), None)

    def _show_ranking(self) -> None:
        currency = self.currency()
        weights, _source = self._current_weights()
        visible = filter_options(self.options, paid_only=self.paid_only.value,
                                 remote_only=self.remote_only.value, location=self.location.value)
        ranked = rank_options(visible, weights)
        if not self.options:
            self.count.clear()
            self.ranking.value = '<p class="ck-intro">The ranking appears here once your ' \
                                 "shortlist has options.</p>"
            return
        shown = f"Showing {len(visible)} of {len(self.options)} options."
        if not visible:
            self.count.show("info", f"{shown} No option passes the filters: untick one or "
                            "choose another location.", live=True)
            self.ranking.value = ""
            return
        self.count.show("info", shown, live=True)
        words = paragraphs(explain(ranked, weights))
        rows = [option_row(item, currency) for item in sort_ranked(ranked, self.sort.value)]
        chart = bar_chart(chart_items(ranked), title="Weighted score, % of the best possible",
                          value_label="Score (%)", maximum=100,
                          format_value=lambda value: f"{value:.1f}%")
        headers, matrix = breakdown_table(ranked, weights)
        notes = ""
        if self.editor is not None and self.editor.read()[1]:
            notes = ui.message_html("warning", "The option you are editing has an entry to "
                                    "fix: until it is fixed, the ranking and your plan keep "
                                    "what that entry held before you changed it.")
        examples = examples_note(self.options, currency)
        if examples:
            notes += ui.message_html("warning", examples)
        self.ranking.value = (
            f'{notes}<div class="ck-explanation">{words}</div>'
            + table(TABLE_HEADERS, rows, caption=ranking_caption(self.sort.value))
            + chart.to_html()
            + '<details><summary>How each score is made (rating → '
              "points)</summary>"
            + table(headers, matrix, caption="How each score is made") + "</details>"
        )

    # --- controls -> plan ----------------------------------------------------------------
    def _save_options(self, options: list[InternshipOption], message: ui.Message,
                      currency: str | None = None) -> bool:
        weights, source = self._current_weights()
        if not self.save(SECTION, section_from(options, weights, source,
                                               currency or self.currency()), message):
            return False
        self.options = options
        self.kept_currency.refresh()
        return True

    def edited(self, editor: OptionEditor) -> None:
        if self._quiet or editor is not self.editor:
            return
        self._take_entries(editor)
        self._show_ranking()

    def _take_entries(self, editor: OptionEditor) -> None:
        """Mark each refused entry beside its box; save the option once all are good, or
        as it was before the refused entry was changed (``ItemEditor.to_save``)."""
        editor.show_pay_fields()
        option, errors = editor.to_save()
        editor.show_errors(errors)
        if option is not None and self._save_options(with_option(self.options, option),
                                                      self.message):
            editor.last_valid = option
            self.message.clear()
            if dict(self.editing.options).get(option.title) != option.id:
                self._show_option_list(keep=option.id)
            else:
                self._show_locations()
            self._show_money_note()

    def copy_scenario(self, editor: OptionEditor, scenario_id: str) -> None:
        if self._quiet or editor is not self.editor or not scenario_id:
            return
        entries = copied_entries(self.session.section("cost_scenarios"), scenario_id)
        with self.quiet():
            if entries:
                editor.pay_kind.value = entries.pop("pay_kind")
                for name, text in entries.items():
                    editor.texts[name].value = text
            editor.copy_scenario.value = ""
        self.edited(editor)  # one save for all of it

    def _on_choose(self, _change=None) -> None:
        if self._quiet:
            return
        self._show_editor()
        self._show_ranking()

    def _on_add(self, _button=None) -> None:
        if len(self.options) >= MAX_OPTIONS:
            self.message.error(f"Your shortlist can hold {MAX_OPTIONS} options: remove one to "
                               "add another.")
            return
        option = new_option(random_id(self._ids_in_use()), {o.organisation for o in self.options})
        if self._save_options([*self.options, option], self.message):
            self._after_list_change(option.id, f"Added “{option.title}”: type its details "
                                    "and ratings below.")

    def _on_examples(self, _button=None) -> None:
        try:
            rows = load_table("internships")
        except DataError as error:
            self.message.error(f"The example list could not be read. {error}")
            return
        room = MAX_OPTIONS - len(self.options)
        added, skipped = options_from_examples(rows, self.options,
                                               lambda taken: random_id(taken | self._ids_in_use()))
        kept = added[:room]
        if not kept:
            self.message.show("info", "The example options are already on your shortlist."
                              if skipped else "There is no room for more options.")
            return
        if self._save_options([*self.options, *kept], self.message):
            note = f" {skipped} were already on your list." if skipped else ""
            self._after_list_change(kept[0].id, f"Added {len(kept)} example options. Money is "
                                    f"rated 3 for each: rate it yourself.{note}")

    def _ids_in_use(self) -> set[str]:
        ids = {option.id for option in self.options}
        return ids | ({self.editor.id} if self.editor else set())

    def _ask_remove(self, _button=None) -> None:
        option = self._option(self.editing.value)
        if option is not None:
            self.confirm.ask(f"Remove “{option.title}” from your shortlist? This cannot be "
                             "undone.", "Yes, remove it", lambda: self._remove(option.id),
                             return_to=(self.editing, self.add_button))

    def _remove(self, option_id: str) -> None:
        option = self._option(option_id)
        if option is None:
            return
        index = self.options.index(option)
        remaining = [other for other in self.options if other.id != option.id]
        if self._save_options(remaining, self.message):
            keep = remaining[max(0, index - 1)].id if remaining else None
            self._after_list_change(keep, f"Removed “{option.title}”.")

    def _after_list_change(self, select: str | None, done: str) -> None:
        self._show_option_list(keep=select)
        self._show_editor()
        self._show_ranking()
        # The last option removed: what was done, then the list's empty state.
        self.message.show("ok", done if self.options else f"{done} {EMPTY_SHORTLIST}")

    def _on_weight(self, _change=None) -> None:
        if self._quiet:
            return
        weights = {key: control.value for key, control in self.weights.items()}
        data = section_from(self.options, weights, "own", self.currency())
        if self.save(SECTION, data, self.weights_message):
            self._show_weights()
            self._show_ranking()

    def _on_use_priorities(self, _button=None) -> None:
        weights, source = default_weights(self.session.section("priorities"))
        data = section_from(self.options, weights, source, self.currency())
        if self.save(SECTION, data, self.weights_message):
            self._show_weights()
            self._show_ranking()
            # The button is hidden now: the keyboard goes on from the weights it changed.
            next(iter(self.weights.values())).focus()

    def _on_section_changed(self, name: str) -> None:
        if name == "priorities":
            self._show_weights()
            self._show_ranking()
        elif name == "cost_scenarios":
            self._show_scenarios_to_copy()
        elif name == "profile":
            self._show_money_note()
            self._show_scenarios_to_copy()
            self._show_ranking()
