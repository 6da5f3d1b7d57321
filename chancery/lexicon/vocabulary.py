"""Words that say what kind of office is wanted, and the small words around place names.

Facts about languages, written into the project. Keys are matched after `text.fold`, so they
are listed here as people write them (accents and capitals are fine).
"""

from __future__ import annotations

#: Mission-kind words → the kind they ask for. "embassy" and "consulate" are families; the
#: specific kinds are model values (`directory.models.MissionKind`).
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "embassy": (
        "embassy",
        "embassies",
        "ambassador",
        "chancery",
        "ambassade",
        "ambassades",
        "ambassadeur",  # fr, nl
        "embajada",
        "embajadas",
        "embajador",  # es
        "embaixada",
        "embaixadas",  # pt
        "ambasciata",
        "ambasciate",  # it
        "botschaft",
        "botschaften",
        "botschafter",  # de
        "ambasada",
        "ambasady",
        "ambasáda",
        "velvyslanectví",
        "veľvyslanectvo",  # pl ro cs sk
        "nagykövetség",
        "suurlähetystö",
        "ambassaden",
        "büyükelçilik",
        "büyükelçiliği",
        "elçilik",  # tr: "embassy", short
        "elçiliği",
        "посольство",
        "посольства",
        "посол",
        "амбасада",
        "посолство",  # ru uk bg
        "大使馆",
        "大使館",
        "使馆",
        "使館",
        "대사관",  # zh ja ko
        "سفارة",
        "السفارة",
        "سفارت",  # ar fa
        "שגרירות",
        "πρεσβεία",
        "kedutaan besar",
        "kedutaan",
        "đại sứ quán",
        "สถานทูต",
        "दूतावास",  # hi
        "एम्बेसी",  # hi: the English word, as most people say it
        "एंबेसी",
        "大使館",  # ja
        "ambasadu",
        "ambasadą",  # pl cases the stems miss
        "đại sứ",  # vi
        "sứ quán",
        "veleposlaništvo",  # sl
        "veleposlaništva",
        "veleposlanik",
        "veleposlanstvo",  # hr
        "ambasadă",  # ro
        "ambasadei",
        "ambassad",  # sv
        "vēstniecība",  # lv
        "saatkond",  # et
        "สถานเอกอัครราชทูต",  # th
        "สถานฑูต",  # th: the common misspelling, with ฑ for ท
        "taishikan",  # ja, in romaji (大使館)
        "taisikan",  # … in the romaji of Japan's own system (kunrei: si, ti, tu, zi)
        "たいしかん",  # ja, in hiragana, as typed before the input method converts it
    ),
    "high_commission": (
        "high commission",
        "high commissions",
        "high commissioner",
        "haut-commissariat",
        "alto comisionado",
        "alta comisión",
        "hochkommissariat",
        "высокая комиссия",
        "高级专员公署",
        "المفوضية العليا",
        "उच्चायोग",  # hi
        "高等弁務官事務所",  # ja
        "हाई कमीशन",  # hi: the English words, as most people say them
        "हाई कमिशन",
        "hoë kommissie",  # af
        "alto comissariado",  # pt
        "alta commissione",  # it
        "hoge commissie",  # nl
        "wysoka komisja",  # pl
        "високий комісаріат",  # uk
        "yüksek komiserliği",  # tr
        "ύπατη αρμοστεία",  # el
        "נציבות עליונה",  # he
        "کمیساریای عالی",  # fa
        "suruhanjaya tinggi",  # ms
        "komisi tinggi",  # id
        "고등판무관",  # ko
        "고등판무관 사무소",
        "고등판무관실",
        "cao ủy",  # vi
        "phủ cao ủy",
        "高专署",  # zh: the short form of the press
        "高专公署",
        "高級專員公署",  # zh-Hant
        "高專署",
        "สำนักงานข้าหลวงใหญ่",  # th
        "ข้าหลวงใหญ่",
        "főbiztosság",  # hu
        "înaltul comisariat",  # ro
        "înalta comisie",
        "vysoký komisariát",  # cs
        "högkommission",  # sv
        "högkommissionen",
        "visoka komisija",  # sl
    ),
    "consulate": (
        "consulate",
        "consulates",
        "consul",
        "consular",
        "consular section",
        "consulat",
        "consulats",
        "consulado",
        "consulados",
        "consolato",
        "consolati",
        "konsulat",
        "konsulate",
        "konsul",
        "consulaat",
        "konsulát",
        "konzulátus",
        "konsulaatti",
        "konsolosluk",
        "konsolosluğu",
        "領事事務所",  # ja: a consular office
        "ryoujikan",  # ja, in romaji (領事館)
        "ryojikan",
        "ryouzikan",  # kunrei
        "ryozikan",
        "ryōjikan",
        "консульство",
        "консульства",
        "консульский отдел",
        "консул",
        "领事馆",
        "領事館",
        "りょうじかん",  # ja, in hiragana
        "领馆",
        "領館",
        "영사관",
        "قنصلية",
        "القنصلية",
        "کنسولگری",
        "קונסוליה",
        "προξενείο",
        "konsulat jenderal",
        "lãnh sự quán",
        "สถานกงสุล",
        "वाणिज्य दूतावास",  # hi
        "कौंसुलेट",  # hi: the English word
        "कॉन्सुलेट",
        "काउंसलेट",
        "konsulaat",  # af
        "konsulatu",  # pl
        "konsulacie",
        "konzulat",  # sl hr
        "konzulata",
        "konsulatet",  # sv da no
        "consulatul",  # ro
        "konsulaatti",  # fi
    ),
    "consulate_general": (
        "souryoujikan",  # ja, in romaji (総領事館), with and without the long vowels
        "soryojikan",
        "souryouzikan",  # kunrei
        "soryozikan",
        "sōryōjikan",
        "consulate general",
        "consulate-general",
        "consul general",
        "consulates general",
        "consulat général",
        "consulat general",
        "consulado general",
        "consulado-geral",
        "consulado geral",
        "consolato generale",
        "generalkonsulat",
        "generalkonsul",
        "consulaat-generaal",
        "consulaat generaal",
        "konsulat generalny",
        "başkonsolosluk",
        "başkonsolosluğu",
        "генеральное консульство",
        "генконсульство",
        "генеральный консул",
        "总领事馆",
        "總領事館",
        "总领馆",
        "總領事",
        "총영사관",
        "القنصلية العامة",
        "قنصلية عامة",
        "महावाणिज्य दूतावास",  # hi
        "総領事館",  # ja
        "そうりょうじかん",  # ja, in hiragana
        "генеральне консульство",  # uk
        "konsulatu generalnego",  # pl
        "konsulaat-generaal",  # af
        "tổng lãnh sự quán",  # vi
        "سرکنسولگری",  # fa
        "γενικό προξενείο",  # el
        "consolato generale",
        "generalni konzulat",  # sl hr
        "generální konzulát",  # cs
        "generálny konzulát",  # sk
        "főkonzulátus",  # hu
        "generalkonsulatet",  # sv
        "consulatul general",  # ro
        "pääkonsulaatti",  # fi
        "สถานกงสุลใหญ่",  # th
    ),
    "honorary_consulate": (
        "honorary consulate",
        "honorary consul",
        "consulat honoraire",
        "consul honoraire",
        "consulado honorario",
        "cónsul honorario",
        "consolato onorario",
        "honorarkonsulat",
        "honorarkonsul",
        "honorair consulaat",
        "почетное консульство",
        "почетный консул",
        "名誉领事馆",
        "名誉領事館",
        "めいよりょうじかん",  # ja, in hiragana
        "名誉総領事館",
        "القنصلية الفخرية",
        "قنصلية فخرية",
        "consulado honorário",  # pt
        "cônsul honorário",
        "ereconsulaat",  # nl
        "erekonsulaat",  # af
        "erekonsul",
        "honorair consul",
        "konsul kehormatan",  # id ms
        "konsulat kehormatan",
        "fahri konsolosluk",  # tr
        "fahri konsolosluğu",
        "fahri başkonsolosluğu",
        "почесне консульство",  # uk
        "почесний консул",
        "konsulat honorowy",  # pl
        "konsul honorowy",
        "honorowy konsul",
        "τιμητικό προξενείο",  # el
        "קונסוליה של כבוד",  # he
        "קונסוליית כבוד",  # he: the construct state, as it is usually written
        "קונסול כבוד",
        "کنسولگری افتخاری",  # fa
        "मानद वाणिज्य दूतावास",  # hi
        "lãnh sự danh dự",  # vi
        "명예영사관",  # ko
        "名誉总领事馆",  # zh
        "名譽領事館",
        "častni konzulat",  # sl
        "počasni konzulat",  # hr
        "honorární konzulát",  # cs
        "honorárny konzulát",  # sk
        "honorärkonsulat",  # sv
        "honorärkonsulatet",
        "consulat onorific",  # ro
        "tiszteletbeli konzulátus",  # hu
        "kunniakonsulaatti",  # fi
    ),
    "vice_consulate": (
        "vice consulate",
        "vice-consulate",
        "vice consul",
        "vice-consulat",
        "viceconsulado",
        "vizekonsulat",
        "вице-консульство",
    ),
    "nunciature": (
        "nunciature",
        "apostolic nunciature",
        "nunciatura",
        "nunziatura",
        "nuntiatur",
        "нунциатура",
        "nuncio",
        "nonce apostolique",
        "apostolische nuntiatur",  # de
        "nunciatura apostólica",  # es pt
        "nunziatura apostolica",  # it
        "nuncjatura",  # pl
        "nuncjatura apostolska",
        "нунціатура",  # uk
        "apostolik nunsiyatur",  # tr
        "papalık elçiliği",
        "papalık büyükelçiliği",
        "apostolische nuntiatuur",  # nl
        "nuntiatuur",
        "nunsiatura apostolik",  # id
        "السفارة البابوية",  # ar
        "nuncijatura",  # sl hr
        "教廷大使馆",  # zh
        "教廷大使館",
        "교황청 대사관",  # ko
        "교황청대사관",
        "교황대사관",  # ko: the pope's embassy, as the press often writes it
        "ローマ教皇庁大使館",  # ja
        "tòa sứ thần tòa thánh",  # vi
        "tòa sứ thần",
        "sứ thần tòa thánh",
        "αποστολική νουντσιατούρα",  # el
        "νουντσιατούρα",
        "apostoli nunciatúra",  # hu
        "nunciatúra",
        "nunțiatura apostolică",  # ro
        "nunțiatura",
        "nunțiatură",
        "apoštolská nunciatura",  # cs
        "apostoliska nuntiaturen",  # sv
        "nuntiaturen",
        "נונציאטורה",  # he
        "הנונציאטורה",
        "nunsiatur apostolik",  # ms
        "สถานเอกอัครสมณทูต",  # th
        "教皇庁大使館",  # ja
    ),
    "permanent_mission": (
        "permanent mission",
        "permanent representation",
        "mission permanente",
        "représentation permanente",
        "misión permanente",
        "ständige vertretung",
        "постоянное представительство",
        "постпредство",
        "常驻代表团",
    ),
    # A state's office in a country it has broken relations with, under another's flag
    # (the interests sections of Havana and Washington, Tehran and Cairo).
    "interests_section": (
        "interests section",
        "sección de intereses",  # es
        "section d'intérêts",  # fr
        "seção de interesses",  # pt
        "secção de interesses",
        "sezione di interessi",  # it
        "interessenvertretung",  # de
        "секция интересов",  # ru
        "قسم رعاية المصالح",  # ar
        "دفتر حفاظت منافع",  # fa
    ),
    "mission": (
        "mission",
        "missions",
        "diplomatic mission",
        "representation",
        "représentation",
        "representación",
        "vertretung",
        "представительство",
        "office",
        "liaison office",
        "representative office",
        "bureau",  # fr: an office ("Bureau du Tibet", "bureau de représentation")
        "legation",
        "delegation",
        "délégation",
        "delegación",
        "mission diplomatique",
        "дипмиссия",
        "temsilciliği",  # tr
        "temsilcilik",
        "представництво",  # uk
        "przedstawicielstwo",  # pl
        "代表処",  # ja
        "経済文化代表処",  # ja: Taiwan's offices ("economic and cultural representative office")
        "代表處",  # zh
        "代表处",
        "辦事處",
        "办事处",
        "經濟文化代表處",  # zh: Taiwan's offices
        "经济文化代表处",
        "經濟文化辦事處",
        "经济文化办事处",
        "대표부",  # ko
        "사무소",  # ko: office
        "कार्यालय",  # hi: office
        "văn phòng",  # vi: office
        "văn phòng đại diện",  # vi: representative office
        "văn phòng kinh tế văn hóa",  # vi: economic and cultural office (Taiwan's)
        "văn phòng kinh tế và văn hóa",
        "economic and cultural office",  # Taiwan's offices, in English
        "economic and cultural representative office",
        "สำนักงาน",  # th: office
        "สำนักงานผู้แทน",  # th: representative office
        "สำนักงานเศรษฐกิจและวัฒนธรรม",  # th: economic and cultural office (Taiwan's)
        "képviselet",  # hu: representation
        "reprezentanța",  # ro
        "reprezentanță",
        "αντιπροσωπεία",  # el
        "γραφείο",  # el: office
        "נציגות",  # he: representation
        "zastoupení",  # cs
        "pejabat perwakilan",  # ms
        "pejabat",  # ms: office
    ),
}

