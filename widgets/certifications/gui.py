"""Lesson 03 tools: the certification explorer and the certification cost calculator.

Layout and wiring only: every figure, sentence and check comes from ``model``.
"""

from __future__ import annotations

import ipywidgets as ipw

from widgets import ui
from widgets.certifications.model import (
    FIELD_LABELS,
    LEVEL_LABELS,
    MAX_OPTIONS,
    OWN_PRICES,
    PRICING_LABELS,
    REPUTATION_NOTE,
    SLOT_LABELS,
    TOTAL_COLUMN,
    Comparison,
    about_text,
    by_id,
    compare,
    conflict_text,
    currency_note,
    explorer_summary,
    filter_certifications,
    load_certifications,
    money_text,
    months_from_now_text,
    offered_sorts,
    price_text,
    read_entries,
    read_max_price,
    renewal_text,
    results_table,
    retake_text,
    sort_certifications,
    study_time_text,
)
from widgets.charts import line_chart
from widgets.data import DataError
from widgets.facts import STATUS_WORDS
from widgets.markup import Markup, escape, link, number_text, table
from widgets.validation import InputError

SECTION = "certifications"


def _notes(texts: list[str]) -> str:
    """Plain sentences as a short list under the control they explain."""
    if not texts:
        return ""
    items = "".join(f"<li>{escape(text)}</li>" for text in texts)
    return f'<ul class="ck-intro ck-notes">{items}</ul>'


class CertificationExplorer(ui.ToolView):
    """A filterable, sortable table of the sourced certifications."""
    shows = frozenset({"profile.currency"})

    def __init__(self, session=None):
        super().__init__(session)
        try:
            self.certs, self.problem = load_certifications(), None
        except DataError as error:
            self.certs, self.problem = [], error
        self.field = self.track(ui.choice_input(
            "Field", [("All fields", ""), *((label, key) for key, label in FIELD_LABELS.items())]),
            "certifications.explorer.field")
        self.level = self.track(ui.choice_input(
            "Level", [("All levels", ""), *((label, key) for key, label in LEVEL_LABELS.items())]),
            "certifications.explorer.level")
        self.pricing = self.track(ui.choice_input(
            "Pricing model",
            [("Any pricing", ""), *((label, key) for key, label in PRICING_LABELS.items())]),
            "certifications.explorer.pricing")
        self.max_price = self.track(ui.number_input("Maximum listed price",
                                                    placeholder="no limit, e.g. 200"),
                                    "certifications.explorer.max_price")
        self.max_price_field = ui.Field(
            self.max_price, "Compared with the exam fee, or with one month of a subscription; "
            "where sources disagree (marked ⚠), with the price shown first in the Price column.")
        self.sort = self.track(ui.choice_input("Sort by", offered_sorts(self.certs)),
            "certifications.explorer.sort")
        self.count = ui.Message()
        self.table = ui.text()
        self.table.add_class("ck-compact-table")
        self.notes = ui.text()
        children = [self.field, self.level, self.pricing, self.max_price_field, self.sort,
                    ui.text(ui.message_html("info", REPUTATION_NOTE)), self.count,
                    self.notes, self.table]
        if self.problem:
            children = [ui.text(ui.data_problem_html(self.problem.problems, "This tool"))]
        self.widget = ui.panel(
            "Certification explorer", children,
            intro="Real certifications with their price, where the figure comes from and how "
                  "sure it is. Prices change: check the issuer's own page before you pay.")
        for control in (self.field, self.level, self.pricing, self.max_price, self.sort):
            control.observe(self._show, "value")
        self._refresh_from_plan()

    def show_plan(self) -> None:
        self._show()

    def _show(self, _change=None) -> None:
        if self.problem:
            return
        # A limit refused is not applied: the last one accepted may be part of it,
        # typed a keystroke earlier (1 of 1e309).
        limit_refused = ""
        try:
            max_price = read_max_price(self.max_price.value,
                                       {cert.currency for cert in self.certs})
        except InputError as error:
            self.max_price_field.error(str(error))
            max_price = None
            limit_refused = " No price limit is applied until the maximum price is fixed."
        else:
            self.max_price_field.clear()
        shown = sort_certifications(
            filter_certifications(self.certs, field=self.field.value, level=self.level.value,
                                  pricing_model=self.pricing.value, max_price=max_price),
            self.sort.value)
        currency = self.profile_currency()
        note = currency_note({cert.currency for cert in shown}, currency)
        self.notes.value = ui.message_html("info", note) if note else ""
        self.table.value = self._table_html(shown, currency) if shown else ""
        # The count goes last: it is what a reader (and a test) waits for after a filter.
        self.count.show("info", explorer_summary(shown, len(self.certs), self.sort.value)
                        + limit_refused, live=True)

    @staticmethod
    def _table_html(certs, currency: str) -> str:
        rows = []
        for cert in certs:
            price = escape(price_text(cert, currency))
            if cert.other_price is not None:
                price += f"<br>⚠ {escape(conflict_text(cert, currency))}"
            source = link(cert.source_url, cert.source) if cert.source_url else escape(cert.source)
            rows.append([
                Markup(f"<strong>{escape(cert.name)}</strong><br>{escape(cert.issuer)}<br>"
                       f'<span class="ck-source">{escape(about_text(cert))}</span>'),
                Markup(price),
                retake_text(cert, currency),
                study_time_text(cert),
                renewal_text(cert, currency),
                Markup(f"{source}<br>{escape(cert.as_of or 'undated')}; "
                       f"{escape(STATUS_WORDS[cert.status])}"),
                Markup(f'<span class="ck-source">{escape(cert.notes)}</span>'),
            ])
        # table() puts it in its own scrolling box (.ck-table-box), which print unrolls.
        return table(["Certification", "Price", "Retake", "Study time", "Renewal",
                      "Source, date and status", "Notes"],
                     rows, caption="Certifications (⚠ marks a price on which sources disagree)")


