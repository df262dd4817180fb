"""Languages the tool knows, and every fact about them it uses, in one table:
names (English and native), gettext plural rule, direction, script, the
glossary's stemmer, whether nouns inflect.

The plural rules are those of GNU gettext's and CLDR's tables; a catalog created
for one of these languages gets a correct ``Plural-Forms`` header.  Codes are
ISO 639-1 (``fr``), optionally with a region or script (``pt_BR``, ``zh_Hant``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import UnknownLanguage

_ONE = "nplurals=2; plural=(n != 1);"
_GT_ONE = "nplurals=2; plural=(n > 1);"
_NONE = "nplurals=1; plural=0;"
_EAST_SLAVIC = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                "(n%100<10 || n%100>=20) ? 1 : 2);")


@dataclass(frozen=True)
class Language:
    """A language the tool can create catalogs for, with every fact about it
    that the tool uses.

    Attributes:
        code: Its code, normalized (``fr``, ``pt_BR``).
        name: Its name in English (``French``).
        native: Its name in itself, for language switchers (``Français``).
        plural_forms: The ``Plural-Forms`` header of GNU gettext's table.
        direction: ``ltr``, or ``rtl`` for a language written right to left.
        script: The script it is written in (``latin``, ``cyrillic``,
            ``arabic``...).
        stemmer: The Snowball algorithm with which the glossary accepts
            inflected forms (None: forms are compared as written).
        inflecting: Its nouns inflect for case (or, in Arabic, fuse with
            articles and prepositions): a glossary form cannot be pasted
            into a sentence, so machine translation flags it instead.
    """

    code: str
    name: str
    native: str
    plural_forms: str
    direction: str = "ltr"
    script: str = "latin"
    stemmer: str | None = None
    inflecting: bool = False

    @property
    def rtl(self) -> bool:
        """Whether the language is written right to left."""
        return self.direction == "rtl"


#: Every language fact the tool uses, one row each (see :class:`Language`).
_TABLE: dict[str, Language] = {language.code: language for language in (
    Language("af", "Afrikaans", "Afrikaans", _ONE),
    Language("am", "Amharic", "አማርኛ", _GT_ONE, script="ethiopic"),
    Language("ar", "Arabic", "العربية",
             'nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : '
             'n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);',
             direction="rtl", script="arabic", inflecting=True),
    Language("az", "Azerbaijani", "Azərbaycan dili", _ONE, inflecting=True),
    Language("be", "Belarusian", "Беларуская", _EAST_SLAVIC, script="cyrillic", inflecting=True),
    Language("bg", "Bulgarian", "Български", _ONE, script="cyrillic", inflecting=True),
    Language("bn", "Bengali", "বাংলা", _ONE, script="bengali", inflecting=True),
    Language("bs", "Bosnian", "Bosanski", _EAST_SLAVIC, inflecting=True),
    Language("ca", "Catalan", "Català", _ONE),
    Language("cs", "Czech", "Čeština",
             'nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;',
             inflecting=True),
    Language("cy", "Welsh", "Cymraeg",
             'nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n '
             '!= 11) ? 2 : 3;',
             inflecting=True),
    Language("da", "Danish", "Dansk", _ONE),
    Language("de", "German", "Deutsch", _ONE, inflecting=True),
    Language("el", "Greek", "Ελληνικά", _ONE, script="greek", inflecting=True),
    Language("en", "English", "English", _ONE),
    Language("eo", "Esperanto", "Esperanto", _ONE),
    Language("es", "Spanish", "Español", _ONE, stemmer="spanish"),
    Language("et", "Estonian", "Eesti", _ONE, inflecting=True),
    Language("eu", "Basque", "Euskara", _ONE, inflecting=True),
    Language("fa", "Persian", "فارسی", _GT_ONE, direction="rtl", script="arabic", inflecting=True),
    Language("fi", "Finnish", "Suomi", _ONE, inflecting=True),
    Language("fr", "French", "Français", _GT_ONE, stemmer="french"),
    Language("ga", "Irish", "Gaeilge",
             'nplurals=5; plural=n==1 ? 0 : n==2 ? 1 : (n>2 && n<7) ? 2 '
             ':(n>6 && n<11) ? 3 : 4;',
             inflecting=True),
    Language("gl", "Galician", "Galego", _ONE),
    Language("ha", "Hausa", "Hausa", _ONE),
    Language("he", "Hebrew", "עברית", _ONE, direction="rtl", script="hebrew", inflecting=True),
    Language("hi", "Hindi", "हिन्दी", _ONE, script="devanagari", inflecting=True),
    Language("hr", "Croatian", "Hrvatski", _EAST_SLAVIC, inflecting=True),
    Language("hu", "Hungarian", "Magyar", _ONE, inflecting=True),
    Language("hy", "Armenian", "Հայերեն", _GT_ONE, script="armenian", inflecting=True),
    Language("id", "Indonesian", "Bahasa Indonesia", _NONE),
    Language("is", "Icelandic", "Íslenska",
             'nplurals=2; plural=(n%10 != 1 || n%100 == 11);',
             inflecting=True),
    Language("it", "Italian", "Italiano", _ONE),
    Language("ja", "Japanese", "日本語", _NONE, script="japanese"),
    Language("ka", "Georgian", "ქართული", _ONE, script="georgian", inflecting=True),
    Language("kk", "Kazakh", "Қазақ тілі", _ONE, script="cyrillic", inflecting=True),
    Language("km", "Khmer", "ខ្មែរ", _NONE, script="khmer"),
    Language("ko", "Korean", "한국어", _NONE, script="hangul"),
    Language("ky", "Kyrgyz", "Кыргызча", _ONE, script="cyrillic", inflecting=True),
    Language("lt", "Lithuanian", "Lietuvių",
             'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && '
             '(n%100<10 || n%100>=20) ? 1 : 2);',
             inflecting=True),
    Language("lv", "Latvian", "Latviešu",
             'nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);',
             inflecting=True),
    Language("mk", "Macedonian", "Македонски",
             'nplurals=2; plural=(n % 10 == 1 && n % 100 != 11) ? 0 : 1;',
             script="cyrillic", inflecting=True),
    Language("ml", "Malayalam", "മലയാളം", _ONE, script="malayalam"),
    Language("mn", "Mongolian", "Монгол", _ONE, script="cyrillic"),
    Language("mr", "Marathi", "मराठी", _ONE, script="devanagari"),
    Language("ms", "Malay", "Bahasa Melayu", _NONE),
    Language("my", "Burmese", "မြန်မာ", _NONE, script="myanmar"),
    Language("nb", "Norwegian Bokmål", "Norsk bokmål", _ONE),
    Language("ne", "Nepali", "नेपाली", _ONE, script="devanagari"),
    Language("nl", "Dutch", "Nederlands", _ONE),
    Language("nn", "Norwegian Nynorsk", "Norsk nynorsk", _ONE),
    Language("pa", "Punjabi", "ਪੰਜਾਬੀ", _ONE, script="gurmukhi"),
    Language("pl", "Polish", "Polski",
             'nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && '
             '(n%100<10 || n%100>=20) ? 1 : 2);',
             inflecting=True),
    Language("ps", "Pashto", "پښتو", _ONE, direction="rtl", script="arabic"),
    Language("pt", "Portuguese", "Português", _GT_ONE),
    Language("ro", "Romanian", "Română",
             'nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 '
             '< 20)) ? 1 : 2);'),
    Language("ru", "Russian", "Русский",
             _EAST_SLAVIC,
             script="cyrillic", stemmer="russian", inflecting=True),
    Language("sk", "Slovak", "Slovenčina",
             'nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;',
             inflecting=True),
    Language("sl", "Slovenian", "Slovenščina",
             'nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 '
             '|| n%100==4 ? 2 : 3);',
             inflecting=True),
    Language("so", "Somali", "Soomaali", _ONE),
    Language("sq", "Albanian", "Shqip", _ONE, inflecting=True),
    Language("sr", "Serbian", "Српски", _EAST_SLAVIC, script="cyrillic", inflecting=True),
    Language("sv", "Swedish", "Svenska", _ONE),
    Language("sw", "Swahili", "Kiswahili", _ONE),
    Language("ta", "Tamil", "தமிழ்", _ONE, script="tamil", inflecting=True),
    Language("te", "Telugu", "తెలుగు", _ONE, script="telugu", inflecting=True),
    Language("tg", "Tajik", "Тоҷикӣ", _ONE, script="cyrillic"),
    Language("th", "Thai", "ไทย", _NONE, script="thai"),
    Language("tl", "Tagalog", "Tagalog", _GT_ONE),
    Language("tr", "Turkish", "Türkçe", _GT_ONE, inflecting=True),
    Language("uk", "Ukrainian", "Українська", _EAST_SLAVIC, script="cyrillic", inflecting=True),
    Language("ur", "Urdu", "اردو", _ONE, direction="rtl", script="arabic", inflecting=True),
    Language("uz", "Uzbek", "Oʻzbekcha", _GT_ONE, inflecting=True),
    Language("vi", "Vietnamese", "Tiếng Việt", _NONE),
    Language("yo", "Yoruba", "Yorùbá", _NONE),
    Language("zh", "Chinese", "中文", _NONE, script="han"),
    Language("zu", "Zulu", "isiZulu", _ONE),
)}


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
    language = _TABLE[normalized.split("_", 1)[0]]
    return language if language.code == normalized else replace(language, code=normalized)
