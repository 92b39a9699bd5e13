"""Latvian spoken forms for numbers, dates, amounts and codes.

Used only to *generate* training text: what a speaker says, in the lower-case,
punctuation-free form the acoustic model is trained to emit.
"""
from __future__ import annotations

import random
import re
import unicodedata

UNITS = ["nulle", "viens", "divi", "trīs", "četri", "pieci", "seši", "septiņi", "astoņi", "deviņi"]
UNITS_FEM = ["nulle", "viena", "divas", "trīs", "četras", "piecas", "sešas", "septiņas", "astoņas", "deviņas"]
TEENS = ["desmit", "vienpadsmit", "divpadsmit", "trīspadsmit", "četrpadsmit", "piecpadsmit",
         "sešpadsmit", "septiņpadsmit", "astoņpadsmit", "deviņpadsmit"]
HUNDRED_STEMS = ["", "", "div", "trīs", "četr", "piec", "seš", "septiņ", "astoņ", "deviņ"]
TENS = ["", "desmit", "divdesmit", "trīsdesmit", "četrdesmit", "piecdesmit", "sešdesmit",
        "septiņdesmit", "astoņdesmit", "deviņdesmit"]

# Ordinal stems: masculine nominative is stem + "ais", genitive stem + "ā", locative stem + "ajā".
ORD_UNITS = ["", "pirm", "otr", "treš", "ceturt", "piekt", "sest", "septīt", "astot", "devīt"]
ORD_TEENS = ["desmit", "vienpadsmit", "divpadsmit", "trīspadsmit", "četrpadsmit", "piecpadsmit",
             "sešpadsmit", "septiņpadsmit", "astoņpadsmit", "deviņpadsmit"]
ORD_TENS = ["", "desmit", "divdesmit", "trīsdesmit"]

MONTHS = ["janvāris", "februāris", "marts", "aprīlis", "maijs", "jūnijs", "jūlijs", "augusts",
          "septembris", "oktobris", "novembris", "decembris"]
MONTHS_LOC = ["janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā", "jūlijā", "augustā",
              "septembrī", "oktobrī", "novembrī", "decembrī"]

LATVIAN_LETTERS = set("aābcčdeēfgģhiījkķlļmnņoprsštuūvzž")

# Letter names as said when spelling (IBANs, abbreviations).
LETTER_NAMES = {
    "a": "a", "b": "bē", "c": "cē", "d": "dē", "e": "e", "f": "ef", "g": "gē", "h": "hā",
    "i": "i", "j": "jē", "k": "kā", "l": "el", "m": "em", "n": "en", "o": "o", "p": "pē",
    "r": "er", "s": "es", "t": "tē", "u": "u", "v": "vē", "z": "zē",
}


def cardinal(n: int, feminine: bool = False, style_rng: random.Random | None = None) -> str:
    """Cardinal number in nominative, 0 <= n < 1e7."""
    if n < 0:
        raise ValueError("negative")
    if n == 0:
        return "nulle"
    rng = style_rng
    parts: list[str] = []
    millions, rest = divmod(n, 1_000_000)
    thousands, rest = divmod(rest, 1000)
    if millions:
        parts.append("miljons" if millions == 1 else _below_thousand(millions, False, rng) + " miljoni")
    if thousands:
        if thousands == 1:
            parts.append("tūkstotis")
        else:
            parts.append(_below_thousand(thousands, False, rng) + " tūkstoši")
    if rest:
        parts.append(_below_thousand(rest, feminine, rng))
    return " ".join(parts)


def _below_thousand(n: int, feminine: bool, rng: random.Random | None) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        if hundreds == 1:
            parts.append("simts")
        elif rng is not None and rng.random() < 0.4:
            parts.append(HUNDRED_STEMS[hundreds] + "simt")  # "divsimt" alongside "divi simti"
        else:
            parts.append(UNITS[hundreds] + " simti")
    if rest:
        parts.append(_below_hundred(rest, feminine))
    return " ".join(parts)


def _below_hundred(n: int, feminine: bool) -> str:
    units = UNITS_FEM if feminine else UNITS
    if n < 10:
        return units[n]
    if n < 20:
        return TEENS[n - 10]
    tens, u = divmod(n, 10)
    return TENS[tens] + ("" if u == 0 else " " + units[u])