#: The endings of the Chinese and Japanese words for a representative office, named after the
#: town of the government it speaks for ("台北經濟文化代表處", Taipei's; "烏蘭巴托貿易經濟代表處",
#: Ulaanbaatar's, in Taipei). Not "事務所", which names the town it stands in ("日本台灣交流協會
#: 台北事務所": Japan's office in Taipei).
OFFICE_NAMED_AFTER_ITS_GOVERNMENT = ("代表處", "代表处", "代表処", "辦事處", "办事处")


#: The kind words of the languages whose own abbreviation for their country is another
#: country's ISO code (`abbreviations.tsv`: Slovenian "RS", Serbia's code; Czech "ČR" typed
#: "CR", Costa Rica's; Slovak "SR"; Turkish "TC"; Indonesian and Malay "AS"; Afrikaans "SA",
#: Saudi Arabia's): beside one of
#: them, the letters mean what that language means by them ("Veleposlaništvo RS v Londonu").
KIND_WORDS_BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "sl": ("veleposlaništvo", "veleposlaništva", "generalni konzulat", "častni konzulat"),
    "cs": ("velvyslanectví", "generální konzulát", "honorární konzulát"),
    "sk": ("veľvyslanectvo", "generálny konzulát", "honorárny konzulát"),
    "tr": ("büyükelçiliği", "büyükelçilik", "başkonsolosluğu", "konsolosluğu", "elçiliği"),
    "id": ("kedutaan besar", "kedutaan", "konsulat jenderal"),
    "ms": ("kedutaan besar", "kedutaan", "suruhanjaya tinggi"),
    "af": ("ambassade", "konsulaat", "konsulaat-generaal", "erekonsul", "erekonsulaat"),
}

