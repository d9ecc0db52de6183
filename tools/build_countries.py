"""Generate src/bilateral/data/registry/countries.yaml and capitals.yaml from CLDR (babel).

A development script, not used at run time: run it when babel's CLDR moves or a hand fix
below changes, review the diff, commit the YAML.

    python tools/build_countries.py

Country names in en, az, kk (Cyrillic), ru and tr come from CLDR. Kazakh in the Latin
alphabet is transliterated from the Cyrillic with the 2018 acute-accent alphabet (the one
the Kazakh Latin-script press writes: Qazaqstan, Ázerbaıjan, Toqaev, Baký), then the names
that matter are fixed by hand. Capitals: one place per country; their localised names come
from CLDR's time-zone exemplar cities when the capital is such a city; the capitals of the
region are curated by hand in places.yaml and only referenced here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from babel import Locale
from babel.core import get_global

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "bilateral" / "data" / "registry"
LANGS = ("en", "az", "kk", "ru", "tr")  # from CLDR; kk-Latn is derived

# --------------------------------------------------------------- Kazakh Cyrillic -> Latin
# The 2018 alphabet (decree of 19 February 2018): one Latin letter (or digraph) per letter.
_KK_LATIN = {
    "а": "a", "ә": "á", "б": "b", "в": "v", "г": "g", "ғ": "ǵ", "д": "d", "е": "e",
    "ё": "ıo", "ж": "j", "з": "z", "и": "ı", "й": "ı", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ń", "о": "o", "ө": "ó", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "ý", "ұ": "u", "ү": "ú", "ф": "f", "х": "h", "һ": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e",
    "ю": "ıý", "я": "ıa",
}


def kk_latin(text: str) -> str:
    """Kazakh Cyrillic to the 2018 Latin alphabet ('Қазақстан' -> 'Qazaqstan')."""
    text = re.sub("и(?=я)", "", text)  # 'ия' is written 'ıa': Азия -> Azıa
    text = re.sub("И(?=я)", "I", text.replace("Ия", "Ia"))
    out = []
    for ch in text:
        low = ch.lower()
        if low in _KK_LATIN:
            latin = _KK_LATIN[low]
            if ch != low and latin:
                # Capital of ı (from и, й) is I; the rest capitalise normally.
                latin = "I" + latin[1:] if latin[0] == "ı" else latin[0].upper() + latin[1:]
            out.append(latin)
        else:
            out.append(ch)
    return "".join(out)


# --------------------------------------------------------------- which territories
# CLDR regions that are not ISO 3166-1 countries (or are groupings / pseudo-regions).
NOT_COUNTRIES = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA",
                 "XB", "ZZ"}
DEPRECATED_A3 = {"SUN", "ANT", "ZAR", "DDR", "FXX", "NTZ", "SCG", "YUG", "BUR", "TMP", "YMD"}
EXTRA_A3 = {"XK": "XKX"}  # Kosovo: user-assigned code, the one most datasets use


def alpha3_codes() -> dict[str, str]:
    aliases = get_global("territory_aliases")
    a2_to_a3: dict[str, str] = dict(EXTRA_A3)
    for a3, targets in aliases.items():
        if len(a3) == 3 and a3.isalpha() and a3 not in DEPRECATED_A3 and len(targets) == 1:
            a2_to_a3.setdefault(targets[0], a3)
    en = Locale("en")
    return {a2: a2_to_a3[a2] for a2 in sorted(en.territories)
            if len(a2) == 2 and a2.isalpha() and a2 not in NOT_COUNTRIES and a2 in a2_to_a3}


# --------------------------------------------------------------- hand additions
# Extra aliases (official long forms, abbreviations, the variants the press writes).
ALIASES: dict[str, dict[str, list[str]]] = {
    "AZE": {"en": ["Republic of Azerbaijan"], "az": ["Azərbaycan Respublikası"],
            "kk": ["Әзербайжан", "Әзербайжан Республикасы", "Әзірбайжан Республикасы"],
            "kk-Latn": ["Ázerbaıjan", "Ázirbaıjan", "Ázerbaıjan Respýblıkasy"],
            "ru": ["Азербайджанская Республика"], "tr": ["Azerbaycan Cumhuriyeti"]},
    "KAZ": {"en": ["Republic of Kazakhstan"], "az": ["Qazaxıstan Respublikası"],
            "kk": ["Қазақстан Республикасы"],
            "kk-Latn": ["Qazaqstan", "Qazaqstan Respýblıkasy"],
            "ru": ["Республика Казахстан"], "tr": ["Kazakistan Cumhuriyeti"]},
    "RUS": {"en": ["Russian Federation"], "az": ["Rusiya Federasiyası"],
            "kk": ["Ресей Федерациясы"], "kk-Latn": ["Reseı", "Reseı Federatsıasy"],
            "ru": ["Российская Федерация", "РФ"], "tr": ["Rusya Federasyonu"]},
    "TUR": {"en": ["Turkey", "Republic of Türkiye", "Republic of Turkey"],
            "az": ["Türkiyə Respublikası"], "kk": ["Түркия Республикасы"],
            "kk-Latn": ["Túrkıa"], "ru": ["Турецкая Республика"],
            "tr": ["Türkiye Cumhuriyeti"]},
    "CHN": {"en": ["People's Republic of China", "PRC"], "az": ["Çin Xalq Respublikası", "ÇXR"],
            "kk": ["Қытай Халық Республикасы", "ҚХР"], "kk-Latn": ["Qytaı"],
            "ru": ["Китайская Народная Республика", "КНР"], "tr": ["Çin Halk Cumhuriyeti"]},
    "UZB": {"en": ["Republic of Uzbekistan"], "az": ["Özbəkistan Respublikası"],
            "kk": ["Өзбекстан Республикасы"], "kk-Latn": ["Ózbekstan"],
            "ru": ["Республика Узбекистан"], "tr": ["Özbekistan Cumhuriyeti"]},
    "KGZ": {"en": ["Kyrgyz Republic", "Kirghizia"], "az": ["Qırğız Respublikası"],
            "kk": ["Қырғыз Республикасы"], "kk-Latn": ["Qyrǵyzstan"],
            "ru": ["Кыргызстан", "Киргизстан", "Кыргызская Республика"],
            "tr": ["Kırgız Cumhuriyeti"]},
    "TKM": {"kk-Latn": ["Túrikmenstan"], "ru": ["Туркмения"]},
    "TJK": {"en": ["Republic of Tajikistan"], "kk-Latn": ["Tájikstan"],
            "ru": ["Республика Таджикистан"]},
    "GEO": {"kk-Latn": ["Grýzıa"], "ru": ["Грузия"], "tr": ["Gürcistan"]},
    "ARM": {"kk-Latn": ["Armenıa"], "ru": ["Республика Армения"]},
    "IRN": {"en": ["Islamic Republic of Iran"], "az": ["İran İslam Respublikası"],
            "kk": ["Иран Ислам Республикасы"], "kk-Latn": ["Iran"],
            "ru": ["Исламская Республика Иран"], "tr": ["İran İslam Cumhuriyeti"]},
    "USA": {"en": ["United States of America", "USA", "U.S."],
            "az": ["ABŞ", "Amerika Birləşmiş Ştatları"], "kk": ["АҚШ"],
            "kk-Latn": ["AQSh", "Amerıka Qurama Shtattary"],
            "ru": ["США", "Соединённые Штаты Америки", "Соединенные Штаты Америки"],
            "tr": ["ABD", "Amerika"]},
    "GBR": {"en": ["Great Britain", "Britain", "UK"], "az": ["Böyük Britaniya"],
            "kk": ["Біріккен Корольдік"], "ru": ["Соединённое Королевство"],
            "tr": ["İngiltere", "Büyük Britanya"]},
    "DEU": {"en": ["Federal Republic of Germany"], "ru": ["ФРГ"]},
    "UKR": {"kk-Latn": ["Ýkraına"]},
    "BLR": {"ru": ["Белоруссия", "Республика Беларусь"], "kk-Latn": ["Belarýs"]},
    "MDA": {"ru": ["Молдавия"]},
    "ARE": {"en": ["UAE"], "az": ["BƏƏ"], "ru": ["Объединённые Арабские Эмираты"],
            "tr": ["BAE"]},
    "KOR": {"en": ["Republic of Korea"], "ru": ["Республика Корея"]},
    "PRK": {"en": ["DPRK"], "ru": ["КНДР"]},
}

# Adjectives and demonyms (base forms) for the region and the main partners. kk-Latn is
# transliterated from kk unless given.
ADJ = {
    "AZE": {"en": ["Azerbaijani", "Azeri"], "az": ["azərbaycan"],
            "kk": ["әзербайжан", "әзірбайжан", "әзербайжандық"],
            "ru": ["азербайджанский"], "tr": ["Azerbaycan", "Azeri"]},
    "KAZ": {"en": ["Kazakh", "Kazakhstani"], "az": ["qazax", "qazaxıstan"],
            "kk": ["қазақ", "қазақстандық"], "ru": ["казахстанский", "казахский"],
            "tr": ["Kazak", "Kazakistan"]},
    "RUS": {"en": ["Russian"], "az": ["rus"], "kk": ["ресейлік", "орыс"],
            "ru": ["российский", "русский"], "tr": ["Rus"]},
    "TUR": {"en": ["Turkish"], "az": ["türkiyəli"], "kk": ["түрік", "түркиялық"],
            "ru": ["турецкий"], "tr": ["Türk"]},
    "CHN": {"en": ["Chinese"], "az": ["çin"], "kk": ["қытай", "қытайлық"],
            "ru": ["китайский"], "tr": ["Çin"]},
    "UZB": {"en": ["Uzbek", "Uzbekistani"], "az": ["özbək"], "kk": ["өзбек", "өзбекстандық"],
            "ru": ["узбекский", "узбекистанский"], "tr": ["Özbek"]},
    "KGZ": {"en": ["Kyrgyz"], "az": ["qırğız"], "kk": ["қырғыз", "қырғызстандық"],
            "ru": ["киргизский", "кыргызский", "кыргызстанский"], "tr": ["Kırgız"]},
    "TKM": {"en": ["Turkmen"], "az": ["türkmən"], "kk": ["түрікмен", "түрікменстандық"],
            "ru": ["туркменский"], "tr": ["Türkmen"]},
    "TJK": {"en": ["Tajik"], "az": ["tacik"], "kk": ["тәжік"], "ru": ["таджикский"],
            "tr": ["Tacik"]},
    "GEO": {"en": ["Georgian"], "az": ["gürcü"], "kk": ["грузин"], "ru": ["грузинский"],
            "tr": ["Gürcü"]},
    "ARM": {"en": ["Armenian"], "az": ["erməni"], "kk": ["армян"], "ru": ["армянский"],
            "tr": ["Ermeni"]},
    "IRN": {"en": ["Iranian"], "az": ["iran"], "kk": ["иран", "ирандық"], "ru": ["иранский"],
            "tr": ["İran"]},
    "USA": {"en": ["American", "US"], "az": ["amerika"], "kk": ["американдық"],
            "ru": ["американский"], "tr": ["Amerikan"]},
    "GBR": {"en": ["British"], "az": ["britaniya", "ingilis"], "kk": ["британдық", "ағылшын"],
            "ru": ["британский", "английский"], "tr": ["İngiliz", "Britanya"]},
    "DEU": {"en": ["German"], "az": ["alman"], "kk": ["неміс", "германиялық"],
            "ru": ["немецкий", "германский"], "tr": ["Alman"]},
    "FRA": {"en": ["French"], "az": ["fransız"], "kk": ["француз"], "ru": ["французский"],
            "tr": ["Fransız"]},
    "UKR": {"en": ["Ukrainian"], "az": ["ukrayna"], "kk": ["украин", "украиналық"],
            "ru": ["украинский"], "tr": ["Ukrayna"]},
    "BLR": {"en": ["Belarusian"], "az": ["belarus"], "kk": ["беларусь", "белорус"],
            "ru": ["белорусский"], "tr": ["Belarus"]},
    "PAK": {"en": ["Pakistani"], "az": ["pakistan"], "kk": ["пәкістандық"],
            "ru": ["пакистанский"], "tr": ["Pakistan"]},
    "IND": {"en": ["Indian"], "az": ["hind"], "kk": ["үнді", "үндістандық"],
            "ru": ["индийский"], "tr": ["Hint"]},
    "HUN": {"en": ["Hungarian"], "az": ["macar"], "kk": ["мажар", "венгр"],
            "ru": ["венгерский"], "tr": ["Macar"]},
}
DEM = {
    "AZE": {"en": ["Azerbaijani", "Azeri"], "az": ["azərbaycanlı"],
            "kk": ["әзербайжандық", "әзербайжан"], "ru": ["азербайджанец", "азербайджанка"],
            "tr": ["Azerbaycanlı", "Azeri"]},
    "KAZ": {"en": ["Kazakhstani", "Kazakh"], "az": ["qazaxıstanlı", "qazax"],
            "kk": ["қазақстандық", "қазақ"], "ru": ["казахстанец", "казахстанка", "казах"],
            "tr": ["Kazakistanlı", "Kazak"]},
    "RUS": {"en": ["Russian"], "az": ["rusiyalı", "rus"], "kk": ["ресейлік", "орыс"],
            "ru": ["россиянин", "россиянка"], "tr": ["Rusyalı", "Rus"]},
    "TUR": {"en": ["Turk"], "az": ["türkiyəli"], "kk": ["түрік"], "ru": ["турок", "турчанка"],
            "tr": ["Türkiyeli", "Türk"]},
    "CHN": {"en": ["Chinese"], "az": ["çinli"], "kk": ["қытай", "қытайлық"], "ru": ["китаец"],
            "tr": ["Çinli"]},
    "UZB": {"en": ["Uzbek", "Uzbekistani"], "az": ["özbəkistanlı", "özbək"], "kk": ["өзбек"],
            "ru": ["узбек", "узбекистанец"], "tr": ["Özbekistanlı", "Özbek"]},
    "KGZ": {"en": ["Kyrgyz"], "az": ["qırğızıstanlı", "qırğız"], "kk": ["қырғыз"],
            "ru": ["киргиз", "кыргыз", "кыргызстанец"], "tr": ["Kırgızistanlı", "Kırgız"]},
    "TKM": {"en": ["Turkmen"], "az": ["türkmənistanlı", "türkmən"], "kk": ["түрікмен"],
            "ru": ["туркмен", "туркменистанец"], "tr": ["Türkmenistanlı", "Türkmen"]},
    "TJK": {"en": ["Tajik"], "az": ["tacikistanlı", "tacik"], "kk": ["тәжік"],
            "ru": ["таджик"], "tr": ["Tacikistanlı", "Tacik"]},
    "GEO": {"en": ["Georgian"], "az": ["gürcüstanlı", "gürcü"], "kk": ["грузин"],
            "ru": ["грузин"], "tr": ["Gürcü"]},
    "ARM": {"en": ["Armenian"], "az": ["erməni"], "kk": ["армян"], "ru": ["армянин"],
            "tr": ["Ermeni"]},
    "IRN": {"en": ["Iranian"], "az": ["iranlı"], "kk": ["ирандық"], "ru": ["иранец"],
            "tr": ["İranlı"]},
    "USA": {"en": ["American"], "az": ["amerikalı"], "kk": ["американдық"],
            "ru": ["американец"], "tr": ["Amerikalı"]},
    "GBR": {"en": ["Briton"], "az": ["britaniyalı", "ingilis"], "kk": ["ағылшын"],
            "ru": ["британец"], "tr": ["İngiliz"]},
    "DEU": {"en": ["German"], "az": ["alman"], "kk": ["неміс"], "ru": ["немец"],
            "tr": ["Alman"]},
    "FRA": {"en": ["Frenchman"], "az": ["fransız"], "kk": ["француз"], "ru": ["француз"],
            "tr": ["Fransız"]},
    "UKR": {"en": ["Ukrainian"], "az": ["ukraynalı"], "kk": ["украин"], "ru": ["украинец"],
            "tr": ["Ukraynalı"]},
    "BLR": {"en": ["Belarusian"], "az": ["belaruslu"], "kk": ["белорус"], "ru": ["белорус"],
            "tr": ["Belaruslu"]},
    "PAK": {"en": ["Pakistani"], "az": ["pakistanlı"], "kk": ["пәкістандық"],
            "ru": ["пакистанец"], "tr": ["Pakistanlı"]},
    "IND": {"en": ["Indian"], "az": ["hindistanlı", "hind"], "kk": ["үнді"],
            "ru": ["индиец"], "tr": ["Hintli"]},
    "HUN": {"en": ["Hungarian"], "az": ["macar"], "kk": ["мажар", "венгр"], "ru": ["венгр"],
            "tr": ["Macar"]},
}
# kk-Latn forms the transliteration would get wrong (none yet: 'qazaq', 'ázerbaıjandyq' ...)
ADJ_LATN_FIX: dict[str, list[str]] = {}

WIKIDATA = {
    "AZE": "Q227", "KAZ": "Q232", "RUS": "Q159", "TUR": "Q43", "CHN": "Q148", "UZB": "Q265",
    "KGZ": "Q813", "TKM": "Q874", "TJK": "Q863", "GEO": "Q230", "ARM": "Q399", "IRN": "Q794",
    "USA": "Q30", "GBR": "Q145", "DEU": "Q183", "FRA": "Q142", "UKR": "Q212", "BLR": "Q184",
    "PAK": "Q843", "IND": "Q668", "HUN": "Q28", "ITA": "Q38", "JPN": "Q17", "ESP": "Q29",
}

# Capital (English name) per country; (id, name, CLDR zone when the capital is its city).
# Countries without a capital (Antarctica, uninhabited territories), or whose capital is
# disputed (Israel, Palestine, Western Sahara), have none here.
CAPITALS = """
AFG Kabul | ALA Mariehamn | ALB Tirana | DZA Algiers | ASM Pago Pago | AND Andorra la Vella
AGO Luanda | AIA The Valley | ATG Saint John's | ARG Buenos Aires | ARM Yerevan*
ABW Oranjestad | AUS Canberra | AUT Vienna | AZE Baku* | BHS Nassau | BHR Manama
BGD Dhaka | BRB Bridgetown | BLR Minsk* | BEL Brussels | BLZ Belmopan | BEN Porto-Novo
BMU Hamilton | BTN Thimphu | BOL Sucre | BES Kralendijk | BIH Sarajevo | BWA Gaborone
BRA Brasília | BRN Bandar Seri Begawan | BGR Sofia | BFA Ouagadougou | BDI Gitega
CPV Praia | KHM Phnom Penh | CMR Yaoundé | CAN Ottawa | CYM George Town | CAF Bangui
TCD N'Djamena | CHL Santiago | CHN Beijing* | CXR Flying Fish Cove | CCK West Island
COL Bogotá | COM Moroni | COG Brazzaville | COD Kinshasa | COK Avarua | CRI San José
CIV Yamoussoukro | HRV Zagreb | CUB Havana | CUW Willemstad | CYP Nicosia | CZE Prague
DNK Copenhagen | DJI Djibouti | DMA Roseau | DOM Santo Domingo | ECU Quito | EGY Cairo
SLV San Salvador | GNQ Malabo | ERI Asmara | EST Tallinn | SWZ Mbabane | ETH Addis Ababa
FLK Stanley | FRO Tórshavn | FJI Suva | FIN Helsinki | FRA Paris* | GUF Cayenne
PYF Papeete | GAB Libreville | GMB Banjul | GEO Tbilisi* | DEU Berlin* | GHA Accra
GIB Gibraltar | GRC Athens | GRL Nuuk | GRD St. George's | GLP Basse-Terre | GUM Hagåtña
GTM Guatemala City | GGY Saint Peter Port | GIN Conakry | GNB Bissau | GUY Georgetown
HTI Port-au-Prince | VAT Vatican City | HND Tegucigalpa | HUN Budapest* | ISL Reykjavik
IND New Delhi* | IDN Jakarta | IRN Tehran* | IRQ Baghdad | IRL Dublin | IMN Douglas
ITA Rome | JAM Kingston | JPN Tokyo | JEY Saint Helier | JOR Amman | KAZ Astana* | KEN Nairobi
KIR South Tarawa | PRK Pyongyang | KOR Seoul | KWT Kuwait City | KGZ Bishkek* | LAO Vientiane
LVA Riga | LBN Beirut | LSO Maseru | LBR Monrovia | LBY Tripoli | LIE Vaduz | LTU Vilnius
LUX Luxembourg | MDG Antananarivo | MWI Lilongwe | MYS Kuala Lumpur | MDV Malé | MLI Bamako
MLT Valletta | MHL Majuro | MTQ Fort-de-France | MRT Nouakchott | MUS Port Louis
MYT Mamoudzou | MEX Mexico City | FSM Palikir | MDA Chișinău | MCO Monaco | MNG Ulaanbaatar
MNE Podgorica | MAR Rabat | MOZ Maputo | MMR Naypyidaw | NAM Windhoek | NRU Yaren
NPL Kathmandu | NLD Amsterdam | NCL Nouméa | NZL Wellington | NIC Managua | NER Niamey
NGA Abuja | NIU Alofi | NFK Kingston | MKD Skopje | MNP Saipan | NOR Oslo | OMN Muscat
PAK Islamabad* | PLW Ngerulmud | PAN Panama City | PNG Port Moresby | PRY Asunción | PER Lima
PHL Manila | PCN Adamstown | POL Warsaw | PRT Lisbon | PRI San Juan | QAT Doha
REU Saint-Denis | ROU Bucharest | RUS Moscow* | RWA Kigali | BLM Gustavia | SHN Jamestown
KNA Basseterre | LCA Castries | MAF Marigot | SPM Saint-Pierre | VCT Kingstown | WSM Apia
SMR San Marino | STP São Tomé | SAU Riyadh | SEN Dakar | SRB Belgrade | SYC Victoria
SLE Freetown | SGP Singapore | SXM Philipsburg | SVK Bratislava | SVN Ljubljana
SLB Honiara | SOM Mogadishu | ZAF Pretoria | SSD Juba | ESP Madrid
LKA Sri Jayawardenepura Kotte | SDN Khartoum | SUR Paramaribo | SJM Longyearbyen
SWE Stockholm | CHE Bern | SYR Damascus | TWN Taipei | TJK Dushanbe* | TZA Dodoma
THA Bangkok | TLS Dili | TGO Lomé | TON Nukuʻalofa | TTO Port of Spain | TUN Tunis
TUR Ankara* | TKM Ashgabat* | TCA Cockburn Town | TUV Funafuti | UGA Kampala | UKR Kyiv*
ARE Abu Dhabi | GBR London* | USA Washington* | URY Montevideo | UZB Tashkent*
VUT Port Vila | VEN Caracas | VNM Hanoi | VGB Road Town | VIR Charlotte Amalie
WLF Mata-Utu | YEM Sanaa | ZMB Lusaka | ZWE Harare | XKX Pristina
"""
# '*': curated in places.yaml under these ids.
CURATED_IDS = {"AZE": "place/baku", "KAZ": "place/astana", "RUS": "place/moscow",
               "TUR": "place/ankara", "CHN": "place/beijing", "UZB": "place/tashkent",
               "KGZ": "place/bishkek", "TKM": "place/ashgabat", "TJK": "place/dushanbe",
               "GEO": "place/tbilisi", "ARM": "place/yerevan", "IRN": "place/tehran",
               "USA": "place/washington-dc", "GBR": "place/london", "DEU": "place/berlin",
               "FRA": "place/paris", "UKR": "place/kyiv", "BLR": "place/minsk",
               "PAK": "place/islamabad", "IND": "place/new-delhi", "HUN": "place/budapest"}
# CLDR exemplar-city zones whose city is not spelt like the capital's English name.
ZONE_FIX = {"Tirana": "Europe/Tirane", "Reykjavik": "Atlantic/Reykjavik"}


def slug(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def parse_capitals() -> dict[str, tuple[str, str, bool]]:
    out: dict[str, tuple[str, str, bool]] = {}
    for chunk in re.split(r"[|\n]", CAPITALS):
        chunk = chunk.strip()
        if not chunk:
            continue
        code, name = chunk.split(" ", 1)
        curated = name.endswith("*")
        name = name.rstrip("*")
        pid = CURATED_IDS.get(code) or f"place/{slug(name)}"
        out[code] = (pid, name, curated)
    # Two capitals are called Kingston (Jamaica, Norfolk Island).
    out["NFK"] = ("place/kingston-norfolk-island", "Kingston", False)
    return out


def zone_names() -> dict[str, str]:
    """English exemplar city -> zone id, for every CLDR zone."""
    zones: dict[str, str] = {}
    for zone in Locale("ru").time_zones:
        city = zone.rsplit("/", 1)[-1].replace("_", " ")
        zones.setdefault(city, zone)
    return zones


# --------------------------------------------------------------- output
def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def flow(names: list[str]) -> str:
    return "[" + ", ".join(q(n) for n in names) + "]"


def forms_block(key: str, forms: dict[str, list[str]], indent: str = "    ") -> list[str]:
    lines = [f"{indent}{key}:"]
    for lang in ("en", "az", "kk", "kk-Latn", "ru", "tr"):
        if forms.get(lang):
            lines.append(f"{indent}  {lang}: {flow(forms[lang])}")
    return lines


def uniq(items: list[str]) -> list[str]:
    out: list[str] = []
    for item in items:
        item = item.strip()
        if item and item not in out:
            out.append(item)
    return out


def build() -> tuple[str, str]:
    codes = alpha3_codes()
    locales = {lang: Locale(lang) for lang in LANGS}
    capitals = parse_capitals()
    zones = zone_names()
    missing = sorted(set(capitals) - set(codes.values()))
    assert not missing, f"capitals for unknown codes: {missing}"
    header = (
        "# GENERATED by tools/build_countries.py from CLDR (babel) plus hand fixes in that\n"
        "# script. Do not edit by hand: change the script and run it again.\n"
        "# Every country, with its names in en, az, kk, kk-Latn, ru, tr; adjectives and\n"
        "# demonyms for the region and main partners; its capital as a place id.\n"
        "format: 1\nentities:\n"
    )
    country_lines: list[str] = []
    for a2, a3 in sorted(codes.items(), key=lambda kv: kv[1]):
        names = {lang: [locales[lang].territories[a2]] for lang in LANGS}
        for lang, extra in ALIASES.get(a3, {}).items():
            names.setdefault(lang, [])
            names[lang] = names[lang] + extra
        latin = [kk_latin(n) for n in names["kk"]]
        names["kk-Latn"] = uniq(ALIASES.get(a3, {}).get("kk-Latn", []) + latin)
        names = {lang: uniq(v) for lang, v in names.items()}
        # CLDR writes the typographic apostrophe; the press mostly types the plain one.
        for lang, values in names.items():
            names[lang] = uniq(values + [v.replace("’", "'") for v in values])
        en_name = names["en"][0]
        country_lines.append(f"  - id: country/{a3}")
        country_lines.append("    kind: country")
        country_lines.append(f"    name: {q(en_name)}")
        country_lines.append(f"    country: {a3}")
        country_lines.append(f"    alpha2: {q(a2)}")  # quoted: NO is a boolean in YAML 1.1
        if a3 in WIKIDATA:
            country_lines.append(f"    wikidata: {WIKIDATA[a3]}")
        if a3 in capitals:
            country_lines.append(f"    capital: {capitals[a3][0]}")
        country_lines.extend(forms_block("aliases", names))
        for key, table in (("adjectives", ADJ), ("demonyms", DEM)):
            if a3 in table:
                forms = {k: list(v) for k, v in table[a3].items()}
                forms["kk-Latn"] = uniq(ADJ_LATN_FIX.get(a3, []) + [kk_latin(f)
                                                                   for f in forms.get("kk", [])])
                country_lines.extend(forms_block(key, forms))
    capital_lines: list[str] = []
    for a3, (pid, name, curated) in sorted(capitals.items(), key=lambda kv: kv[1][0]):
        if curated:
            continue
        names = {"en": [name]}
        zone = ZONE_FIX.get(name) or zones.get(name)
        if zone:
            for lang in ("az", "kk", "ru", "tr"):
                city = locales[lang].time_zones.get(zone, {}).get("city")
                if city is None and lang in ("az", "tr"):
                    city = name  # CLDR leaves the Latin name when it is the same
                if city:
                    names[lang] = [city]
            if "kk" in names:
                names["kk-Latn"] = [kk_latin(names["kk"][0])]
        capital_lines.append(f"  - id: {pid}")
        capital_lines.append("    kind: place")
        capital_lines.append("    place_type: city")
        capital_lines.append(f"    name: {q(name)}")
        capital_lines.append(f"    country: {a3}")
        capital_lines.extend(forms_block("aliases", names))
    cap_header = (
        "# GENERATED by tools/build_countries.py: the capitals not curated in places.yaml.\n"
        "# Names other than English come from CLDR time-zone exemplar cities where the\n"
        "# capital is one; otherwise only the English name is known here.\n"
        "format: 1\nentities:\n"
    )
    return (header + "\n".join(country_lines) + "\n",
            cap_header + "\n".join(capital_lines) + "\n")


def main() -> None:
    countries, capitals = build()
    # Sanity: the generated files parse, and the curated capitals exist in places.yaml.
    yaml.safe_load(countries)
    yaml.safe_load(capitals)
    places = OUT / "places.yaml"
    if places.exists():
        ids = {e["id"] for e in yaml.safe_load(places.read_text("utf-8"))["entities"]}
        lost = sorted(set(CURATED_IDS.values()) - ids)
        if lost:
            print(f"warning: curated capitals missing from places.yaml: {', '.join(lost)}")
    (OUT / "countries.yaml").write_text(countries, encoding="utf-8")
    (OUT / "capitals.yaml").write_text(capitals, encoding="utf-8")
    print(f"wrote {OUT / 'countries.yaml'} and {OUT / 'capitals.yaml'}")


if __name__ == "__main__":
    main()
