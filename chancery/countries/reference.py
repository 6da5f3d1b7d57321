"""Facts about countries that no library supplies, kept as data.

Names are matched after `normalize_name` (case, accents, punctuation and a leading "the" removed).
The import keys its results on the QIDs the source file gives; a QID is written here only where
a label alone cannot say which state an entity stands for (`STATE_BODY_ITEMS`).
"""

from __future__ import annotations

# Source labels that pycountry and CLDR do not resolve, mapped to an ISO 3166-1 alpha-2 code
# (XK is the code the EU, IMF and CLDR use for Kosovo). Government bodies stand for their state.
NAME_TO_ISO: dict[str, str] = {
    "people's republic of china": "CN",
    "prc": "CN",
    "republic of korea": "KR",
    "kingdom of the netherlands": "NL",
    "kingdom of denmark": "DK",
    "republic of ireland": "IE",
    "kosovo": "XK",
    "republic of kosovo": "XK",
    "ivory coast": "CI",
    "east timor": "TL",
    "democratic republic of the congo": "CD",
    "dr congo": "CD",
    "republic of the congo": "CG",
    "macau": "MO",
    "vatican": "VA",
    "vatican city": "VA",
    "holy see": "VA",
    "palestine": "PS",
    "state of palestine": "PS",
    "cape verde": "CV",
    "swaziland": "SZ",
    "burma": "MM",
    "turkey": "TR",
    "czech republic": "CZ",
    "federated states of micronesia": "FM",
    "sao tome and principe": "ST",
    "united states of america": "US",
    "ministry of foreign affairs of the russian federation": "RU",
    "ministry of foreign affairs of the people's republic of china": "CN",
    "ministry of foreign affairs and cooperation of the republic of rwanda": "RW",
    "government of sweden": "SE",
}

# Government bodies named by a label that does not say whose they are: the Wikidata item is the
# only key. Each stands for its state, so its missions are the state's.
STATE_BODY_ITEMS: dict[str, str] = {
    # "Ministry of Foreign Affairs": the Republic of China's (Taiwan), the operator of its
    # embassy to the Holy See (https://www.wikidata.org/wiki/Q697158).
    "Q697158": "TW",
}

# The 193 member states of the United Nations (alpha-2).
UN_MEMBER_STATES: frozenset[str] = frozenset(
    """
    AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH
    CM CA CF TD CL CN CO KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI
    FR GA GM GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KP
    KR KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MD MC MN ME MA MZ MM
    NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA RO RU RW KN LC VC WS SM ST
    SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV
    UG UA AE GB US UY UZ VU VE VN YE ZM ZW
    """.split()
)

# Entities without an ISO code, by kind. Anything not listed here and without an ISO code is
# imported as "other" and reported, so that a new kind of entity is looked at, not guessed.
PARTIALLY_RECOGNISED_NAMES: frozenset[str] = frozenset(
    {
        "abkhazia",
        "republic of abkhazia",
        "south ossetia",
        "turkish republic of northern cyprus",
        "northern cyprus",
        "somaliland",
        "sahrawi arab democratic republic",
        "transnistria",
        "artsakh",
    }
)
INTERNATIONAL_ORGANISATION_NAMES: frozenset[str] = frozenset(
    {
        "european union",
        "african union",
        "united nations",
        "unesco",
        "world trade organization",
        "european parliament",
        "council of europe",
        "nato",
        "organization of american states",
        "association of southeast asian nations",
        "arab league",
    }
)
# fmt: off
SUBNATIONAL_NAMES: frozenset[str] = frozenset(
    {
        # Belgium, Canada, Germany, Spain, the United Kingdom, the United States
        "flanders", "wallonia", "quebec", "bavaria", "baden-wurttemberg", "hesse", "saxony",
        "north rhine-westphalia", "rhineland-palatinate", "saarland", "catalonia", "basque country",
        "aragon", "asturias", "cantabria", "navarre", "land of valencia", "balearic islands",
        "region of murcia", "community of valencia", "scotland", "wales", "northern ireland",
        "northern england", "texas",
        "arkansas", "oklahoma", "hawaii", "government of new mexico", "california",
        # Brazil
        "sao paulo", "rio de janeiro", "minas gerais", "ceara", "alagoas", "paraiba", "pernambuco",
        "maranhao", "piaui", "mato grosso", "mato grosso do sul", "espirito santo", "sergipe",
        "rio grande do norte", "salvador",
        # China
        "beijing", "shanghai", "tianjin", "chongqing", "guangdong", "guangxi", "fujian", "hainan",
        "guizhou", "yunnan", "sichuan", "hebei", "henan", "hubei", "hunan", "anhui", "jiangsu",
        "jiangxi", "zhejiang", "shandong", "shanxi", "shaanxi", "gansu", "qinghai", "ningxia",
        "liaoning", "jilin", "heilongjiang", "inner mongolia", "xinjiang", "tibet",
        # India, Indonesia, Russia
        "south india", "north india", "aceh", "bali", "jambi", "riau", "riau islands",
        "north sumatra", "west sumatra", "east java", "east kalimantan", "north kalimantan",
        "south kalimantan", "east nusa tenggara", "west nusa tenggara", "primorsky krai",
        "kamchatka krai", "magadan oblast",
    }
)
# fmt: on