#: Vietnamese words that show a query typed without its marks is Vietnamese ("dai su quan",
#: "ho chieu"): its words are then read with the marks they most often have ("my": Mỹ).
VIETNAMESE_WITHOUT_MARKS = ("dai su quan", "lanh su quan", "su quan", "dsq", "ho chieu", "o dau")
#: Vietnamese words typed without marks that a name follows (the kind words' last syllable,
#: "ở", "tại", "của", "nước"): after them a word that is a small word or a name by its marks
#: is the name ("dai su quan bi": Belgium's embassy; "toi bi mat": I have lost).
VIETNAMESE_BEFORE_NAMES = frozenset({"quan", "dsq", "o", "tai", "cua", "nuoc"})

#: Kind words of the languages written in Latin letters that name the owner right after
#: them, with no word between: Vietnamese ("đại sứ quán Pháp tại Hà Nội"), Indonesian and
#: Malay ("Kedutaan Besar Jepang di Jakarta").
OWNER_AFTER_KIND_WORDS = frozenset(
    {
        "đại sứ quán",  # vi
        "sứ quán",
        "lãnh sự quán",
        "tổng lãnh sự quán",
        "lãnh sự danh dự",
        "dsq",
        "kedutaan besar",  # id, ms
        "kedutaan",
        "konsulat jenderal",  # id
        "suruhanjaya tinggi",  # ms
    }
)

