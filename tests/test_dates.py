import datetime
import time

import pytest

from claimx.dates.expressions import ResolvedDate, find_reference_date, resolve_date

D = datetime.date
SAT = D(2023, 4, 8)  # a Saturday: the reference date of most cases below
SUN_NEW_YEAR = D(2023, 1, 1)
EARLY_JANUARY = D(2023, 1, 3)  # a Tuesday
MID_JANUARY = D(2023, 1, 20)


# (reference, expression, past, expected value, expected granularity)
POINT_CASES = [
    # weekdays: most recent on or before the reference in past tense, next on or after otherwise
    (SAT, "Thursday", True, "2023-04-06", "day"),
    (SAT, "on Friday evening", True, "2023-04-07", "day"),
    (SAT, "Saturday afternoon", True, "2023-04-08", "day"),
    (SAT, "Saturday", False, "2023-04-08", "day"),
    (SAT, "Sunday", True, "2023-04-02", "day"),
    (SAT, "Monday", False, "2023-04-10", "day"),
    (SAT, "Thursday", False, "2023-04-13", "day"),
    (SAT, "Tues.", True, "2023-04-04", "day"),
    (SAT, "Friday's", True, "2023-04-07", "day"),
    (SAT, "early Wednesday", True, "2023-04-05", "day"),
    (SAT, "late on Friday night", True, "2023-04-07", "day"),
    (SAT, "last Saturday", True, "2023-04-01", "day"),
    (SAT, "next Saturday", True, "2023-04-15", "day"),
    (SAT, "last Friday", False, "2023-04-07", "day"),
    (SUN_NEW_YEAR, "Friday", True, "2022-12-30", "day"),
    (SUN_NEW_YEAR, "Sunday", True, "2023-01-01", "day"),
    # month names without a year
    (SAT, "January", True, "2023-01", "month"),
    (SAT, "in January", True, "2023-01", "month"),
    (SAT, "April", True, "2023-04", "month"),
    (SAT, "in May", True, "2022-05", "month"),
    (SAT, "in May", False, "2023-05", "month"),
    (SAT, "January", False, "2024-01", "month"),
    (SAT, "mid-January", True, "2023-01", "month"),
    (SAT, "Sept.", True, "2022-09", "month"),
    (SAT, "last April", True, "2022-04", "month"),
    (SAT, "next April", True, "2024-04", "month"),
    (MID_JANUARY, "January", True, "2023-01", "month"),
    (MID_JANUARY, "in January", False, "2023-01", "month"),
    (EARLY_JANUARY, "in December", True, "2022-12", "month"),
    (EARLY_JANUARY, "December", False, "2023-12", "month"),
    # relative words
    (SAT, "yesterday", True, "2023-04-07", "day"),
    (SAT, "Yesterday morning", True, "2023-04-07", "day"),
    (SAT, "today", True, "2023-04-08", "day"),
    (SAT, "tonight", False, "2023-04-08", "day"),
    (SAT, "this morning", True, "2023-04-08", "day"),
    (SAT, "last night", True, "2023-04-07", "day"),
    (SAT, "tomorrow", False, "2023-04-09", "day"),
    (SAT, "the day before yesterday", True, "2023-04-06", "day"),
    (SUN_NEW_YEAR, "yesterday", True, "2022-12-31", "day"),
    (SAT, "last month", True, "2023-03", "month"),
    (SAT, "this month", True, "2023-04", "month"),
    (SAT, "earlier this month", True, "2023-04", "month"),
    (SAT, "later this month", False, "2023-04", "month"),
    (SAT, "next month", False, "2023-05", "month"),
    (EARLY_JANUARY, "last month", True, "2022-12", "month"),
    (SAT, "last year", True, "2022", "year"),
    (SAT, "this year", True, "2023", "year"),
    (SAT, "earlier this year", True, "2023", "year"),
    (SAT, "late last year", True, "2022", "year"),
    (SAT, "next year", False, "2024", "year"),
    (SAT, "two days ago", True, "2023-04-06", "day"),
    (SAT, "3 days ago", True, "2023-04-05", "day"),
    (SAT, "a week ago", True, "2023-04-01", "day"),
    (SAT, "two months ago", True, "2023-02", "month"),
    (EARLY_JANUARY, "four months ago", True, "2022-09", "month"),
    (SAT, "five years ago", True, "2018", "year"),
    # absolute dates, with the year missing or given
    (SAT, "April 8, 2023", True, "2023-04-08", "day"),
    (SAT, "on April 8, 2023", False, "2023-04-08", "day"),
    (SAT, "2023-04-08", True, "2023-04-08", "day"),
    (SAT, "8 April 2023", True, "2023-04-08", "day"),
    (SAT, "Thursday, April 6", True, "2023-04-06", "day"),
    (SAT, "8 April", True, "2023-04-08", "day"),
    (SAT, "the 8th of April", True, "2023-04-08", "day"),
    (SAT, "April 2", True, "2023-04-02", "day"),
    (SAT, "April 20", True, "2022-04-20", "day"),
    (SAT, "April 20", False, "2023-04-20", "day"),
    (SAT, "April 2", False, "2024-04-02", "day"),
    (SAT, "Sept. 11", True, "2022-09-11", "day"),
    (SAT, "Sept. 11, 2001", True, "2001-09-11", "day"),
    (SAT, "Feb. 29", True, "2020-02-29", "day"),
    (EARLY_JANUARY, "Dec. 25", True, "2022-12-25", "day"),
    (EARLY_JANUARY, "Dec. 25", False, "2023-12-25", "day"),
    (SAT, "April 2023", True, "2023-04", "month"),
    (SAT, "January of 2019", True, "2019-01", "month"),
    (SAT, "2023-02", True, "2023-02", "month"),
    (SAT, "2016", True, "2016", "year"),
    (SAT, "in 2016", True, "2016", "year"),
    (SAT, "since 2016", True, "2016", "year"),
    (SAT, "by 2030", False, "2030", "year"),
    (SAT, "mid-2016", True, "2016", "year"),
    # shapes only the dateparser fallback handles
    (SAT, "04/06/2023", True, "2023-04-06", "day"),
    (SAT, "Sat 8 Apr 2023 10:14", True, "2023-04-08", "day"),
]

