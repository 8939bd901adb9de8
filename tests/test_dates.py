"""Deadlines, vague timing and recurring schedules (pipeline/normalise/dates.py).

Table-driven: each row is a sentence written for these tests, its reference date and what an
analyst tracking pledges expects. Then property tests: no string makes the parsers raise, and
what they return always points back into the input.
"""
from __future__ import annotations

import datetime as dt
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.normalise.dates import (Deadline, find_deadlines, find_recurring, find_vague_timing,
                                      parse_deadline)

REF = "2025-08-15"
GRANULARITIES = {"day", "month", "quarter", "half", "year"}

# (sentence, reference date, expected last day, granularity, expected deadline text)
DATED = [
    # absolute years, months, days
    ("The railway will be completed by 2027.", REF, "2027-12-31", "year", "by 2027"),
    ("They will double trade by 2030.", REF, "2030-12-31", "year", "by 2030"),
    ("By 2030, the two countries will double trade.", REF, "2030-12-31", "year", "By 2030"),
    ("Both governments will ratify the treaty before 2027.", REF, "2027-12-31", "year", "before 2027"),
    ("The pilot will run until 2028.", REF, "2028-12-31", "year", "until 2028"),
    ("The programme will run through 2030.", REF, "2030-12-31", "year", "through 2030"),
    ("The 10-year agreement will expire in 2035.", REF, "2035-12-31", "year", "in 2035"),
    ("The fund will disburse $1 billion by FY2027.", REF, "2027-12-31", "year", "by FY2027"),
    ("The fund will disburse $1 billion in FY26.", REF, "2026-12-31", "year", "in FY26"),
    ("The plant will be commissioned in March 2027.", REF, "2027-03-31", "month", "in March 2027"),
    ("The project will be completed by December 2025.", REF, "2025-12-31", "month", "by December 2025"),
    ("The hub should open in June 2026.", REF, "2026-06-30", "month", "in June 2026"),
    ("The Parties commit to take the following actions by May 14, 2025:", "2025-05-12", "2025-05-14", "day",
     "by May 14, 2025"),
    ("The agreement will enter into force no later than 1 January 2026.", REF, "2026-01-01", "day",
     "no later than 1 January 2026"),
    ("The agreement will enter into force on 1 September 2025.", REF, "2025-09-01", "day", "on 1 September 2025"),
    ("The tariff cut will be effective as of 1 September 2025.", REF, "2025-09-01", "day",
     "effective as of 1 September 2025"),
    ("The new rules apply from 1 January 2026.", REF, "2026-01-01", "day", "from 1 January 2026"),
    ("The first tranche will be paid by 2025-12-31.", REF, "2025-12-31", "day", "by 2025-12-31"),
    ("The facility will be ready no later than the 30th of June 2026.", REF, "2026-06-30", "day",
     "no later than the 30th of June 2026"),
    ("The forum will be co-hosted in Dakar on January 25-27, 2026.", REF, "2026-01-27", "day",
     "on January 25-27, 2026"),
    # periods: end of, quarters, halves, mid-, early, late, seasons, ranges
    ("The talks will conclude by the end of 2025.", REF, "2025-12-31", "year", "by the end of 2025"),
    ("The two sides agreed to finish the road by end-2026.", REF, "2026-12-31", "year", "by end-2026"),
    ("Both sides will hold the next round of talks in the first quarter of 2026.", REF, "2026-03-31",
     "quarter", "in the first quarter of 2026"),
    ("The first shipment will arrive by the end of the first quarter of 2026.", REF, "2026-03-31", "quarter",
     "by the end of the first quarter of 2026"),
    ("The line will be electrified by Q3 2026.", REF, "2026-09-30", "quarter", "by Q3 2026"),
    ("The study will be completed in the second half of 2026.", REF, "2026-12-31", "half",
     "in the second half of 2026"),
    ("The dialogue will be held in H1 2026.", REF, "2026-06-30", "half", "in H1 2026"),
    ("The corridor will be operational by mid-2026.", REF, "2026-06-30", "half", "by mid-2026"),
    ("The leaders agreed to conclude negotiations by early next year.", REF, "2026-03-31", "quarter",
     "by early next year"),
    ("The plan will be finalised by late 2026.", REF, "2026-12-31", "year", "by late 2026"),
    ("They will launch the corridor at the beginning of 2027.", REF, "2027-01-31", "month",
     "at the beginning of 2027"),
    ("The summit will take place in the autumn of 2026.", REF, "2026-11-30", "quarter",
     "in the autumn of 2026"),
    ("The fund will disburse $2 billion between 2025 and 2028.", REF, "2028-12-31", "year",
     "between 2025 and 2028"),
    ("The fund will disburse $2 billion from 2026 to 2030.", REF, "2030-12-31", "year", "from 2026 to 2030"),
    ("Exports will rise in 2026-27.", REF, "2027-12-31", "year", "in 2026-27"),
    # relative to the reference date
    ("The pipeline should be operational by the end of next year.", REF, "2026-12-31", "year",
     "by the end of next year"),
    ("The market will open before the end of this year.", REF, "2025-12-31", "year",
     "before the end of this year"),
    ("The leaders will meet again next year.", REF, "2026-12-31", "year", "next year"),
    ("The ministers will meet later this year.", REF, "2025-12-31", "year", "later this year"),
    ("The fund will be set up by the end of the month.", REF, "2025-08-31", "month", "by the end of the month"),
    ("The mission will visit Manila next month.", REF, "2025-09-30", "month", "next month"),
    ("They will sign the agreement by the end of next month.", REF, "2025-09-30", "month",
     "by the end of next month"),
    ("The plan will be achieved by the end of this decade.", REF, "2029-12-31", "year",
     "by the end of this decade"),
    ("The railway will be finished within this decade.", REF, "2029-12-31", "year", "within this decade"),
    ("The Presidents welcome plans to launch a partnership by the end of the year.", "2021-10-29",
     "2021-12-31", "year", "by the end of the year"),
    ("The next dialogue in September will focus on trade corridors.", "2022-07-12", "2022-09-30", "month",
     "in September"),
    ("The Parties shall meet again in March.", REF, "2026-03-31", "month", "in March"),
    ("They will sign the agreement tomorrow.", REF, "2025-08-16", "day", "tomorrow"),
    ("Both sides will finish by the end of the week.", REF, "2025-08-17", "day", "by the end of the week"),
    # durations from the reference date (granularity day)
    ("The Free Trade Agreement will be signed within six months.", REF, "2026-02-15", "day", "within six months"),
    ("The two sides agreed to finalise the text within 90 days.", "2025-05-12", "2025-08-10", "day",
     "within 90 days"),
    ("The ministers will report back within two weeks.", REF, "2025-08-29", "day", "within two weeks"),
    ("The parties will submit their plans within a year.", REF, "2026-08-15", "day", "within a year"),
    ("We are committing to share at least 870 million doses directly over the next year.", "2021-06-13",
     "2022-06-13", "day", "over the next year"),
    ("India intends to purchase $500 billion of U.S. goods over the next 5 years.", "2026-02-06", "2031-02-06",
     "day", "over the next 5 years"),
    ("The dam will be completed in two years' time.", REF, "2027-08-15", "day", "in two years' time"),
    ("Troops will withdraw within 48 hours.", REF, "2025-08-17", "day", "within 48 hours"),
    ("Tariffs will be lifted 30 days after 1 January 2026.", REF, "2026-01-31", "day",
     "30 days after 1 January 2026"),
    # a future event named with its year after a committing verb
    ("The leaders announce that the two countries will co-host the 2024 Indo-Pacific Business Forum in Manila.",
     "2023-05-01", "2024-12-31", "year", "2024"),
    # an event phrase that states its own date
    ("We seek to develop a plan of action by the African Union's Summit in February 2023.", "2022-12-15",
     "2023-02-28", "month", "by the African Union's Summit in February 2023"),
    # a date inside a parenthesis that is only the deadline
    ("Emissions will fall 45 percent (by 2030).", REF, "2030-12-31", "year", "by 2030"),
    # the years a commitment is for
    ("The EU is committed to meeting Ukraine's financing needs for 2026 and 2027.", "2025-12-18",
     "2027-12-31", "year", "for 2026 and 2027"),
    ("We welcome the pledges to the Enhanced Integrated Framework for 2026-2027.", "2026-03-29",
     "2027-12-31", "year", "for 2026-2027"),
    # "next January" lies ahead even after a participle ("shipped")
    ("Angola will offer a tariff discount on freight shipped through Lobito from next January.", "2025-05-29",
     "2026-01-31", "month", "from next January"),
    # counted from what was done with this very document on its date
    ("The parties will submit national plans within 90 days of the adoption of this Declaration.", "2025-05-01",
     "2025-07-30", "day", "within 90 days of the adoption of this Declaration"),
    ("The committee will meet within six months from the date of signature of this Agreement.", "2025-05-01",
     "2025-11-01", "day", "within six months from the date of signature of this Agreement"),
]


