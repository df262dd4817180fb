"""Languages the tool knows: their English name and gettext plural rule.

The plural rules are those of GNU gettext's and CLDR's tables; a catalog created
for one of these languages gets a correct ``Plural-Forms`` header.  Codes are
ISO 639-1 (``fr``), optionally with a region or script (``pt_BR``, ``zh_Hant``).
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UnknownLanguage

_ONE = "nplurals=2; plural=(n != 1);"
_GT_ONE = "nplurals=2; plural=(n > 1);"
_NONE = "nplurals=1; plural=0;"
_EAST_SLAVIC = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                "(n%100<10 || n%100>=20) ? 1 : 2);")


@dataclass(frozen=True)
class Language:
    """A language the tool can create catalogs for."""

    code: str
    name: str
    plural_forms: str
    rtl: bool = False


_TABLE: dict[str, tuple[str, str, bool]] = {
    "af": ("Afrikaans", _ONE, False),
    "am": ("Amharic", _GT_ONE, False),
    "ar": ("Arabic", "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
                     "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);", True),
    "az": ("Azerbaijani", _ONE, False),
    "be": ("Belarusian", _EAST_SLAVIC, False),
    "bg": ("Bulgarian", _ONE, False),
    "bn": ("Bengali", _ONE, False),
    "bs": ("Bosnian", _EAST_SLAVIC, False),
    "ca": ("Catalan", _ONE, False),
    "cs": ("Czech", "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;", False),
    "cy": ("Welsh", "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;",
           False),
    "da": ("Danish", _ONE, False),
    "de": ("German", _ONE, False),
    "el": ("Greek", _ONE, False),
    "en": ("English", _ONE, False),
    "eo": ("Esperanto", _ONE, False),
    "es": ("Spanish", _ONE, False),
    "et": ("Estonian", _ONE, False),
    "eu": ("Basque", _ONE, False),
    "fa": ("Persian", _GT_ONE, True),
    "fi": ("Finnish", _ONE, False),
    "fr": ("French", _GT_ONE, False),
    "ga": ("Irish", "nplurals=5; plural=n==1 ? 0 : n==2 ? 1 : (n>2 && n<7) ? 2 :"
                    "(n>6 && n<11) ? 3 : 4;", False),
    "gl": ("Galician", _ONE, False),
    "ha": ("Hausa", _ONE, False),
    "he": ("Hebrew", _ONE, True),
    "hi": ("Hindi", _ONE, False),
    "hr": ("Croatian", _EAST_SLAVIC, False),
    "hu": ("Hungarian", _ONE, False),
    "hy": ("Armenian", _GT_ONE, False),
    "id": ("Indonesian", _NONE, False),
    "is": ("Icelandic", "nplurals=2; plural=(n%10 != 1 || n%100 == 11);", False),
    "it": ("Italian", _ONE, False),
    "ja": ("Japanese", _NONE, False),
    "ka": ("Georgian", _ONE, False),
    "kk": ("Kazakh", _ONE, False),
    "km": ("Khmer", _NONE, False),
    "ko": ("Korean", _NONE, False),
    "ky": ("Kyrgyz", _ONE, False),
    "lt": ("Lithuanian", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
                         "(n%100<10 || n%100>=20) ? 1 : 2);", False),
    "lv": ("Latvian", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);", False),
    "mk": ("Macedonian", "nplurals=2; plural=(n % 10 == 1 && n % 100 != 11) ? 0 : 1;", False),
    "ml": ("Malayalam", _ONE, False),
    "mn": ("Mongolian", _ONE, False),
    "mr": ("Marathi", _ONE, False),
    "ms": ("Malay", _NONE, False),
    "my": ("Burmese", _NONE, False),
    "nb": ("Norwegian Bokmål", _ONE, False),
    "ne": ("Nepali", _ONE, False),
    "nl": ("Dutch", _ONE, False),
    "nn": ("Norwegian Nynorsk", _ONE, False),
    "pa": ("Punjabi", _ONE, False),
    "pl": ("Polish", "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && "
                     "(n%100<10 || n%100>=20) ? 1 : 2);", False),
    "ps": ("Pashto", _ONE, True),
    "pt": ("Portuguese", _GT_ONE, False),
    "ro": ("Romanian", "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) "
                       "? 1 : 2);", False),
    "ru": ("Russian", _EAST_SLAVIC, False),
    "sk": ("Slovak", "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;", False),
    "sl": ("Slovenian", "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || "
                        "n%100==4 ? 2 : 3);", False),
    "so": ("Somali", _ONE, False),
    "sq": ("Albanian", _ONE, False),
    "sr": ("Serbian", _EAST_SLAVIC, False),
    "sv": ("Swedish", _ONE, False),
    "sw": ("Swahili", _ONE, False),
    "ta": ("Tamil", _ONE, False),
    "te": ("Telugu", _ONE, False),
    "tg": ("Tajik", _ONE, False),
    "th": ("Thai", _NONE, False),
    "tl": ("Tagalog", _GT_ONE, False),
    "tr": ("Turkish", _GT_ONE, False),
    "uk": ("Ukrainian", _EAST_SLAVIC, False),
    "ur": ("Urdu", _ONE, True),
    "uz": ("Uzbek", _GT_ONE, False),
    "vi": ("Vietnamese", _NONE, False),
    "yo": ("Yoruba", _NONE, False),
    "zh": ("Chinese", _NONE, False),
    "zu": ("Zulu", _ONE, False),
}


def normalize_code(code: str, where: tuple[str, int | None] | None = None) -> str:
    """A language code in gettext's form: ``fr``, ``pt_BR``, ``zh_Hant``, ``sr_Latn_RS``.

    The language is lower case, a script (four letters) title case and a
    region (two letters or three digits) upper case, with ``_`` between them;
    ``FR``, ``pt-br`` and ``zh-hant`` become ``fr``, ``pt_BR`` and ``zh_Hant``.

    Args:
        code: The code, as written in the settings or on the command line.
        where: The file and line the code comes from, for the error message.

    Raises:
        UnknownLanguage: The base language is not in the table, or the rest
            of the code is neither a script nor a region.
    """
    parts = code.strip().replace("-", "_").split("_")
    base = parts[0].lower()
    rest: list[str] = []
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            rest.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            rest.append(part.upper())
        else:
            rest = []
            base = ""
            break
    if base not in _TABLE:
        path, line = where if where else (None, None)
        raise UnknownLanguage(
            path, line, f"unknown language code {code!r}",
            "use an ISO 639-1 code such as 'fr', 'ru', 'es', 'ar' or 'pt_BR'",
        )
    return "_".join([base, *rest])


def get_language(code: str, where: tuple[str, int | None] | None = None) -> Language:
    """Look up a language by its code (``fr``, ``pt_BR``, ``zh-Hant``).

    Args:
        code: The code, as written in the settings or on the command line.
        where: The file and line the code comes from, for the error message.

    Raises:
        UnknownLanguage: The base language is not in the table.
    """
    normalized = normalize_code(code, where)
    name, plural_forms, rtl = _TABLE[normalized.split("_", 1)[0]]
    return Language(code=normalized, name=name, plural_forms=plural_forms, rtl=rtl)
