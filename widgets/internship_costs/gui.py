"""Internship cost calculator: up to four named scenarios, one edited at a time with its
result, and all of them side by side in a table and a chart.

The scenario being edited gets fresh controls (a ``ui.ItemEditor``): what was typed into
one scenario comes back into that scenario only, after a reload or a look at another.
"""

from __future__ import annotations

import ipywidgets as ipw

from widgets import ui
from widgets.charts import bar_chart
from widgets.internship_costs.model import (
    FIELD_LABELS,
    GIVEN_UP,
    MAX_SCENARIOS,
    ONE_OFF_COSTS,
    PAY_FIELDS,
    PAY_KINDS,
    WEEKLY_COSTS,
    InternshipCostScenario,
    best_net,
    calculate,
    chart_items,
    comparison_table,
    describe,
    editor_texts,
    name_taken,
    new_scenario,
    parse_scenario,
    presets,
    result_table,
    scenarios_in,
    section_from,
    us_figures_note,
    with_scenario,
)
from widgets.markup import escape, paragraphs, table
from widgets.money import format_money
from widgets.section_items import random_id

SECTION = "cost_scenarios"
GROUPS = (
    ("The internship", ("name", "weeks", "hours_per_week"),
     "Weeks: 1 to 104. Hours per week: 1 to 80. The lesson's figures above give typical "
     "lengths, with their source."),
    ("One-off costs", tuple(ONE_OFF_COSTS),
     "Amounts you pay once: moving or travel, deposits and fees you won't get back, and "
     "equipment such as a headset or webcam for a virtual internship. An empty box counts "
     "as 0."),
    ("Weekly costs", tuple(WEEKLY_COSTS),
     "Count only what the internship adds to what you would spend anyway, such as a summer "
     "sublet, the commute, or lunches near the office."),
    ("Income you give up", tuple(GIVEN_UP),
     "For example a part-time job you would stop to do this internship."),
)


def show_pay_fields(editor, editor_texts) -> None:
    """Only the pay field that applies is shown; a hidden one goes back to a valid value.

    Shared by the scenario editor here and the option editor of the comparison: both
    have ``texts``, ``messages``, ``pay_kind`` and ``last_valid``."""
    for name, kind in (("hourly_pay", "hourly"), ("stipend", "stipend")):
        shown = editor.pay_kind.value == kind
        ui.set_shown(editor.texts[name], shown)
        if not shown and editor.messages[name].value:
            editor.texts[name].value = editor_texts(editor.last_valid)[name]
            editor.messages[name].clear()


class ScenarioEditor(ui.ItemEditor):
    """Controls for one scenario, built when that scenario is chosen for editing."""

    def __init__(self, view: CostCalculator, scenario: InternshipCostScenario):
        super().__init__(view, "cost_calculator", scenario)
        texts = editor_texts(scenario)
        self.texts: dict[str, ipw.Text] = {}
        self.messages: dict[str, ui.Message] = {}
        for name, label in FIELD_LABELS.items():
            self.texts[name] = self.tracked(ui.text_input(label, value=texts[name]), name)
            self.messages[name] = ui.field_message()
        self.pay_kind = self.tracked(
            ui.choice_input("Pay", PAY_KINDS, value=scenario.pay_kind), "pay_kind")
        self.result = ui.text()

        def pair(name):
            return [self.texts[name], self.messages[name]]

        parts = []
        for title, names, intro in GROUPS:
            parts.append(ui.text(f"<h4>{escape(title)}</h4>"
                                 f'<p class="ck-intro">{escape(intro)}</p>'))
            for name in names:
                parts.extend(pair(name))
            if title == "The internship":
                parts.append(self.pay_kind)
                for name in PAY_FIELDS:
                    parts.extend(pair(name))
        self.box = ui.column([*parts, self.result])
        self.box.add_class("ck-scenario-editor")
        self.show_pay_fields()
        for control in (*self.texts.values(), self.pay_kind):
            control.observe(lambda _change: view.edited(self), "value")

    def show_pay_fields(self) -> None:
        show_pay_fields(self, editor_texts)

    def entry_values(self, scenario: InternshipCostScenario) -> dict:
        texts = editor_texts(scenario)
        return {**{name: texts[name] for name in self.texts}, "pay_kind": scenario.pay_kind}

    def read(self) -> tuple[InternshipCostScenario | None, dict]:
        typed = {name: control.value for name, control in self.texts.items()}
        scenario, errors = parse_scenario(self.id, {**typed, "pay_kind": self.pay_kind.value},
                                          self.view.currency())
        if scenario is not None and (taken := name_taken(self.view.scenarios, scenario)):
            return None, {"name": taken}
        return scenario, errors

    def show_errors(self, errors: dict) -> None:
        for name, message in self.messages.items():
            if name in errors:
                message.error(errors[name])
            else:
                message.clear()


