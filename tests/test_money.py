"""Tests for pipeline/normalise/money.py: money, quantities, percentages, multipliers and counts."""
import math
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.normalise.money import Amount, parse_amounts

KINDS = {"money", "percent", "quantity", "count", "multiplier"}
ROLES = {None, "baseline", "target", "low", "high"}


def found(text, **kw):
    return [(a.value, a.unit) for a in parse_amounts(text, **kw)]


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def assert_amounts(text, expected, **kw):
    got = found(text, **kw)
    assert len(got) == len(expected), (text, got)
    for (gv, gu), (ev, eu) in zip(got, expected):
        assert gu == eu and close(gv, ev), (text, got)


# ---- money in its written forms ---------------------------------------------------------------

MONEY = [
    ("Norway will give $ 45 million to the fund.", [(45e6, "USD")]),
    ("The ministry set aside US$1.25 billion for ports.", [(1.25e9, "USD")]),
    ("The bank lent USD 640 million.", [(640e6, "USD")]),
    ("A grant of 3.3 million USD was approved.", [(3.3e6, "USD")]),
    ("The UAE will invest $4 billion USD in food corridors.", [(4e9, "USD")]),
    ("The EU adds €3.1bn for hydrogen.", [(3.1e9, "EUR")]),
    ("London will contribute £ 6.25 million.", [(6.25e6, "GBP")]),
    ("Tokyo pledged ¥800 billion.", [(800e9, "JPY")]),
    ("Delhi approved ₹2,400 crore for the corridor.", [(2.4e10, "INR")]),
    ("The line of credit is Rs. 750 crore.", [(7.5e9, "INR")]),
    ("Funding of Rs 3 lakh crore was announced.", [(3e12, "INR")]),
    ("Islamabad released PKR 15.5 billion.", [(15.5e9, "PKR")]),
    ("Nairobi earmarked KSh 8 billion for rail.", [(8e9, "KES")]),
    ("Canberra gave A$350 million.", [(350e6, "AUD")]),
    ("Ottawa added C$ 90 million.", [(90e6, "CAD")]),
    ("Wellington offers NZ$12 million.", [(12e6, "NZD")]),
    ("The tycoon paid HK$4.8 billion.", [(4.8e9, "HKD")]),
    ("Singapore will commit S$600 million.", [(600e6, "SGD")]),
    ("Beijing extended RMB 9 billion and CNY 2 billion.", [(9e9, "CNY"), (2e9, "CNY")]),
    ("Abu Dhabi set aside AED 7bn; Riyadh SAR 12 billion.", [(7e9, "AED"), (12e9, "SAR")]),
    ("Trade is worth forty billion dollars.", [(40e9, "USD")]),
    ("She received two hundred thousand U.S. dollars.", [(2e5, "USD")]),
    ("They spent 4.5 billion US dollars.", [(4.5e9, "USD")]),
    ("The programme costs 800 million euros.", [(800e6, "EUR")]),
    ("A levy of 12 million pounds sterling applies.", [(12e6, "GBP")]),
    ("Tokyo lends 90 billion yen.", [(90e9, "JPY")]),
    ("Beijing lends 30 billion yuan and 5 billion renminbi.", [(30e9, "CNY"), (5e9, "CNY")]),
    ("Jakarta budgets 15 trillion rupiah.", [(15e12, "IDR")]),
    ("Riyadh grants 900 million riyals.", [(900e6, "SAR")]),
    ("Dubai adds 600 million dirhams.", [(600e6, "AED")]),
    ("Tehran pays 40 trillion rials.", [(40e12, "IRR")]),
    ("Geneva receives 75 million Swiss francs.", [(75e6, "CHF")]),
    ("Seoul funds 2.5 trillion won.", [(2.5e12, "KRW")]),
    ("Abuja allots 700 billion naira.", [(700e9, "NGN")]),
    ("Kampala borrows 300 billion Ugandan shillings.", [(300e9, "UGX")]),
    ("Pretoria spends 18 billion rand.", [(18e9, "ZAR")]),
    ("Kuala Lumpur sets 6 billion ringgit.", [(6e9, "MYR")]),
    ("Manila gives 25 billion Philippine pesos.", [(25e9, "PHP")]),
    ("Ankara grants 60 million Turkish lira.", [(60e6, "TRY")]),
    ("It is half a billion dollars.", [(0.5e9, "USD")]),
    ("Donors found one hundred million dollars.", [(1e8, "USD")]),
    ("A fund of a quarter of a million euros.", [(0.25e6, "EUR")]),
    ("They raised two and a half million pounds.", [(2.5e6, "GBP")]),
    ("It came to one point two billion dollars.", [(1.2e9, "USD")]),
    ("A ticket costs seven dollars and twenty cents.", [(7.2, "USD")]),
    ("A ticket costs 8 dollars 40.", [(8.4, "USD")]),
    ("The stamp costs 65 cents and the card 90 pence.", [(0.65, "USD"), (0.9, "GBP")]),
    ("The bond pays $.75 a unit.", [(0.75, "USD")]),
    ("The account holds 2 500 000 EUR.", [(2.5e6, "EUR")]),
    ("The account holds 2.500.000 EUR.", [(2.5e6, "EUR")]),
    ("The bill was €1.234,56.", [(1234.56, "EUR")]),
    ("A $ 40 - million bond and a 50-dollar note.", [(40e6, "USD"), (50.0, "USD")]),
    ("Prices: 7 €, 9 € and 12 $.", [(7.0, "EUR"), (9.0, "EUR"), (12.0, "USD")]),
    ("Budget: 250 MEUR and 40 kEUR.", [(250e6, "EUR"), (40e3, "EUR")]),
    ("Wire USD75 or 75USD.", [(75.0, "USD"), (75.0, "USD")]),
    ("He lost 40 USD million.", [(40e6, "USD")]),
    ("Cost: $3m, $2.5bn, $800k.", [(3e6, "USD"), (2.5e9, "USD"), (800e3, "USD")]),
]


