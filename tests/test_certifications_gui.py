"""Widget tests of lesson 03: the certification explorer and the cost calculator, built in
plain Python, driven by setting control values, checked on what they show and save."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from widgets import ui
from widgets.certifications.gui import CertificationCosts, CertificationExplorer
from widgets.certifications.model import EMPTY_SECTION

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture
def edited_data(data_copy):
    """Point the kit at a copy of data/ and return a function that edits its cells."""
    path = data_copy / "certifications.csv"

    def edit(cells: dict[tuple[str, str], str]) -> None:
        with open(path, encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        for (row_id, column), text in cells.items():
            next(row for row in rows if row["id"] == row_id)[column] = text
        with open(path, "w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)

    return edit


def choose(costs: CertificationCosts, slot: int, cert_id: str, study_hours: str = "") -> None:
    option = costs.slots[slot - 1]
    option.cert.value = cert_id
    if study_hours:
        option.inputs["study_hours"].value = study_hours


def saved(plan_path) -> dict:
    return json.loads(plan_path.read_text(encoding="utf-8"))["sections"]["certifications"]


# --- explorer ----------------------------------------------------------------------

def test_explorer_filters_and_shows_each_rows_source_date_and_status(session):
    explorer = CertificationExplorer(session)
    assert "Showing 15 of 15 certifications." in explorer.count.value
    assert 'role="status"' in explorer.count.value  # read out as the filters change it
    explorer.field.value = "security"
    assert "Showing 1 of 15" in explorer.count.value
    assert "CompTIA Security+" in explorer.table.value
    # Marked with a sign and in words, not by colour.
    assert "⚠ Sources disagree: $425.00 here, $439.00 elsewhere." in explorer.table.value
    assert "2026; sources disagree" in explorer.table.value
    explorer.field.value = ""
    explorer.pricing.value = "free"
    assert "Showing 2 of 15" in explorer.count.value
    assert '<a href="https://academy.hubspot.com"' in explorer.table.value
    assert "employers ask for it" in explorer.widget.children[7].value


def test_explorer_price_limit_and_sorting(session):
    explorer = CertificationExplorer(session)
    explorer.max_price.value = "150"
    assert "Showing 8 of 15" in explorer.count.value
    explorer.sort.value = "price_high"
    table = explorer.table.value
    assert table.index("AWS Certified Solutions Architect") < table.index("Google Analytics")
    explorer.max_price.value = "-5"
    assert "at least 0" in explorer.max_price_field.message.value
    # Not the last limit accepted: typed a key at a time, 1e309 was filtered by 1.
    assert "15 of 15" in explorer.count.value and "No price limit is applied" in explorer.count.value
    explorer.max_price.value = "₹5000"  # was read as $5000
    assert "counted in USD" in explorer.max_price_field.message.value
    assert "No price limit is applied until the maximum price is fixed" in explorer.count.value
    explorer.max_price.value = "150"
    assert "Showing 8 of 15" in explorer.count.value and "No price limit" not in explorer.count.value
    explorer.max_price.value = ""


def test_sorting_by_study_hours_is_offered_once_the_data_gives_some(session, edited_data):
    """No row of the kit's list gives study hours: the choice sorted nothing."""
    assert "hours_low" not in [key for _, key in CertificationExplorer(session).sort.options]
    edited_data({("cisco_ccna", "study_hours"): "90", ("comptia_a_plus", "study_hours"): "120"})
    explorer = CertificationExplorer(session)
    explorer.sort.value = "hours_low"
    assert explorer.table.value.index("Cisco Certified") < explorer.table.value.index("CompTIA A+")
    explorer.pricing.value = "free"  # rows with no hours: the order of the file, said
    assert "keeps the order of the data file" in explorer.count.value


def test_explorer_escapes_what_an_instructor_typed(session, edited_data):
    edited_data({("cisco_ccna", "notes"): "<img src=x onerror=alert(1)> plus tax"})
    explorer = CertificationExplorer(session)
    assert "<img" not in explorer.table.value
    assert "&lt;img src=x onerror=alert(1)&gt; plus tax" in explorer.table.value


def test_explorer_labels_usd_for_a_participant_who_uses_another_currency(session):
    session.update("profile", {**session.section("profile"), "currency": "GBP"})
    explorer = CertificationExplorer(session)
    assert "$100.00 USD exam fee" in explorer.table.value
    assert "profile uses GBP" in explorer.notes.value


