"""Internship cost calculator: up to four named scenarios, each with its own result, and
all of them side by side in a table and a chart.

Each scenario has its own controls, tracked under keys that carry the scenario's id
(ids are never reused), so what was typed into one scenario can only ever come back
into that scenario after a reload.
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
    new_id,
    new_scenario,
    parse_scenario,
    presets,
    scenarios_in,
    section_from,
    with_scenario,
)
from widgets.markup import escape, table
from widgets.money import format_money

SECTION = "cost_scenarios"
HELP = {
    "weeks": "From 1 to 104. A summer internship is often 10 to 12 weeks.",
    "hours_per_week": "From 1 to 80. Term-time internships are often 15 to 20 hours a week.",
    "stipend": "One fixed amount for the whole internship.",
    "housing_per_week": "Only what you spend because of the internship, e.g. a summer sublet.",
    "food_per_week": "Only the extra, e.g. lunches near the office.",
    "income_given_up_per_week": "E.g. a part-time job you would stop to do this internship.",
}


class ScenarioEditor:
    """The controls of one scenario (one tab), built once for that scenario's id."""

    def __init__(self, view: CostCalculator, scenario: InternshipCostScenario):
        self.id = scenario.id
        texts = editor_texts(scenario)
        self.texts: dict[str, ipw.Text] = {}
        self.fields: dict[str, ui.Field] = {}
        for name, label in FIELD_LABELS.items():
            if name == "name":
                control = ui.text_input(label, value=texts[name])
            else:
                control = ui.number_input(label, value=texts[name])
            self.texts[name] = view.track(control, f"cost_calculator.{self.id}.{name}")
            self.fields[name] = ui.Field(control, HELP.get(name, ""))
        self.pay_kind = view.track(ui.choice_input("Pay", PAY_KINDS, value=scenario.pay_kind),
                                   f"cost_calculator.{self.id}.pay_kind")
        self.result = ipw.HTML()

        def group(title, names, intro=""):
            return [ipw.HTML(f"<h4>{escape(title)}</h4>"
                             + (f'<p class="ck-intro">{escape(intro)}</p>' if intro else "")),
                    *(self.fields[name] for name in names)]

        self.box = ipw.VBox([
            self.fields["name"], self.fields["weeks"], self.fields["hours_per_week"],
            self.pay_kind, *(self.fields[name] for name in PAY_FIELDS),
            *group("One-off costs", ONE_OFF_COSTS),
            *group("Weekly costs", WEEKLY_COSTS,
                   "Count only what the internship adds to what you would spend anyway."),
            *group("Income you give up", GIVEN_UP),
            self.result,
        ])
        self.show_pay_fields()
        for control in (*self.texts.values(), self.pay_kind):
            control.observe(lambda _change: view.edited(self), "value")

    def show(self, scenario: InternshipCostScenario) -> None:
        texts = editor_texts(scenario)
        for name, control in self.texts.items():
            control.value = texts[name]
        self.pay_kind.value = scenario.pay_kind
        for field in self.fields.values():
            field.clear()
        self.show_pay_fields()

    def show_pay_fields(self) -> None:
        for name, kind in (("hourly_pay", "hourly"), ("stipend", "stipend")):
            self.fields[name].layout.display = "flex" if self.pay_kind.value == kind else "none"

    def read(self) -> tuple[InternshipCostScenario | None, dict]:
        typed = {name: control.value for name, control in self.texts.items()}
        return parse_scenario(self.id, {**typed, "pay_kind": self.pay_kind.value})

    def show_errors(self, errors: dict) -> None:
        for name, field in self.fields.items():
            if name in errors:
                field.error(errors[name])
            else:
                field.clear()

    def close(self) -> None:
        for control in (*self.texts.values(), self.pay_kind):
            control.unobserve_all()
            control.close()