RANGE_CASES = [
    # (reference, expression, past, first day, last day)
    (SAT, "last week", True, "2023-03-27", "2023-04-02"),
    (SAT, "this week", True, "2023-04-03", "2023-04-09"),
    (SAT, "earlier this week", True, "2023-04-03", "2023-04-09"),
    (SAT, "next week", False, "2023-04-10", "2023-04-16"),
    (SUN_NEW_YEAR, "last week", True, "2022-12-19", "2022-12-25"),
    (SAT, "the weekend", True, "2023-04-08", "2023-04-09"),
    (D(2023, 4, 12), "over the weekend", True, "2023-04-08", "2023-04-09"),
    (D(2023, 4, 12), "the weekend", False, "2023-04-15", "2023-04-16"),
    (D(2023, 4, 9), "this weekend", False, "2023-04-08", "2023-04-09"),
]

UNRESOLVED_CASES = [
    # durations and vague spans are not points in time
    (SAT, "two days"),
    (SAT, "48 hours"),
    (SAT, "decades"),
    (SAT, "decades-long"),
    (SAT, "some time"),
    (SAT, "the past few years"),
    (SAT, "the past week"),
    (SAT, "a year"),
    (SAT, "several weeks"),
    (SAT, "a few days ago"),
    (SAT, "the 1990s"),
    (SAT, "spring 2020"),
    (SAT, "fiscal 2016"),
    (SAT, "2015-16"),
    # anchored on another event, not on the reference
    (SAT, "the same day"),
    (SAT, "the next day"),
    (SAT, "two days later"),
    (SAT, "the following week"),
    # relative expressions need a reference
    (None, "Thursday"),
    (None, "yesterday"),
    (None, "last week"),
    (None, "in January"),
    (None, "April 8"),
    (None, "two days ago"),
    (None, "this year"),
    (None, "08/04"),
    # impossible dates and garbage
    (SAT, "April 31"),
    (SAT, "2023-13-01"),
    (SAT, "0000"),
    (SAT, "9999 years ago"),
    (SAT, ""),
    (SAT, "   "),
    (SAT, "the"),
    (SAT, "evening"),
    (SAT, "11"),
    (SAT, "10:14"),
    (SAT, "\U0001f642\U0001f4c5"),
    (SAT, "asdf qwerty"),
    (SAT, "Friday" * 50),
    (SAT, "\x00\n\t"),
]


