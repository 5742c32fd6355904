"""The pure parts of the view kit: input parsing, money, escaping, charts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.browser import contrast_ratio
from widgets.charts import SERIES_COLOURS, bar_chart, line_chart
from widgets.markup import escape, in_sentence, is_web_link, link, shortened, table
from widgets.money import format_money, parse_money, to_money
from widgets.validation import (
    InputError,
    decimal_text,
    parse_date,
    parse_decimal,
    parse_int,
    parse_text,
)


@pytest.mark.parametrize("typed, expected", [("22.06", Decimal("22.06")), (" 1,200 ", 1200),
                                              (7, 7), ("12,000.50", "12000.50"),
                                              ("1,500,000", 1500000)])
def test_numbers_are_read_as_people_type_them(typed, expected):
    assert parse_decimal(typed) == Decimal(expected)


@pytest.mark.parametrize("typed, message", [("", "Enter a number"), ("abc", "must be a number"),
                                            ("nan", "ordinary number"), ("-1", "at least 0"),
                                            ("1e9", "written out in digits"), ("101", "at most 100"),
                                            ("2.5e1", "written out in digits")])
def test_bad_numbers_get_a_message(typed, message):
    with pytest.raises(InputError, match=message):
        parse_decimal(typed, minimum=0, maximum=100)


@pytest.mark.parametrize("typed", ["7,5", "1,5", "12,50", "1,50,000", ",5", "1,2345"])
def test_a_decimal_comma_is_refused_never_read_as_a_bigger_number(typed):
    """Where a comma marks decimals, 7,5 is 7.5: dropping the comma would read 75."""
    with pytest.raises(InputError, match="must use a point for decimals, like 7.5"):
        parse_decimal(typed, what="Hours a week")


@pytest.mark.parametrize("number, text", [("37.50", "37.5"), ("40", "40"), ("40.00", "40"),
                                          ("1E+2", "100"), ("0.00", "0"), ("-0.0", "0"),
                                          ("0.25", "0.25")])
def test_numbers_are_written_as_people_write_them(number, text):
    assert decimal_text(Decimal(number)) == text


def test_whole_numbers_and_text_limits():
    assert parse_int("12") == 12
    with pytest.raises(InputError, match="whole number"):
        parse_int("12.5")
    with pytest.raises(InputError, match="cannot be empty"):
        parse_text("   ", required=True)
    with pytest.raises(InputError, match="too long"):
        parse_text("x" * 300, max_length=200)


def test_text_keeps_no_invisible_controls_and_no_half_characters():
    """Calendar apps may refuse a file with control characters; half of an emoji (a browser
    can send one) cannot be written as UTF-8, so no plan holding it could be saved."""
    assert parse_text("\x1b Acme\x01 Corp\x7f\u0085") == "Acme Corp"
    assert parse_text("Line one\n\tline two") == "Line one\n\tline two"
    assert parse_text("Sam \ud83d") == "Sam \ufffd"
    assert parse_text("Sam 😀") == "Sam 😀"
    with pytest.raises(InputError, match="cannot be empty"):
        parse_text("\x00\x1b", required=True)


def test_dates():
    assert parse_date("2027-03-31") == date(2027, 3, 31)
    assert parse_date("") is None
    with pytest.raises(InputError, match="year-month-day"):
        parse_date("31/03/2027")
    with pytest.raises(InputError, match="on or after"):
        parse_date("2020-01-01", not_before=date(2026, 1, 1))
    assert parse_date("2099-12-31") == date(2099, 12, 31)
    assert parse_date(" 2027-3-5 ") == date(2027, 3, 5)  # one digit for the month or day
    # The message says what does not fit, not only the form to use.
    with pytest.raises(InputError, match="February 2027 has 28 days, so there is no 2027-02-30"):
        parse_date("2027-02-30")
    assert parse_date("2028-02-29") == date(2028, 2, 29)
    with pytest.raises(InputError, match="has month 31, and a year has 12"):
        parse_date("2027-31-12")
    with pytest.raises(InputError, match="you typed 'next friday'"):
        parse_date("next friday")
    assert parse_date("1950-01-01") == date(1950, 1, 1)
    for slip in ("9999-12-31", "1900-01-01", "2100-01-01"):
        with pytest.raises(InputError, match=f"between 1950 and 2099 \\(you typed {slip}\\)"):
            parse_date(slip)


@given(st.lists(st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False), max_size=50))
def test_money_sums_do_not_drift(amounts):
    total = sum((to_money(a) for a in amounts), to_money(0))
    assert total == to_money(sum(amounts, Decimal(0)))
    assert total.as_tuple().exponent == -2


def test_money_formatting_and_parsing():
    assert format_money(Decimal("1234.5")) == "$1,234.50"
    assert format_money(Decimal("-80"), "EUR") == "-€80.00"
    assert format_money(Decimal("10"), "CHF") == "10.00 CHF"
    assert parse_money("0.1", "USD") + parse_money("0.2", "USD") == Decimal("0.30")
    with pytest.raises(InputError):
        parse_money("-5", "USD")
    # Typed as the kit shows amounts, or with the code, in the profile's currency.
    for typed, currency, amount in (("$15", "USD", "15"), ("€1,500", "EUR", "1500"),
                                    ("CA$40.50", "CAD", "40.50"), ("A$9", "AUD", "9"),
                                    ("£2,000.00", "GBP", "2000"), ("₹600", "INR", "600"),
                                    ("USD 15", "USD", "15"), ("600 inr", "INR", "600")):
        assert parse_money(typed, currency) == Decimal(amount), typed
    assert parse_money("-€1,950.00", "EUR", allow_negative=True) == Decimal("-1950")
    with pytest.raises(InputError, match="at least -100"):
        parse_money("-101", "USD", maximum=100, allow_negative=True)
    # No exchange rates: another currency's sign or code is refused, never read as this one.
    for typed in ("€1,500", "CA$40", "1500 EUR", "gbp 20"):
        with pytest.raises(InputError, match="counted in USD"):
            parse_money(typed, "USD")


@pytest.mark.parametrize("typed, currency, thousands, decimals", [
    ("1.000", "USD", "1000 or 1,000", "or 1 if"), ("12.500", "EUR", "12500 or 12,500", "12.5"),
    ("€250.000", "EUR", "250000 or 250,000", "or 250 if"), ("USD 2.500", "USD", "2500", "2.5"),
    ("10.999", "USD", "10999", "or 11 if")])
def test_an_amount_a_point_may_split_into_thousands_is_refused(typed, currency, thousands,
                                                               decimals):
    """Where a point groups thousands, €12.500 is twelve thousand five hundred: it was read
    as 12.50, a thousandth of what the participant meant."""
    with pytest.raises(InputError, match="can be read two ways") as refused:
        parse_money(typed, currency, allow_negative=True)
    assert thousands in str(refused.value) and decimals in str(refused.value)


@pytest.mark.parametrize("typed, maximum, decimals", [("1.500", 500, "1.5"), ("25.555", 500, "25.56")])
def test_a_thousands_reading_above_the_most_allowed_is_not_offered(typed, maximum, decimals):
    """1.500 as an hourly pay of at most 500: the message offered 1500, refused in turn."""
    with pytest.raises(InputError, match="can be read two ways") as refused:
        parse_money(typed, "USD", maximum=Decimal(maximum))
    message = str(refused.value)
    assert f"more than the most allowed ({maximum})" in message
    assert f"type {decimals} if the point marks decimals" in message
    assert "for thousands" not in message


def test_amounts_with_a_point_that_cannot_group_thousands_are_read_as_decimals():
    for typed, amount in (("12.50", "12.50"), ("1000.000", "1000"), ("1,000.500", "1000.50"),
                          ("1.5", "1.50")):
        assert parse_money(typed, "USD") == Decimal(amount), typed
    # A third decimal is refused, not rounded away: the box would show what it typed, and
    # every result another amount.
    for typed in ("0.125", "1,250.505"):
        with pytest.raises(InputError, match="at most 2 decimals"):
            parse_money(typed, "USD")


def test_spaces_between_thousands_are_read_as_thousands():
    """"1 500", as many participants in euros type it, got only "must be a number"."""
    for typed, amount in (("1 500", "1500"), ("12 000.50", "12000.50"), ("€1\u202f500", "1500"),
                          ("1\u00a0500 EUR", "1500")):
        assert parse_money(typed, "EUR") == Decimal(amount), typed
    for typed in ("1 50", "15 00", "1 500,5"):
        with pytest.raises(InputError):
            parse_money(typed, "EUR")


def test_shortened_text_ends_in_an_ellipsis_within_its_limit():
    assert shortened("Short", 10) == "Short"
    assert shortened("A long note about housing", 10) == "A long no…"
    assert shortened("Ends with a space here", 12) == "Ends with a…"

def test_escaping_and_links():
    assert escape('<script>alert("x")</script>') == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    assert not is_web_link("javascript:alert(1)")
    assert link("javascript:alert(1)", "click") == "click"
    assert 'href="https://example.org/?a=1&amp;b=2"' in link("https://example.org/?a=1&b=2")
    assert "<td>&lt;b&gt;</td>" in table(["Name"], [["<b>"]])


@pytest.mark.parametrize("label, said", [
    ("Software and IT", "software and IT"), ("What I did", "what I did"),
    ("Grades in key courses", "grades in key courses"), ("IT support", "IT support"),
    ("A", "a"), ("", ""),
])
def test_a_label_inside_a_sentence_keeps_its_acronyms(label, said):
    """Lower-casing a whole label said "interested in software and it"."""
    assert in_sentence(label) == said


def test_a_negative_amount_in_a_table_keeps_its_minus_on_its_line():
    """A ranking's "-€4,390.00" wrapped after its minus: "€4,390.00" alone read as a gain."""
    from pathlib import Path

    html = table(["Net result", "Note"], [[format_money(-4390, "EUR"), "- a dash, then words"],
                                          ["-12", "€4,390.00"]])
    assert '<td class="ck-nowrap">-€4,390.00</td>' in html and '<td class="ck-nowrap">-12</td>' in html
    assert "<td>- a dash, then words</td>" in html and "<td>€4,390.00</td>" in html
    css = (Path(__file__).resolve().parent.parent / "widgets" / "theme.css").read_text()
    assert ".ck-table td.ck-nowrap { white-space: nowrap; }" in css


