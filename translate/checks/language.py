"""Which language a text is written in, for ``translate check``.

The verdict never depends on the languages a project configures or selects:
a text is weighed against every language the tool knows, in two stages, so
that a check of thousands of correct translations stays fast and
deterministic.

1. **Evidence**, cheap to gather: the function words and the letters of each
   language (its alphabet; its script, for a language alone in its script),
   weighed pairwise.  For the expected language E and each other language O,
   what in the text belongs to E and not to O counts for E, what belongs to
   O and not to E counts for O: *le*, *est* and *ç* count for French over
   Spanish, *el*, *los* and *ñ* for Spanish over French, *de*, *la* and *é*
   for neither.  O is a *rival* when at least 2 features count for it and
   more for it than for E; for a close relative of E (:func:`related`), and
   for any O when langdetect has no profile of E, the evidence must be
   overwhelming: at least 3, and 3 times what counts for E.  A rival must be
   backed both in the text as it is and once what says nothing of a language
   is removed (code, placeholders, words in capitals; the letters of
   capitalised words, names, never count).  A text with no rival is in its
   language, and langdetect is not asked.
2. Otherwise **langdetect** decides, seeded (``seed = 0``) so that the same
   text always gives the same answer, comparing all its 55 profiles.  The
   text is reported as O only when langdetect gives O at least 0.9 and E at
   most 0.1, *and* O is a rival: langdetect alone takes a table of language
   names for Indonesian, and correct Portuguese for Galician.

On the 266,000 translations of 40 letters or more in Debian's compiled
catalogs (/usr/share/locale, 78 languages) this reports 12, all English text
left untranslated; on 48,000 windows of English documentation
(/usr/share/doc, package READMEs), 2, both in an Italian licence.

langdetect is imported on first use only; its profiles are read once per
process, in about 0.05 s (langdetect's own loader takes 0.35 s), see
:func:`profiles`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable

__all__ = ["LanguageGuesser", "letters", "profiles", "related", "script_of"]

_LETTER_RE = re.compile(r"[^\W\d_]")

# --- what each language looks like ---------------------------------------------
#
# Function words: the most frequent short words (articles, prepositions,
# conjunctions, pronouns, auxiliaries), lowercase and NFC, as the text splits
# them: hyphens split words, an apostrophe stays with the elided part (French
# "l'", "qu'", English "'s"), so that a lone "C" is not French.  A word listed
# for several languages favours none of them over the others, so each list
# also holds the words it shares with its neighbours: that keeps French "a"
# and "y" from counting against French.  A language is only as well defended
# as its list is complete: an incomplete list makes the check ask langdetect
# more often, never report more.

#: Latin script: (the letters of the alphabet beyond a-z, function words).
_LATIN: dict[str, tuple[str, str]] = {
    "en": ("", "the of and to in a is that for it as was with be by on not he i this are "
               "or his from at which but have an they you were her she there been their "
               "has one all would will we its also can if more no when who so what up out "
               "about than into them only other some could these two may then do first "
               "any my now such like our over me even most made after new did many before "
               "must through back years where much your way well down should because each "
               "just those people how too good very own both being under while last might "
               "us since against however without during around between off few another "
               "within still here why same yet although whether upon shall among per via "
               "plus had am 's 't 'd 'll 're 've 'm"),
    "fr": ("àâæçéèêëîïôœùûüÿ",
           "le la les l' de des du d' un une et est en à au aux dans pour sur par avec qui "
           "que qu' ne n' pas ce cet cette ces c' il elle ils elles nous vous on se s' sa son "
           "ses leur leurs plus ont été être sont était étaient a fait peut mais ou où dont "
           "comme tout tous toutes très sans sous entre après avant depuis lors chez vers "
           "selon ainsi aussi également afin contre notamment je j' y me m' moi lui si "
           "t' jusqu' lorsqu' puisqu'"),
    "es": ("áéíñóúü",
           "el la lo los las de del y e o u a al en un una unos unas que qué por para con "
           "sin no ni se su sus le les me mi nos te es son fue fueron era ha han había como "
           "más pero sobre este esta estos estas ese esa eso entre también desde hasta "
           "cuando donde muy ya tras durante según así todo todos todas otro otros otra "
           "otras porque sido está están hay puede mediante hacia cual cuales quien ante "
           "bajo si sí"),
    "pt": ("áàâãçéêíóôõú",
           "o a os as de do da dos das e em no na nos nas num numa um uma uns umas que para "
           "com por pelo pela pelos pelas não se ao aos à às seu sua seus suas é são foi "
           "foram ser está estão como mais mas também entre sobre até quando onde muito sem "
           "já ou lhe isso este esta esse essa isto ele ela eles elas tem têm há nem após "
           "durante segundo pode si"),
    "gl": ("áéíñóúü",
           "o a os as de do da dos das e en no na nos nas nun nunha un unha uns unhas que "
           "para con por polo pola polos polas non se ao aos á ás seu súa seus súas é son "
           "foi foron ser está están como máis mais pero tamén entre sobre ata cando onde "
           "moi sen xa ou lle iso este esta ese esa isto el ela eles elas ten teñen hai nin "
           "despois durante segundo"),
    "ca": ("àçéèíïóòúü",
           "el la l' els les de d' del dels i o a al als en un una uns unes que per amb no "
           "es s' se és són va van ha han com més però sobre aquest aquesta aquests aquestes "
           "entre també des fins quan on molt sense ja ho li hi seu seva seus seves tot tots "
           "totes altre altres perquè ni ser estat està fer pel pels n' m' 'l 'n 's 'm qui "
           "si"),
    "it": ("àèéìíîòóùú",
           "il lo la i gli le l' di del dello della dei degli delle d' da dal dallo dalla dai "
           "dagli dalle in nel nello nella nei negli nelle su sul sullo sulla sui sugli "
           "sulle con per tra fra un uno una e ed o che non è sono era erano stato stata "
           "stati si ci ne come anche più ma se al allo alla ai agli alle all' dell' nell' "
           "sull' dall' un' quest' quell' questo questa questi queste quello quella suo sua "
           "suoi sue loro ha hanno molto tutti tutto dopo prima senza quando dove c' mi ti "
           "qui lui"),
    "ro": ("ăâîșțşţ",
           "și şi în de la a al ale ai cu pe pentru din că ca este sunt nu se o un una unei "
           "unui unor care mai prin sau dar fost au fi acest această aceste acestei acestui "
           "acesta lor său sa sale după între către până despre fără când sub cel cea cei "
           "cele s"),
    "de": ("äöüß",
           "der die das den dem des ein eine einer eines einem einen und oder aber ist sind "
           "war waren wird werden wurde wurden hat haben hatte hatten nicht mit von zu zum "
           "zur bei nach aus auf für über unter vor durch gegen ohne um im am an ins vom "
           "sich auch noch nur so wie als wenn dass daß es er sie wir ihr ihre ihren ihrem "
           "ihrer sein seine seiner seinen seinem kein keine dieser diese dieses diesem "
           "diesen man mehr sehr schon bis also in"),
    "nl": ("áéíóúëïöüè",
           "de het een en van in is op te dat die voor met zijn niet aan er om ook als bij "
           "of door maar naar dan uit over tot wordt worden werd werden heeft hebben had was "
           "waren zal zou kan deze dit nog wel geen hun haar hij zij ze we wij u mijn meer "
           "onder tussen na tegen zonder ik je jij zo al"),
    "af": ("áéèêëíîïóôöúûüý",
           "die en van in is het nie op vir met te wat aan sy as by om word was ook sal kan "
           "hulle ons hy maar uit na deur tot of meer al 'n daar hierdie wees dat"),
    "da": ("æøåé",
           "og i at det en den til er som på de med af for ikke der var et han har sig fra "
           "hun men om kan efter også skal vil blev ved være havde jeg mig du hvor hvad "
           "eller under deres sin sit sine når over dette disse mod blive kun vi hende man"),
    "nb": ("æøåéèóòô",
           "og i det en er til som på at for med av de ikke den har var et han seg fra om "
           "kan etter også skal vil ble ved være hadde jeg meg du hvor hva eller under "
           "deres sin sitt sine når over dette disse mot bli bare vi hun man eg ikkje kva "
           "ein eit ho dei vart frå"),
    "sv": ("åäöé",
           "och i att det som en på är av för med till den har de inte om ett han var sig "
           "från men kan efter också ska vill blev vid vara hade jag mig du där vad eller "
           "under deras sin sitt sina när över detta dessa mot bli bara hon vi man ha"),
    "is": ("áðéíóúýþæö",
           "og að í á er sem til með það um var en ekki af við hann þessi sig hún þeir þau "
           "eru hafa hefur verið frá eftir eða þegar þar vera voru"),
    "fi": ("äöåšž",
           "ja on ei se että oli hän kun mutta myös tai ovat olla jos niin kuin joka jotka "
           "sen tämä ole vain mukaan sekä kanssa sitä ne nyt vielä olivat ollut hänen "
           "heidän jo mikä voi ei eikä jossa jonka joita näin tätä tässä siitä sitten koska "
           "kaikki eri yli noin kuten enemmän voidaan voit tulee olevan oleva sinun minun "
           "en et emme ette eivät"),
    "et": ("äöõüšž",
           "ja on ei et see oli ta kui aga ka või nad olla kes mis kuid selle seda oma ning "
           "pärast veel juba mida nii kõik nende tema väga koos"),
    "hu": ("áéíóöőúüű",
           "a az és hogy nem is egy van volt meg de csak már ez azt mint még ki el ha vagy "
           "mert pedig sem lesz lett kell szerint után között alatt által minden nagyon "
           "azonban amely amelyek"),
    "pl": ("ąćęłńóśźż",
           "i w na z że do się nie jest to o a od po jak za przez dla oraz są był była było "
           "były ale co tak czy jego jej ich który która które także może już tylko bardzo "
           "przy pod przed między bez ze we ma"),
    "cs": ("áčďéěíňóřšťúůýž",
           "a v na se je že s z do o to k i ve pro jako ale by jsou byl byla bylo byly "
           "který která které také už jen jeho její jejich při po před mezi bez nebo tak "
           "podle ze za u"),
    "sk": ("áäčďéíĺľňóôŕšťúýž",
           "a v na sa je že s z do o to k i vo pre ako ale by sú bol bola bolo boli ktorý "
           "ktorá ktoré tiež už len jeho jej ich pri po pred medzi bez alebo tak podľa zo "
           "za u"),
    "sl": ("čšžćđ",
           "in v na je se da za z s so pa ki ne bi kot ali tudi po iz o pri med do od bil "
           "bila bilo še le ta to ter mi"),
    "hr": ("čćđšž",
           "i u na je se da za s sa su od ne bi kao ili ali koji koja koje što će iz o po "
           "pri do bio bila bilo ovo to te također prema"),
    "bs": ("čćđšž",
           "i u na je se da za s sa su od ne bi kao ili ali koji koja koje što šta će iz o "
           "po pri do bio bila bilo ovo to te također prema"),
    "sr": ("čćđšž",
           "i u na je se da za s sa su od ne bi kao ili ali koji koja koje šta što će iz o "
           "po pri do bio bila bilo ovo to te takođe prema"),
    "lt": ("ąčęėįšųūž",
           "ir į yra kad su iš ne o bet kaip tai jo jos jų per apie tik dar buvo bus kuris "
           "kuri kurie nuo prie po iki taip pat arba"),
    "lv": ("āčēģīķļņšūž",
           "un ir ar uz no par kas ka bet to tā arī vai ne viņš viņa viņu bija būs kā pie "
           "pēc līdz tikai šis šī kuru kurš"),
    "tr": ("çğıöşüâîû",
           "ve bir bu da de için ile olarak olan çok daha gibi en ama ancak ki ne o sonra "
           "kadar her şey değil var yok ise veya hem göre tarafından"),
    "az": ("çəğıöşü",
           "və bir bu da də üçün ilə olaraq olan çox daha kimi ən amma lakin ki nə o sonra "
           "qədər hər şey deyil var yox isə ya həm görə tərəfindən"),
    "uz": ("", "va bu bir uchun bilan ham emas edi lekin yoki esa u ular biz"),
    "id": ("", "dan yang di ke dari ini itu dengan untuk tidak dalam akan pada juga adalah "
               "oleh sebagai telah karena atau ada mereka kami kita saya bisa tersebut para "
               "bagi secara antara lebih sudah"),
    "ms": ("", "dan yang di ke dari ini itu dengan untuk tidak dalam akan pada juga adalah "
               "oleh sebagai telah kerana atau ada mereka kami kita saya boleh tersebut para "
               "bagi secara antara lebih sudah"),
    "tl": ("ñ", "ang ng sa mga na at ay si ni kay para ito iyon hindi may mayroon siya sila "
                "kami tayo ako ikaw ka nang kung pero dahil din rin lamang lang po"),
    "sw": ("", "na ya wa za kwa katika ni la cha vya kuwa hii huo hiyo kama lakini pia au "
               "ambao ambayo hata baada kabla sana yeye wao sisi mimi watu"),
    "so": ("", "iyo oo ka ku u waa ee in la aan ay uu soo ayaa wuxuu waxay kale ah iska ama "
               "laakiin sida ugu"),
    "sq": ("çë", "dhe në të e i një për me që nga është janë u si ka kanë nuk do por ose më "
                 "ky kjo këto këtë ai ajo ata ato pas para"),
    "cy": ("âêîôûŵŷáéíóúàèìòùäëïöü",
           "a ac y yr ar i o yn mae gan ei eu am oedd wedi hyn hwn hon fel ond neu bod nid "
           "na sy sydd gyda rhwng dros"),
    "ga": ("áéíóú", "agus an na ar i is le ag ó go a sé sí siad bhí tá níl ach nó leis don "
                    "den faoi mar sin seo"),
    "eu": ("ñ", "eta da ez bat du dira zen ere baina bere hau hori izan egin dute zuen beste "
                "edo gabe ondoren arte"),
    "eo": ("ĉĝĥĵŝŭ", "la kaj de en estas al ke ne por kun mi vi li ŝi ni ili sed aŭ ankaŭ pri "
                     "tiu tio kiu kio el dum post antaŭ"),
    "vi": ("àáâãèéêìíòóôõùúýăđĩũơư",
           "và của là có được cho không những các một người trong với này đã để đến từ khi "
           "như thì nhưng sẽ ra cũng về theo năm lại"),
    "ha": ("ɓɗƙƴ", "da a ta na ya su ba wani wata cikin kuma don ga shi ita sun za ne ce"),
    "yo": ("àáèéẹìíòóọṣùúń", "ni ti àti ó wọn kò sí fún pé láti nínú tí"),
    "zu": ("", "futhi ukuthi kanye noma kodwa uma ngoba lapho abantu kusuka ukuba"),
}

#: Cyrillic script: (the whole lowercase alphabet, function words).
_CYRILLIC: dict[str, tuple[str, str]] = {
    "ru": ("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
           "и в не на я что с он а как это по но к из у за от же о для так все она бы его "
           "был была были быть ее её их мы вы они уже или только также при этом который "
           "которая которые может после до между без под над через чтобы если когда где "
           "очень со во ко об то й"),
    "uk": ("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
           "і й та в у не на що з як це по але до за від для так все вона б його був була "
           "були бути її їх ми ви вони вже або тільки також при цьому який яка які може "
           "після між без під над через щоб якщо коли де дуже"),
    "be": ("абвгдеёжзійклмнопрстуўфхцчшыьэюя",
           "і ў не на што з як гэта па але да за ад для так усе яна б яго быў была былі "
           "быць яе іх мы вы яны ўжо або толькі таксама пры які якая якія можа пасля "
           "паміж без пад над праз каб калі дзе вельмі"),
    "bg": ("абвгдежзийклмнопрстуфхцчшщъьюя",
           "и в не на да се с е за от по че са ще като това този тази тези които който "
           "която което към при след до без под над през между или но а ли също така вече "
           "само може когато където много беше бил била били"),
    "mk": ("абвгдѓежзѕијклљмнњопрстќуфхцчџш",
           "и во не на да се со е за од по дека ќе како ова овој оваа овие кои кој која кое "
           "кон при до без под над преку меѓу или но а ли исто така веќе само може кога "
           "каде многу беше бил била биле"),
    "sr": ("абвгдђежзијклљмнњопрстћуфхцчџш",
           "и у не на да се са је за од по су ће као ово овај ова ови који која које ка при "
           "после до без под над преко између или али а ли такође већ само може када где "
           "много био била били што шта"),
    "bs": ("абвгдђежзијклљмнњопрстћуфхцчџш",
           "и у не на да се са је за од по су ће као ово овај ова ови који која које при до "
           "без или али а ли такође већ само може када гдје много био била били што шта"),
    "kk": ("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
           "және мен да де бұл осы ол бір үшін бойынша туралы деп еді болып болды сияқты "
           "бірақ немесе кейін дейін жоқ бар"),
    "ky": ("абвгдеёжзийклмнңоөпрстуүфхцчшщъыьэюя",
           "жана менен да де бул ошол ал бир үчүн боюнча жөнүндө деп эле болуп болду "
           "сыяктуу бирок же кийин чейин жок бар"),
    "mn": ("абвгдеёжзийклмноөпрстуүфхцчшщъыьэюя",
           "ба болон нь энэ тэр юм байна байсан гэж гэсэн бол дээр доор хүртэл дараа өмнө "
           "зөвхөн бүх"),
    "tg": ("абвгғдеёжзиӣйкқлмнопрстуӯфхҳчҷшъэюя",
           "ва дар ба аз ки бо ин он аст буд барои то ҳам низ як баъд пеш байни бе"),
    "uz": ("абвгдеёжзийклмнопрстуфхцчшъэюяўқғҳ",
           "ва бу бир учун билан ҳам эмас эди лекин ёки эса у улар биз"),
}

#: Arabic script: (the whole alphabet, function words).
_ARABIC: dict[str, tuple[str, str]] = {
    "ar": ("ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي",
           "في من على إلى عن أن إن مع هذا هذه ذلك تلك التي الذي الذين كان كانت لا ما لم لن "
           "قد ثم أو بين بعد قبل حتى عند كل أي هو هي هم نحن وقد كما وفي ومن وهو وهي و"),
    "fa": ("ءآأؤئابپتثجچحخدذرزژسشصضطظعغفقکگلمنهوی",
           "و در به از که این را با است برای آن یک می تا هم بر شد شده بود کرد کند نیز اما "
           "یا پس اگر هر خود شود دارد کرده باید ما من او"),
    "ur": ("ءآأؤئابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھیےۃه",
           "کے کی کا میں ہے اور سے کو نے پر یہ وہ ہیں تھا تھی تھے کہ بھی ایک لیے کر گیا ہو "
           "جو کیا"),
    "ps": ("ءآأؤئابپتټثجځچحخدډذرړزژږسشښصضطظعغفقکګگلمنڼوهيیېۍ",
           "او د په له چې دا هغه کې ته سره یو دي وه شو پر هم یې"),
}

#: Other scripts: (the scripts, function words).  A language alone in its
#: script needs no words: its letters tell it.
_OTHER: dict[str, tuple[str, str]] = {
    "el": ("greek", ""), "he": ("hebrew", ""), "hy": ("armenian", ""),
    "ka": ("georgian", ""), "th": ("thai", ""), "ko": ("hangul", ""),
    "bn": ("bengali", ""), "gu": ("gujarati", ""), "pa": ("gurmukhi", ""),
    "ta": ("tamil", ""), "te": ("telugu", ""), "kn": ("kannada", ""),
    "ml": ("malayalam", ""), "km": ("khmer", ""), "my": ("myanmar", ""),
    "am": ("ethiopic", ""), "vi": ("vietnamese", ""),
    "ja": ("kana han", ""), "zh": ("han", ""),
    "hi": ("devanagari", "के है में की और से को का एक यह पर हैं ने भी लिए कि था नहीं तो इस "
                         "कर गया हो जो किया थे थी साथ द्वारा"),
    "mr": ("devanagari", "आणि आहे या व हे की ते होते आहेत मध्ये ही त्या तो एक करण्यात "
                         "म्हणून असे आली केली त्यांनी"),
    "ne": ("devanagari", "र छ को मा ले पनि हो गर्न यो भएको छन् थियो तथा एक गरेको लागि गरी "
                         "हुने"),
}

#: Letters only these languages write, although their script is shared:
#: simplified and traditional Chinese characters that Japanese does not use.
_OWN_LETTERS: dict[str, str] = {
    "zh": "这们个说吗呢沒对从为还进过时发关這們說嗎對從",
}

#: Code points of the scripts that are not given letter by letter.
_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = tuple(sorted((
    (0x0370, 0x03FF, "greek"), (0x1F00, 0x1FFF, "greek"),
    (0x0530, 0x058F, "armenian"), (0x0590, 0x05FF, "hebrew"),
    (0x0900, 0x097F, "devanagari"), (0x0980, 0x09FF, "bengali"),
    (0x0A00, 0x0A7F, "gurmukhi"), (0x0A80, 0x0AFF, "gujarati"),
    (0x0B80, 0x0BFF, "tamil"), (0x0C00, 0x0C7F, "telugu"),
    (0x0C80, 0x0CFF, "kannada"), (0x0D00, 0x0D7F, "malayalam"),
    (0x0E00, 0x0E7F, "thai"), (0x1000, 0x109F, "myanmar"),
    (0x10A0, 0x10FF, "georgian"), (0x1C90, 0x1CBF, "georgian"), (0x2D00, 0x2D2F, "georgian"),
    (0x1100, 0x11FF, "hangul"), (0x3130, 0x318F, "hangul"), (0xAC00, 0xD7AF, "hangul"),
    (0x1200, 0x139F, "ethiopic"), (0x1780, 0x17FF, "khmer"),
    (0x1EA0, 0x1EFF, "vietnamese"),
    (0x3040, 0x30FF, "kana"), (0x31F0, 0x31FF, "kana"), (0xFF66, 0xFF9F, "kana"),
    (0x3400, 0x4DBF, "han"), (0x4E00, 0x9FFF, "han"), (0xF900, 0xFAFF, "han"),
    (0x20000, 0x2FFFF, "han"),
)))
_RANGE_STARTS = [start for start, _, _ in _SCRIPT_RANGES]

#: Languages that n-gram models take for each other on correct text; one is
#: reported instead of the other only on overwhelming evidence.
_RELATIVES = (
    "es pt gl ca", "fr ca", "it ca", "ru uk be bg mk sr bs", "kk ky", "tg fa", "fa ur ps",
    "da nb sv", "hr sr bs sl", "cs sk", "id ms", "nl af", "hi mr ne", "zh ja", "et fi",
    "lt lv", "tr az",
)

#: Codes written for a language that the tables know under another code.
_ALIASES = {"nn": "nb", "no": "nb", "fil": "tl", "iw": "he", "in": "id", "mo": "ro",
            "zh-cn": "zh", "zh-tw": "zh"}


def _base(code: str) -> str:
    lowered = code.strip().lower().replace("_", "-")
    if lowered in _ALIASES:
        return _ALIASES[lowered]
    base = re.split(r"[-@.]", lowered, maxsplit=1)[0]
    return _ALIASES.get(base, base)


def _build_tables():
    """The languages in a fixed order, and the bit masks of the languages
    each word, letter and script belongs to."""
    codes = sorted(set(_LATIN) | set(_CYRILLIC) | set(_ARABIC) | set(_OTHER))
    bits = {code: 1 << index for index, code in enumerate(codes)}
    words: dict[str, int] = {}
    letters: dict[str, int] = {}
    scripts: dict[str, int] = {}

    def add(table: dict[str, int], key: str, code: str) -> None:
        # The tables are written lowercase and NFC (a test checks it).
        table[key] = table.get(key, 0) | bits[code]

    for table, script in ((_LATIN, "latin"), (_CYRILLIC, None), (_ARABIC, None)):
        for code, (alphabet, function_words) in table.items():
            if script:
                add(scripts, script, code)
            for letter in alphabet:
                add(letters, letter, code)
            for word in function_words.split():
                add(words, word, code)
    for code, (names, function_words) in _OTHER.items():
        for name in names.split():
            add(scripts, name, code)
        for word in function_words.split():
            add(words, word, code)
    own = {}
    for code, chars in _OWN_LETTERS.items():
        for char in chars:
            own[char] = own.get(char, 0) | bits[code]
    return codes, bits, words, letters, scripts, own


_CODES, _BITS, _WORD_MASKS, _ALPHABET_MASKS, _SCRIPT_MASKS, _OWN_MASKS = _build_tables()
_PRIMARY_SCRIPT = {
    **{code: names.split()[-1] for code, (names, _) in _OTHER.items()},
    **{code: "arabic" for code in _ARABIC}, **{code: "cyrillic" for code in _CYRILLIC},
    # Written in both scripts, mostly in Latin letters today.
    **{code: "latin" for code in _LATIN if code != "sr"},
}
#: Language -> the scripts its letters are in.
_SCRIPTS_OF: dict[str, frozenset[str]] = {
    code: frozenset([*(["latin"] if code in _LATIN else []),
                     *(["cyrillic"] if code in _CYRILLIC else []),
                     *(["arabic"] if code in _ARABIC else []),
                     *(_OTHER[code][0].split() if code in _OTHER else [])])
    for code in _CODES}
#: Script names as language codes write them (sr@latin, sr_Latn, zh_Hant).
_SCRIPT_CODES = {"latin": "latin", "latn": "latin", "cyrillic": "cyrillic", "cyrl": "cyrillic",
                 "arab": "arabic", "arabic": "arabic", "hans": "han", "hant": "han",
                 "deva": "devanagari", "devanagari": "devanagari", "grek": "greek",
                 "hebr": "hebrew", "jpan": "han", "kore": "hangul"}
_RELATED = frozenset((one, other) for group in _RELATIVES for one in group.split()
                     for other in group.split() if one != other)
#: Letter -> the languages it belongs to (filled as letters are met).
_LETTER_MASKS: dict[str, int] = {}
#: Bit mask -> the indexes of its languages.
_MASK_INDEXES: dict[int, tuple[int, ...]] = {}


def _letter_mask(char: str) -> int:
    """The languages whose alphabet or script has a (lowercase) character; 0
    for what is not a letter."""
    mask = _LETTER_MASKS.get(char)
    if mask is None:
        mask = 0
        if char.isalpha():
            script = "latin" if "a" <= char <= "z" else _script_at(ord(char))
            if script in _SCRIPT_WEIGHTS:
                _LETTER_WEIGHTS[char] = _SCRIPT_WEIGHTS[script]
            if char in _OWN_MASKS:
                mask = _OWN_MASKS[char]
            else:
                mask = _ALPHABET_MASKS.get(char, 0) | _SCRIPT_MASKS.get(script or "", 0)
        _LETTER_MASKS[char] = mask
    return mask


def _indexes(mask: int) -> tuple[int, ...]:
    indexes = _MASK_INDEXES.get(mask)
    if indexes is None:
        indexes = _MASK_INDEXES[mask] = tuple(
            index for index in range(mask.bit_length()) if mask >> index & 1)
    return indexes


#: How many Latin letters one character of these scripts is worth: a Han
#: character or a Hangul syllable is a syllable or a word, a letter of an
#: abugida a consonant with its vowel.  Without this a Chinese sentence with
#: one English identifier would be "mostly Latin".
_SCRIPT_WEIGHTS = {"han": 3, "hangul": 3, "kana": 2, "ethiopic": 2, "devanagari": 2,
                   "bengali": 2, "gurmukhi": 2, "gujarati": 2, "tamil": 2, "telugu": 2,
                   "kannada": 2, "malayalam": 2, "khmer": 2, "myanmar": 2}
#: Letter -> its weight, when not 1.
_LETTER_WEIGHTS: dict[str, int] = {}


def _script_at(code_point: int) -> str | None:
    where = bisect.bisect_right(_RANGE_STARTS, code_point) - 1
    if where >= 0 and code_point <= _SCRIPT_RANGES[where][1]:
        return _SCRIPT_RANGES[where][2]
    return None


# What is not language, removed before anything is weighed: code and
# placeholders, words in capitals (acronyms, names, a manual's
# metavariables), and gender or plural suffixes in parentheses, "client(e)s".
# Code is ASCII: it is looked for in runs of ASCII and Latin characters, so
# that "使用ldapsearchattribute" loses the identifier and keeps the Chinese.
#
# A run is code when it has one of _ \ / = < > @ # $ % | ~ ^ * { } (URLs,
# e-mail addresses, paths, printf and brace placeholders, markup), "::" or
# "()", a dotted name, camelCase, letters next to digits, or is an option
# (-h, --no-fetch, --[no-]progress) or a word-with-two-hyphens.
_CODE_RE = re.compile(r"[_\\/=<>@#$%|~^*{}]|::|\(\)|[^\W\d_]\.[^\W\d_]|[a-z][A-Z]"
                      r"|\d[^\W\d_]|[^\W\d_]\d|^[(\[\"'«]*--?[A-Za-z\[]"
                      r"|[^\W\d_]-[^\W\d_]+-[^\W\d_]")
# Whether a text may have code, cheaply (each branch starts with a character
# or a short class): a superset of what _CODE_RE finds in a run.
_MAYBE_CODE_RE = re.compile(r"[_\\/=<>@#$%|~^*{}]|::|\(\)|\.[^\W\d_]|[a-z][A-Z]|\d|-[-\w\[]")
_RUN_RE = re.compile(r"[!-~\u00a0-\u024f\u1e00-\u1eff]+")
_SUFFIX_RE = re.compile(r"(?<=[^\W\d_])\([^\W\d_]{1,3}\)")


_ASCII_CAPS_RE = re.compile(r"(?<![a-z])[A-Z]{2,}(?![a-z])")


def _not_code(match: re.Match[str]) -> str:
    run = match.group()
    return " " if _CODE_RE.search(run) else run


def _in_capitals(word: str) -> bool:
    """Whether a word is written in capitals (2 letters or more, all cased):
    "МВД", "ÉTAT", but not "但SASL" (Han letters have no case)."""
    return (word.isupper() and sum(map(str.isupper, word)) >= 2
            and all(char.isupper() or not char.isalpha() for char in word))


def _clean(text: str) -> str:
    """The text without what says nothing of its language (see _CODE_RE)."""
    if "(" in text:
        text = _SUFFIX_RE.sub("", text)
    if _MAYBE_CODE_RE.search(text):
        text = _RUN_RE.sub(_not_code, text)
    text = _ASCII_CAPS_RE.sub(" ", text)
    if not text.isascii():
        words = text.split()
        if any(map(_in_capitals, words)):
            text = " ".join(word for word in words if not _in_capitals(word))
    return text


def without_copied(msgid: str, msgstr: str, language: str) -> str:
    """A translation without the words it copies from its msgid in a script
    that is not the language's: identifiers and names left in Latin letters
    in a Russian, Greek or Chinese translation say nothing of its language.
    (In a Latin-script language a copied lowercase word may be text left
    untranslated, so it stays.)"""
    scripts = _SCRIPTS_OF.get(_base(language))
    if not scripts or "latin" in scripts:
        return msgstr
    # Runs of Latin letters, so that "使用ldapsearchattribute" splits too.
    source = set(_LATIN_RUN_RE.findall(msgid))
    if not source:
        return msgstr
    return _LATIN_RUN_RE.sub(lambda match: " " if match.group() in source else match.group(),
                             msgstr)


_LATIN_RUN_RE = re.compile(r"[A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6"
                           r"\u00f8-\u024f\u1e00-\u1eff]+")


def _evidence(text: str) -> dict[int, int]:
    """The features of a text: language mask -> how many letters (weighed by
    _SCRIPT_WEIGHTS) and function words of the text belong to exactly those
    languages."""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    lowered = text.lower()
    # Letters are counted in the words that do not start with a capital:
    # names (Jörg, José, Müller) tell where a person is from, not which
    # language the text is in.  (In ASCII text every letter counts alike.)
    source = lowered if text.isascii() else " ".join(
        word for word in text.split() if not word.lstrip(_OPENING)[:1].isupper()).lower()
    counts: dict[int, int] = {}
    masks = _LETTER_MASKS
    weights = _LETTER_WEIGHTS
    for char in set(source):
        mask = masks.get(char)
        if mask is None:
            mask = _letter_mask(char)
        if mask:
            counts[mask] = counts.get(mask, 0) + source.count(char) * weights.get(char, 1)
    words = _words(lowered)
    masks = _WORD_MASKS
    for word in words:
        mask = masks.get(word)
        if mask:
            counts[mask] = counts.get(mask, 0) + 1
    return counts


def _words(lowered: str) -> list[str]:
    """The words of a (lowercase) text: the runs of _WORD_RE (which never
    holds a space: the words of each token that str.split() cuts), with the
    parts of the words with apostrophes (_forms)."""
    if "’" in lowered:
        lowered = lowered.replace("’", "'")
    words = _WORD_RE.findall(lowered)
    if "'" in lowered:
        words += [form for word in words if "'" in word for form in _forms(word)]
    return words


# Words: letters with their combining marks (Devanagari vowel signs are
# marks), and apostrophes; the rest separates them.
_WORD_RE = re.compile(r"[\w'\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a"
                      r"\u064b-\u065f\u0670\u06d6-\u06ed\u0900-\u0963\u0966-\u0dff"
                      r"\u0e31-\u0e4e\u1000-\u109f\u1780-\u17ff]+")


_OPENING = "«“„‘’\"'([{¿¡*_`<"
#: Language -> a pattern that finds a letter outside its alphabet (made on
#: first use).
_FOREIGN_LETTER_RES: dict[str, re.Pattern[str]] = {}


def _foreign_letter_re(code: str) -> re.Pattern[str]:
    pattern = _FOREIGN_LETTER_RES.get(code)
    if pattern is None:
        bit = _BITS[code]
        own = "".join(sorted(char for char, mask in _ALPHABET_MASKS.items() if mask & bit))
        own += own.upper()
        ranges = "".join(f"{chr(start)}-{chr(end)}" for start, end, script in _SCRIPT_RANGES
                         if _SCRIPT_MASKS.get(script, 0) & bit)
        if _SCRIPT_MASKS["latin"] & bit:
            ranges += "a-zA-Z"
        others = "".join(char for char, mask in _OWN_MASKS.items() if not mask & bit)
        pattern = _FOREIGN_LETTER_RES[code] = re.compile(
            f"[^\\W\\d_{re.escape(own)}{ranges}]" + (f"|[{others}]" if others else ""))
    return pattern


_SPACE_RE = re.compile(r"\s")


def _nothing_foreign(text: str, code: str) -> bool:
    """Whether a text has no letter outside the alphabet of a language (but
    in names, words that start with a capital, which _evidence ignores) and
    at most one function word that is not the language's: then no other
    language has the evidence of a rival (RIVAL_AT_LEAST).  Cheap: a pattern
    search and a set intersection."""
    foreign = _foreign_letter_re(code)
    found = foreign.search(text)
    while found is not None:
        # The word (as str.split() cuts the text) that holds the letter: a
        # name (a capital first, past opening quotes) is ignored.
        start = found.start()
        begin = start
        while begin and not text[begin - 1].isspace():
            begin -= 1
        if not text[begin:start + 1].lstrip(_OPENING)[:1].isupper():
            return False
        space = _SPACE_RE.search(text, start)
        if space is None:
            break
        found = foreign.search(text, space.end())
    words = _words(text.lower())
    others = _foreign_words(code).intersection(words)
    return not others or (len(others) == 1 and words.count(next(iter(others))) == 1)


#: Language -> the function words of the lists that are not its own.
_FOREIGN_WORDS: dict[str, frozenset[str]] = {}


def _foreign_words(code: str) -> frozenset[str]:
    words = _FOREIGN_WORDS.get(code)
    if words is None:
        bit = _BITS[code]
        words = _FOREIGN_WORDS[code] = frozenset(
            word for word, mask in _WORD_MASKS.items() if not mask & bit)
    return words


def _forms(word: str) -> list[str]:
    """The parts of a word with apostrophes, as the lists may hold them:
    "qu'il" gives "il", "qu'" and "'il"; "it's" gives "'s" (an elided part
    alone, "qu" or "s", is no word)."""
    parts = word.split("'")
    forms = [part for part in parts[1:] if len(part) > 1]
    forms += [part + "'" for part in parts[:-1] if part]
    forms += ["'" + part for part in parts[1:] if part]
    return forms


#: The languages langdetect has a profile of (langdetect 1.0.9), by our codes.
DETECTABLE = frozenset(
    "af ar bg bn ca cs cy da de el en es et fa fi fr gu he hi hr hu id it ja kn ko lt lv mk "
    "ml mr nb ne nl pa pl pt ro ru sk sl so sq sv sw ta te th tl tr uk ur vi zh".split())
#: A text with fewer letters than this, once code, placeholders and words in
#: capitals are removed, is not judged: on a short string langdetect is
#: often wrong ("Interpol" comes out Italian).
MIN_LETTERS = 40


def _known(language: str) -> str | None:
    """The tables' code for a language code, or None when they do not know
    the language, or not in the script the code names (``be@latin``)."""
    try:
        return _KNOWN[language]
    except KeyError:
        pass
    code: str | None = _base(language)
    scripts = _SCRIPTS_OF.get(code)
    if scripts is None:
        code = None
    for part in re.split(r"[-_@.]", language.strip().lower())[1:]:
        script = _SCRIPT_CODES.get(part)
        if script is not None and scripts is not None and script not in scripts:
            code = None
    _KNOWN[language] = code
    return code


_KNOWN: dict[str, str | None] = {}


def related(language: str, other: str) -> bool:
    """Whether two languages are close relatives that language identification
    takes for each other on correct text (Spanish and Portuguese, Russian and
    Ukrainian, Danish and Norwegian...).  A language is not its own relative."""
    return (_base(language), _base(other)) in _RELATED


def script_of(language: str) -> str:
    """The script a language is mainly written in (``latin``, ``cyrillic``,
    ``arabic``, ``greek``, ``han``...): ``latin`` for a language the tables
    do not know).  The language table (:mod:`translate.languages`) is the
    home of this fact; the identification tables here answer for the
    languages it lacks."""
    from ..errors import UnknownLanguage
    from ..languages import get_language

    try:
        return get_language(language).script
    except UnknownLanguage:
        return _PRIMARY_SCRIPT.get(_base(language), "latin")


def letters(text: str) -> int:
    """How many letters a text has."""
    return len(_LETTER_RE.findall(text))


class LanguageGuesser:
    """Tells whether texts are in an expected language, against every
    language the tool knows (see the module's docstring).

    Args:
        languages: Ignored: the verdict must not depend on the languages a
            project configures or selects.  Kept so that callers written for
            earlier versions keep working.
        seed: langdetect's seed, for deterministic answers.
    """

    #: The probability the most likely other language needs, and the most the
    #: expected one may have, for a text to count as not in its language.
    OTHER_AT_LEAST = 0.9
    EXPECTED_AT_MOST = 0.1
    #: The features another language needs in a text to be a rival: at least
    #: this many, and more than the expected language's.
    RIVAL_AT_LEAST = 2
    #: For a close relative: at least this many, and this many times the
    #: expected language's.
    RELATIVE_AT_LEAST = 3
    RELATIVE_TIMES = 3

    def __init__(self, languages: Iterable[str] = (), seed: int = 0) -> None:
        self.seed = seed
        #: How many texts langdetect was asked about.
        self.detections = 0

    def rivals(self, text: str, language: str) -> list[tuple[str, int, int]]:
        """The languages the text has the evidence of, against ``language``:
        (language, features for ``language``, features for it), best backed
        first.  Empty when ``language`` is not in the tables (or written in a
        script they do not give it, ``be@latin``): nothing can be weighed
        against it.

        A close relative of ``language``, and any language when langdetect
        has no profile of ``language`` (Galician, Basque, Kazakh...), needs
        overwhelming evidence."""
        code = _known(language)
        if code is None:
            return []
        return self._rivals(_evidence(_clean(text)), code)

    def _rivals(self, counts: dict[int, int], code: str) -> list[tuple[str, int, int]]:
        bit = _BITS[code]
        against: dict[int, int] = {}
        for mask, number in counts.items():
            if not mask & bit:
                for index in _indexes(mask):
                    against[index] = against.get(index, 0) + number
        found = []
        detectable = code in DETECTABLE
        for index, evidence in against.items():
            if evidence < self.RIVAL_AT_LEAST:
                continue
            other_bit = 1 << index
            own = sum(number for mask, number in counts.items()
                      if mask & bit and not mask & other_bit)
            other = _CODES[index]
            if detectable and (code, other) not in _RELATED:
                backed = evidence > own
            else:
                backed = (evidence >= self.RELATIVE_AT_LEAST
                          and evidence >= self.RELATIVE_TIMES * own)
            if backed:
                found.append((other, own, evidence))
        found.sort(key=lambda rival: (rival[1] - rival[2], rival[0]))
        return found

    @staticmethod
    def without_copied(msgid: str, msgstr: str, language: str) -> str:
        """See :func:`without_copied`."""
        return without_copied(msgid, msgstr, language)

    def clearly(self, text: str, language: str) -> bool:
        """Whether a quick look is enough to tell that the text is not in
        another language: no language has the evidence a finding needs
        (:meth:`rivals`), so langdetect need not be asked."""
        code = _known(language)
        if code is None:
            return True
        if not text.isascii() and not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        # Cheapest first: no letter outside the language's alphabet and no
        # function word of another language means no evidence for any other
        # language at all.  Then the text as it is (most translations), and
        # only then the text without code, which costs more to find.
        return (_nothing_foreign(text, code)
                or not self._rivals(_evidence(text), code)
                or not self._rivals(_evidence(_clean(text)), code))

    def probabilities(self, text: str) -> dict[str, float]:
        """langdetect's probability for each of its languages, by the codes of
        :mod:`translate.languages` (``zh``, ``nb``); empty when the text has
        nothing langdetect can use."""
        from langdetect.lang_detect_exception import LangDetectException

        factory = profiles()
        detector = factory.create()
        detector.seed = self.seed
        detector.append(text)
        self.detections += 1
        try:
            detector.get_probabilities()
        except LangDetectException:
            return {}
        result: dict[str, float] = {}
        for code, probability in zip(factory.langlist, detector.langprob):
            code = _base(code)
            result[code] = result.get(code, 0.0) + probability
        return result

    def other_language(self, text: str, language: str) -> tuple[str, float, float] | None:
        """The language the text is in when it is clearly not ``language``:
        (that language, its probability, the probability of ``language``);
        None when the text is in ``language`` or the evidence is not
        conclusive."""
        code = _known(language)
        if code is None:
            return None
        if not text.isascii() and not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        # A rival must be backed in the text as it is (cheap to tell, and
        # most texts settle it) and once code and capitals are removed.
        if _nothing_foreign(text, code) or not self._rivals(_evidence(text), code):
            return None
        text = _clean(text)
        if letters(text) < MIN_LETTERS:
            return None
        rivals = {other for other, _, _ in self._rivals(_evidence(text), code)}
        if not rivals:
            return None
        probabilities = self.probabilities(text)
        if not probabilities:
            return None
        expected = probabilities.get(code, 0.0)
        best = max(probabilities, key=probabilities.__getitem__)
        if (best in rivals and probabilities[best] >= self.OTHER_AT_LEAST
                and expected <= self.EXPECTED_AT_MOST):
            return best, probabilities[best], expected
        return None


class _NgramTable(dict):
    """langdetect's table of n-gram -> probability in each language, with the
    probabilities worked out the first time an n-gram is looked up.

    langdetect's own loader computes them for all 180,000 n-grams of the 55
    profiles (0.3 s); a text uses a few thousand.  The keys are all there,
    so ``in`` is a plain dict lookup; the values are langdetect's, to the
    bit: ``count / n_words[len(ngram) - 1]``, or 0.0.
    """

    def __init__(self, profiles: list[tuple[dict[str, int], list[int]]]) -> None:
        super().__init__(dict.fromkeys(key for freq, _ in profiles for key in freq))
        self._profiles = profiles

    def __getitem__(self, ngram: str) -> list[float]:
        value = dict.__getitem__(self, ngram)
        if value is None:
            size = len(ngram)
            value = [freq[ngram] / n_words[size - 1] if ngram in freq and 1 <= size <= 3
                     else 0.0 for freq, n_words in self._profiles]
            dict.__setitem__(self, ngram, value)
        return value


_PROFILES = None


def profiles():
    """langdetect's ``DetectorFactory`` with all its profiles (55 languages),
    read on the first call and kept for the life of the process.

    The profiles are read in the order of their file names, so that the
    answers never depend on the order of a folder listing.  Set the seed on
    each detector (``factory.create().seed = 0``).
    """
    global _PROFILES
    if _PROFILES is None:
        import json
        import os

        from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

        names = sorted(name for name in os.listdir(PROFILES_DIRECTORY)
                       if not name.startswith("."))
        langlist = []
        tables = []
        for name in names:
            with open(os.path.join(PROFILES_DIRECTORY, name), "rb") as handle:
                data = json.loads(handle.read())
            langlist.append(data["name"])
            tables.append((data["freq"], data["n_words"]))
        factory = DetectorFactory()
        factory.langlist = langlist
        factory.word_lang_prob_map = _NgramTable(tables)
        _PROFILES = factory
    return _PROFILES
