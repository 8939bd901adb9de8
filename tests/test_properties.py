"""The public API never raises, whatever the string: ``extract``, ``parse_amounts`` and
``parse_deadline`` (``spec/table.md``), over arbitrary text and over text built from numbers,
currency symbols, scale words and date words. 10,200 generated inputs in all (see ``EXAMPLES``).

A call that does not return is as bad as one that raises (a scheduled run would hang on the
document), so every call has a time limit: ``within`` turns a hang into a failing example.
Shrinking is off for ``extract`` (each try of a hanging input would cost the whole limit).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import math
import signal

import pandas as pd
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from pipeline import parse_amounts, parse_deadline
from pipeline.api import extract  # what ``pipeline.extract`` calls (that name is shadowed by the subpackage
#                                   pipeline/extract/ once the model is loaded: see the closing note)
from pipeline.normalise.dates import Deadline
from pipeline.normalise.money import Amount
from pipeline.schema import COMMITMENTS

EXAMPLES = {
    "amounts_any": 2500, "amounts_built": 2500,
    "deadline_any": 2000, "deadline_built": 2000,
    "extract_any": 600, "extract_built": 600,
}
assert sum(EXAMPLES.values()) >= 10_000

LIMIT_S = 10.0  # per call; the slowest legitimate call here takes milliseconds


class TookTooLong(AssertionError):
    pass


@contextlib.contextmanager
def within(seconds: float, what: str):
    def alarm(signum, frame):
        raise TookTooLong(f"{what} did not return within {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def fast(n: int, shrink: bool = True):
    phases = None if shrink else (Phase.explicit, Phase.reuse, Phase.generate)
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    **({"phases": phases} if phases else {}))


# --- pieces to build text from ------------------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**15).map(str),
    st.integers(min_value=0, max_value=10**12).map("{:,}".format),
    st.floats(min_value=0, max_value=1e12, allow_nan=False).map(lambda f: f"{f:.3f}"),
    st.sampled_from(["0", "00", "1.5", "1,5", ".75", "1 000", "1.000.000", "3/4", "½", "1e9", "99" * 30, "-5",
                     "+12", "2nd", "1990s", "٣", "१०", "四"]),
)
CURRENCY = ["$", "US$", "USD", "usd", "€", "EUR", "£", "GBP", "¥", "JPY", "CNY", "RMB", "₹", "Rs", "Rs.", "INR",
            "PKR", "KSh", "A$", "NZ$", "HK$", "₦", "R", "dollars", "euros", "pounds", "yuan", "yen", "rupees",
            "dirhams", "cents"]
SCALE = ["million", "billion", "trillion", "thousand", "hundred", "bn", "mn", "m", "k", "tn", "crore", "lakh",
         "dozen", "half", "double", "triple", "fold", "times", "%", "percent", "per cent", "per", "km", "MW", "GW",
         "tonnes", "barrels", "doses", "from", "to", "between", "and", "up to", "at least", "over", "some"]
DATE_WORDS = ["by", "within", "before", "until", "no later than", "end of", "the end of", "start of", "mid-",
              "early", "late", "next", "this", "last", "year", "years", "month", "months", "week", "weeks",
              "day", "days", "quarter", "Q1", "Q4", "H1", "H2", "half", "fiscal", "FY2026", "summit", "session",
              "January", "February", "June", "Sept.", "December", "2024", "2030", "2100", "1999", "0",
              "31", "29", "February 30", "30 February 2026", "2026-02-30", "13/13/2026", "spring", "autumn",
              "decade", "century", "soon", "as soon as possible", "annually", "each year", "ago", "after",
              "following", "of", "the", "a", "within the next", "over the coming", "from now"]
COMMITMENT_WORDS = ["The", "United States", "China", "Pakistan", "India", "the EU", "Both sides", "We", "They",
                    "will", "shall", "agreed to", "pledged", "committed to", "aim to", "intend to", "propose",
                    "reaffirm", "signed", "an agreement", "a memorandum", "to build", "open", "provide",
                    "invest", "reduce", "emissions", "border markets", "railway", "aid", "loans", "ports",
                    "not", "may", "could", "if", "said", ",", ".", ";", ":", "(", ")", "—", "\n", "\n\n", "•",
                    "(i)", "(ii)", "1.", "ISLAMABAD:"]
JOINERS = st.sampled_from([" ", "", "  ", "\u00a0", "-", ", ", "\n"])
REFERENCES = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
                       st.dates().map(dt.date.isoformat), st.sampled_from(["", "2025", "not a date", "2025-13-45"]))


def built(pieces: list[str]):
    return st.builds(lambda parts, joiner: joiner.join(parts),
                     st.lists(st.one_of(st.sampled_from(pieces), NUMBERS), max_size=24), JOINERS)


ANY_TEXT = st.text(max_size=400)
AMOUNT_TEXT = built(CURRENCY + SCALE + DATE_WORDS[:10])
DATE_TEXT = built(DATE_WORDS + SCALE[-10:])
SENTENCES = built(COMMITMENT_WORDS + CURRENCY[:8] + SCALE[:12] + DATE_WORDS)


# --- checks -------------------------------------------------------------------------------------

def check_amounts(text: str) -> None:
    with within(LIMIT_S, f"parse_amounts({text!r})"):
        found = parse_amounts(text)
    assert isinstance(found, list)
    for a in found:
        assert isinstance(a, Amount)
        assert 0 <= a.start <= a.end <= len(text)
        assert isinstance(a.value, float) and math.isfinite(a.value)


def check_deadline(text: str, reference) -> None:
    with within(LIMIT_S, f"parse_deadline({text!r}, {reference!r})"):
        found = parse_deadline(text, reference)
    assert found is None or isinstance(found, Deadline)
    if found is not None:
        assert 0 <= found.start <= found.end <= len(text)
        assert found.date is None or isinstance(found.date, dt.date)


def check_extract(text: str, doc_date) -> None:
    with within(LIMIT_S, f"extract({text!r}, doc_date={doc_date!r})"):
        table = extract(text, doc_date=doc_date)
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns) == COMMITMENTS.names
    for start, end in zip(table["char_start"], table["char_end"]):
        assert 0 <= start <= end <= len(text)


# --- properties ---------------------------------------------------------------------------------

@fast(EXAMPLES["amounts_any"])
@given(ANY_TEXT)
def test_parse_amounts_never_raises_on_any_text(text):
    check_amounts(text)


@fast(EXAMPLES["amounts_built"])
@given(AMOUNT_TEXT)
def test_parse_amounts_never_raises_on_numbers_currencies_and_scales(text):
    check_amounts(text)


@fast(EXAMPLES["deadline_any"])
@given(ANY_TEXT, REFERENCES)
def test_parse_deadline_never_raises_on_any_text(text, reference):
    check_deadline(text, reference)


@fast(EXAMPLES["deadline_built"])
@given(DATE_TEXT, REFERENCES)
def test_parse_deadline_never_raises_on_date_words(text, reference):
    check_deadline(text, reference)


@fast(EXAMPLES["extract_any"], shrink=False)
@given(st.text(max_size=200), REFERENCES)
def test_extract_never_raises_on_any_text(nlp, text, doc_date):
    check_extract(text, doc_date)


@fast(EXAMPLES["extract_built"], shrink=False)
@given(SENTENCES, REFERENCES)
# once looped for ever: a title whose root is a noun, then a dateline
@example("Pakistan pledges to boost trade with Iran\n\nISLAMABAD: Pakistan will open two border markets by 2026, "
         "the foreign office said.", "2025-01-01")
def test_extract_never_raises_on_commitment_like_text(nlp, text, doc_date):
    check_extract(text, doc_date)