def test_a_tables_scrolling_box_is_a_named_keyboard_stop():
    """On a phone a wide table scrolls sideways in its box; axe-core found no way to scroll
    it from the keyboard (lesson 02's comparison at 320 px)."""
    captioned = table(["Scenario", "Net"], [["A", "1"]], caption="Money side \"of\" each")
    assert captioned.startswith('<div class="ck-table-box" role="region" tabindex="0" '
                                'aria-label="Money side &quot;of&quot; each">')
    assert 'aria-label="Table: Figure"' in table(["Figure", "Amount"], [["Total", "1"]])


def test_a_line_charts_axis_figures_fit_left_of_the_axis():
    """The cost chart's "$615.00 USD" began left of the picture and read "15.00 USD"."""
    import re

    from widgets.charts import LABEL_CHAR_PX

    def dollars(value):
        return f"${value:,.2f} USD"

    for top in (615, 123456):
        html = line_chart({"A": [(0, 0), (12, top)]}, title="Paid", x_label="Month",
                          y_label="USD", format_value=dollars).to_html()
        right_edge = float(re.search(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="end" '
                                     r'class="ck-svg-value">' + re.escape(dollars(top)), html)[1])
        assert right_edge >= LABEL_CHAR_PX * len(dollars(top)), top


def test_chart_text_stays_readable_on_a_phone():
    """A chart is drawn at its width in the page and shrinks with it: on a phone (292 px
    for the picture) the 12-unit text of a chart 600-640 units wide was 5-6 px high."""
    import re

    money = "${:,.2f} USD".format
    title = "Readiness score by area (answered questions), a title longer than the picture"
    charts = [bar_chart([("A very long organisation name, Ltd., of many parts", 10588.8),
                         ("Short", 1)], title=title, value_label="USD", format_value=money),
              line_chart({"A long certification name (two exams)": [(0, 49), (36, 1999)],
                          "B": [(0, 515), (36, 515)]}, title="Cost", x_label="Month",
                         y_label="USD", format_value=money)]
    for chart in charts:
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', chart.svg)[1])
        assert 12 * 292 / width >= 9.5, chart.svg[:120]
        # Nothing drawn past the picture's right edge (at about 8 units a character).
        for x, anchor, text in re.findall(r'<text x="([\d.]+)" y="[\d.]+"( text-anchor="\w+")?'
                                          r' class="ck-svg-\w+">([^<]*)</text>', chart.svg):
            if not anchor:
                assert float(x) + 8 * len(text) <= width + 1, text
    # A title is text above the picture, where it wraps, not drawn in it.
    assert f">{title}</p>" in charts[0].to_html() and f">{title}</text>" not in charts[0].svg