class CostCalculator(ui.ToolView):
    def __init__(self, session=None):
        super().__init__(session)
        self.scenarios: list[InternshipCostScenario] = []
        self.editors: dict[str, ScenarioEditor] = {}
        self.tabs = ipw.Tab(layout={"width": "100%"})
        self.add_button = ui.button("Add a scenario", tooltip="Add a scenario of your own")
        self.remove_button = ui.button("Remove this scenario")
        self.reset_button = ui.button("Start again from the examples")
        self.confirm_text = ui.Message()
        self.confirm_yes = ui.button("Yes, go ahead", kind="danger")
        self.confirm_no = ui.button("No, keep them")
        self.confirm = ipw.VBox([self.confirm_text, ui.row([self.confirm_yes, self.confirm_no])],
                                layout={"display": "none"})
        self.message = ui.Message()
        self.comparison = ipw.HTML()
        self.widget = ui.panel(
            "Internship cost calculator",
            [ipw.HTML('<p class="ck-intro">Each tab is one scenario. The three examples are '
                      "there to be changed: put in your own numbers (in your currency from "
                      "lesson 00). Empty amounts count as zero. Everything is saved as you go."
                      "</p>"),
             self.tabs, ui.row([self.add_button, self.remove_button, self.reset_button]),
             self.confirm, self.message,
             ipw.HTML("<h4>Your scenarios side by side</h4>"), self.comparison],
        )
        self._pending = None
        self.add_button.on_click(self._on_add)
        self.remove_button.on_click(lambda _: self._ask(
            f"Remove the scenario “{self._selected().name}”? This cannot be undone.",
            self._remove_selected))
        self.reset_button.on_click(lambda _: self._ask(
            "Replace all your scenarios with the three examples? Your own numbers will be "
            "lost.", self._reset))
        self.confirm_yes.on_click(self._on_confirm)
        self.confirm_no.on_click(lambda _: self._ask(None, None))
        self.session.on_change(self._on_section_changed)
        self._refresh_from_plan()

    # --- plan -> controls ----------------------------------------------------------------
    def show_plan(self) -> None:
        saved = scenarios_in(self.session.section(SECTION))
        self._show_scenarios(saved or presets())
        if not saved:
            self.message.show("info", "These are examples, not saved yet: change anything and "
                              "your scenarios are saved to your plan.")
        else:
            self.message.clear()

    def _show_scenarios(self, scenarios: list[InternshipCostScenario], select: int | None = None
                        ) -> None:
        with self.quiet():
            wanted = {scenario.id for scenario in scenarios}
            for scenario_id in [key for key in self.editors if key not in wanted]:
                self.editors.pop(scenario_id).close()
            for scenario in scenarios:
                if scenario.id in self.editors:
                    self.editors[scenario.id].show(scenario)
                else:
                    self.editors[scenario.id] = ScenarioEditor(self, scenario)
            previous = self.tabs.selected_index
            self.scenarios = list(scenarios)
            self.tabs.children = [self.editors[scenario.id].box for scenario in scenarios]
            self.tabs.titles = [scenario.name for scenario in scenarios]
            if select is None:
                select = min(previous or 0, len(scenarios) - 1)
            self.tabs.selected_index = select
        ready = self.session.ready
        self.add_button.disabled = not ready or len(scenarios) >= MAX_SCENARIOS
        self.remove_button.disabled = not ready or len(scenarios) <= 1
        self.reset_button.disabled = not ready
        self._show_results()

    def _currency(self) -> str:
        return self.session.section("profile")["currency"]

    def _show_results(self) -> None:
        currency = self._currency()
        for scenario in self.scenarios:
            editor = self.editors[scenario.id]
            current, errors = editor.read()
            if errors:
                editor.result.value = ui.message_html(
                    "warning", "Fix the marked entries to see this scenario's result.")
                continue
            result = calculate(current)
            rows = [["Total income", format_money(result.income, currency)],
                    ["Total cost", format_money(result.total_cost, currency)],
                    ["Net result", format_money(result.net, currency)],
                    ["Value per hour worked", format_money(result.effective_hourly_value,
                                                           currency)],
                    ["Break-even hourly pay", format_money(result.break_even_hourly_pay,
                                                           currency)]]
            editor.result.value = (
                f"<h4>Result for {escape(current.name)}</h4>"
                + "".join(f"<p>{escape(sentence)}</p>" for sentence in describe(result, currency))
                + table(["", "Amount"], rows)
            )
        self._show_comparison(currency)

    def _show_comparison(self, currency: str) -> None:
        results = [calculate(scenario) for scenario in self.scenarios]
        headers, rows = comparison_table(results, currency)
        chart = bar_chart(chart_items(results), title="Income and cost of each scenario",
                          value_label=f"Amount ({currency})",
                          format_value=lambda value: format_money(value, currency))
        unfinished = [scenario.name for scenario in self.scenarios
                      if self.editors[scenario.id].read()[1]]
        note = (ui.message_html("warning", "Still to fix: " + ", ".join(unfinished)
                                + ". The table uses the last valid numbers of those scenarios.")
                if unfinished else "")
        best = best_net(results)
        self.comparison.value = (
            note + (f"<p>{escape(best)}</p>" if best else "")
            + table(headers, rows, caption="Money side of each scenario")
            + chart.to_html()
        )

    # --- controls -> plan ----------------------------------------------------------------
    def edited(self, editor: ScenarioEditor) -> None:
        if self._quiet or self.editors.get(editor.id) is not editor:
            return
        editor.show_pay_fields()
        scenario, errors = editor.read()
        editor.show_errors(errors)
        if scenario is not None:
            changed = with_scenario(self.scenarios, scenario)
            if self.save(SECTION, section_from(changed), self.message):
                self.scenarios = changed
                self.tabs.set_title([s.id for s in changed].index(scenario.id), scenario.name)
                self.message.clear()
        self._show_results()

    def _save_list(self, scenarios: list[InternshipCostScenario], select: int, done: str) -> None:
        if self.save(SECTION, section_from(scenarios), self.message):
            self._show_scenarios(scenarios, select=select)
            self.message.show("ok", done)

    def _on_add(self, _button=None) -> None:
        if len(self.scenarios) >= MAX_SCENARIOS:
            self.message.error(f"You can keep up to {MAX_SCENARIOS} scenarios: change or "
                               "remove one to add another.")
            return
        taken = set(self.editors) | {scenario.id for scenario in self.scenarios}
        scenario = new_scenario(new_id(taken), {s.name for s in self.scenarios})
        self._save_list([*self.scenarios, scenario], len(self.scenarios),
                        f"Added “{scenario.name}”: put in your numbers.")

    def _selected(self) -> InternshipCostScenario:
        return self.scenarios[self.tabs.selected_index or 0]

    def _remove_selected(self) -> None:
        if len(self.scenarios) <= 1:
            return
        index = self.tabs.selected_index or 0
        removed = self.scenarios[index]
        remaining = [scenario for scenario in self.scenarios if scenario.id != removed.id]
        self._save_list(remaining, max(0, index - 1), f"Removed “{removed.name}”.")

    def _reset(self) -> None:
        taken = set(self.editors)
        ids = []
        for _ in range(3):
            ids.append(new_id(taken | set(ids)))
        self._save_list(presets(tuple(ids)), 0, "Back to the three examples.")

    def _ask(self, question: str | None, action) -> None:
        self._pending = action
        if question:
            self.confirm_text.show("warning", question)
        self.confirm.layout.display = "flex" if question else "none"

    def _on_confirm(self, _button=None) -> None:
        action = self._pending
        self._ask(None, None)
        if action is not None:
            action()

    def _on_section_changed(self, name: str) -> None:
        if name == "profile":
            self._show_results()