@pytest.mark.parametrize("sentence, ref, expected, granularity, text", DATED)
def test_dated_deadline(sentence, ref, expected, granularity, text):
    d = parse_deadline(sentence, ref)
    assert d is not None, sentence
    assert (d.date.isoformat() if d.date else None, d.granularity, d.text) == (expected, granularity, text)
    assert sentence[d.start:d.end] == d.text


EVENTS = [
    ("The joint commission will meet before the next summit.", "before the next summit"),
    ("The joint commission will report back by COP30.", "by COP30"),
    ("The two countries will sign the deal ahead of the G20 summit.", "ahead of the G20 summit"),
    ("The ministers will meet before the 2024 summit.", "before the 2024 summit"),
    ("Tariffs will be lifted upon implementation of the above measures.",
     "upon implementation of the above measures"),
    ("Tariffs will be lifted once the agreement enters into force.", "once the agreement enters into force"),
    ("The EU will apply the measure when the EU introduces the legislation.",
     "when the EU introduces the legislation"),
    ("Both sides will lift the restrictions once such requirements are in place.",
     "once such requirements are in place"),
    ("The fund will start disbursing after the start of the project.", "after the start of the project"),
    ("India will decide within six months of entry into force of the Agreement whether the standards apply.",
     "within six months of entry into force of the Agreement"),
    ("The parties will exchange instruments no later than 90 days after signature.",
     "no later than 90 days after signature"),
    ("The committee will report within 30 days of the entry into force of this Agreement.",
     "within 30 days of the entry into force of this Agreement"),
    ("Both sides will exchange lists prior to the next round of talks.", "prior to the next round of talks"),
    ("The two countries will present progress at the next meeting of the Global Coalition on the margins of "
     "the General Assembly.",
     "at the next meeting of the Global Coalition on the margins of the General Assembly"),
    ("The two sides, subject to the successful conclusion of the Interim Agreement, will remove the tariff.",
     "subject to the successful conclusion of the Interim Agreement"),
    ("Space cooperation will be further discussed during the Vice President's upcoming visit to Paris.",
     "during the Vice President's upcoming visit to Paris"),
]