def test_a_malformed_csv_is_shown_to_the_instructor_not_raised(session, edited_data):
    edited_data({("pmi_capm", "price"): "three hundred"})
    for view in (CertificationExplorer(session), CertificationCosts(session)):
        html = view.widget.children[2].value
        assert 'role="alert"' in html
        assert "data/certifications.csv, line 10, column &#x27;price&#x27;" in html
        assert "three hundred" in html


# --- calculator --------------------------------------------------------------------

def test_choices_are_saved_to_the_plan_and_the_cheaper_option_is_named(session, plan_path):
    costs = CertificationCosts(session)
    costs.settings["hours_per_week"].value = "5"
    choose(costs, 1, "google_career_certificate", "150")
    choose(costs, 2, "comptia_a_plus", "150")
    costs.settings["fail_chance_percent"].value = "20"
    assert saved(plan_path) == {
        "chosen": [
            {"slot": 1, "id": "google_career_certificate", "study_hours": "150", "price": "",
             "retake_price": "", "renewal_cost": "", "renewal_years": ""},
            {"slot": 2, "id": "comptia_a_plus", "study_hours": "150", "price": "",
             "retake_price": "", "renewal_cost": "", "renewal_years": ""}],
        "settings": {"hours_per_week": "5", "fail_chance_percent": "20", "horizon_years": ""},
    }
    html = costs.results.value
    assert "A: Google Career Certificates is the cheaper option for you: $343.00 in total" in html
    assert "The answer flips at about 2.8 hours a week" in html
    assert "$343.00 (7 × $49.00)" in html and "$590.40" in html
    assert "$98.40 (20% × $492.00)" in html  # how the expected retake is reached
    assert "$2.29" in html  # cost per study hour
    # The chart carries its text alternative: a sentence and a table.
    assert '<svg role="img"' in html and "<figcaption>" in html and "Chart as a table" in html
    # Where each line gets to its total, not only where the chart stops.
    # Payments start now, so the 7th monthly one is 6 months from now (the table says 7 × $49).
    assert ("A reaches $343.00 6 months from now and stays there until 43 months from now; "
            "B reaches $590.40 7 months from now and stays there until 43 months from now") in html
    assert '<th scope="col">Months from now</th>' in html
    assert "In the chart: A = Google Career Certificates (on Coursera)" in html
    assert "No retake price in the sources" in costs.slots[1].about.value


def test_the_calculator_reopens_with_the_saved_choices(session):
    first = CertificationCosts(session)
    first.settings["hours_per_week"].value = "4"
    choose(first, 2, "pmi_capm", "60")
    again = CertificationCosts(session)
    assert again.settings["hours_per_week"].value == "4"
    assert again.slots[0].cert.value == ""
    assert again.slots[1].cert.value == "pmi_capm"
    assert again.slots[1].inputs["study_hours"].value == "60"
    assert again.results.value == first.results.value


@pytest.mark.parametrize("typed, message", [
    ("0", "must be more than 0"), ("-2", "cannot be negative"), ("lots", "must be a number")])
def test_bad_weekly_hours_get_a_message_and_no_total(session, typed, message):
    costs = CertificationCosts(session)
    costs.settings["hours_per_week"].value = "5"
    choose(costs, 1, "comptia_a_plus", "100")
    before = session.section("certifications")
    costs.settings["hours_per_week"].value = typed
    assert message in costs.setting_fields["hours_per_week"].message.value
    assert "Fix the entries marked above" in costs.results.value
    assert "$" not in costs.results.value
    assert session.section("certifications") == before
    costs.settings["hours_per_week"].value = "5"
    assert costs.setting_fields["hours_per_week"].message.value == ""
    assert "$492.00" in costs.results.value


def test_an_absurd_price_is_refused_beside_its_field_and_the_rest_is_kept(session):
    costs = CertificationCosts(session)
    costs.settings["hours_per_week"].value = "5"
    choose(costs, 1, "azure_fundamentals", "20")
    costs.slots[0].inputs["price"].value = "99999999"
    costs.settings["fail_chance_percent"].value = "10"
    assert "at most $10,000.00" in costs.slots[0].fields["price"].message.value
    section = session.section("certifications")
    assert section["chosen"][0]["price"] == ""
    assert section["settings"]["fail_chance_percent"] == "10"
    costs.slots[0].inputs["price"].value = "165"
    assert "$181.50" in costs.results.value  # 165 + 10% of a 165 retake


