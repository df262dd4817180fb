"""Which language a text is written in, for ``translate check``.

Two stages, so that a check of thousands of correct translations stays fast
and deterministic:

1. A cheap first look that only ever says "clearly the expected language":
   for a language with its own script (Russian, Arabic...), most letters are
   in that script; for a Latin-script language with a list below, its
   function words and letters are there and hardly any of those of the other
   languages compared (the project's source and target languages).
2. Otherwise langdetect decides, seeded (``seed = 0``) so that the same text
   always gives the same answer, with the profiles of the project's languages
   only: loading all 55 profiles costs about 0.35 s, five cost 10 ms.

langdetect is imported on first use only, and only when stage 1 is not sure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["LanguageGuesser", "script_of", "letters"]

_LETTER_RE = re.compile(r"[^\W\d_]")
_WORD_RE = re.compile(r"[^\W\d_]+")

_SCRIPT_RANGES = {
    "cyrillic": re.compile(r"[\u0400-\u052f]"),
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"),
    "greek": re.compile(r"[\u0370-\u03ff]"),
    "hebrew": re.compile(r"[\u0590-\u05ff]"),
}
_SCRIPTS = {
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg"), "cyrillic"),
    **dict.fromkeys(("ar", "fa", "ur", "ps"), "arabic"),
    "el": "greek",
    "he": "hebrew",
}

# Frequent function words, and letters with diacritics, of some Latin-script
# languages.  Only what tells one of the languages being compared from the
# others counts: a word or letter listed for two of them is dropped (French
# and Spanish share "de", "la", "en"; Spanish and Portuguese "para", "ó").
_FUNCTION_WORDS = {
    "en": "the of and to is that for with was were by this from have has are be which it "
          "as at their they will would not been its an on or but also after into",
    "fr": "le les des du et est une un dans pour sur au aux avec qui ont été par ce cette "
          "ses sont pas elle nous leur leurs plus ainsi lors également à l d qu où mais "
          "très tous toutes aussi après avant depuis sans sous chez vers dont selon ou",
    "es": "el los las del y que una un por para con su sus al es fue han como más entre "
          "sobre este esta estos también durante ha muy pero desde hasta cuando donde "
          "otros otras todos ya así según sin tras mediante hacia o",
    "de": "der die das und ist nicht mit von zu den dem ein eine auf für sich des im auch "
          "wurde",
    "it": "il di che è della delle degli gli nel nella per con sono una un alla dei anche",
    "pt": "o os as do da dos das em não uma um com para que foi são pelo pela",
    "nl": "de het een van en is niet met voor zijn op dat die werd ook",
}
_LETTERS = {
    "fr": "àâçèêëîïôûùœ",
    "es": "ñáíóú¿¡",
    "de": "äöüß",
    "it": "àèìòù",
    "pt": "ãõçâêôáíóúà",
}


def _features(languages: Iterable[str]) -> tuple[dict[str, str], dict[str, str]]:
    """(word -> language, letter -> language) for the words and letters that
    tell one of the languages from the others."""
    languages = list(languages)
    out = []
    for table, split in ((_FUNCTION_WORDS, str.split), (_LETTERS, list)):
        owners: dict[str, set[str]] = {}
        for code in languages:
            for item in split(table.get(code, "")):
                owners.setdefault(item, set()).add(code)
        out.append({item: codes.pop() for item, codes in owners.items() if len(codes) == 1})
    return out[0], out[1]


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))


def _base(code: str) -> str:
    return code.replace("-", "_").split("_", 1)[0].lower()


def script_of(language: str) -> str:
    """The script a language is written in: ``latin`` unless listed otherwise."""
    return _SCRIPTS.get(_base(language), "latin")


def letters(text: str) -> int:
    """How many letters a text has."""
    return len(_LETTER_RE.findall(text))


class LanguageGuesser:
    """Tells whether texts are in an expected language.

    Args:
        languages: The languages a text may be in (the project's source and
            target languages): langdetect compares these only.
        seed: langdetect's seed, for deterministic answers.
    """

    #: The probability the most likely other language needs, and the most the
    #: expected one may have, for a text to count as not in its language.
    OTHER_AT_LEAST = 0.9
    EXPECTED_AT_MOST = 0.1

    def __init__(self, languages: Iterable[str], seed: int = 0) -> None:
        self.languages = list(dict.fromkeys(_base(code) for code in languages))
        self.seed = seed
        self._factory = None
        self.detections = 0
        latin = [code for code in self.languages if script_of(code) == "latin"]
        self._words, self._letters = _features(latin)
        self._letters_re = (re.compile("[" + "".join(sorted(self._letters)) + "]")
                            if self._letters else None)
        self._by_language: dict[str, tuple[frozenset[str], ...]] = {}

    def clearly(self, text: str, language: str) -> bool:
        """Whether a quick look is enough to tell the text is in the language
        (never that it is not: that is for langdetect)."""
        code = _base(language)
        script = _SCRIPTS.get(code)
        if script is not None:
            # Letters in the expected script, and hardly any Latin ones
            # (names written as in the source are allowed).
            ascii_text = text.encode("ascii", "ignore")
            latin = len(ascii_text) - len(ascii_text.translate(None, _ASCII_LETTERS))
            other = len(text) - len(ascii_text)
            return latin <= 0.25 * other and _SCRIPT_RANGES[script].search(text) is not None
        if code not in _FUNCTION_WORDS or code not in self.languages:
            return False
        own_words, other_words, own_letters = self._sets(code)
        lowered = text.lower()
        words = lowered.split()
        mine = sum(map(own_words.__contains__, words))
        others = sum(map(other_words.__contains__, words))
        if self._letters_re is not None:
            letters = self._letters_re.findall(lowered)
            own = sum(map(own_letters.__contains__, letters))
            mine += own
            others += len(letters) - own
        # Others are counted together: stricter than one language at a time.
        return mine >= 2 and mine >= 3 * others

    def _sets(self, code: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
        sets = self._by_language.get(code)
        if sets is None:
            sets = self._by_language[code] = (
                frozenset(w for w, owner in self._words.items() if owner == code),
                frozenset(w for w, owner in self._words.items() if owner != code),
                frozenset(c for c, owner in self._letters.items() if owner == code))
        return sets

    def probabilities(self, text: str) -> dict[str, float]:
        """langdetect's probability for each of the languages (empty when the
        text has nothing it can use)."""
        from langdetect.lang_detect_exception import LangDetectException

        factory = self._load()
        detector = factory.create()
        detector.append(text)
        self.detections += 1
        try:
            detector.get_probabilities()
        except LangDetectException:
            return {}
        return dict(zip(factory.langlist, detector.langprob))

    def other_language(self, text: str, language: str) -> tuple[str, float, float] | None:
        """The language the text is in when it is clearly not ``language``:
        (that language, its probability, the probability of ``language``);
        None when the text is in ``language`` or langdetect cannot tell."""
        code = _base(language)
        if self.clearly(text, code):
            return None
        probabilities = self.probabilities(text)
        if not probabilities:
            return None
        expected = probabilities.get(code, 0.0)
        best = max(probabilities, key=probabilities.__getitem__)
        if (best != code and probabilities[best] >= self.OTHER_AT_LEAST
                and expected <= self.EXPECTED_AT_MOST):
            return best, probabilities[best], expected
        return None

    def _load(self):
        if self._factory is None:
            import json
            from pathlib import Path

            from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
            from langdetect.utils.lang_profile import LangProfile

            factory = DetectorFactory()
            factory.seed = self.seed
            # DetectorFactory.load_profile() reads every profile in the folder;
            # add_profile() with the number of profiles we load does the same
            # for the few we need.
            names = [code for code in self.languages
                     if (Path(PROFILES_DIRECTORY) / code).is_file()]
            for index, code in enumerate(names):
                with open(Path(PROFILES_DIRECTORY) / code, encoding="utf-8") as handle:
                    factory.add_profile(LangProfile(**json.load(handle)), index, len(names))
            self._factory = factory
        return self._factory
