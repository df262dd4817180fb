"""The words of the site's own interface, in each language it speaks.

A page's chrome (the skip link, the language switcher's label, the listing's
heading...) is in the page's language.  Languages missing here get English;
a project can replace any of these with its own templates.
"""

from __future__ import annotations

__all__ = ["ui_strings"]

_ENGLISH = {
    "skip": "Skip to content",
    "languages": "Languages",
    "releases": "Press releases",
    "published": "Published",
    "feed": "News feed (Atom)",
    "choose": "Choose a language",
    "all": "All releases",
}

_STRINGS: dict[str, dict[str, str]] = {
    "en": _ENGLISH,
    "fr": {"skip": "Aller au contenu", "languages": "Langues", "releases": "Communiqués de presse",
           "published": "Publié le", "feed": "Fil d’actualité (Atom)",
           "choose": "Choisissez une langue", "all": "Tous les communiqués"},
    "es": {"skip": "Ir al contenido", "languages": "Idiomas", "releases": "Comunicados de prensa",
           "published": "Publicado el", "feed": "Canal de noticias (Atom)",
           "choose": "Elija un idioma", "all": "Todos los comunicados"},
    "ru": {"skip": "Перейти к содержанию", "languages": "Языки", "releases": "Пресс-релизы",
           "published": "Опубликовано", "feed": "Лента новостей (Atom)",
           "choose": "Выберите язык", "all": "Все пресс-релизы"},
    "ar": {"skip": "انتقل إلى المحتوى", "languages": "اللغات", "releases": "البيانات الصحفية",
           "published": "نُشر في", "feed": "موجز الأخبار (Atom)", "choose": "اختر لغة",
           "all": "كل البيانات الصحفية"},
    "de": {"skip": "Zum Inhalt springen", "languages": "Sprachen", "releases": "Pressemitteilungen",
           "published": "Veröffentlicht am", "feed": "Newsfeed (Atom)",
           "choose": "Sprache wählen", "all": "Alle Pressemitteilungen"},
    "pt": {"skip": "Ir para o conteúdo", "languages": "Idiomas", "releases": "Comunicados de imprensa",
           "published": "Publicado em", "feed": "Feed de notícias (Atom)",
           "choose": "Escolha um idioma", "all": "Todos os comunicados"},
    "it": {"skip": "Vai al contenuto", "languages": "Lingue", "releases": "Comunicati stampa",
           "published": "Pubblicato il", "feed": "Feed delle notizie (Atom)",
           "choose": "Scegli una lingua", "all": "Tutti i comunicati"},
    "uk": {"skip": "Перейти до змісту", "languages": "Мови", "releases": "Прес-релізи",
           "published": "Опубліковано", "feed": "Стрічка новин (Atom)", "choose": "Оберіть мову",
           "all": "Усі прес-релізи"},
    "zh": {"skip": "跳到内容", "languages": "语言", "releases": "新闻稿", "published": "发布于",
           "feed": "新闻订阅（Atom）", "choose": "选择语言", "all": "全部新闻稿"},
}


def ui_strings(language: str) -> dict[str, str]:
    """The interface words for a language code (``pt_BR`` takes ``pt``'s),
    English where a word or the language is missing."""
    base = language.replace("-", "_").split("_", 1)[0].lower()
    return {**_ENGLISH, **_STRINGS.get(base, {})}