@pytest.mark.parametrize("text,expected", MONEY)
def test_money(text, expected):
    assert_amounts(text, expected)


# ---- percentages, quantities, multipliers, counts ----------------------------------------------

OTHER_KINDS = [
    ("Tariffs fall by 15 percent, 7.5% and 40 per cent.", [(15, "%"), (7.5, "%"), (40, "%")]),
    ("A cut of twenty per cent.", [(20, "%")]),
    ("Duties rise 12 percentage points and 25 basis points.", [(12, "%"), (25, "bp")]),
    ("Ship at least two-thirds of the grain.", [(200 / 3, "%")]),
    ("The 1,100-kilometre pipeline and a 35 km spur.", [(1100, "km"), (35, "km")]),
    ("A 450-mile railway.", [(450, "mi")]),
    ("A plant of 250 megawatts (MW) and 1.2 GW.", [(250, "MW"), (1.2, "GW")]),
    ("It stores 3 GWh.", [(3e9, "Wh")]),
    ("Exports of 40,000 metric tons of wheat and 2 million tonnes of rice.", [(4e4, "tonnes"), (2e6, "tonnes")]),
    ("Output of 300,000 barrels per day and 5 bcm of gas.", [(3e5, "barrels/day"), (5e9, "m3")]),
    ("Reforest 12,000 hectares.", [(12000, "ha")]),
    ("They agreed to double investment and to halve losses.", [(2, "x"), (0.5, "x")]),
    ("A fivefold rise, trade will quadruple, and 4 times more aid.", [(5, "x"), (4, "x"), (4, "x")]),
    ("They signed 14 new memoranda and opened three more consulates.", [(14, "count"), (3, "count")]),
    ("The plan funds 2,500 scholarships and 40 joint research projects.", [(2500, "count"), (40, "count")]),
    ("They will build six new border crossings.", [(6, "count")]),
    ("Donors will ship 500 million doses.", [(5e8, "count")]),
    ("The two sides agreed to open four more.", [(4, "count")]),
]


@pytest.mark.parametrize("text,expected", OTHER_KINDS)
def test_other_kinds(text, expected):
    assert_amounts(text, expected)


def test_kinds_are_set():
    kinds = [a.kind for a in parse_amounts(
        "They will invest $3 billion, cut tariffs by 10 percent, build a 60 km road, "
        "triple exports and sign 5 new treaties.")]
    assert kinds == ["money", "percent", "quantity", "multiplier", "count"]


# ---- not amounts ---------------------------------------------------------------------------------