@pytest.mark.parametrize("sentence, text", EVENTS)
def test_event_deadline_keeps_text_without_date(sentence, text):
    d = parse_deadline(sentence, None)
    assert d is not None, sentence
    assert (d.text, d.date, d.granularity) == (text, None, None)
    assert sentence[d.start:d.end] == d.text


NOT_DEADLINES = [
    # past events
    ("The visit came only weeks after the June 2025 Iran–Israel war.", REF),
    ("In 2019, the two countries signed a memorandum of understanding.", REF),
    ("In 2019, the two countries signed a memorandum of understanding.", None),
    ("The July launch of the market was followed by an agreement to open two more.", REF),
    ("The agreement was signed on 12 May 2025.", None),
    ("The MoU, signed on 12 May 2025, covers trade in services.", None),
    ("The talks were launched by the two presidents on February 13, 2025.", None),
    ("Today's framework builds on the negotiations launched by both leaders on February 13, 2025, which will "
     "include market access.", "2026-02-06"),
    ("Trade has grown steadily since 2010.", None),
    ("The tribunal ruled in 2016 that the claims had no legal basis.", None),
    ("The program, launched in 2021, will be expanded.", None),
    ("The two sides met last year and earlier this year.", REF),
    ("On July 14, 2022, the leaders held a virtual summit.", "2022-07-14"),
    ("The road was completed by 2019.", None),
    ("As conveyed in the September 22 Joint Statement, the two will increase cooperation.", "2021-10-29"),
    ("The United States will apply a rate of 18 percent under Executive Order 14257 of April 2, 2025.",
     "2026-02-06"),
    ("China will remove the countermeasures taken since April 2, 2025.", "2025-05-12"),
    # years and numbers used as names
    ("The 2016 arbitral tribunal award is final and binding.", REF),
    ("Both sides will respect the 2016 arbitral award.", None),
    ("Both sides will implement the 2030 Agenda for Sustainable Development.", REF),
    ("Our immediate focus is beating COVID-19.", REF),
    ("The G20 will meet in Rome.", REF),
    ("The parties will cooperate under Article 2025 of the treaty.", REF),
    ("The plan was adopted under Resolution 2231.", REF),
    ("Children under 18 will receive free vaccines.", REF),
    ("The country aims to cut coal use by 2000 megawatts.", REF),
    ("They will invest up to $5 billion in 2026 dollars.", REF),
    ("The UAE – host of COP28 in 2023 – will invest $2 billion in food parks.", "2022-07-14"),
    ("The programme was funded for 2019-2020.", REF),
    ("Trade grew 5 percent for 2018-2019.", REF),
    # durations of a measure
    ("The two sides will suspend tariffs for an initial period of 90 days.", REF),
    ("The US announced a 90-day suspension of the tariffs.", REF),
    ("The measures will remain in place for the next five years.", REF),
    ("China will continue, for at least the next decade, to lend to Africa.", REF),
    # recurring schedules and vague timing
    ("The commission will meet annually.", REF),
    ("The commission will meet at least once a year.", REF),
    ("Both sides agreed to quickly open two more border markets.", REF),
    ("The leaders will work towards a free trade agreement at an early date.", REF),
    ("The sides will conclude the FTA as soon as possible.", REF),
    ("The work will be completed in the coming months.", REF),
    ("We will work with others to increase this contribution over the months to come.", REF),
    ("The ministers will immediately begin consultations.", REF),
    ("The pact will last until further notice.", REF),
    ("After taking the aforementioned actions, the Parties will establish a mechanism.", REF),
    ("President Xi promised Monday to cancel debt.", REF),
    ("", REF),
]


