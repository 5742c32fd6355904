"""Profile form: four optional answers and the currency every tool shows money in."""

from __future__ import annotations

from datetime import date

from widgets import ui
from widgets.money import CURRENCIES
from widgets.profile.model import (
    FIELDS,
    MAX_NAME_LENGTH,
    NOT_SURE,
    STAGES,
    greeting,
    passed_season_note,
    season_passed,
    upcoming_seasons,
)
from widgets.validation import InputError, parse_text

SECTION = "profile"
UNSET = ("Choose…", "")


class ProfileForm(ui.ToolView):
    shows = frozenset({SECTION})

    def __init__(self, session=None, today: date | None = None):
        super().__init__(session)
        self._fixed_today = today
        self.name = self.track(ui.text_input("Name or nickname",
                                             placeholder="e.g. Sam"), "profile.name")
        self.field = self.track(ui.choice_input("Field of interest", [UNSET, *FIELDS]),
                                "profile.field")
        self.stage = self.track(ui.choice_input("Study stage", [UNSET, *STAGES]), "profile.stage")
        self.season = self.track(
            ui.choice_input("Target season", self._season_options("")),
            "profile.season")
        self.currency = self.track(ui.choice_input("Currency for money", list(CURRENCIES)),
                                   "profile.currency")
        self.name_field = ui.Field(self.name)
        self.summary = ui.Message()
        self.result = ui.Message()
        self.widget = ui.panel(
            "Your profile",
            [self.name_field, self.field, self.stage, self.season, self.currency, self.summary,
             self.result],
            intro="Everything here is optional. It helps the later lessons speak to you.",
        )
        for control in (self.name, self.field, self.stage, self.season, self.currency):
            control.observe(self._on_change, "value")
        self._refresh_from_plan()

    def _today(self) -> date:
        return self._fixed_today or self.session.today()

    def _season_options(self, saved: str) -> list:
        """The seasons from the participant's date on, and the saved one if it is not
        among them: one that has passed says so in its option too, not only under the form."""
        options = [UNSET, *upcoming_seasons(self._today()), (NOT_SURE, NOT_SURE)]
        if saved and saved not in [value for _, value in options]:
            options.append((f"{saved} (passed)" if season_passed(saved, self._today())
                            else saved, saved))
        return options

    def _offer_seasons(self, saved: str) -> None:
        """The season drop-down for the participant's date and the saved season: a
        preheated kernel built it by the server's date, maybe days before its visitor
        came, and a passed season, once another is chosen, is offered no more."""
        offered = self._season_options(saved)
        if list(self.season.options) != offered:
            with self.quiet():
                self.season.options = offered
                ui.select(self.season, saved)

    def show_plan(self) -> None:
        section = self.session.section(SECTION)
        self.name.value = section["name"]
        self.name_field.clear()
        self._offer_seasons(section["season"])
        for control, key in ((self.field, "field"), (self.stage, "stage"),
                             (self.season, "season"), (self.currency, "currency")):
            ui.select(control, section[key])
        self._show_summary(section)

    def _show_summary(self, section: dict) -> None:
        note = passed_season_note(section["season"], self._today())
        if note:
            self.summary.show("warning", f"{greeting(section)} {note}")
        else:
            self.summary.show("info", greeting(section))

    def _on_change(self, _change=None) -> None:
        # A refused name keeps the saved one: the other answers are still saved.
        name = self.session.section(SECTION)["name"]
        try:
            name = parse_text(self.name.value, max_length=MAX_NAME_LENGTH,
                              what="Your name or nickname")
        except InputError as error:
            self.name_field.error(str(error))
        else:
            self.name_field.clear()
        data = {"name": name, "field": self.field.value, "stage": self.stage.value,
                "season": self.season.value, "currency": self.currency.value}
        if self.save(SECTION, data, self.result):
            section = self.session.section(SECTION)
            self._offer_seasons(section["season"])
            self._show_summary(section)