NOT_AMOUNTS = [
    "The leaders will meet again in 2028.",
    "The deal was signed on June 3, 2024 and reviewed on 17 September.",
    "They celebrated the 60th anniversary and the first summit.",
    "Under Article 7 and Article XII, Executive Order 13224, Resolution 1540, Section 301.",
    "A 120-day review will run for 120 days after two days of talks and six months of study.",
    "COVID-19, the G7, G20, COP29, I2U2, 5G and F-35 programmes.",
    "Call +44 20 7946 0958 or 202-555-0188 at 14:30 or 9 am.",
    "The two governments and both countries agreed; the three leaders met.",
    "They will avoid double taxation through a twofold approach in the first half of 2026.",
    "SDG 13 and the P5+1 and Agenda 2030 and the EU 27.",
    "The Euro 2028 final and the CNY 2026 holiday.",
    "The score was 3:1 and the ratio 24/7.",
]


@pytest.mark.parametrize("text", NOT_AMOUNTS)
def test_not_amounts(text):
    assert parse_amounts(text) == [], parse_amounts(text)


NO_MONEY = [
    "Both sides agreed to settle 45 percent of trade in national currencies by 2030.",
    "They will train 3,000 officials over 5 years.",
    "In 1995 dollars, the 2020 budget doubled.",
    "Exports rose 8 % from 2019.",
]


@pytest.mark.parametrize("text", NO_MONEY)
def test_no_false_money(text):
    assert all(a.kind != "money" for a in parse_amounts(text)), parse_amounts(text)


# ---- pairs: baseline/target, low/high --------------------------------------------------------------

ROLE_CASES = [
    ("They aim to lift trade from 2 billion to 5 billion dollars.",
     [(2e9, "USD", "baseline"), (5e9, "USD", "target")]),
    ("Trade will grow to $30 billion from $18.5 billion.",
     [(30e9, "USD", "target"), (18.5e9, "USD", "baseline")]),
    ("Aid will be between €1bn and €1.5bn.", [(1e9, "EUR", "low"), (1.5e9, "EUR", "high")]),
    ("A cost of $4-6 billion.", [(4e9, "USD", "low"), (6e9, "USD", "high")]),
    ("Raise the share from 20 to 35 percent.", [(20, "%", "baseline"), (35, "%", "target")]),
    ("Open between 3 and 5 new crossings.", [(3, "count", "low"), (5, "count", "high")]),
    ("Costs fell 10 percent to $2 billion.", [(10, "%", None), (2e9, "USD", None)]),
]


@pytest.mark.parametrize("text,expected", ROLE_CASES)
def test_roles(text, expected):
    got = [(a.value, a.unit, a.role) for a in parse_amounts(text)]
    assert len(got) == len(expected), got
    for (gv, gu, gr), (ev, eu, er) in zip(got, expected):
        assert (gu, gr) == (eu, er) and close(gv, ev), got


# ---- country context and notes -----------------------------------------------------------------------

CONTEXT = [
    ("The ministry will spend $ 80 million.", None, "USD"),
    ("The ministry will spend $ 80 million.", "NZL", "NZD"),
    ("The ministry will spend $ 80 million.", "AUS", "AUD"),
    ("The ministry will spend $ 80 million.", "CAN", "CAD"),
    ("The ministry will spend US$ 80 million.", "NZL", "USD"),
    ("The budget gives Rs 40 billion.", None, "INR"),
    ("The budget gives Rs 40 billion.", "PAK", "PKR"),
    ("The budget gives Rs 40 billion.", "LKA", "LKR"),
    ("The budget gives 40 billion rupees.", "NPL", "NPR"),
    ("Pakistan's budget gives Rs 40 billion.", None, "PKR"),
    ("The budget gives Rs 40 billion.", "xx", "INR"),
]


@pytest.mark.parametrize("text,country,unit", CONTEXT)
def test_country_context(text, country, unit):
    (amount,) = parse_amounts(text, country=country)
    assert amount.unit == unit
    if unit not in ("USD", "INR"):
        assert amount.note and unit in amount.note


def test_amount_fields():
    text = "Japan will provide at least ¥2.4 trillion."
    (a,) = parse_amounts(text)
    assert isinstance(a, Amount)
    assert a.text == "¥2.4 trillion" == text[a.start:a.end]
    assert a.kind == "money" and a.role is None
    assert "at least" in a.note