@pytest.mark.parametrize("sentence, ref", NOT_DEADLINES)
def test_not_a_deadline(sentence, ref):
    assert parse_deadline(sentence, ref) is None


def test_find_deadlines_keeps_each_deadline_in_order():
    sentence = "The goal is 30 percent of land protected by 2030 and 50 percent by 2040."
    found = find_deadlines(sentence, REF)
    assert [(d.text, d.date) for d in found] == [("by 2030", dt.date(2030, 12, 31)),
                                                 ("by 2040", dt.date(2040, 12, 31))]
    mixed = "We will make the doses available as soon as possible and deliver half by the end of 2021."
    assert [d.text for d in find_deadlines(mixed, "2021-06-13")] == ["by the end of 2021"]
    two_kinds = "Tariffs will fall within 90 days and the rest will go before the next summit."
    assert [(d.text, d.date) for d in find_deadlines(two_kinds, "2025-05-12")] == [
        ("within 90 days", dt.date(2025, 8, 10)), ("before the next summit", None)]


@pytest.mark.parametrize("sentence, granularity", [
    ("The leaders will meet again next year.", "year"),
    ("The Free Trade Agreement will be signed within six months.", "day"),
    ("The fund will be set up by the end of the month.", "month"),
    ("The Parties shall meet again in March.", "month"),
])
def test_relative_phrase_without_reference_keeps_text_but_no_date(sentence, granularity):
    d = parse_deadline(sentence, None)
    assert d is not None and d.date is None and d.granularity == granularity


@pytest.mark.parametrize("sentence, expected", [
    ("The railway will be completed by 2027.", dt.date(2027, 12, 31)),
    ("The plant will be commissioned in March 2027.", dt.date(2027, 3, 31)),
    ("The agreement will enter into force no later than 1 January 2026.", dt.date(2026, 1, 1)),
])
def test_absolute_phrase_resolves_without_reference(sentence, expected):
    assert parse_deadline(sentence).date == expected


@pytest.mark.parametrize("ref", [dt.date(2025, 8, 15), dt.datetime(2025, 8, 15, 9, 30), "2025-08-15",
                                 "2025-08-15T09:30:00Z"])
def test_reference_date_in_any_common_form(ref):
    assert parse_deadline("It will be signed within six months.", ref).date == dt.date(2026, 2, 15)


@pytest.mark.parametrize("ref", ["not a date", "2025-13-45", 3.5, ""])
def test_unreadable_reference_date_is_treated_as_missing(ref):
    d = parse_deadline("It will be signed within six months, by 2027 at the latest.", ref)
    assert d.text == "within six months" and d.date is None
    assert find_deadlines("It will be signed within six months, by 2027 at the latest.", ref)[1].date == \
        dt.date(2027, 12, 31)


def test_two_commitments_with_different_deadlines_have_separate_offsets():
    sentence = "The EU will act by June 2026, and Indonesia will act in the fourth quarter of 2026."
    first, second = find_deadlines(sentence, REF)
    assert (first.date, second.date) == (dt.date(2026, 6, 30), dt.date(2026, 12, 31))
    assert first.end <= sentence.index("and Indonesia") < second.start