#: Korean kind words typed in Latin letters (대사관, 영사관, 총영사관).
ROMANISED_KOREAN_KIND_WORDS = frozenset({"daesagwan", "yeongsagwan", "chongyeongsagwan"})

#: Korean, Japanese and Chinese kind words typed in Latin letters: like the words in their
#: scripts, the name just before them is the owner ("ratobia nihon taishikan").
HEAD_FINAL_ROMANISED_KIND_WORDS = ROMANISED_KOREAN_KIND_WORDS | frozenset(
    {
        "taishikan",  # ja 大使館
        "taisikan",
        "ryoujikan",  # ja 領事館
        "ryojikan",
        "ryouzikan",
        "ryozikan",
        "souryoujikan",  # ja 総領事館
        "soryojikan",
        "souryouzikan",
        "soryozikan",
        "dashiguan",  # zh 大使馆
        "lingshiguan",  # zh 领事馆
        "zonglingshiguan",  # zh 总领事馆
    }
)

#: The kinds each asked-for kind accepts, best first.
KIND_FAMILIES: dict[str, tuple[str, ...]] = {
    "embassy": ("embassy", "high_commission", "nunciature"),
    "high_commission": ("high_commission", "embassy"),
    "consulate": ("consulate_general", "consulate", "vice_consulate", "honorary_consulate"),
    "consulate_general": ("consulate_general", "consulate"),
    "honorary_consulate": ("honorary_consulate", "consulate"),
    "vice_consulate": ("vice_consulate", "consulate"),
    "nunciature": ("nunciature", "embassy"),
    "permanent_mission": ("permanent_mission", "delegation"),
    "interests_section": ("interests_section", "embassy"),
    "mission": (),
}