def test_inherited_unit_is_noted():
    base, target = parse_amounts("from 7 to 9 billion euros")
    assert base.unit == "EUR" and close(base.value, 7e9) and "9 billion euros" in base.note


# ---- properties ----------------------------------------------------------------------------------------

def check_well_formed(text, amounts):
    assert isinstance(amounts, list)
    previous_end = 0
    for a in amounts:
        assert isinstance(a, Amount)
        assert 0 <= a.start < a.end <= len(text) and text[a.start:a.end] == a.text
        assert a.start >= previous_end  # in order, no overlaps
        previous_end = a.end
        assert isinstance(a.value, float) and math.isfinite(a.value)
        assert a.kind in KINDS and a.role in ROLES and a.unit
        if a.kind == "money":
            assert re.fullmatch(r"[A-Z]{3}", a.unit)
        else:
            assert not re.fullmatch(r"[A-Z]{3}", a.unit.upper()), a  # never mistaken for a currency


FAST = settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text(max_size=300), st.sampled_from([None, "NZL", "PAK", "IND", "", "zz", "AUS"]))
def test_never_raises_on_any_text(text, country):
    check_well_formed(text, parse_amounts(text, country=country))


PIECES = [
    "$", "US$", "€", "£", "¥", "₹", "Rs", "Rs.", "PKR", "KSh", "A$", "C$", "NZ$", "HK$", "S$", "R", "N", "P",
    "RMB", "CNY", "AED", "SAR", "USD", "MEUR", "TRY", "SDG", "usd", "u.s.", "us",
    "million", "billion", "bn", "mn", "m", "k", "b", "crore", "lakh", "trillion", "tn", "thousand", "hundred",
    "one", "two", "twelve", "forty", "five", "half", "a", "quarter", "quarters", "and", "point", "dozen",
    "dollars", "euros", "pounds", "yen", "yuan", "rupees", "cents", "pence", "kuai", "mao", "percent", "%",
    "per", "cent", "km", "MW", "tonnes", "(", ")", "-", "–", "/", ":", ".", ",", "'", "+",
    "from", "to", "between", "double", "triple", "halve", "times", "more", "fold", "new", "agreements",
    "days", "May", "Article", "G", "COVID", "the", "at least", "of",
]
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(str),
    st.integers(min_value=0, max_value=10**9).map("{:,}".format),
    st.floats(min_value=0, max_value=1e9, allow_nan=False).map(lambda f: f"{f:.2f}"),
    st.sampled_from(["1.500", "1 500", "1.500.000", "1,5", ".5", "6 . 2", "2027", "1990s", "45th", "9" * 40]),
)
JOINERS = st.sampled_from([" ", "", "  ", "\u00a0", "-"])


@FAST
@given(st.lists(st.one_of(st.sampled_from(PIECES), NUMBERS), max_size=16), JOINERS,
       st.sampled_from([None, "NZL", "PAK"]))
def test_never_raises_on_amount_like_text(pieces, joiner, country):
    text = joiner.join(pieces)
    check_well_formed(text, parse_amounts(text, country=country))


SYMBOLS = [("$", "USD"), ("US$", "USD"), ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("₹", "INR"),
           ("USD ", "USD"), ("EUR ", "EUR"), ("PKR ", "PKR"), ("KSh ", "KES"), ("HK$", "HKD")]
SCALES = [("million", 1e6), ("billion", 1e9), ("bn", 1e9), ("mn", 1e6), ("trillion", 1e12), ("crore", 1e7)]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(SYMBOLS), st.integers(min_value=1, max_value=999_999),
       st.integers(min_value=0, max_value=2), st.sampled_from(SCALES), st.booleans())
def test_symbol_number_scale_is_one_amount(symbol, whole, decimals, scale, space):
    sym, code = symbol
    number = f"{whole:,}" if decimals == 0 else f"{whole}.{'5' * decimals}"
    value = float(number.replace(",", ""))
    text = f"The partners pledged {sym}{' ' if space else ''}{number} {scale[0]} for the project."
    (amount,) = parse_amounts(text)
    assert amount.unit == code and close(amount.value, value * scale[1])


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1900, max_value=2100), st.sampled_from(["in", "by", "since", "until", "of"]))
def test_years_are_never_amounts(year, preposition):
    assert parse_amounts(f"The parties will act {preposition} {year} as agreed.") == []