@pytest.mark.parametrize("reference, expression, past, value, granularity", POINT_CASES)
def test_resolves_points_in_time(reference, expression, past, value, granularity):
    assert resolve_date(expression, reference, past) == ResolvedDate(value, granularity)


@pytest.mark.parametrize("reference, expression, past, first, last", RANGE_CASES)
def test_resolves_week_ranges(reference, expression, past, first, last):
    assert resolve_date(expression, reference, past) == ResolvedDate(first, "range", last)


@pytest.mark.parametrize("reference, expression", UNRESOLVED_CASES)
@pytest.mark.parametrize("past", [True, False])
def test_leaves_non_points_unresolved(reference, expression, past):
    assert resolve_date(expression, reference, past) == ResolvedDate(None, None)


@pytest.mark.parametrize(
    "expression, value, granularity",
    [
        ("April 8, 2023", "2023-04-08", "day"),
        ("2023-04-08", "2023-04-08", "day"),
        ("8 April 2023", "2023-04-08", "day"),
        ("04/08/2023", "2023-04-08", "day"),
        ("April 2023", "2023-04", "month"),
        ("2016", "2016", "year"),
        ("in 2016", "2016", "year"),
    ],
)
def test_absolute_dates_with_a_year_need_no_reference(expression, value, granularity):
    assert resolve_date(expression, None) == ResolvedDate(value, granularity)


def test_past_is_the_default():
    assert resolve_date("Monday", SAT) == resolve_date("Monday", SAT, past=True)


def test_datetime_reference_counts_as_its_day():
    late_evening = datetime.datetime(2023, 4, 8, 23, 59)
    assert resolve_date("yesterday", late_evening) == ResolvedDate("2023-04-07", "day")


@pytest.mark.parametrize("expression", [None, 42, b"Friday", ["Friday"]])
def test_non_string_input_does_not_raise(expression):
    assert resolve_date(expression, SAT) == ResolvedDate(None, None)