class OptionSlot:
    """The controls of one option (A, B or C) of the calculator: layout only.

    Only the certification choice exists at first; the entry fields are built the first
    time a certification is chosen, so an unused option costs the page nothing.
    """

    FIELD_LABELS = {
        "study_hours": ("study hours", "your estimate"),
        "price": ("your price", "blank = listed price"),
        "retake_price": ("retake price", "blank = listed or full price"),
        "renewal_cost": ("renewal cost", "blank = listed"),
        "renewal_years": ("renews every", "years"),
    }
    ADJUSTABLE = ("price", "retake_price", "renewal_cost", "renewal_years")

    def __init__(self, view: ui.ToolView, slot: int, choices: list):
        self.view, self.slot, self.label = view, slot, SLOT_LABELS[slot - 1]
        self.key = f"certifications.option{slot}"
        self.cert = view.track(ui.choice_input(f"Certification {self.label}", choices),
                               f"{self.key}.id")
        self.inputs: dict[str, ipw.Text] = {}
        self.fields: dict[str, ui.Field] = {}
        self.about = ui.text()
        self.details = ipw.VBox([], layout=ui.shared(ipw.Layout, margin="0 0 8px 0"))
        ui.set_shown(self.details, False)
        self.box = ui.column([self.cert, self.details])

    def build(self, on_entry) -> None:
        """Create the entry fields (once) and call ``on_entry`` when one changes."""
        if self.inputs:
            return
        for name, (what, placeholder) in self.FIELD_LABELS.items():
            control = ui.number_input(f"{self.label}: {what}", placeholder=placeholder)
            self.inputs[name] = self.view.track(control, f"{self.key}.{name}")
            self.fields[name] = ui.Field(control)
            control.observe(on_entry, "value")
        # A tick box, not ipywidgets' Accordion: the Accordion's header cannot be reached
        # or opened with the keyboard.
        self.adjusting = ui.checkbox(f"Adjust the prices of {self.label}")
        self.adjust = ui.column([
            ui.text('<p class="ck-intro">Use these if your figures differ from the listed '
                    "ones: a member or local price, the other value where sources disagree, "
                    "a renewal you know of. Blank means the listed figure.</p>"),
            *(self.fields[name] for name in self.ADJUSTABLE)])
        self.adjusting.observe(lambda change: ui.set_shown(self.adjust, change["new"]), "value")
        ui.set_shown(self.adjust, False)
        self.details.children = [self.fields["study_hours"], self.about, self.adjusting,
                                 self.adjust]

    def show_adjustments(self, errors: dict) -> None:
        """Open the price adjustments whenever one holds a figure or a refused entry, so
        nothing that changes the totals is out of sight."""
        if self.inputs and any(self.inputs[name].value.strip() or (self.slot, name) in errors
                               for name in self.ADJUSTABLE):
            self.adjusting.value = True

    def texts(self) -> dict:
        return {"id": self.cert.value, **{name: c.value for name, c in self.inputs.items()}}

    def label_prices(self, currency: str) -> None:
        """Own prices replace listed ones, in the listed price's currency: labels say it."""
        for name in OWN_PRICES:
            self.inputs[name].description = f"{self.label}: {self.FIELD_LABELS[name][0]} ({currency})"


