"""Word lists behind the readable features, in English and Russian.

Each list names the feature it feeds.  ``features.py`` looks every word of a
sentence up once in :data:`WORDS` (and each adjacent pair in :data:`PAIRS`)
instead of running one regular expression per feature, which is what makes
the lexical path fast.  Russian entries map onto the same features as their
English counterparts, so the learned weights apply to both languages.
"""

from __future__ import annotations

_LISTS: dict[str, str] = {
    "number_word": """
        two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
        forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million
        millions billion billions trillion trillions dozen dozens half twice double triple
        tenfold
        два две три четыре пять шесть семь восемь девять десять двадцать тридцать сорок
        пятьдесят сто сотни сотен тысяча тысячи тысяч миллион миллиона миллионов млн
        миллиард миллиарда миллиардов млрд половина половину треть четверть вдвое втрое
        десятки десятков дюжина тыс
    """,
    "percent": "percent percentage процент процента процентов процентных",
    "money": """
        dollars euros pounds rubles roubles yuan рублей рубля рубль руб долларов доллара
        евро гривен гривны юаней
    """,
    "emphasis_verb": """
        stress stresses stressed emphasise emphasises emphasised emphasize emphasizes
        emphasized underscore underscores underscored highlight highlights highlighted
        highlighting frames framed framing characterise characterises characterised
        characterize characterizes characterized portray portrays portrayed signals
        signaled signalled signaling signalling argues argued suggests suggested suggesting
        insists insisted hints hinted hinting reiterates reiterated voices voiced cautions
        cautioned reflects
        подчеркнул подчеркнула подчеркнули подчеркивает акцентировал акцентировала
        выразил выразила выразили считает считают убежден убеждена настаивает настаивал
    """,
    "call_verb": """
        urged pledged vowed promised demanded warned warning
        призвал призвала призвали пообещал пообещала пообещали потребовал потребовала
        потребовали предупредил предупредила предупредили
    """,
    "comparison": """
        fewer higher lower larger smaller increase increased increases decrease decreased
        decreases rose risen fell fallen doubled tripled grew grown dropped declined cut
        reduced raised largest biggest highest lowest smallest fastest most least record
        first only every all none never nobody
        более менее больше меньше выше ниже вырос выросла выросло выросли увеличился
        увеличилась увеличилось увеличились сократился сократилась сократилось сократились
        снизился снизилась снизилось снизились упал упала упало рекорд рекордный рекордные
        впервые крупнейший крупнейшая крупнейшее крупнейших самый самая самое самых
        никогда никто каждый весь все всех
    """,
    "modal_future": """
        will would could might may shall gonna 'll would've
        будет будут буду станет смогут сможет может могут мог могла могли бы
    """,
    "hedge": """
        likely unlikely possibly possible potentially potential perhaps maybe probably seem
        seems seemed appear appears expect expects expected predict predicts forecast
        forecasts hope hopes hoping intend intends readiness if
        вероятно возможно видимо наверное пожалуй кажется ожидается ожидают прогнозируют
        планирует планируют намерен намерена намерены готовность если якобы
    """,
    "second_person": """
        you your you're you've yourself
        вы вас вам ваш ваша ваше ваши ты тебя тебе твой
    """,
    "prescriptive": """
        should shouldn't must ought
        должен должна должно должны необходимо нужно надо следует
    """,
    "subjective": """
        great terrible wonderful horrible awful tremendous incredible amazing fantastic
        beautiful disgrace disgraceful shameful ridiculous outrageous sad proud strong firm
        tough decisive dangerous important critical crucial vital clear clearly absolutely
        really very truly deeply wrong bad good best worst unfair fair serious huge
        важно важный важная важное очень крайне серьезный серьезная серьезно ужасный
        ужасная отличный прекрасный позорный позор опасный опасная абсолютно действительно
        огромный огромная плохой хороший лучший худший несправедливый
    """,
    "framing_noun": """
        narrative stance posture message rhetoric resolve dignity vision values signal tone
        approach strategy vigilance prudence
        риторика риторику позиция позицию нарратив сигнал сигналом тон подход стратегия
        стратегию решимость
    """,
    "procedural": """
        thanks welcome applause laughter crosstalk inaudible rebuttal
        спасибо аплодисменты
    """,
    "said": """
        said says told
        заявил заявила заявили заявляет сказал сказала сказали сообщил сообщила сообщили
        сообщает рассказал рассказала рассказали отметил отметила отметили
    """,
    "reporting_verb": """
        stated announced reported confirmed claimed asserted explained noted cited recalled
        revealed acknowledged admitted disclosed declared testified estimated found showed
        подтвердил подтвердила подтвердили объявил объявила объявили признал признала
        признали напомнил напомнила указал указала уточнил уточнила пояснил пояснила
        показал показала показали сообщается выяснилось
    """,
    "past_state": "was were had did был была было были являлся являлась",
}
_PAIR_LISTS: dict[str, str] = {
    "number_word": "a_third a_quarter",
    "percent": "per_cent",
    "comparison": "more_than less_than",
    "modal_future": "going_to",
    "hedge": "plans_to plan_to",
    "prescriptive": "need_to needs_to have_to has_to",
    "procedural": """
        thank_you good_evening good_night next_question time_is two_minutes
    """,
    "call_verb": "called_on called_for pressed_for",
    "opinion": """
        i_think i_believe i_feel i_hope i_want i_guess i_suppose i_wish we_think
        we_believe we_feel we_hope we_want we_wish i_really i'm_sure i'm_convinced
        i'm_proud let_me my_view our_view my_opinion my_judgment
        я_считаю я_думаю я_уверен я_уверена мы_считаем мы_думаем мне_кажется
        моему_мнению мой_взгляд по_моему
    """,
    "according_to": """
        according_to по_данным по_словам по_информации как_сообщает как_сообщили
        по_сообщению по_оценкам
    """,
    "date": """
        last_year past_year previous_year last_month past_month last_week past_week
        last_decade past_decade years_ago months_ago days_ago weeks_ago
        прошлом_году прошлого_года прошлом_месяце прошлой_неделе лет_назад дней_назад
        месяцев_назад года_назад
    """,
}