def test_choosing_another_certification_clears_the_figures_of_the_old_one(session):
    costs = CertificationCosts(session)
    choose(costs, 1, "pmi_pmp", "200")
    costs.slots[0].inputs["price"].value = "405"
    costs.slots[0].cert.value = "pmi_capm"
    assert costs.slots[0].inputs["price"].value == ""
    assert costs.slots[0].inputs["study_hours"].value == ""
    assert session.section("certifications")["chosen"][0]["price"] == ""
    costs.slots[0].cert.value = ""
    assert session.section("certifications") == EMPTY_SECTION
    assert not ui.is_shown(costs.slots[0].details)


def test_study_hours_are_prefilled_only_from_a_row_that_states_them(session, edited_data):
    edited_data({("cisco_ccna", "study_hours"): "120"})
    costs = CertificationCosts(session)
    choose(costs, 1, "cisco_ccna")
    assert costs.slots[0].inputs["study_hours"].value == "120"
    choose(costs, 2, "comptia_network_plus")
    assert costs.slots[1].inputs["study_hours"].value == ""
    assert "enter your estimate of the total study hours" in costs.slots[1].about.value


def test_conflicting_prices_and_usd_labels_are_shown_in_the_calculator(session):
    session.update("profile", {**session.section("profile"), "currency": "INR"})
    costs = CertificationCosts(session)
    costs.settings["hours_per_week"].value = "3"
    choose(costs, 1, "pmi_pmp", "200")
    assert "Sources disagree: $575.00 USD here, $555.00 USD elsewhere." in (
        costs.slots[0].about.value)
    assert "profile uses INR" in costs.results.value
    assert "$575.00 USD" in costs.results.value


def test_a_renewal_entered_by_the_participant_is_counted_over_the_horizon(session):
    costs = CertificationCosts(session)
    costs.settings["hours_per_week"].value = "5"
    costs.settings["horizon_years"].value = "6"
    choose(costs, 1, "comptia_security_plus", "100")
    costs.slots[0].inputs["renewal_cost"].value = "50"
    costs.slots[0].inputs["renewal_years"].value = "3"
    assert "2 × $50.00" in costs.results.value
    assert "$525.00" in costs.results.value
    costs.slots[0].inputs["renewal_years"].value = "3.5"
    assert "whole number of years" in costs.slots[0].fields["renewal_years"].message.value


def test_a_subscription_has_no_retake_field(session):
    costs = CertificationCosts(session)
    choose(costs, 1, "linkedin_learning", "30")
    choose(costs, 2, "salesforce_administrator", "30")
    assert not ui.is_shown(costs.slots[0].fields["retake_price"])
    assert ui.is_shown(costs.slots[1].fields["retake_price"])


def test_a_plan_naming_a_removed_certification_still_opens(session):
    session.update("certifications", {"chosen": [
        {"slot": 1, "id": "retired_cert", "study_hours": "10"}], "settings": {}})
    costs = CertificationCosts(session)
    assert costs.slots[0].cert.value == "retired_cert"
    assert "no longer in the certifications data file" in costs.slots[0].about.value


def test_every_control_a_participant_types_into_has_its_own_label(session):
    costs = CertificationCosts(session)
    for slot in costs.slots:
        slot.cert.value = "hubspot_academy"
    controls = [*costs.settings.values(),
                *(c for slot in costs.slots for c in (slot.cert, *slot.inputs.values()))]
    assert all(control.description for control in controls)
    assert len({control.description for control in controls}) == len(controls)


class BrowserStoreDouble:
    """Stands in for the Voila browser store: records tracked keys and saved sections."""

    where = "this browser only"

    def __init__(self):
        self.tracked: dict[str, tuple[str, str]] = {}
        self.saved: dict[str, dict] = {}

    def attach(self, session) -> None:
        self.session = session

    def track(self, key: str, model_id: str, trait: str) -> None:
        self.tracked[key] = (model_id, trait)

    def save(self, plan, sections, changed_from, forget_drafts=False) -> None:
        self.saved.update({name: plan.sections[name] for name in sections})

    def clear(self) -> None:
        self.saved = {}


