"""UN names as a Russian-language list would spell them: the English spelling transcribed
into Cyrillic by the usual English-to-Russian practical rules (kh х, sh ш, zh ж, ch ч,
ya я...), and the common words of organisation names translated (Trading Company:
торговая компания). Made here for the benchmark, not taken from any list: a measure of
how a member state's Cyrillic spelling of a listed name finds its entry, beside the
other-script measure that takes the UN list's own Arabic and Chinese spellings."""

from __future__ import annotations

import re

DIGRAPHS = (
    ("shch", "щ"), ("sch", "ш"), ("kh", "х"), ("zh", "ж"), ("ch", "ч"), ("sh", "ш"),
    ("ts", "ц"), ("dj", "дж"), ("gh", "г"), ("th", "т"), ("dh", "д"), ("ph", "ф"),
    ("yu", "ю"), ("ya", "я"), ("ye", "е"), ("yo", "ё"), ("ou", "у"), ("oo", "у"),
    ("ee", "и"), ("ck", "к"), ("qu", "кв"), ("ia", "ия"), ("iy", "ий"), ("ai", "ай"),
    ("ei", "ей"), ("oi", "ой"), ("ui", "уй"), ("ay", "ай"), ("ey", "ей"), ("oy", "ой"),
    ("uy", "уй"),
)  # fmt: skip
CYRILLIC = ["а", "б", "в", "г", "д", "е", "з", "и", "дж", "к", "л", "м", "н", "о", "п", "р", "с",
            "т", "у", "ф", "х", "к", "й", "в", "кс", "к"]  # fmt: skip
LETTERS = dict(zip("abvgdezijklmnoprstufhcywxq", CYRILLIC, strict=True))
WORDS = {
    "trading": "торговая", "trade": "торговая", "company": "компания",
    "corporation": "корпорация", "corp": "корпорация", "shipping": "судоходная",
    "international": "международная", "industries": "промышленная",
    "industrial": "промышленная", "bank": "банк", "charity": "благотворительный",
    "charitable": "благотворительный", "foundation": "фонд", "society": "общество",
    "association": "ассоциация", "committee": "комитет", "limited": "лтд", "ltd": "лтд",
    "the": "", "of": "", "and": "и", "organization": "организация", "front": "фронт",
    "army": "армия", "movement": "движение", "group": "группа", "islamic": "исламская",
    "state": "государство", "network": "сеть", "party": "партия", "brigade": "бригада",
    "council": "совет",
}  # fmt: skip


def transcribe(word: str) -> str:
    """One English-spelt word in Cyrillic, letter group by letter group."""
    text, out, i = word.lower(), "", 0
    while i < len(text):
        for latin, cyrillic in DIGRAPHS:
            if text.startswith(latin, i):
                out += cyrillic
                i += len(latin)
                break
        else:
            char = text[i]
            out += LETTERS.get(char, "" if char.isascii() and char.isalpha() else char)
            i += 1
    return "э" + out[1:] if out.startswith("е") else out


def in_russian(name: str) -> str:
    """A Latin name as a Russian-language list would write it."""
    name = re.sub(r"['’‘`ʿʾ]", "", name)
    words = (WORDS.get(w.lower().strip(".,"), w) for w in name.split())
    text = transcribe(" ".join(w for w in words if w))
    return " ".join(part.capitalize() for part in re.split(r"[\s\-]+", text) if part)
