"""Resolve the DATE expressions of news text to calendar dates, and find an article's own date.

`resolve_date(expression, reference, past)` turns the text of a spaCy DATE entity into an ISO
value plus a granularity, anchored on the article's reference (publication) date:

- Absolute dates resolve as written: "April 8, 2023" / "8 April 2023" / "2023-04-08" -> day,
  "April 2023" / "2023-04" -> month, "2016" -> year. A missing year is taken from the reference,
  moved back a year when that would put the date after the reference (`past`, the news default)
  or forward when it would put it before (`past=False`).
- Weekdays ("Thursday", "on Friday evening"): the most recent such day on or before the
  reference (`past`), else the next one on or after it. "last Friday" is strictly before the
  reference and "next Friday" strictly after, whatever the tense.
- Month names without a year ("in January"): the most recent such month not after the reference
  month (`past`), else the next one not before it; "last"/"next" make it strict.
- Relative words: today, tonight, yesterday, last night, tomorrow (day); this/last/next week
  (range, Monday to Sunday); this/last/next month (month); this/last/next year (year);
  "(the) weekend" (range, Saturday to Sunday); "N days/weeks ago" (day), "N months ago" (month),
  "N years ago" (year).
- Leading prepositions, determiners and vagueness modifiers ("on", "in", "since", "by", "the",
  "early", "mid", "earlier", ...) and time-of-day words ("morning", "evening", ...) are dropped
  first, so "earlier this month" resolves as "this month" and "Saturday afternoon" as "Saturday".
- Durations and expressions that are not a point on the calendar ("two days", "48 hours",
  "decades", "some time", "the past few years", "the same day", "the 1990s") resolve to
  ResolvedDate(None, None), as do relative expressions when there is no reference date and any
  input that is not understood. The function never raises.

Cheap regular expressions handle the common shapes; dateparser is only the fallback for other
absolute dates ("04/08/2023", "Sat 8 Apr 2023 10:14") and only when every word of the expression
is a date word, because it happily reads durations such as "two days" as "two days ago".

`find_reference_date(text)` looks only at the article's header: a "Published: ..." or
"Updated: ..." line near the top (Published wins over Updated), else the first full date (with a
year) in the first few lines, as a dateline would carry it.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ResolvedDate:
    value: str | None  # "2023-04-06" (day), "2023-01" (month), "2023" (year), first day of a range
    granularity: str | None  # "day" | "month" | "year" | "range" | None
    end: str | None = None  # last day, for granularity "range" only


UNRESOLVED = ResolvedDate(None, None)

# DATE entities are short; anything longer is not a date and not worth a slot in the cache.
_MAX_EXPRESSION_CHARS = 100

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_RE = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_WEEKDAY_RE = (
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?"
)
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30,
}

# Dropped from the front: they frame the date without moving it.
_LEADING_WORDS = frozenset(
    "on in over since by the at during from until till early late mid earlier later".split()
)
_TIME_OF_DAY_WORDS = frozenset("morning afternoon evening night overnight noon midday midnight".split())
# Phrases that a time-of-day word would otherwise turn into something else ("last night" -> "last").
_DAY_OFFSET_PHRASES = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "tomorrow": 1,
    "day before yesterday": -2, "day after tomorrow": 2,
}
_SHIFTS = {"last": -1, "this": 0, "next": 1}

_WEEKDAY = re.compile(rf"(?:(?P<shift>last|this|next)\s+)?(?P<weekday>{_WEEKDAY_RE})")
_MONTH_ONLY = re.compile(rf"(?:(?P<shift>last|this|next)\s+)?(?P<month>{_MONTH_RE})")
_PERIOD = re.compile(r"(?:(?P<shift>last|this|next)\s+)?(?P<unit>week|month|year|weekend)")
_AGO = re.compile(r"(?P<count>\d{1,4}|[a-z]+)\s+(?P<unit>day|week|month|year)s?\s+ago", re.ASCII)
_YEAR = re.compile(r"(?P<year>\d{4})", re.ASCII)
_ISO = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?(?:t[\d:.+z-]*)?", re.ASCII)
_OPTIONAL_WEEKDAY = rf"(?:(?:{_WEEKDAY_RE})\s+)?"
_MONTH_DAY = re.compile(
    rf"{_OPTIONAL_WEEKDAY}(?P<month>{_MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?"
    r"(?:\s+(?P<year>\d{4}))?",
    re.ASCII,
)
_DAY_MONTH = re.compile(
    rf"{_OPTIONAL_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH_RE})"
    r"(?:\s+(?P<year>\d{4}))?",
    re.ASCII,
)
_MONTH_YEAR = re.compile(rf"(?P<month>{_MONTH_RE})\s+(?:of\s+)?(?P<year>\d{{4}})", re.ASCII)

# Words dateparser may see: anything else (units, "few", "decades", "1990s") means no point date.
_DATE_TOKEN = re.compile(
    rf"(?:{_MONTH_RE}|{_WEEKDAY_RE}|of|at|am|pm|utc|gmt|bst|"
    r"\d{1,4}(?:st|nd|rd|th)?|\d{1,2}[:.]\d{2}|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?"
    r"|\d{4}[/.-]\d{1,2}[/.-]\d{1,2})",
    re.ASCII,
)
# A lone number or time is no date: dateparser would put it in the reference month or day.
_DATE_ANCHOR = re.compile(rf"\b(?:{_MONTH_RE})\b|\b\d{{4}}\b|\d{{1,2}}[/.-]\d{{1,2}}", re.ASCII)
_CARRIES_YEAR = re.compile(r"\b\d{4}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b", re.ASCII)


def resolve_date(expression: str, reference: datetime.date | None, past: bool = True) -> ResolvedDate:
    """Resolve a DATE entity's text against the article's reference date (see module docstring)."""
    if not isinstance(expression, str) or len(expression) > _MAX_EXPRESSION_CHARS:
        return UNRESOLVED
    if isinstance(reference, datetime.datetime):
        reference = reference.date()
    elif reference is not None and not isinstance(reference, datetime.date):
        reference = None
    return _resolve_cached(expression, reference, bool(past))


@functools.lru_cache(maxsize=8192)
def _resolve_cached(expression: str, reference: datetime.date | None, past: bool) -> ResolvedDate:
    text = _normalize(expression)
    if not text:
        return UNRESOLVED
    try:
        return (
            _resolve_relative(text, reference, past)
            or _resolve_absolute(text, reference, past)
            or _resolve_with_dateparser(text, reference, past)
            or UNRESOLVED
        )
    except (ValueError, OverflowError):  # date arithmetic beyond year 1..9999, day 31 of April
        return UNRESOLVED


def _normalize(expression: str) -> str:
    text = expression.lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    # Abbreviation dots and commas carry nothing ("Sept. 11", "April 8, 2023"); keep "10.14".
    text = re.sub(r"(?<!\d)\.|\.(?!\d)|,", " ", text)
    # "mid-January", "decades-long": a hyphen next to a letter separates words, not numbers.
    text = re.sub(r"(?<=[a-z])-|-(?=[a-z])", " ", text)
    words = [word.strip("\"'()[]:;!?") for word in text.split()]
    words = [word for word in words if word]
    while words and words[0] in _LEADING_WORDS:
        words.pop(0)
    text = " ".join(words)
    if text in _DAY_OFFSET_PHRASES:  # before "night" goes, or "last night" would read as "last"
        return text
    return " ".join(word for word in words if word not in _TIME_OF_DAY_WORDS)


# --- relative expressions: all need a reference date ------------------------------------------


def _resolve_relative(text: str, reference: datetime.date | None, past: bool) -> ResolvedDate | None:
    if reference is None:
        return None
    if text in _DAY_OFFSET_PHRASES:
        return _day(reference + datetime.timedelta(days=_DAY_OFFSET_PHRASES[text]))
    if match := _WEEKDAY.fullmatch(text):
        return _day(_weekday_date(reference, _WEEKDAYS[match["weekday"][:3]], match["shift"], past))
    if match := _MONTH_ONLY.fullmatch(text):
        year, month = _month_occurrence(reference, _MONTHS[match["month"][:3]], match["shift"], past)
        return _month(year, month)
    if match := _PERIOD.fullmatch(text):
        return _shifted_period(reference, match["unit"], match["shift"], past)
    if match := _AGO.fullmatch(text):
        return _ago(reference, match["count"], match["unit"])
    return None


def _weekday_date(reference: datetime.date, weekday: int, shift: str | None, past: bool) -> datetime.date:
    days_back = (reference.weekday() - weekday) % 7
    days_ahead = (weekday - reference.weekday()) % 7
    if shift == "last":
        return reference - datetime.timedelta(days=days_back or 7)
    if shift == "next":
        return reference + datetime.timedelta(days=days_ahead or 7)
    if past:
        return reference - datetime.timedelta(days=days_back)
    return reference + datetime.timedelta(days=days_ahead)


def _month_occurrence(reference: datetime.date, month: int, shift: str | None, past: bool) -> tuple:
    looking_back = shift == "last" or (shift != "next" and past)
    strict = shift in ("last", "next")
    if looking_back:
        same_year = month < reference.month or (month == reference.month and not strict)
        return (reference.year if same_year else reference.year - 1), month
    same_year = month > reference.month or (month == reference.month and not strict)
    return (reference.year if same_year else reference.year + 1), month


def _shifted_period(
    reference: datetime.date, unit: str, shift: str | None, past: bool
) -> ResolvedDate | None:
    if unit == "weekend":
        return _weekend(reference, shift, past)
    if shift is None:  # a bare "week", "month" or "year" is a duration
        return None
    step = _SHIFTS[shift]
    if unit == "week":
        monday = reference - datetime.timedelta(days=reference.weekday()) + datetime.timedelta(weeks=step)
        return _range(monday, monday + datetime.timedelta(days=6))
    if unit == "month":
        return _month(*_add_months(reference.year, reference.month, step))
    return _year(reference.year + step)


def _weekend(reference: datetime.date, shift: str | None, past: bool) -> ResolvedDate:
    if reference.weekday() == 6 and shift in (None, "this"):  # on a Sunday it is the one under way
        saturday = reference - datetime.timedelta(days=1)
    else:
        saturday = _weekday_date(reference, _WEEKDAYS["sat"], shift, past)
    return _range(saturday, saturday + datetime.timedelta(days=1))


_SPAN_RE = re.compile(r"^(?:about |some |nearly |almost )?(\w+)\s+(day|week)s?$", re.IGNORECASE)


def span_days(expression: str) -> int | None:
    """The days a span of time counts: "two days" -> 2, "a week" -> 7, "10 days" -> 10; None
    for anything vaguer ("several days") or longer than weeks."""
    match = _SPAN_RE.match(expression.strip())
    if match is None:
        return None
    count_text = match.group(1).lower()
    count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS.get(count_text)
    if count is None:
        return None
    return count * (7 if match.group(2).lower() == "week" else 1)


def _ago(reference: datetime.date, count_text: str, unit: str) -> ResolvedDate | None:
    count = int(count_text) if count_text.isdigit() else _NUMBER_WORDS.get(count_text)
    if count is None:  # "few days ago", "several years ago": no point to anchor on
        return None
    if unit == "day":
        return _day(reference - datetime.timedelta(days=count))
    if unit == "week":
        return _day(reference - datetime.timedelta(weeks=count))
    if unit == "month":
        return _month(*_add_months(reference.year, reference.month, -count))
    return _year(reference.year - count)


def _add_months(year: int, month: int, step: int) -> tuple:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


# --- absolute expressions: the year may be missing, then the reference supplies it ------------


def _resolve_absolute(text: str, reference: datetime.date | None, past: bool) -> ResolvedDate | None:
    if match := _YEAR.fullmatch(text):
        return _year(int(match["year"]))
    if match := _ISO.fullmatch(text):
        if match["day"]:
            return _day(datetime.date(int(match["year"]), int(match["month"]), int(match["day"])))
        return _month(int(match["year"]), int(match["month"]))
    if match := _MONTH_YEAR.fullmatch(text):
        return _month(int(match["year"]), _MONTHS[match["month"][:3]])
    if match := _MONTH_DAY.fullmatch(text) or _DAY_MONTH.fullmatch(text):
        month, day = _MONTHS[match["month"][:3]], int(match["day"])
        if match["year"]:
            return _day(datetime.date(int(match["year"]), month, day))
        return _day_without_year(month, day, reference, past)
    return None


def _day_without_year(
    month: int, day: int, reference: datetime.date | None, past: bool
) -> ResolvedDate | None:
    if reference is None:
        return None
    step = -1 if past else 1
    year = reference.year
    # Feb 29 may need to walk to a leap year; anything else settles within one step.
    for _ in range(9):
        candidate = _valid_date(year, month, day)
        if candidate and (candidate <= reference if past else candidate >= reference):
            return _day(candidate)
        year += step
    return None


def _valid_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# --- fallback: dateparser, for absolute dates in shapes the regexes above do not cover --------


def _resolve_with_dateparser(text: str, reference: datetime.date | None, past: bool) -> ResolvedDate | None:
    if not all(_DATE_TOKEN.fullmatch(token) for token in text.split()):
        return None
    if not _DATE_ANCHOR.search(text):
        return None
    if reference is None and not _CARRIES_YEAR.search(text):
        return None
    try:
        data = _date_parser(reference, past).get_date_data(text)
    except Exception:  # third-party parser on arbitrary text: a failure just means "not a date"
        return None
    if data is None or data.date_obj is None:
        return None
    parsed = data.date_obj.date()
    if data.period == "year":
        return _year(parsed.year)
    if data.period == "month":
        return _month(parsed.year, parsed.month)
    if data.period in ("day", "time"):
        return _day(parsed)
    return None


@functools.lru_cache(maxsize=64)
def _date_parser(reference: datetime.date | None, past: bool):
    # Imported here: dateparser takes a noticeable time to import and most expressions never need it.
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past" if past else "future"}
    if reference is not None:
        settings["RELATIVE_BASE"] = datetime.datetime.combine(reference, datetime.time())
    return DateDataParser(languages=["en"], settings=settings)


# --- results ----------------------------------------------------------------------------------


def _day(date: datetime.date) -> ResolvedDate:
    return ResolvedDate(date.isoformat(), "day")


def _month(year: int, month: int) -> ResolvedDate:
    datetime.date(year, month, 1)  # raises ValueError for month 13 or year 0
    return ResolvedDate(f"{year:04d}-{month:02d}", "month")


def _year(year: int) -> ResolvedDate:
    datetime.date(year, 1, 1)
    return ResolvedDate(f"{year:04d}", "year")


def _range(first: datetime.date, last: datetime.date) -> ResolvedDate:
    return ResolvedDate(first.isoformat(), "range", last.isoformat())


# --- the article's own date -------------------------------------------------------------------

# A dateline sits in the first lines; a labelled line is unambiguous, so it may sit a little lower.
_HEADER_LINES = 5
_HEADER_CHARS = 500
_LABEL_LINES = 10
_LABEL_CHARS = 1500

_DATE_LABEL = re.compile(
    r"\b(?P<label>first\s+published|published|last\s+updated|updated|posted)\b(?P<colon>\s*:)?",
    re.IGNORECASE,
)
_LINE_LEAD = " \t|*-\u2022\u00b7\u2013\u2014"
_FULL_DATES = (
    # No closing \b: "2023-04-08T10:14" runs straight on into the time.
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)", re.ASCII),
    re.compile(
        rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b",
        re.IGNORECASE | re.ASCII,
    ),
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH_RE})\.?,?\s+"
        r"(?P<year>\d{4})\b",
        re.IGNORECASE | re.ASCII,
    ),
)


def find_reference_date(text: str) -> tuple[datetime.date | None, str | None]:
    """The publication date from the article's header, and where it came from.

    Returns (date, "published_line") for a Published/Updated line, (date, "header") for a date in
    the first lines, or (None, None).
    """
    if not isinstance(text, str):
        return None, None
    date = _date_from_labelled_lines(_header(text, _LABEL_LINES, _LABEL_CHARS))
    if date:
        return date, "published_line"
    date = _first_full_date(_header(text, _HEADER_LINES, _HEADER_CHARS))
    if date:
        return date, "header"
    return None, None


def _header(text: str, max_lines: int, max_chars: int) -> str:
    lines = [line for line in text[: max_chars * 4].splitlines() if line.strip()][:max_lines]
    return "\n".join(lines)[:max_chars]


def _date_from_labelled_lines(header: str) -> datetime.date | None:
    published = updated = None
    for line in header.splitlines():
        labels = [label for label in _DATE_LABEL.finditer(line) if _is_date_label(line, label)]
        for label, following in zip(labels, labels[1:] + [None]):
            # Only the text up to the next label belongs to this one ("Published: Updated: ...").
            date = _first_full_date(line[label.end(): following.start() if following else None])
            if date is None:
                continue
            if "updated" in label["label"].lower():
                updated = updated or date
            else:
                published = published or date
    return published or updated


def _is_date_label(line: str, label: re.Match) -> bool:
    # "Updated:" anywhere, or "Updated 10:14 AM ..." opening the line; not "the firm updated its ...".
    return bool(label["colon"]) or not line[: label.start()].strip(_LINE_LEAD)


def _first_full_date(text: str) -> datetime.date | None:
    found = []
    for pattern in _FULL_DATES:
        for match in pattern.finditer(text):
            month = match["month"]
            month_number = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
            date = _valid_date(int(match["year"]), month_number, int(match["day"]))
            if date:
                found.append((match.start(), date))
    return min(found)[1] if found else None