#: Words before a place that make it the host ("in", "à", "en", "в", "في", "驻" …), with
#: how sure they are: "a" or "to" also appear in other roles.
HOST_MARKERS: dict[str, float] = {
    **dict.fromkeys(
        (
            "in",
            "inside",
            "within",
            "à",
            "au",
            "aux",
            "dans",
            "en",
            "em",
            "nel",
            "nella",
            "nei",
            "im",
            "в",
            "во",
            "في",
            "فى",
            "驻",
            "駐",
            "zhu",  # 驻 in pinyin ("zhongguo zhu baxi dashiguan")
            "住",  # zh: "living in", and 驻 as the keyboard often gives it ("中国住智利大使馆")
            "住在",
            "w",
            "we",
            "ve",
            "در",  # fa
            "dar",  # fa, in Latin letters
            "fi",  # ar, in Latin letters
            "tại",  # vi
            "ở",
            "di",  # id
            "στο",  # el
            "στη",
            "στην",
            "στον",
            "σε",
            "주",  # ko: "resident in", written before the place ("주미", "주독일")
            "ใน",  # th: in
            "ณ",  # th: at (formal: "สถานเอกอัครราชทูต ณ กรุงปราก")
            "ประจำ",  # th: stationed in ("สถานทูตอังกฤษประจำนิวซีแลนด์")
        ),
        2.0,
    ),
    **dict.fromkeys(
        (
            "at",
            "near",
            "to",
            "for",
            "a",
            "no",
            "na",
            "nos",
            "nas",
            "bei",
            "nach",
            "на",
            "у",
            "ب",
            "在",
            "v",
            "accredited",
            "تو",  # fa, spoken: "in" ("تو کپنهاگ"), and "you"
            "u",  # uk ru in Latin letters ("u meksyci"), hr sr bs
            "din",  # ro: of, in a mission's name where it stands ("Ambasada României din Angola")
        ),
        1.0,
    ),
}

#: Words before a country that make it the sender: "of", "de", "von", "from" …
SENDING_MARKERS = (
    "of",
    "from",
    "de",
    "du",
    "d",
    "des",
    "del",
    "della",
    "dello",
    "di",
    "da",
    "do",
    "dos",
    "das",
    "von",
    "vom",
    "der",
    "van",
    "z",
    "ze",
    "из",
    "của",  # vi
    "של",  # he
    "shel",  # he, in Latin letters
    "من",
    "的",
)

#: Articles and other words that may stand between a marker and its place.
ARTICLES = (
    "the",
    "la",
    "le",
    "les",
    "l",
    "el",
    "los",
    "las",
    "lo",
    "il",
    "gli",
    "i",
    "o",
    "os",
    "as",
    "die",
    "den",
    "dem",
    "het",
    "republic",
    "republik",
    "république",
    "república",
    "กรุง",  # th: "the capital", written onto the city's name ("กรุงปราก")
    "ประเทศ",  # th: "the country", written onto its name
)