def ordinal(n: int, case: str = "nom") -> str:
    """Masculine ordinal 1..31 or a year-like number; case nom | gen | loc."""
    ending = {"nom": "ais", "gen": "ā", "loc": "ajā"}[case]
    if n >= 100:
        head, last = divmod(n, 100)
        if last == 0:
            raise ValueError("round hundreds have no ordinal form here")
        return cardinal(head * 100) + " " + ordinal(last, case)
    if n < 10:
        return ORD_UNITS[n] + ending
    if n < 20:
        return ORD_TEENS[n - 10] + ending
    tens, u = divmod(n, 10)
    if u == 0:
        return TENS[tens] + ending
    return TENS[tens] + " " + ORD_UNITS[u] + ending


def year_genitive(year: int) -> str:
    """'divi tūkstoši divdesmit ceturtā gada'."""
    if year % 100 == 0:
        return cardinal(year) + " gada"
    return ordinal(year, "gen") + " gada"


def spoken_date(rng: random.Random) -> str:
    year = rng.randint(1935, 2030)
    month = rng.randint(0, 11)
    day = rng.randint(1, 28)
    style = rng.random()
    if style < 0.4:
        return f"{year_genitive(year)} {ordinal(day, 'loc')} {MONTHS_LOC[month]}"
    if style < 0.7:
        return f"{ordinal(day, 'nom')} {MONTHS[month]} {cardinal(year)}"
    return f"{year_genitive(year)} {ordinal(day, 'nom')} {MONTHS[month]}"


def digit_groups(digits: str, rng: random.Random) -> str:
    """Digits said in groups of one or two, the way people read codes."""
    out = []
    i = 0
    while i < len(digits):
        take = 2 if (rng.random() < 0.6 and i + 1 < len(digits) and digits[i] != "0") else 1
        chunk = digits[i:i + take]
        out.append(cardinal(int(chunk)) if take == 2 else UNITS[int(chunk)])
        i += take
    return " ".join(out)


def spoken_personal_code(rng: random.Random) -> str:
    if rng.random() < 0.2:
        digits = "32" + "".join(str(rng.randint(0, 9)) for _ in range(4))
    else:
        digits = f"{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}{rng.randint(0, 99):02d}"
    tail = "".join(str(rng.randint(0, 9)) for _ in range(5))
    return f"{digit_groups(digits, rng)} domuzīme {digit_groups(tail, rng)}"


def spoken_phone(rng: random.Random) -> str:
    digits = rng.choice(["2", "6"]) + "".join(str(rng.randint(0, 9)) for _ in range(7))
    return digit_groups(digits, rng)


def spoken_money(rng: random.Random) -> str:
    euros = rng.choice([rng.randint(1, 99), rng.randint(100, 999), rng.randint(1000, 5000)])
    cents = rng.randint(0, 99)
    text = cardinal(euros, style_rng=rng) + " eiro"
    if cents and rng.random() < 0.6:
        text += " un " + cardinal(cents) + " centi"
    return text


def spoken_iban(rng: random.Random) -> str:
    bank = "".join(rng.choice("abcdefghijklmnoprstuvz") for _ in range(4))
    letters = " ".join(LETTER_NAMES[c] for c in "lv")
    check = digit_groups(f"{rng.randint(10, 99)}", rng)
    bank_spoken = " ".join(LETTER_NAMES[c] for c in bank)
    acct = digit_groups("".join(str(rng.randint(0, 9)) for _ in range(13)), rng)
    return f"{letters} {check} {bank_spoken} {acct}"


_PUNCT_RE = re.compile(r"[^\w\s'-]", re.UNICODE)


def normalise_plain(text: str) -> str | None:
    """Lower-case, strip punctuation; None when the sentence holds digits, foreign
    letters or abbreviations that would need a spoken form we cannot be sure of."""
    text = unicodedata.normalize("NFC", text)
    if re.search(r"\d", text):
        return None
    if re.search(r"\b[A-ZĀČĒĢĪĶĻŅŠŪŽ]{2,}\b", text):
        return None
    text = text.replace("–", " ").replace("—", " ").replace("-", " ")
    text = _PUNCT_RE.sub(" ", text).lower()
    text = text.replace("'", " ")
    words = text.split()
    for w in words:
        if not set(w) <= LATVIAN_LETTERS:
            return None
    return " ".join(words) if words else None