class CostCalculator(ui.ToolView):
    shows = frozenset({SECTION, "profile.currency"})

    def __init__(self, session=None):
        super().__init__(session)
        self.scenarios: list[InternshipCostScenario] = []
        self.editor: ScenarioEditor | None = None
        self.editing = self.track(ui.choice_input("Scenario to edit", []),
                                  "cost_calculator.editing")
        self.editor_area = ui.column()
        self.add_button = ui.button("Add a scenario", tooltip="Add a scenario of your own")
        self.remove_button = ui.button("Remove this scenario")
        self.reset_button = ui.button("Start again from the examples")
        self.confirm = ui.Confirmation("No, keep them")
        self.message = ui.Message()
        self.kept_currency = ui.KeptCurrency(
            self, SECTION, "scenarios", "scenarios",
            lambda currency: self._save_scenarios(self.scenarios, currency))
        self.comparison = ui.text()
        self.widget = ui.panel(
            "Internship cost calculator",
            [ui.text('<p class="ck-intro">Three example scenarios are ready for you to change: '
                     "choose one below and put in your own numbers, in the currency of your "
                     "profile. Your plan keeps every change.</p>"),
             self.kept_currency, self.editing,
             ui.row([self.add_button, self.remove_button, self.reset_button]),
             self.confirm, self.message, self.editor_area,
             ui.text("<h4>Your scenarios side by side</h4>"),
             self.comparison],
        )
        self.editing.observe(self._on_choose, "value")
        self.add_button.on_click(self._on_add)
        self.remove_button.on_click(self._ask_remove)
        self.reset_button.on_click(lambda _: self.confirm.ask(
            "Replace all your scenarios with the three examples? Your own numbers will be "
            "lost.", "Yes, start again", self._reset, return_to=self.editing,
            no_label="No, keep them"))
        self.session.on_change(self._on_section_changed)
        self._refresh_from_plan()

    # --- plan -> controls ----------------------------------------------------------------
    def show_plan(self) -> None:
        self.confirm.dismiss()  # a question about the list as it was before
        saved = scenarios_in(self.session.section(SECTION))
        self.kept_currency.refresh()
        self._show_scenarios(saved or presets(), keep=self.editing.value, plan_shown_again=True)
        if not saved:
            self.message.show("info", "These are examples, not saved yet: change anything and "
                              "your scenarios are saved to your plan.")
        else:
            self.message.clear()

    def _show_scenarios(self, scenarios: list[InternshipCostScenario], keep: str | None = None,
                        plan_shown_again: bool = False) -> None:
        self.scenarios = list(scenarios)
        ids = [scenario.id for scenario in scenarios]
        with self.quiet():
            self.editing.options = [(scenario.name, scenario.id) for scenario in scenarios]
            self.editing.value = keep if keep in ids else ids[0]
        ready = self.session.ready
        # Not greyed out when full: a click says why nothing was added.
        self.add_button.disabled = not ready
        self.remove_button.disabled = not ready or len(scenarios) <= 1
        self.reset_button.disabled = not ready
        self._show_editor(plan_shown_again)
        self._show_results()

    def _show_editor(self, plan_shown_again: bool = False) -> None:
        scenario = self._selected()
        if self.editor is not None and not self.editor.keep_for(scenario, plan_shown_again):
            self.editor.close()
            self.editor = None
        if self.editor is None:
            with self.quiet():
                self.editor = ScenarioEditor(self, scenario)
                put_back = self.editor.put_back_unsaved()
            self.editor_area.children = [self.editor.box]
            if put_back:
                self._take_entries(self.editor)

    def _selected(self) -> InternshipCostScenario:
        return next((scenario for scenario in self.scenarios
                     if scenario.id == self.editing.value), self.scenarios[0])

    def currency(self) -> str:
        return self.kept_currency.currency()

    def _show_results(self) -> None:
        currency = self.currency()
        editor = self.editor
        current, errors = editor.read()
        if errors:
            editor.result.value = ui.message_html(
                "warning", "Fix the marked entries to see this scenario's result.")
        else:
            result = calculate(current)
            # Beside the figures it is about, not only under the table of all scenarios.
            us_figures = us_figures_note([current], currency)
            editor.result.value = (
                f"<h4>Result for {escape(current.name)}</h4>"
                + (ui.message_html("warning", us_figures) if us_figures else "")
                + paragraphs(describe(result, currency))
                + table(*result_table(result, currency), caption=f"The figures for {current.name}")
            )
        self._show_comparison(currency, unfinished=current is None)

    def _show_comparison(self, currency: str, unfinished: bool) -> None:
        results = [calculate(scenario) for scenario in self.scenarios]
        headers, rows = comparison_table(results, currency)
        chart = bar_chart(chart_items(results), title="Income and cost of each scenario",
                          value_label=f"Amount ({currency})",
                          format_value=lambda value: format_money(value, currency))
        note = (ui.message_html("warning", f"“{self._selected().name}” has an entry to fix: "
                                "until it is fixed, the table and your plan keep what that entry held "
                                "before you changed it.") if unfinished else "")
        us_figures = us_figures_note(self.scenarios, currency)
        if us_figures:
            note += ui.message_html("warning", us_figures)
        best = best_net(results)
        self.comparison.value = (
            note + (f"<p>{escape(best)}</p>" if best else "")
            + table(headers, rows, caption="Money side of each scenario")
            + chart.to_html()
        )

    # --- controls -> plan ----------------------------------------------------------------
    def edited(self, editor: ScenarioEditor) -> None:
        if self._quiet or editor is not self.editor:
            return
        self._take_entries(editor)
        self._show_results()

    def _take_entries(self, editor: ScenarioEditor) -> None:
        """Mark each refused entry beside its box; save the scenario once all are good,
        or as it was before the refused entry was changed (``ItemEditor.to_save``)."""
        editor.show_pay_fields()
        scenario, errors = editor.to_save()
        editor.show_errors(errors)
        if scenario is not None:
            changed = with_scenario(self.scenarios, scenario)
            if self._save_scenarios(changed):
                renamed = scenario.name != self._selected().name
                editor.last_valid, self.scenarios = scenario, changed
                if renamed:
                    with self.quiet():
                        self.editing.options = [(s.name, s.id) for s in changed]
                        self.editing.value = scenario.id
                self.message.clear()

    def _on_choose(self, _change=None) -> None:
        if self._quiet:
            return
        self._show_editor()
        self._show_results()

    def _save_scenarios(self, scenarios: list[InternshipCostScenario],
                        currency: str | None = None) -> bool:
        """Save the scenarios; the first change to the examples (shown, not saved) is saved
        as a change made to them, as another tab's first change is."""
        currency = currency or self.currency()
        shown = (None if scenarios_in(self.session.section(SECTION))
                 else section_from(presets(), currency))
        return self.save(SECTION, section_from(scenarios, currency), self.message, over=shown)

    def _save_list(self, scenarios: list[InternshipCostScenario], select: str, done: str,
                   currency: str | None = None) -> None:
        if self._save_scenarios(scenarios, currency):
            self.kept_currency.refresh()
            self._show_scenarios(scenarios, keep=select)
            self.message.show("ok", done)

    def _on_add(self, _button=None) -> None:
        if len(self.scenarios) >= MAX_SCENARIOS:
            self.message.error(f"You can keep up to {MAX_SCENARIOS} scenarios: change or "
                               "remove one to add another.")
            return
        taken = {scenario.id for scenario in self.scenarios} | {self.editor.id}
        scenario = new_scenario(random_id(taken), {s.name for s in self.scenarios})
        self._save_list([*self.scenarios, scenario], scenario.id,
                        f"Added “{scenario.name}”: put in your numbers below.")

    def _ask_remove(self, _button=None) -> None:
        # The scenario is named when asked: another tab may change the list meanwhile.
        scenario = self._selected()
        self.confirm.ask(f"Remove the scenario “{scenario.name}”? This cannot be undone.",
                         "Yes, remove it", lambda: self._remove(scenario.id), return_to=self.editing,
                         no_label="No, keep it")

    def _remove(self, scenario_id: str) -> None:
        removed = next((s for s in self.scenarios if s.id == scenario_id), None)
        if removed is None or len(self.scenarios) <= 1:
            return
        index = self.scenarios.index(removed)
        remaining = [scenario for scenario in self.scenarios if scenario.id != removed.id]
        self._save_list(remaining, remaining[max(0, index - 1)].id, f"Removed “{removed.name}”.")

    def _reset(self) -> None:
        ids: list[str] = []
        for _ in range(3):
            ids.append(random_id({s.id for s in self.scenarios} | set(ids)))
        examples = presets(tuple(ids))
        # A fresh start is in the profile's currency, like the examples before any save.
        self._save_list(examples, examples[0].id, "Back to the three examples.",
                        self.profile_currency())

    def _on_section_changed(self, name: str) -> None:
        if name == "profile":
            self._show_results()