#: Words that signal someone needs consular help rather than a diplomatic address.
CONSULAR_INTENT = (
    "passport",
    "passports",
    "lost",
    "stolen",
    "robbed",
    "visa",
    "visas",
    "citizen",
    "citizens",
    "national",
    "nationals",
    "nationality",
    "emergency",
    "help",
    "arrested",
    "renew",
    "renewal",
    "replace",
    "replacement",
    "travel document",
    "emergency passport",
    "birth",
    "registration",
    "notary",
    "legalisation",
    "legalization",
    "apostille",
    "passeport",
    "perdu",
    "perdue",
    "volé",
    "citoyen",
    "citoyenne",
    "ressortissant",
    "pasaporte",
    "perdido",
    "perdida",
    "robado",
    "ciudadano",
    "ciudadana",
    "passaporto",
    "perso",
    "cittadino",
    "passaporte",
    "perdi",
    "cidadão",
    "reisepass",
    "pass",
    "verloren",
    "gestohlen",
    "staatsbürger",
    "staatsangehöriger",
    "паспорт",
    "パスポート",  # ja
    "旅券",
    "여권",  # ko
    "पासपोर्ट",  # hi
    "พาสปอร์ต",  # th
    "paspor",  # id
    "hilang",  # id ms: lost
    "kehilangan",
    "dicuri",  # stolen
    "dirampok",  # robbed
    "dicopet",  # pickpocketed
    "tolong",  # help
    "หนังสือเดินทาง",
    "potni list",  # sl
    "paszport",  # pl
    "pasaport",  # tr
    "paspor",  # id
    "hộ chiếu",  # vi
    "bị bắt",  # vi: arrested
    "bị mất",  # vi: lost
    "bị cướp",  # vi: robbed
    "گذرنامه",  # fa
    "پاسپورت",
    "paspoort",  # nl, af
    "διαβατήριο",  # el
    "דרכון",  # he
    "паспорта",
    "потерял",
    "потеряла",
    "украли",
    "виза",
    "визу",
    "гражданин",
    "гражданка",
    "护照",
    "签证",
    "ビザ",  # ja: visa ("ビザ" folds as Pisa's "ピサ" does)
    "ヴィザ",
    "جواز",
    "سفر",
    "تأشيرة",
)

#: Other words that carry no place or kind: never matched approximately against names.
FILLER = (
    "a",
    "an",
    "and",
    "or",
    "the",
    "is",
    "are",
    "am",
    "i",
    "im",
    "i'm",
    "me",
    "my",
    "mine",
    "we",
    "our",
    "you",
    "your",
    "it",
    "its",
    "what",
    "where",
    "which",
    "who",
    "how",
    "when",
    "find",
    "nearest",
    "closest",
    "near",
    "nearby",
    "address",
    "phone",
    "telephone",
    "number",
    "contact",
    "contacts",
    "details",
    "hours",
    "opening",
    "email",
    "website",
    "site",
    "web",
    "located",
    "location",
    "list",
    "all",
    "main",
    "official",
    "please",
    "need",
    "get",
    "got",
    "have",
    "has",
    "had",
    "was",
    "were",
    "be",
    "been",
    "with",
    "without",
    "by",
    "on",
    "up",
    "there",
    "here",
    "this",
    "that",
    "these",
    "those",
    "just",
    "now",
    "today",
    "open",
    "closed",
    "urgent",
    "urgently",
    "je",
    "suis",
    "j",
    "ai",
    "mon",
    "ma",
    "mes",
    "et",
    "ou",
    "où",
    "est",
    "une",
    "un",
    "pour",
    "yo",
    "soy",
    "mi",
    "mis",
    "y",
    "donde",
    "dónde",
    "está",
    "ich",
    "bin",
    "mein",
    "meine",
    "und",
    "wo",
    "ist",
    "habe",
    "я",
    "мой",
    "моя",
    "и",
    "где",
    "есть",
    "адрес",
    "телефон",
    "как",
    "أنا",
    "و",
    "أين",
    "عنوان",
    # Russian and Ukrainian personal pronouns, in their cases ("мене пограбували": I was
    # robbed), which the case endings would otherwise read as names.
    "меня",
    "мне",
    "мной",
    "нас",
    "нам",
    "мене",
    "мені",
    "мною",
    "ми",
    # Arabic as spoken: where, I want, I need, what.
    "فين",
    "شو",
    "ايش",
    "ابغى",
    "عايز",
    "محتاج",
    "محتاجة",
    "alamat",  # id ms: address
    "nak",  # ms: want to (hendak, as spoken: "macam mana nak hubungi …")
    "află",  # ro: "se află", is (somewhere): "unde se află ambasada …"
    "afla",
    # Vietnamese: contact, phone number, address, how, where.
    "liên hệ",
    "số điện thoại",
    "địa chỉ",
    "cộng hòa",  # vi: republic, before a name ("Cộng hòa Congo")
    "cộng hoà",
    "thế nào",
    "ở đâu",
    "giúp đỡ",  # vi: help
    "cần giúp",
)