def _index(lists: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """Map each entry to the features it fires (an entry may feed several)."""
    index: dict[str, tuple[str, ...]] = {}
    for feature, words in lists.items():
        for word in words.split():
            index[word] = (*index.get(word, ()), feature)
    return index


#: Lower-cased word -> the features it fires.
WORDS: dict[str, tuple[str, ...]] = _index(_LISTS)
#: ``"first_second"`` lower-cased word pair -> the features it fires.
PAIRS: dict[str, tuple[str, ...]] = _index(_PAIR_LISTS)

MONTHS = frozenset(
    """
    january february march april may june july august september october november december
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре
    """.split()
)
#: "в 2022 году": a year word after a number makes it a date.
YEAR_WORDS = frozenset("году года годах год гг г".split())
#: Titles that make the following capitalised name an official.
TITLES = frozenset(
    """
    President Minister Secretary Senator Sen Governor Gov Ambassador Chancellor Mayor
    Congressman Congresswoman Representative Rep General Gen Director Chairman Chairwoman
    Judge Justice King Queen Speaker Commissioner Spokesman Spokeswoman spokesman
    spokeswoman spokesperson
    президент президента министр министра премьер премьер-министр премьер-министра глава
    главы губернатор губернатора мэр мэра посол посла спикер спикера пресс-секретарь
    пресс-секретаря депутат депутата генерал генерала директор директора председатель
    председателя замминистра вице-премьер канцлер канцлера
    """.split()
)
#: Russian titles are written in lower case mid-sentence, and capitalised first.
RUSSIAN_TITLES = frozenset(t for t in TITLES if t[0] > "z")
INSTITUTIONS = frozenset(
    """
    Congress Senate Parliament Duma Ministry Council Department Agency Court Commission
    Bureau Administration Army Navy Pentagon NATO UN EU Fed IMF FBI CIA Nations Union
    Reserve Kremlin
    Госдума Госдумы Госдуме Кремль Кремля МИД Минобороны Минздрав Минфин правительство
    правительства парламент парламента ООН НАТО ЕС Совбез МЧС ФСБ Росстат ЦБ Центробанк
    министерство министерства суд суда прокуратура
    """.split()
)
#: Past-tense forms other than the verbs of saying that every report uses.
IRREGULAR_PAST = frozenset(
    "took made gave went came spent paid sent held met built brought began became won lost"
    " led left sold bought fought".split()
)
#: Verbs of saying and framing: "he stated that ... detained" is past because of "detained".
SAYING = frozenset(
    """
    stated announced reported confirmed claimed asserted explained noted cited recalled
    revealed acknowledged admitted disclosed declared testified estimated stressed
    emphasized emphasised underscored highlighted framed characterized characterised
    portrayed signaled signalled argued suggested insisted hinted reiterated voiced
    cautioned urged pledged vowed promised demanded warned called pressed remarked
    indicated described referenced contrasted added
    """.split()
).union(w for w, feats in WORDS.items() if {"said", "reporting_verb", "emphasis_verb"} & set(feats))
#: Russian past-tense endings (masculine, feminine, neuter, plural).
RUSSIAN_PAST_ENDINGS = ("ал", "ял", "ил", "ел", "ла", "ли", "ло", "ены", "аны", "ано", "ено")
FIRST_PERSON = frozenset(
    "I I'm I've I'd I'll me my we we're we've our us я мы мой моя наш наша нас нам".split()
)
MODALS = frozenset("would could might should must wouldn't couldn't shouldn't".split())
SUBJECTS = frozenset("he she they it он она они оно".split())
NOT_NAMES = frozenset({"I", "I'm", "I've", "I'd", "I'll", "OK", "Mr", "Mrs"})
#: Words that can fire anything beyond the past-tense test (one look-up skips the rest).
INTERESTING = frozenset(
    set(WORDS)
    | MONTHS
    | YEAR_WORDS
    | {t.lower() for t in TITLES}
    | {t.lower() for t in INSTITUTIONS}
    | {t.lower() for t in FIRST_PERSON}
    | {"has", "have", "had"}
)
#: First words of the pairs in ``PAIRS``.
PAIR_FIRSTS = frozenset(pair.split("_", 1)[0] for pair in PAIRS)