class CertificationCosts(ui.ToolView):
    """Upfront fee vs subscription for up to three chosen certifications."""
    shows = frozenset({SECTION, "profile.currency"})

    def __init__(self, session=None):
        super().__init__(session)
        self._filling = False
        try:
            self.certs, self.problem = load_certifications(), None
        except DataError as error:
            self.certs, self.problem = [], error
        self.known = by_id(self.certs)
        choices = self._cert_choices()
        self.settings = {
            "hours_per_week": ui.number_input("Hours a week to study", placeholder="e.g. 5"),
            "fail_chance_percent": ui.number_input("Chance of failing (%)",
                                                   placeholder="e.g. 25"),
            "horizon_years": ui.number_input("Years to count", placeholder="3"),
        }
        for name, control in self.settings.items():
            self.track(control, f"certifications.{name}")
        self.setting_fields = {
            "hours_per_week": ui.Field(self.settings["hours_per_week"],
                                       "The hours you can really study in a normal week."),
            "fail_chance_percent": ui.Field(
                self.settings["fail_chance_percent"],
                "Your own guess that a first exam attempt fails (the kit has no sourced pass "
                "rates). Blank counts no retake."),
            "horizon_years": ui.Field(
                self.settings["horizon_years"],
                "Renewals are counted for this many years after you earn it (blank = 3)."),
        }
        self.slots = [OptionSlot(self, slot, choices) for slot in range(1, MAX_OPTIONS + 1)]
        self.result = ui.Message()
        self.results = ui.text()
        if self.problem:
            children = [ui.text(ui.data_problem_html(self.problem.problems, "This tool"))]
        else:
            children = [*self.setting_fields.values(), *(slot.box for slot in self.slots),
                        self.result, self.results]
        self.widget = ui.panel(
            "Certification cost calculator", children,
            intro="Choose up to three certifications and enter your own study time. The "
                  "calculator shows what each costs you in total, and which is cheaper.")
        for control in self.settings.values():
            control.observe(self._on_entry, "value")
        for slot in self.slots:
            slot.cert.observe(lambda change, slot=slot: self._on_choose(slot), "value")
        self._refresh_from_plan()

    # --- plan -> controls ---------------------------------------------------------------
    def _cert_choices(self) -> list[tuple[str, str]]:
        """Each certification with its price, marked "USD" when the profile's currency
        is another (known only once the plan is back: under Voila, after the tool is built)."""
        currency = self.profile_currency()
        return [("— none —", ""), *((f"{cert.name} – {price_text(cert, currency)}", cert.id)
                                    for cert in self.certs)]

    def show_plan(self) -> None:
        if self.problem:
            return
        section = self.session.section(SECTION)
        for name, control in self.settings.items():
            control.value = section["settings"][name]
        chosen = {option["slot"]: option for option in section["chosen"]}
        choices = self._cert_choices()
        for slot in self.slots:
            option = chosen.get(slot.slot)
            if list(slot.cert.options) != choices:
                slot.cert.options = choices
            ui.select(slot.cert, option["id"] if option else "")
            if option:
                slot.build(self._on_entry)
            for name, control in slot.inputs.items():
                control.value = option[name] if option else ""
        self._show_errors({})
        self._show_results({})

    # --- controls -> plan ---------------------------------------------------------------
    def _on_choose(self, slot: OptionSlot) -> None:
        if self._quiet:
            return
        cert = self.known.get(slot.cert.value)
        hours = cert.listed_study_hours if cert else None
        if slot.cert.value:
            slot.build(self._on_entry)
        self._filling = True
        try:
            for name, control in slot.inputs.items():
                control.value = number_text(hours) if name == "study_hours" and hours else ""
        finally:
            self._filling = False
        self._on_entry()

    def _on_entry(self, _change=None) -> None:
        if self._quiet or self._filling or self.problem:
            return
        section, errors = read_entries(
            self.session.section(SECTION),
            {name: control.value for name, control in self.settings.items()},
            {slot.slot: slot.texts() for slot in self.slots})
        self._show_errors(errors)
        self.save(SECTION, section, self.result)
        self._show_results(errors)

    def _show_errors(self, errors: dict) -> None:
        for slot in self.slots:
            slot.show_adjustments(errors)
        fields = {("settings", name): field for name, field in self.setting_fields.items()}
        fields.update({(slot.slot, name): field for slot in self.slots
                       for name, field in slot.fields.items()})
        for key, field in fields.items():
            if key in errors:
                field.error(errors[key])
            else:
                field.clear()

    # --- results ----------------------------------------------------------------------
    def _show_results(self, errors: dict) -> None:
        comparison = compare(self.session.section(SECTION), self.certs,
                             self.profile_currency())
        by_slot = {result.slot: result for result in comparison.options}
        for slot in self.slots:
            result = by_slot.get(slot.slot)
            ui.set_shown(slot.details, bool(slot.cert.value))
            subscription = bool(result and result.option and result.option.is_subscription)
            if slot.fields:
                ui.set_shown(slot.fields["retake_price"], not subscription)
            if slot.inputs and slot.cert.value in self.known:
                slot.label_prices(self.known[slot.cert.value].currency)
            slot.about.value = "" if result is None else (
                _notes(result.notes)
                + (ui.message_html("warning", result.missing) if result.missing else ""))
        if errors:
            self.results.value = ui.message_html(
                "warning", "Fix the entries marked above to see the totals. Your plan keeps "
                           "your last valid entries.")
            return
        self.results.value = self._results_html(comparison)

    @staticmethod
    def _results_html(comparison: Comparison) -> str:
        parts = [_notes(comparison.notes)]
        headers, rows = results_table(comparison)
        if rows:
            for row in rows:
                row[TOTAL_COLUMN] = Markup(f"<strong>{escape(row[TOTAL_COLUMN])}</strong>")
            parts.append(table(headers, rows, caption="What each option costs you"))
        parts.append("".join(f"<p><strong>{escape(sentence)}</strong></p>"
                             for sentence in comparison.verdict))
        if comparison.series:
            chart = line_chart(
                {title: [(month, float(amount)) for month, amount in points]
                 for title, points in comparison.series.items()},
                title="Cumulative cost over time, by option", x_label="Months from now",
                y_label=comparison.currency,
                format_value=lambda value: money_text(value, comparison.currency,
                                                      comparison.profile_currency),
                x_point=months_from_now_text)
            parts.append(f'<p class="ck-intro">{escape(comparison.chart_key)}</p>'
                         + chart.to_html())
        return "".join(parts)