#: Everyday words of one language that are a town's name in another: Arabic "وين" (where) is
#: Vienna in Persian, "كيف" (how) Kyiv. Read as the town only where the query names few other
#: places (`Lexicon.common_words`, with the stop words of `builder.STOPWORD_LANGUAGES`).
COMMON_WORDS_NAMING_TOWNS = ("وين", "كيف")


#: Postpositions after a place that make it the host: Hindi "में" (in), Japanese "で", "に" and
#: "駐在" (stationed in: "ハンガリー駐在アルバニア大使館"), Korean "에서" and "에" (split off
#: their word: `text.korean_pieces`) and "주재" (resident in), the Turkish locative suffixes
#: after an apostrophe ("Berlin'deki").
HOST_POSTPOSITIONS = (
    "में",
    "मे",
    "で",
    "に",
    "にある",
    "駐在",
    "驻在",
    "에서",
    "에",
    "주재",
    "deki",
    "daki",
    "teki",
    "taki",
    "mein",  # hi, in Latin letters ("iceland mein")
    "me",
)

#: Postpositions after a place that make it the sender: Hindi "का", "की", "के" (of), Korean
#: "의" (of).
SENDING_POSTPOSITIONS = ("का", "की", "के", "의")


#: The case endings of the languages that decline names and that no dictionary here reads,
#: as they are after `text.fold` (no accents): Polish, Czech and Slovak, Croatian and Serbian,
#: Lithuanian and Latvian, Hungarian, Greek (in its script, where the final ς folds to σ, and in
#: Latin letters), Ukrainian, Bulgarian and Russian (in Cyrillic and in Latin letters),
#: Romanian's genitives ("Franței", "Madagascarului"). With the consonant changes a stem takes
#: before some of them ("Kopenhaga" → "Kopenhadze", "Budapeszt" → "Budapeszcie"). From the grammars'
#: declension tables (Polish: Swan, "A Grammar of Contemporary Polish", ch. 2; Ukrainian:
#: Pugh and Press, "Ukrainian: A Comprehensive Grammar", ch. 3; Czech: Naughton, "Czech: An
#: Essential Grammar", ch. 2; Greek: Holton, Mackridge and Philippaki-Warburton, "Greek: A
#: Comprehensive Grammar", ch. 2).
CASE_ENDINGS = frozenset(
    """
    a e i o u y ie iu ia io em om ow ach ami ego emu ej ym im ych ich owi owie
    dze cie rze sze ce ze le ni si zi ji ii niu ech ou um ovi ama ima oj oje je ai ui
    s as es is os on ou ai oi ei ye iy akh yakh yu ya oyu eyu yami ban ben ba be ra re ului
    а е и о у ы ю я і ї є ой ей ом ем ах ях ам ям ами ями ою ею ів ов ей ии ию ии ові еві
    ці зі сі ні ві
    σ υ ου ων οσ ασ ησ εσ ουσ α ο η ι ε
    """.split()
) | {""}


#: The words for "stationed in" that name the writer's own country's missions when no sender
#: is given: Korean "주상하이 총영사관" is Korea's consulate-general in Shanghai, Chinese
#: "驻美大使馆" China's embassy in the United States, Japanese "在上海日本総領事館" Japan's
#: (在 only in Japanese text: in Chinese it is the everyday "in"); Thai ministry abbreviations
#: for its own embassies and consulates-general ("สอท. ณ กรุงโตเกียว": Thailand's in Tokyo),
#: and the formal "at" its own missions' names carry ("สถานเอกอัครราชทูต ณ กรุงเอเธนส์", the
#: Royal Thai Embassy in Athens; other countries' missions in Thailand are "ประจำประเทศไทย").
OWN_MISSIONS_PREFIXES = {"주": "KR", "驻": "CN", "在": "JP", "สอท": "TH", "สกญ": "TH", "ณ": "TH"}