def test_a_reload_under_voila_restores_saved_choices_and_unsaved_keystrokes():
    from widgets.session import PlanSession

    store = BrowserStoreDouble()
    session = PlanSession(store)
    costs = CertificationCosts(session)
    assert costs.settings["hours_per_week"].disabled  # until the browser has answered
    kept = {"chosen": [{"slot": 1, "id": "google_career_certificate", "study_hours": "150",
                        "price": "", "retake_price": "", "renewal_cost": "",
                        "renewal_years": ""}],
            "settings": {"hours_per_week": "5", "fail_chance_percent": "",
                         "horizon_years": ""}}
    labels = [label for label, _ in costs.slots[1].cert.options]
    capm = next(label for label in labels if label.startswith("Certified Associate"))
    # Keystrokes the kernel had not saved before the reload come back as drafts.
    session.restore_from_browser(
        {"certifications": json.dumps(kept)},
        {"certifications.option2.id": capm, "certifications.option2.study_hours": "60",
         "certifications.fail_chance_percent": "25"})
    assert not costs.settings["hours_per_week"].disabled
    assert costs.slots[0].inputs["study_hours"].value == "150"
    assert costs.slots[1].inputs["study_hours"].value == "60"
    section = store.saved["certifications"]
    assert [option["id"] for option in section["chosen"]] == ["google_career_certificate",
                                                             "pmi_capm"]
    assert section["chosen"][1]["study_hours"] == "60"
    assert section["settings"]["fail_chance_percent"] == "25"
    assert "is the cheaper option for you" in costs.results.value
    expected = {"certifications.hours_per_week", "certifications.fail_chance_percent",
                "certifications.horizon_years",
                *(f"certifications.option{slot}.id" for slot in (1, 2, 3)),
                *(f"certifications.option{slot}.{name}" for slot in (1, 2)
                  for name in ("study_hours", "price", "retake_price", "renewal_cost",
                               "renewal_years"))}
    assert set(store.tracked) == expected
    CertificationExplorer(session)
    assert {key for key in store.tracked if ".explorer." in key} == {
        f"certifications.explorer.{name}" for name in ("field", "level", "pricing",
                                                       "max_price", "sort")}


def test_price_adjustments_open_with_a_tick_box_and_never_hide_a_figure(session):
    """ipywidgets' Accordion header cannot be reached with the keyboard: a tick box can."""
    costs = CertificationCosts(session)
    choose(costs, 1, "comptia_security_plus", "100")
    slot = costs.slots[0]
    assert slot.adjusting.description == "Adjust the prices of A"
    assert not ui.is_shown(slot.adjust)
    slot.adjusting.value = True
    assert ui.is_shown(slot.adjust)
    slot.inputs["price"].value = "300"
    slot.adjusting.value = False  # hidden by the participant: the figure still counts
    again = CertificationCosts(session)
    assert again.slots[0].adjusting.value and ui.is_shown(again.slots[0].adjust)
    assert again.slots[0].inputs["price"].value == "300.00"
    assert not again.slots[1].inputs  # an unused option has no fields yet


def test_own_prices_are_in_the_currency_of_the_listed_price(session):
    """An own price replaces the listed one and is added to its listed retake and
    renewal: with a rupee profile, a price typed in rupees was added up as dollars."""
    session.update("profile", {**session.section("profile"), "currency": "INR"})
    costs = CertificationCosts(session)
    costs.settings["hours_per_week"].value = "5"
    choose(costs, 1, "comptia_security_plus", "100")
    assert costs.slots[0].inputs["price"].description == "A: your price (USD)"
    costs.slots[0].inputs["price"].value = "₹30,000"
    message = costs.slots[0].fields["price"].message.value
    assert "counted in USD, the currency of the listed price: type it in USD" in message
    assert session.section("certifications")["chosen"][0]["price"] == ""
    costs.slots[0].inputs["price"].value = "$425"
    assert costs.slots[0].fields["price"].message.value == ""
    assert session.section("certifications")["chosen"][0]["price"] == "425.00"
    assert "$425.00 USD" in costs.results.value
    costs.slots[0].inputs["price"].value = "30000"
    assert "at most $10,000.00" in costs.slots[0].fields["price"].message.value


def test_the_choices_mark_prices_usd_once_the_profile_in_another_currency_is_back(browser_session):
    """Under Voila the calculator is built before the plan comes back from the browser:
    its choices read "$49.00 a month" for a participant working in euros."""
    from tests.fakes import browser_restores
    from widgets.plan import PlanDocument

    session, store = browser_session
    costs = CertificationCosts(session)
    browser_restores(store, {"profile": {**PlanDocument().section("profile"), "currency": "EUR"}}, {})
    labels = [label for label, _ in costs.slots[0].cert.options]
    assert any(label.endswith("USD a month") for label in labels), labels
