"""The languages and phenomena read since the blind query sets: one case each, on pairs of
neither set (the sets measure; these say what each rule is for)."""

from __future__ import annotations

import pytest

from chancery.lexicon import vocabulary

from .test_understanding import assert_top, describe, run

# Reads the in-memory index, which answers alike on either database (`test_same_everywhere`).
pytestmark = [pytest.mark.django_db, pytest.mark.any_database]

CASES = [
    # Polish and Ukrainian cases: by the pages' own forms, by shared stems, by the dictionary.
    ("ambasada Francji w Hiszpanii", "FR", "ES", None),
    ("konsulat generalny Francji w Krakowie", "FR", "PL", "Kraków"),
    ("посольство Франції в Італії", "FR", "IT", None),
    # Korean and Japanese "resident in", with the sender named or implied.
    ("주일 대한민국 대사관", "KR", "JP", None),
    ("주독 대사관", "KR", "DE", None),
    ("在米日本大使館", "JP", "US", None),
    # Postpositions.
    ("जर्मनी में भारतीय दूतावास", "IN", "DE", None),
    # National abbreviations.
    ("KBRI Paris", "ID", "FR", None),
    ("T.C. Roma Büyükelçiliği", "TR", "IT", None),
    # Romanised Russian, with its cases.
    ("posolstvo germanii v ispanii", "DE", "ES", None),
    # Nicknames.
    ("Aussie embassy Tokyo", "AU", "JP", None),
    # Greek cases in Greek letters, and Greek typed as it sounds.
    ("πρεσβεία της Ιταλίας στη Βιέννη", "IT", "AT", None),
    ("presvia tis italias sti vienni", "IT", "AT", None),
    # Hebrew's one-letter words written onto the next, in Hebrew and in Latin letters.
    ("השגרירות הצרפתית בברלין", "FR", "DE", None),
    ("shagrirut tzarfat beberlin", "FR", "DE", None),
    # Hindi's two ways of writing a nasal.
    ("टोरन्टो में भारतीय महावाणिज्य दूतावास", "IN", "CA", None),
    # Vietnamese everyday names; Taiwan's offices, named after Taipei.
    ("đại sứ quán Mỹ tại Đức", "US", "DE", None),
    # Vietnamese words told from names by their marks: "bị" is a small word, "Bỉ" Belgium.
    ("tôi bị mất hộ chiếu ở Praha, đại sứ quán Việt Nam ở đâu", "VN", "CZ", None),
    ("đại sứ quán Bỉ tại Hà Nội", "BE", "VN", None),
    ("Taipei Economic and Cultural Office in Tokyo", "TW", "JP", None),
    ("台北駐日經濟文化代表處", "TW", "JP", None),
    # Thai, written without spaces between words; "กรุง" (the capital) on the city's name.
    ("สถานทูตไทยในกรุงโตเกียว", "TH", "JP", None),
    ("สถานเอกอัครราชทูตไทย ณ กรุงลอนดอน", "TH", "GB", None),
    # Korean: the "resident in" prefix and the whole name written as one word; "한국인" (a
    # Korean) with the copula on it.
    ("주프랑스대한민국대사관", "KR", "FR", None),
    ("주한독일대사관", "DE", "KR", None),
    ("한국인인데 스페인에서 여권을 잃어버렸어요", "KR", "ES", None),
    # Hebrew's geresh and gershayim inside a word ("צ'כיה", "ארה"ב"), and "in" written on.
    ("שגרירות ישראל בצ'כיה", "IL", "CZ", None),
    ("שגרירות ארה״ב בטורקיה", "US", "TR", None),
    # Slovenian: countries and towns in their cases, nationality adjectives, its kind words.
    ("veleposlaništvo Nemčije na Dunaju", "DE", "AT", None),
    ("izgubil sem potni list v Rimu, kje je slovensko veleposlaništvo?", "SI", "IT", None),
    # Former names in other scripts; Greek's abbreviation of the former Yugoslav Republic.
    ("在ビルマ日本大使館", "JP", "MM", None),
    ("πρεσβεία της Βουλγαρίας στην ΠΓΔΜ", "BG", "MK", None),
    # A state's initials with dots (Persian "ج.ا.ا": the Islamic Republic of Iran).
    ("سفارت ج.ا.ا در ژاپن", "IR", "JP", None),
    # Hindi with the English words for the offices, as most people say them.
    ("जापान में भारतीय एम्बेसी", "IN", "JP", None),
    # Hebrew "of" (של), and "in" written on a name typed in Latin letters.
    ("hashagrirut shel mitzrayim beyapan", "EG", "JP", None),
    # Turkish case endings on names, typed with or without the apostrophe.
    ("kanadadaki türk büyükelçiliği", "TR", "CA", None),
    ("Brezilya'da pasaportumu kaybettim, Türkiye Büyükelçiliği nerede", "TR", "BR", None),
    ("Fransa'nın Ankara Büyükelçiliği", "FR", "TR", None),
    # Spoken words in sentences: Italian "ho" (I have) is not the town Ho; Vietnamese
    # "hộ chiếu" (passport) is one word, not the towns Ho and Chieri.
    ("ho perso il passaporto in Marocco, dov'è l'ambasciata italiana", "IT", "MA", None),
    ("mất hộ chiếu ở Thụy Điển, liên hệ đại sứ quán Việt Nam", "VN", "SE", None),
    # A town's name in another script names its namesake the missions file puts under another
    # host (the Jerusalem of the consulates filed under Palestine); a name under Hebrew's "in"
    # before a romanised reading of the whole word ("בגרוזיה": in Georgia).
    ("הקונסוליה הבריטית בירושלים", "GB", "PS", "Jerusalem"),
    ("שגרירות ישראל בגרוזיה", "IL", "GE", None),
    # Russian typed in Latin letters: its small words are not misspelt towns.
    ("ukrali pasport v tunise chto delat gde posolstvo rossii", "RU", "TN", None),
    # Indonesian sentences: lost, robbed, help, address.
    ("paspor saya hilang di Kenya, tolong alamat kedutaan Indonesia", "ID", "KE", None),
    # Letters that are one country's code and another's own abbreviation: both are read.
    ("TC Berlin Büyükelçiliği", "TR", "DE", None),
    # … and beside a kind word of the language that abbreviates so, they are its country's.
    ("Veleposlaništvo RS na Dunaju", "SI", "AT", None),
    ("RS embassy in Vienna", "RS", "AT", None),
    # Chinese in pinyin, Japanese in romaji (kana with their voicing marks), Korean in its
    # Revised Romanisation; their kind words put the owner just before, as in their scripts.
    ("riben zhu yidali dashiguan", "JP", "IT", None),
    ("burajiru nihon taishikan", "JP", "BR", None),
    ("dogil ilbon daesagwan", "JP", "DE", None),
    # Initials spelt out in Devanagari ("यूएई": UAE); the English words for a high commission.
    ("यूएई में जर्मन दूतावास", "DE", "AE", None),
    ("कनाडा हाई कमीशन लंदन", "CA", "GB", None),
    # Arabizi's digits for letters, and the Arabic article typed onto a romanised name.
    ("sifarat masr fi 3amman", "EG", "JO", None),
    ("sifarat lmaghrib fi tunis", "MA", "TN", None),
    # An Arabic "j" (ج) is the consonant of a Latin name's "j" ("جاكرتا", Jakarta).
    ("سفارة مصر في جاكرتا", "EG", "ID", None),
    # Names of several words in their cases, their words agreeing ("Великої Британії").
    ("посольство Великої Британії в Литві", "GB", "LT", None),
    # An everyday Russian word is not a foreign town written in Cyrillic ("сына": the son's).
    ("Отдыхаем на Мальте, у сына украли паспорт — где российское посольство?", "RU", "MT", None),
    # A Japanese or Chinese town without its municipality word ("千代田区" → "千代田").
    ("メキシコ大使館 千代田", "MX", "JP", None),
    # 港 (Hong Kong) after 駐 (the missions file puts the consulates there under China);
    # Taiwan's offices named after Taipei in Chinese.
    ("加拿大駐港總領事館", "CA", "CN", "Hong Kong"),
    ("駐波蘭台北代表處", "TW", "PL", None),
    # Vietnamese typed without marks, read with the marks its words most often have: "my" is
    # Mỹ (the United States), "bi" the small word bị, unless a name is due ("dai su quan bi").
    ("dai su quan my o duc", "US", "DE", None),
    ("toi bi mat ho chieu o seoul, dai su quan viet nam o dau", "VN", "KR", None),
    ("dai su quan bi o thai lan", "BE", "TH", None),
    ("bi bat o campuchia can giup do dai su quan vn", "VN", "KH", None),
    # Town names CLDR gives in every language ("Wina", Vienna in Indonesian; "کپنهاگ",
    # Copenhagen in Persian).
    ("kedutaan besar Jepang di Wina", "JP", "AT", None),
    ("سفارت ژاپن در کپنهاگ", "JP", "DK", None),
    # Everyday words of Indonesian and Malay are no misspelt or inflected names ("suami",
    # husband, is not Suomi; "polisi", police, not Polish; "hubungi", contact, not Hungary's);
    # "pasport" still says passport.
    ("suami saya ditahan polisi di Bangkok, nomor telepon KBRI Thailand", "ID", "TH", None),
    ("pasport hilang di Roma, macam mana nak hubungi kedutaan Malaysia", "MY", "IT", None),
    # A city ten times larger outranks a town of that very name ("Colonia": Cologne, not the
    # town in New Jersey).
    ("ho perso il passaporto a Colonia, dov'è l'ambasciata greca?", "GR", "DE", None),
    # Lower-case letters that name a country beside a kind word of its language ("tc": Türkiye).
    ("tc lizbon buyukelciligi", "TR", "PT", None),
    # Chinese 住 ("living in"), as 驻 is often typed; Taiwan's liaison offices; the American
    # Institute in Taiwan; 콜럼비아 and 말레이지아, Korean spellings of Colombia and Malaysia.
    ("中国住秘鲁大使馆", "CN", "PE", None),
    ("駐杜拜台北聯絡辦事處", "TW", "AE", None),
    ("AIT Taipei main office", "US", "TW", None),
    ("주한 말레이지아 대사관", "MY", "KR", None),
    # Arabic "كيف" (how) is not Kyiv in a sentence naming a sender and a host.
    ("أنا مصري عالق في قبرص، كيف أتواصل مع السفارة المصرية؟", "EG", "CY", None),
    # Short kana names in romaji ("chiri": チリ, Chile); the Thai ministry's abbreviations for
    # its own missions; Austria's ("ÖB"); Moldova's "RM"; everyday names: האמירויות (the
    # Emirates), M'sia, Al Jazair (Algeria).
    ("chiri taishikan pekin", "CL", "CN", None),
    ("สอท. ณ กรุงเวียนนา", "TH", "AT", None),
    ("ÖB Tokio", "AT", "JP", None),
    ("Ambasada RM în Turcia", "MD", "TR", None),
    ("שגרירות האמירויות בפריז", "AE", "FR", None),
    ("kedutaan M'sia di Jakarta", "MY", "ID", None),
    ("safarat al jazair fi tunis", "DZ", "TN", None),
    # "Stationed in" and a one-character name typed as one word in pinyin or romanised Korean
    # ("zhuhua": 驻华, in China; "juhan": 주한, in Korea); Tunisia as the Maghreb writes it.
    ("bajisitan zhuhua dashiguan", "PK", "CN", None),
    ("juhan peurangseu daesagwan", "FR", "KR", None),
    ("sifarat tounes fi masr", "TN", "EG", None),
    # A one-character name right before the kind word is the owner, in Japanese and in
    # Korean's hanja ("米大使館", "주이라크 美대사관"); Japanese and Korean former names
    # (グルジア, 터키); Thai's common misspelling of its word for embassy (สถานฑูต).
    ("英大使館 ウガンダ", "GB", "UG", None),
    ("주이란 獨대사관", "DE", "IR", None),
    ("グルジア大使館 東京", "GE", "JP", None),
    ("주터키 일본대사관", "JP", "TR", None),
    ("สถานฑูตญี่ปุ่น กรุงเทพ", "JP", "TH", None),
    # An everyday word of a language written in Latin letters is no romanised abjad name by
    # its consonants (Swedish "ligger", lies: not Bulgaria).
    ("Var ligger Norges ambassad i Kairo?", "NO", "EG", None),
    # The Germanic genitive "s" on a country's name, written without an apostrophe, says whose
    # office it is ("Kenyas ambassad i Stockholm": Kenya's).
    ("Jag behöver förnya passet, var ligger Ugandas ambassad i Köpenhamn?", "UG", "DK", None),
    # A query in Japanese or Korean that names no place means the mission in the writer's
    # country ("ブラジル大使館": Brazil's embassy in Japan); Japanese "v" written either way
    # ("ジュネーヴ", "ジュネーブ"); its words for a consular office and a high commission; 星
    # (Singapore).
    ("ペルー大使館", "PE", "JP", None),
    ("칠레 대사관", "CL", "KR", None),
    ("ジュネーブのイタリア総領事館", "IT", "CH", None),
    ("インドの英国高等弁務官事務所", "GB", "IN", None),
    ("在星日本国大使館", "JP", "SG", None),
    # Everyday and former names: 인니 (Indonesia), الحبشة (Abyssinia, Ethiopia).
    ("주인니 일본 대사관", "JP", "ID", None),
    ("السفارة الجزائرية في الحبشة", "DZ", "ET", None),
    # Thailand names its own missions "… ณ" (at) a place, with no sender; Afrikaans "SA" beside
    # an Afrikaans kind word is Suid-Afrika, not Saudi Arabia's code.
    ("สถานเอกอัครราชทูต ณ กรุงโตเกียว", "TH", "JP", None),
    ("SA ambassade in Parys", "ZA", "FR", None),
    # A country's declined name is the country, not a town named after it (Albany).
    ("посольство Польщі в Албанії", "PL", "AL", None),
    # Japanese older katakana spellings of "ia" and "wa" (イタリヤ, ボツアナ).
    ("ロンドンのイタリヤ大使館", "IT", "GB", None),
    ("ボツアナの日本大使館", "JP", "BW", None),
    # The towns' names in Japanese and Korean that GeoNames lacks (ワシントン, 헤이그), the
    # former name (キエフ), and romaji typed with "w" and a doubled long vowel ("suweeden").
    ("ワシントンのタイ大使館", "TH", "US", None),
    ("헤이그 일본 대사관", "JP", "NL", None),
    ("キエフのポーランド大使館", "PL", "UA", None),
    ("suweeden nihon taishikan", "JP", "SE", None),
    # Korean town names GeoNames writes with the word for "city" apart ("히로시마 시"), here
    # written onto the resident-in prefix.
    ("주히로시마 한국 총영사관", "KR", "JP", "Hiroshima"),
    # Czech: country and town names in their cases, national adjectives, and the ministry's
    # "ZÚ" for its own embassy.
    ("velvyslanectví Rakouska ve Varšavě", "AT", "PL", None),
    ("kde je kanadské velvyslanectví v Praze", "CA", "CZ", None),
    ("ZÚ Vídeň", "CZ", "AT", None),
    # A romanised Russian name of two words, declined on the last ("v buenos-airese").
    ("posolstvo ukrainy v buenos-airese", "UA", "AR", None),
    # Vietnamese names the owner right after the kind word; a country's name before it is a
    # word of the sentence ("hợp pháp hóa": legalise, not France).
    ("tôi cần hợp pháp hóa bằng cấp ở đại sứ quán Chile tại Hà Nội", "CL", "VN", None),
    # Swedish small words are no names ("från": from, not French).
    ("Jag kommer från Norge och bor i Hanoi, var ligger ambassaden?", "NO", "VN", None),
    # A town named by an everyday word is the town after a word for "in" ("a Lima"; "lima" is
    # a file in Italian).
    (
        "Sono argentino, mi hanno rubato il passaporto a Lima: dov'è l'ambasciata d'Argentina?",
        "AR",
        "PE",
        None,
    ),
]


@pytest.mark.parametrize(("query", "sending", "host", "city"), CASES)
def test_more_languages(query: str, sending: str, host: str, city: str | None) -> None:
    assert_top(query, sending, host, city)


@pytest.mark.parametrize(
    "query",
    [
        "consulado honorário dos Países Baixos no Canadá",
        "Hollanda'nın Kanada fahri konsolosluğu",
        "konsul kehormatan Belanda di Kanada",
        "častni konzulat Nizozemske v Kanadi",
        "קונסוליה של כבוד של הולנד בקנדה",
    ],
)
def test_honorary_consulates_asked_for_in_other_languages(query: str) -> None:
    # The Netherlands has consulates-general in Canada too: those come first for "consulate".
    result, top = run(query)
    assert (top.sending, top.host, top.kind) == ("NL", "CA", "honorary_consulate"), describe(result)


def test_the_words_that_tell_a_language_are_kind_words() -> None:
    # A word listed by language but not as a kind word would never be read, and the letters
    # beside it would silently keep their other meaning.
    kind_words = {word for words in vocabulary.KIND_WORDS.values() for word in words}
    by_language = vocabulary.KIND_WORDS_BY_LANGUAGE
    missing = {word for words in by_language.values() for word in words} - kind_words
    assert not missing