def test_charts_carry_their_numbers_as_text():
    chart = bar_chart([("Network <b>", 4), ("Resume", 2)], title="What matters", value_label="Rating")
    html = chart.to_html()
    assert 'role="img"' in html and "<title>What matters</title>" in html
    assert "Network &lt;b&gt; 4" in html and "Chart as a table" in html
    lines = line_chart({"Upfront": [(0, 100), (6, 100)], "Subscription": [(0, 49), (6, 294)]},
                       title="Cost over time", x_label="Month", y_label="USD")
    assert "Subscription reaches 294 at month 6" in lines.summary
    assert "Upfront reaches 100 at month 0 and stays there to month 6" in lines.summary
    in_words = line_chart({"Upfront": [(0, 100), (6, 100)]}, title="Cost", x_label="Week",
                          y_label="USD", x_point=lambda x: "now" if x == 0 else f"{x} weeks on")
    assert in_words.summary == "Cost: Upfront reaches 100 now and stays there until 6 weeks on."
    assert "<caption>Cost over time</caption>" in lines.table_html
    long = bar_chart([("1. A very long organisation name, Ltd., of many parts", 3)],
                     title="Ranking", value_label="Score")
    # Cut in the picture only.
    assert ">1. A very long organisation name, Ltd.,…</text>" in long.svg
    assert "1. A very long organisation name, Ltd., of many parts 3" in long.summary
    assert lines.svg.count("<polyline") == 2
    assert 'stroke-dasharray' in lines.svg  # lines differ by more than colour


@pytest.mark.parametrize("colour", SERIES_COLOURS)
def test_chart_colours_stand_out_in_light_and_dark_themes(colour):
    """WCAG 1.4.11 (3:1 for what a chart needs to be read) on white and on the chart
    background of JupyterLab Dark and of Voila's ?theme=dark (#212121)."""
    css = "rgb({}, {}, {})".format(*(int(colour[i:i + 2], 16) for i in (1, 3, 5)))
    for background in ("rgb(255, 255, 255)", "rgb(33, 33, 33)"):
        assert contrast_ratio(css, background) >= 3, (colour, background)



def test_errors_that_follow_typing_are_read_out_politely_and_others_at_once():
    """An error shown as a box is typed into changes at every key: as an alert it cut the
    screen reader off as it said the key. An error after a button press still interrupts."""
    from widgets import ui

    typed, pressed = ui.Field(ui.text_input("Hours")).message, ui.Message()
    for message in (typed, pressed):
        message.error("Hours per week must be a number (you typed 'fo').")
    assert 'role="status"' in typed.value and 'role="alert"' in pressed.value
