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
        self._seasons_from = self._today()
        self.name = self.track(ui.text_input("Name or nickname",
                                             placeholder="e.g. Sam"), "profile.name")
        self.field = self.track(ui.choice_input("Field of interest", [UNSET, *FIELDS]),
                                "profile.field")
        self.stage = self.track(ui.choice_input("Study stage", [UNSET, *STAGES]), "profile.stage")
        self.season = self.track(
            ui.choice_input("Target season", self._season_options()),
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

    def _season_options(self) -> list:
        return [UNSET, *upcoming_seasons(self._seasons_from), (NOT_SURE, NOT_SURE)]

    def show_plan(self) -> None:
        # A preheated kernel built the form by the server's date, maybe days before its
        # visitor came (or on another side of midnight): the seasons start from theirs.
        if self._today() != self._seasons_from:
            self._seasons_from = self._today()
            self.season.options = self._season_options()
        section = self.session.section(SECTION)
        self.name.value = section["name"]
        self.name_field.clear()
        season = section["season"]
        if season_passed(season, self._today()):
            # Said in its option too, not only in the sentence under the form.
            self.season.options = [*self._season_options(), (f"{season} (passed)", season)]
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
            offered = self._season_options()
            if section["season"] in [value for _, value in offered] \
                    and list(self.season.options) != offered:
                # A passed season, once another is chosen, is offered no more.
                with self.quiet():
                    self.season.options = offered
                    ui.select(self.season, section["season"])
            self._show_summary(section)