VAGUE = [
    ("Both sides agreed to quickly open two more border markets.", ["quickly"]),
    ("The sides will conclude the FTA as soon as possible.", ["as soon as possible"]),
    ("The leaders will work towards a free trade agreement at an early date.", ["at an early date"]),
    ("The two sides will meet again soon and act expeditiously.", ["soon", "expeditiously"]),
    ("They will review them in due course and report in the coming weeks.",
     ["in due course", "in the coming weeks"]),
    ("The ministers will Immediately begin consultations.", ["immediately"]),
    ("The United States and India will promptly implement this framework.", ["promptly"]),
    ("They will swiftly remove barriers without delay.", ["swiftly", "without delay"]),
    ("The work will be completed in the coming months.", ["in the coming months"]),
    ("Tariffs will fall as soon as the agreement enters into force.", []),
    ("Talks will start immediately after the ceasefire.", []),
    ("The railway will be completed by 2027.", []),
]


@pytest.mark.parametrize("sentence, expected", VAGUE)
def test_find_vague_timing(sentence, expected):
    assert find_vague_timing(sentence) == expected


RECURRING = [
    ("The commission will meet annually.", ["annually"]),
    ("The commission will meet at least once a year.", ["at least once a year"]),
    ("Both sides will report regularly and every two years.", ["regularly", "every two years"]),
    ("The talks will be held on a quarterly basis.", ["on a quarterly basis"]),
    ("They will hold a biannual dialogue every 6 months.", ["biannual", "every 6 months"]),
    ("They set a goal to triple their annual trade by 2030.", []),
]


@pytest.mark.parametrize("sentence, expected", RECURRING)
def test_find_recurring(sentence, expected):
    assert find_recurring(sentence) == expected


# ---- properties -------------------------------------------------------------------------------

class _Collect(logging.Handler):
    """Keeps the parser's warnings: it logs one when its grammar hits an error it had to swallow."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


_WARNINGS = _Collect()
logging.getLogger("pipeline.normalise.dates").addHandler(_WARNINGS)


def _check(text: str, ref) -> None:
    _WARNINGS.records.clear()
    found = find_deadlines(text, ref)
    assert not _WARNINGS.records, _WARNINGS.records[0].getMessage()
    assert isinstance(found, list)
    for d in found:
        assert isinstance(d, Deadline)
        assert 0 <= d.start < d.end <= len(text) and text[d.start:d.end] == d.text
        assert d.date is None or isinstance(d.date, dt.date)
        assert d.granularity is None or d.granularity in GRANULARITIES
        if d.granularity is None:
            assert d.date is None  # an event deadline has no date
    assert [(d.start, d.end) for d in found] == sorted((d.start, d.end) for d in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    first = parse_deadline(text, ref)
    assert first == (found[0] if found else None)
    for phrase in find_vague_timing(text) + find_recurring(text):
        assert isinstance(phrase, str) and phrase


_REFS = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
                  st.text(max_size=12))

_PIECES = st.sampled_from([
    "by", "before", "within", "until", "no later than", "end of", "the end of", "in", "on", "during", "mid-",
    "early", "late", "later", "next", "this", "year", "years", "month", "months", "week", "days", "decade",
    "quarter", "first", "second", "half", "of", "the", "Q3", "H1", "FY", "May", "March", "June", "December",
    "Sept.", "may", "march", "2025", "2027", "1999", "2100", "31", "29", "February", "14th", ",", ".", "-",
    "–", "(", ")", "six", "a", "90", "0", "summit", "next summit", "COP28", "upon", "once", "when", "after",
    "entry into force", "was", "will", "signed", "since", "annually", "soon", "as soon as possible",
    "every", "two", "for", "between", "and", "to", "2025-02-30", "31/02/2025", "summer", "winter",
])


@pytest.mark.parametrize("text", ["six year after", "by FY 90", "Sept. may during Sept. after the for COP28 2100",
                                  "within six months of", "(" * 50 + "by 2030", "– in 2026 –", "2025-02-30", "on 31 February"])
def test_never_raises_on_fragments_that_once_broke_it(text):
    _check(text, "2025-08-15")
    _check(text, None)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300), ref=_REFS)
def test_never_raises_on_any_text(text, ref):
    _check(text, ref)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(_PIECES, max_size=14), ref=_REFS)
def test_never_raises_on_date_like_text(words, ref):
    _check(" ".join(words), ref)