def test_thousand_distinct_expressions_resolve_quickly():
    months = ["January", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct."]
    expressions = [
        f"{month} {day}, {1950 + year}" for month in months for day in range(1, 11) for year in range(10)
    ]
    started = time.perf_counter()
    results = [resolve_date(expression, SAT) for expression in expressions]
    elapsed = time.perf_counter() - started
    assert len(set(expressions)) == 1000 and all(result.granularity == "day" for result in results)
    assert elapsed < 1.0, f"1000 distinct expressions took {elapsed:.2f} s"


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # hypothesis is a test extra; the table above still covers garbage input
    pass
else:

    # A fixed alphabet keeps hypothesis from building its Unicode tables on a cold run; date
    # words glued into random soups reach far more of the parser than random characters do.
    _CHARACTERS = "abcdefghijklmnopqrstuvwxyzAPMS0123456789 ,.-/:'()\u2019\u2014\xe9\x00\n\U0001f642"
    _WORDS = ["on", "the", "last", "next", "this", "ago", "days", "week", "weekend", "of", "April", "Sept.",
              "Friday", "Sat", "night", "29", "31", "8th", "2023", "0000", "04/08", "10:14", "-", "few"]
    _EXPRESSIONS = st.text(alphabet=_CHARACTERS, max_size=40) | st.lists(
        st.sampled_from(_WORDS), max_size=5
    ).map(" ".join)

    @settings(max_examples=300, deadline=None, database=None)
    @given(expression=_EXPRESSIONS, reference=st.none() | st.dates(), past=st.booleans())
    def test_never_raises_on_arbitrary_text(expression, reference, past):
        result = resolve_date(expression, reference, past)
        assert result.granularity in (None, "day", "month", "year", "range")
        assert (result.value is None) == (result.granularity is None)

    @settings(max_examples=200, deadline=None, database=None)
    @given(
        expression=st.sampled_from(["Monday", "Sunday", "yesterday", "last week", "December", "Dec. 31",
                                    "next year", "30 years ago", "tomorrow", "next Friday"]),
        reference=st.dates(),
        past=st.booleans(),
    )
    def test_never_raises_near_the_ends_of_the_calendar(expression, reference, past):
        resolve_date(expression, reference, past)


# --- find_reference_date ---------------------------------------------------------------------

HEADER_CASES = [
    (
        "Harbour board votes to shut the old pier\nBy Mara Quill\nPublished: 8 April 2023\n\n"
        "The board voted on Thursday to close the pier.",
        D(2023, 4, 8),
        "published_line",
    ),
    (
        "Pier to close\nPublished: 8 April 2023 | Updated: 9 April 2023\nThe board said...",
        D(2023, 4, 8),
        "published_line",
    ),
    ("Pier to close\nUpdated: April 9, 2023\nThe board said...", D(2023, 4, 9), "published_line"),
    (
        "Pier to close\nUpdated 10:14 AM EDT, April 9, 2023\nPublished 9:02 AM EDT, April 8, 2023\n",
        D(2023, 4, 8),
        "published_line",
    ),
    ("Pier to close\nFirst published on Sat 8 Apr 2023 10.14 BST\n", D(2023, 4, 8), "published_line"),
    ("Pier to close\nLast updated: 2023-04-09T07:30:00Z\n", D(2023, 4, 9), "published_line"),
    ("PORT ELLIS, April 8, 2023 -- The harbour board said on Thursday...", D(2023, 4, 8), "header"),
    ("Pier to close\nSat 8 Apr 2023 10:14 BST\nThe harbour board said...", D(2023, 4, 8), "header"),
    ("Pier to close\n2023-04-08\nThe harbour board said...", D(2023, 4, 8), "header"),
    ("Pier to close\nSaturday, 8th April 2023\n", D(2023, 4, 8), "header"),
    # a labelled line wins over an earlier dateline
    ("PORT ELLIS, April 7, 2023\nPublished: April 8, 2023\n", D(2023, 4, 8), "published_line"),
    # "updated" in prose is no label, but its date is still in the header
    ("Pier to close\nThe board updated its plan on April 2, 2023.\n", D(2023, 4, 2), "header"),
]

NO_HEADER_DATE_CASES = [
    "Published: Updated:\n\nThe board said little.",
    "Published:\nUpdated:\nThe board met on Thursday.",
    "",
    "Pier to close\nThe board met on Thursday, April 6.\n",  # no year: not a publication date
    "Title\nBy Mara Quill\nLine three\nLine four\nLine five\nThe pier opened on April 8, 1923.",
    "Title\n" + "The board talked at length. " * 30 + "\nIt first met on 8 April 1923.",
    "Title\nPublished: 31 February 2023\n",
    "Title\n12023-04-08\n",
]


@pytest.mark.parametrize("text, date, source", HEADER_CASES)
def test_finds_the_publication_date_in_the_header(text, date, source):
    assert find_reference_date(text) == (date, source)


@pytest.mark.parametrize("text", NO_HEADER_DATE_CASES)
def test_finds_no_publication_date_outside_the_header(text):
    assert find_reference_date(text) == (None, None)


def test_a_date_deep_in_a_long_body_is_ignored():
    body = "\n".join(f"Paragraph {n} about the pier." for n in range(200))
    assert find_reference_date(f"Pier to close\n{body}\nPublished: April 8, 2023") == (None, None)


@pytest.mark.parametrize("expression, days", [
    ("two days", 2), ("a week", 7), ("10 days", 10), ("about three weeks", 21),
    ("several days", None), ("two months", None), ("Thursday", None),
])
def test_span_days(expression, days):
    from claimx.dates.expressions import span_days

    assert span_days(expression) == days