# English display names where CLDR's short form does not read well in a sentence or a URL.
DISPLAY_NAME_OVERRIDES: dict[str, str] = {
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CI": "Côte d'Ivoire",
    "HK": "Hong Kong",
    "MO": "Macau",
    "MM": "Myanmar",
    "PS": "Palestine",
    "VA": "Holy See",
    "UM": "United States Minor Outlying Islands",
    "VC": "Saint Vincent and the Grenadines",
}

# Names in the site's languages for entities CLDR does not name, or names differently.
# fmt: off
TRANSLATED_NAMES: dict[str, dict[str, str]] = {
    "VA": {
        "en": "Holy See", "fr": "Saint-Siège", "es": "Santa Sede", "de": "Heiliger Stuhl",
        "ru": "Святой Престол", "ar": "الكرسي الرسولي", "zh": "圣座",
    },
    "PS": {
        "en": "Palestine", "fr": "Palestine", "es": "Palestina", "de": "Palästina",
        "ru": "Палестина", "ar": "فلسطين", "zh": "巴勒斯坦",
    },
    "sovereign military order of malta": {
        "en": "Sovereign Military Order of Malta", "fr": "Ordre souverain de Malte",
        "es": "Soberana Orden de Malta", "de": "Souveräner Malteserorden",
        "ru": "Мальтийский орден", "ar": "فرسان مالطا", "zh": "马耳他主权军事教团",
    },
    "turkish republic of northern cyprus": {
        "en": "Northern Cyprus", "fr": "Chypre du Nord", "es": "Chipre del Norte",
        "de": "Nordzypern", "ru": "Северный Кипр", "ar": "قبرص الشمالية", "zh": "北塞浦路斯",
    },
    "abkhazia": {
        "en": "Abkhazia", "fr": "Abkhazie", "es": "Abjasia", "de": "Abchasien",
        "ru": "Абхазия", "ar": "أبخازيا", "zh": "阿布哈兹",
    },
    "south ossetia": {
        "en": "South Ossetia", "fr": "Ossétie du Sud", "es": "Osetia del Sur",
        "de": "Südossetien", "ru": "Южная Осетия", "ar": "أوسيتيا الجنوبية", "zh": "南奥塞梯",
    },
    "somaliland": {
        "en": "Somaliland", "fr": "Somaliland", "es": "Somalilandia", "de": "Somaliland",
        "ru": "Сомалиленд", "ar": "صوماليلاند", "zh": "索马里兰",
    },
    "sahrawi arab democratic republic": {
        "en": "Sahrawi Arab Democratic Republic",
        "fr": "République arabe sahraouie démocratique",
        "es": "República Árabe Saharaui Democrática",
        "de": "Demokratische Arabische Republik Sahara",
        "ru": "Сахарская Арабская Демократическая Республика",
        "ar": "الجمهورية العربية الصحراوية الديمقراطية", "zh": "阿拉伯撒哈拉民主共和国",
    },
    "quebec": {
        "en": "Quebec", "fr": "Québec", "es": "Quebec", "de": "Québec", "ru": "Квебек",
        "ar": "كيبك", "zh": "魁北克",
    },
    "flanders": {
        "en": "Flanders", "fr": "Flandre", "es": "Flandes", "de": "Flandern", "ru": "Фландрия",
        "ar": "فلاندرز", "zh": "佛兰德",
    },
    "central tibetan administration": {
        "en": "Central Tibetan Administration", "fr": "Administration centrale tibétaine",
        "es": "Administración Central Tibetana", "de": "Tibetische Zentralverwaltung",
        "ru": "Центральная тибетская администрация", "ar": "الإدارة التبتية المركزية",
        "zh": "藏人行政中央",
    },
    "african union": {
        "en": "African Union", "fr": "Union africaine", "es": "Unión Africana",
        "de": "Afrikanische Union", "ru": "Африканский союз", "ar": "الاتحاد الأفريقي",
        "zh": "非洲联盟",
    },
}

# fmt: on

# Other spellings of the entities in TRANSLATED_NAMES, mapped to the key they are listed under.
TRANSLATED_NAME_ALIASES: dict[str, str] = {
    "northern cyprus": "turkish republic of northern cyprus",
    "trnc": "turkish republic of northern cyprus",
    "republic of abkhazia": "abkhazia",
    "republic of south ossetia": "south ossetia",
    "republic of somaliland": "somaliland",
    "western sahara (sadr)": "sahrawi arab democratic republic",
    "order of malta": "sovereign military order of malta",
    "smom": "sovereign military order of malta",
    "quebec government": "quebec",
}

# Non-ISO entities that CLDR names under a code of its own.
CLDR_CODES: dict[str, str] = {"european union": "EU", "united nations": "UN"}

# Entities of no other kind: sovereign subjects without territory, governments in exile,
# groupings, historical states. Listed so that they are known, not merely unclassified.
OTHER_NAMES: frozenset[str] = frozenset(
    {
        "sovereign military order of malta",
        "central tibetan administration",
        "nordic countries",
        "indigenous australians",
        "portuguese colonization of the americas",
        "republic of florence",
        "ministry of foreign affairs",
    }
)
