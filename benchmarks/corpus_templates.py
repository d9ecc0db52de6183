"""Sentence templates and page furniture for benchmarks/generate_corpus.py.

Written for this project (no news text copied): Azerbaijan-Kazakhstan visits, talks, signed
agreements, trade figures and pledges in Azerbaijani, Kazakh (Cyrillic and the 2018 Latin
alphabet), Russian, Turkish and English. Sites and most of the officials are generic or made up;
the two presidents are named. Placeholders are filled by generate_corpus.py:

  {a} {b}            the Azerbaijani and the Kazakh side (nominative)
  {visitor}          whichever side is travelling; {to_host} 'to <host country>'
  {city_loc}         'in <city>' (locative); {city2_loc}, {city2_nom} another city
  {sector} {sector2} a field of cooperation, in the form the language's templates need
  {n} {n2} {n3}      documents signed, companies, forum participants
  {amount} {amount2} {target}  money; {pct} {pct2} percentages; {tonnes} thousand tonnes
  {period}           a full adverbial ('in the first quarter of 2024'); {yt} {yn} years
  {ytsfx} {ynsfx}    Azerbaijani ordinal suffixes of those years ('-cü', '-ci', ...)
  {month_next}       a month name; {speaker} one of {a} and {b}
"""

from __future__ import annotations

EVENTS = ("visit", "talks", "agreement", "trade", "pledge")

LANGS: dict[str, dict] = {}

LANGS["en"] = {
    "code": "en",
    "actors": [
        ("Azerbaijani President Ilham Aliyev", "Kazakh President Kassym-Jomart Tokayev"),
        ("Azerbaijan's foreign minister", "Kazakhstan's foreign minister"),
        ("Azerbaijan's prime minister", "Kazakhstan's prime minister"),
        ("Azerbaijan's economy minister", "Kazakhstan's trade and integration minister"),
        ("Azerbaijan's energy minister", "Kazakhstan's energy minister"),
        ("Azerbaijan's digital development and transport minister",
         "Kazakhstan's transport minister"),
    ],
    "cities": {
        "az": [("Baku", "in Baku"), ("Ganja", "in Ganja"), ("Shusha", "in Shusha")],
        "kz": [("Astana", "in Astana"), ("Almaty", "in Almaty"), ("Aktau", "in Aktau"),
               ("Turkistan", "in Turkistan")],
    },
    "to_host": {"az": "Azerbaijan", "kz": "Kazakhstan"},
    "sectors": ["energy", "transport and logistics", "agriculture", "digital technologies",
                "green energy", "education", "pharmaceuticals", "tourism"],
    "months": ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"],
    "periods": ["in the first quarter of {y}", "in January-June {y}",
                "in the first nine months of {y}", "in {yp}"],
    "money": {"million": "${x} million", "billion": "${x} billion"},
    "decimal": ".",
    "titles": {
        "visit": ["{visitor} begins official visit to {to_host}",
                  "{visitor} arrives on working visit to {to_host}"],
        "talks": ["Azerbaijan and Kazakhstan discuss cooperation in {sector}",
                  "{a} and {b} meet {city_loc}"],
        "agreement": ["Baku and Astana sign {n} documents on cooperation in {sector}",
                      "Azerbaijan and Kazakhstan sign agreement on cooperation in {sector}"],
        "trade": ["Azerbaijan-Kazakhstan trade reaches {amount} {period}",
                  "Trade between Azerbaijan and Kazakhstan grows by {pct}% {period}"],
        "pledge": ["Azerbaijan and Kazakhstan aim to raise trade to {target}",
                   "Baku and Astana pledge joint projects in {sector}"],
    },
    "leads": {
        "visit": "{visitor} arrived {city_loc} on an official visit. The programme includes "
                 "a meeting at the highest level and a session of the intergovernmental "
                 "commission.",
        "talks": "{a} and {b} held talks {city_loc}. The focus was on cooperation in {sector}.",
        "agreement": "Following the talks {city_loc}, {n} intergovernmental documents were "
                     "signed, including an agreement on cooperation in {sector}.",
        "trade": "Trade between Azerbaijan and Kazakhstan amounted to {amount} {period}, "
                 "{pct}% more than in the same period a year earlier, customs statistics show.",
        "pledge": "{a} and {b} agreed {city_loc} to bring bilateral trade to {target} "
                  "by {yt}.",
    },
    "body": [
        "The sides discussed the development of the Trans-Caspian International Transport "
        "Route, known as the Middle Corridor.",
        "Cargo shipments between the ports of Aktau and Alat grew by {pct2}% last year, "
        "officials said.",
        "Particular attention was paid to cooperation in {sector2}.",
        "The next session of the intergovernmental commission is scheduled for {month_next}.",
        "Kazakhstan exported {tonnes} thousand tonnes of grain to Azerbaijan last year.",
        "The parties also reviewed the work of the joint investment company, whose charter "
        "capital is {amount2}.",
        "Both sides stressed the importance of the fibre-optic cable to be laid along the "
        "bed of the Caspian Sea.",
        "The delegations agreed to simplify customs procedures for transit cargo.",
        "About {n2} companies with Kazakh capital operate in Azerbaijan, according to the "
        "ministry.",
        "A business forum bringing together {n3} companies was held on the sidelines of "
        "the visit.",
        "The shipment of Kazakh oil through the Baku-Tbilisi-Ceyhan pipeline was also on "
        "the agenda.",
        "The parties agreed to open a trade house in {city2_nom}.",
    ],
    "quotes": [
        "\u201cOur countries are bound by centuries of friendship and a shared history,\u201d "
        "{speaker} said.",
        "\u201cWe see great potential in {sector2},\u201d {speaker} noted.",
        "\u201cThe Middle Corridor is a strategic priority for both our countries,\u201d "
        "{speaker} stressed.",
    ],
    "closing": [
        "The next round of talks is expected to take place {city2_loc} in {yn}.",
        "Earlier, the sides agreed to hold the next meeting of the Supreme Interstate "
        "Council {city2_loc}.",
    ],
    "datelines": ["{d} {Month} {y}, {hh}:{mi}", "Published: {Month} {d}, {y} {hh}:{mi}"],
    "sites": ["Caspian Ledger", "Steppe and Sea News", "Silk Route Daily"],
    "menu": ["Home | Politics | Economy | World | Sport", "Menu", "Search"],
    "switcher": "AZ | RU | EN",
    "share": ["Share on Facebook", "Print", "Follow us on Telegram"],
    "views": "Views: {v}",
    "most_read": "Most read",
    "footer": "\u00a9 {y} {site}. All rights reserved.",
    "other": [
        "Heavy snow expected in the capital this weekend",
        "National team names squad for qualifier",
        "New metro line to open next spring",
        "Museum hosts exhibition of carpet weaving",
        "Central bank keeps key rate unchanged",
        "Farmers report early start to harvest",
        "City council approves new park project",
        "Tech start-ups gather for annual summit",
    ],
}

LANGS["ru"] = {
    "code": "ru",
    "actors": [
        ("президент Азербайджана Ильхам Алиев", "президент Казахстана Касым-Жомарт Токаев"),
        ("министр иностранных дел Азербайджана", "министр иностранных дел Казахстана"),
        ("премьер-министр Азербайджана", "премьер-министр Казахстана"),
        ("министр экономики Азербайджана", "министр торговли и интеграции Казахстана"),
        ("министр энергетики Азербайджана", "министр энергетики Казахстана"),
        ("министр цифрового развития и транспорта Азербайджана",
         "министр транспорта Казахстана"),
    ],
    "cities": {
        "az": [("Баку", "в Баку"), ("Гянджа", "в Гяндже"), ("Шуша", "в Шуше")],
        "kz": [("Астана", "в Астане"), ("Алматы", "в Алматы"), ("Актау", "в Актау"),
               ("Туркестан", "в Туркестане")],
    },
    "to_host": {"az": "в Азербайджан", "kz": "в Казахстан"},
    # genitive: 'в сфере ...'
    "sectors": ["энергетики", "транспорта и логистики", "сельского хозяйства",
                "цифровых технологий", "зелёной энергетики", "образования", "фармацевтики",
                "туризма"],
    "months": ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
               "сентябрь", "октябрь", "ноябрь", "декабрь"],
    "months_gen": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                   "сентября", "октября", "ноября", "декабря"],
    "periods": ["в первом квартале {y} года", "в январе-июне {y} года",
                "в январе-сентябре {y} года", "в {yp} году"],
    "money": {"million": "{x} млн долларов", "billion": "{x} млрд долларов"},
    "decimal": ",",
    "titles": {
        "visit": ["{visitor} начал официальный визит {to_host}",
                  "{visitor} прибыл с рабочим визитом {to_host}"],
        "talks": ["Азербайджан и Казахстан обсудили сотрудничество в сфере {sector}",
                  "{a} и {b} провели переговоры {city_loc}"],
        "agreement": ["Баку и Астана подписали {n} документов о сотрудничестве в сфере {sector}",
                      "Азербайджан и Казахстан подписали соглашение в сфере {sector}"],
        "trade": ["Товарооборот Азербайджана и Казахстана {period} составил {amount}",
                  "Торговля между Азербайджаном и Казахстаном {period} выросла на {pct}%"],
        "pledge": ["Азербайджан и Казахстан намерены довести товарооборот до {target}",
                   "Баку и Астана договорились о совместных проектах в сфере {sector}"],
    },
    "leads": {
        "visit": "{visitor} прибыл {city_loc} с официальным визитом. В программе визита - "
                 "встреча на высшем уровне и заседание межправительственной комиссии.",
        "talks": "{a} и {b} провели переговоры {city_loc}. Основное внимание было уделено "
                 "сотрудничеству в сфере {sector}.",
        "agreement": "По итогам переговоров {city_loc} подписано {n} межправительственных "
                     "документов, в том числе соглашение о сотрудничестве в сфере {sector}.",
        "trade": "Товарооборот между Азербайджаном и Казахстаном {period} составил {amount}, "
                 "что на {pct}% больше, чем за аналогичный период прошлого года, сообщает "
                 "таможенная служба.",
        "pledge": "{a} и {b} договорились {city_loc} довести объём двусторонней торговли "
                  "до {target} к {yt} году.",
    },
    "body": [
        "Стороны обсудили развитие Транскаспийского международного транспортного маршрута, "
        "известного как Средний коридор.",
        "По словам официальных лиц, объём грузоперевозок между портами Актау и Алят за "
        "последний год вырос на {pct2}%.",
        "Особое внимание было уделено сотрудничеству в сфере {sector2}.",
        "Очередное заседание межправительственной комиссии запланировано на {month_next}.",
        "В прошлом году Казахстан экспортировал в Азербайджан {tonnes} тыс. тонн зерна.",
        "Стороны также рассмотрели работу совместной инвестиционной компании с уставным "
        "капиталом {amount2}.",
        "Обе стороны отметили значение волоконно-оптической линии связи, которую планируется "
        "проложить по дну Каспийского моря.",
        "Делегации договорились упростить таможенные процедуры для транзитных грузов.",
        "По данным министерства, в Азербайджане работают около {n2} компаний с "
        "казахстанским капиталом.",
        "В рамках визита состоялся бизнес-форум с участием {n3} компаний.",
        "На повестке дня был также транзит казахстанской нефти по трубопроводу "
        "Баку-Тбилиси-Джейхан.",
        "Стороны договорились открыть торговый дом в городе {city2_nom}.",
    ],
    "quotes": [
        "«Наши страны связывают многовековая дружба и общая история», - заявил {speaker}.",
        "«Мы видим большой потенциал в сфере {sector2}», - отметил {speaker}.",
        "«Средний коридор - стратегический приоритет для обеих наших стран», - подчеркнул "
        "{speaker}.",
    ],
    "closing": [
        "Следующий раунд переговоров планируется провести {city2_loc} в {yn} году.",
        "Ранее стороны договорились провести очередное заседание Высшего межгосударственного "
        "совета {city2_loc}.",
    ],
    "datelines": ["{d} {month_gen} {y}, {hh}:{mi}", "{dd}.{mm}.{y} {hh}:{mi}"],
    "sites": ["Каспийский вестник", "Степной курьер", "Евразия-Пресс"],
    "menu": ["Главная | Политика | Экономика | В мире | Спорт", "Меню", "Поиск"],
    "switcher": "AZ | РУС | EN",
    "share": ["Поделиться", "Версия для печати", "Подписывайтесь на наш Telegram-канал"],
    "views": "Просмотров: {v}",
    "most_read": "Самое читаемое",
    "footer": "\u00a9 {y} {site}. Все права защищены.",
    "other": [
        "В выходные в столице ожидается сильный снегопад",
        "Объявлен состав национальной сборной",
        "Новая линия метро откроется следующей весной",
        "В музее открылась выставка ковроткачества",
        "Нацбанк сохранил базовую ставку",
        "Фермеры раньше срока начали уборку урожая",
        "В городе разобьют новый парк",
        "Стартапы собрались на ежегодный саммит",
    ],
}

LANGS["az"] = {
    "code": "az",
    "actors": [
        ("Azərbaycan Prezidenti İlham Əliyev", "Qazaxıstan Prezidenti Qasım-Jomart Tokayev"),
        ("Azərbaycanın xarici işlər naziri", "Qazaxıstanın xarici işlər naziri"),
        ("Azərbaycanın Baş naziri", "Qazaxıstanın Baş naziri"),
        ("Azərbaycanın iqtisadiyyat naziri", "Qazaxıstanın ticarət və inteqrasiya naziri"),
        ("Azərbaycanın energetika naziri", "Qazaxıstanın energetika naziri"),
        ("Azərbaycanın rəqəmsal inkişaf və nəqliyyat naziri", "Qazaxıstanın nəqliyyat naziri"),
    ],
    "cities": {
        "az": [("Bakı", "Bakıda"), ("Gəncə", "Gəncədə"), ("Şuşa", "Şuşada")],
        "kz": [("Astana", "Astanada"), ("Almatı", "Almatıda"), ("Aktau", "Aktauda"),
               ("Türküstan", "Türküstanda")],
    },
    "to_host": {"az": "Azərbaycana", "kz": "Qazaxıstana"},
    # '... sahəsində'
    "sectors": ["enerji", "nəqliyyat və logistika", "kənd təsərrüfatı",
                "rəqəmsal texnologiyalar", "yaşıl enerji", "təhsil", "əczaçılıq", "turizm"],
    "months": ["yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust",
               "sentyabr", "oktyabr", "noyabr", "dekabr"],
    "periods": ["{y}{ysfx} ilin birinci rübündə", "{y}{ysfx} ilin yanvar-iyun aylarında",
                "{y}{ysfx} ilin doqquz ayında", "{yp}{ypsfx} ildə"],
    "money": {"million": "{x} milyon dollar", "billion": "{x} milyard dollar"},
    "decimal": ",",
    "titles": {
        "visit": ["{visitor} {to_host} rəsmi səfərə gəlib",
                  "{visitor} {to_host} işgüzar səfər edir"],
        "talks": ["Azərbaycan və Qazaxıstan {sector} sahəsində əməkdaşlığı müzakirə edib",
                  "{a} və {b} {city_loc} görüşüb"],
        "agreement": ["Bakı və Astana {sector} sahəsində {n} sənəd imzalayıb",
                      "Azərbaycan ilə Qazaxıstan arasında {sector} sahəsində saziş imzalanıb"],
        "trade": ["Azərbaycan ilə Qazaxıstan arasında ticarət dövriyyəsi {period} {amount} "
                  "təşkil edib",
                  "Azərbaycan-Qazaxıstan ticarəti {period} {pct} faiz artıb"],
        "pledge": ["Azərbaycan və Qazaxıstan ticarət dövriyyəsini {target}a çatdırmağı "
                   "hədəfləyir",
                   "Bakı və Astana {sector} sahəsində birgə layihələr həyata keçirəcək"],
    },
    "leads": {
        "visit": "{visitor} {city_loc} rəsmi səfərdədir. Səfər proqramına ali səviyyəli görüş "
                 "və hökumətlərarası komissiyanın iclası daxildir.",
        "talks": "{a} və {b} {city_loc} danışıqlar aparıblar. Əsas diqqət {sector} sahəsində "
                 "əməkdaşlığa yönəlib.",
        "agreement": "Danışıqların yekunu olaraq {city_loc} {n} hökumətlərarası sənəd, o "
                     "cümlədən {sector} sahəsində əməkdaşlıq haqqında saziş imzalanıb.",
        "trade": "Gömrük statistikasına görə, {period} Azərbaycan ilə Qazaxıstan arasında "
                 "ticarət dövriyyəsi {amount} təşkil edib ki, bu da ötən ilin eyni dövrü ilə "
                 "müqayisədə {pct} faiz çoxdur.",
        "pledge": "{a} və {b} {city_loc} ikitərəfli ticarətin həcmini {yt}{ytsfx} ilə qədər "
                  "{target}a çatdırmaq barədə razılığa gəliblər.",
    },
    "body": [
        "Tərəflər Orta Dəhliz kimi tanınan Transxəzər Beynəlxalq Nəqliyyat Marşrutunun "
        "inkişafını müzakirə ediblər.",
        "Rəsmilərin sözlərinə görə, ötən il Aktau və Ələt limanları arasında yükdaşımaların "
        "həcmi {pct2} faiz artıb.",
        "{sector2} sahəsində əməkdaşlığa xüsusi diqqət yetirilib.",
        "Hökumətlərarası komissiyanın növbəti iclası {month_next} ayına planlaşdırılıb.",
        "Ötən il Qazaxıstan Azərbaycana {tonnes} min ton taxıl ixrac edib.",
        "Tərəflər həmçinin nizamnamə kapitalı {amount2} olan birgə investisiya şirkətinin "
        "fəaliyyətini nəzərdən keçiriblər.",
        "Hər iki tərəf Xəzər dənizinin dibi ilə çəkiləcək fiber-optik kabel xəttinin "
        "əhəmiyyətini qeyd edib.",
        "Nümayəndə heyətləri tranzit yüklər üçün gömrük prosedurlarını sadələşdirmək barədə "
        "razılığa gəliblər.",
        "Nazirliyin məlumatına görə, Azərbaycanda Qazaxıstan kapitallı təxminən {n2} şirkət "
        "fəaliyyət göstərir.",
        "Səfər çərçivəsində {n3} şirkətin iştirakı ilə biznes forum keçirilib.",
        "Qazaxıstan neftinin Bakı-Tbilisi-Ceyhan boru kəməri ilə nəqli də gündəmdə olub.",
        "Tərəflər {city2_nom} şəhərində ticarət evi açmağı razılaşdırıblar.",
    ],
    "quotes": [
        "\u201cÖlkələrimizi əsrlərlə davam edən dostluq və ortaq tarix birləşdirir\u201d, - "
        "deyə {speaker} bildirib.",
        "\u201c{sector2} sahəsində böyük potensial görürük\u201d, - deyə {speaker} qeyd edib.",
        "\u201cOrta Dəhliz hər iki ölkə üçün strateji prioritetdir\u201d, - deyə {speaker} "
        "vurğulayıb.",
    ],
    "closing": [
        "Danışıqların növbəti raundunun {yn}{ynsfx} ildə {city2_loc} keçirilməsi gözlənilir.",
        "Daha əvvəl tərəflər Ali Dövlətlərarası Şuranın növbəti iclasını {city2_loc} "
        "keçirmək barədə razılaşıblar.",
    ],
    "datelines": ["{d} {month} {y}, {hh}:{mi}", "{dd}.{mm}.{y} | {hh}:{mi}"],
    "sites": ["Xəzər Xəbər", "Günəş Press", "Bakı Xronika"],
    "menu": ["Əsas səhifə | Siyasət | İqtisadiyyat | Dünya | İdman", "Menyu", "Axtar"],
    "switcher": "AZ | RU | EN",
    "share": ["Paylaş", "Çap et", "Bizi Telegram-da izləyin"],
    "views": "Baxış sayı: {v}",
    "most_read": "Ən çox oxunan",
    "footer": "\u00a9 {y} {site}. Materiallardan istifadə edərkən istinad zəruridir.",
    "other": [
        "Həftəsonu paytaxtda güclü qar gözlənilir",
        "Milli komandanın heyəti açıqlanıb",
        "Yeni metro xətti gələn yaz açılacaq",
        "Muzeydə xalçaçılıq sərgisi açılıb",
        "Mərkəzi Bank uçot dərəcəsini dəyişməz saxlayıb",
        "Fermerlər məhsul yığımına erkən başlayıb",
        "Şəhərdə yeni park salınacaq",
        "Startaplar illik sammitdə toplaşıb",
    ],
}

LANGS["kk"] = {
    "code": "kk",
    "actors": [
        ("Әзербайжан Президенті Ілһам Әлиев", "Қазақстан Президенті Қасым-Жомарт Тоқаев"),
        ("Әзербайжан Сыртқы істер министрі", "Қазақстан Сыртқы істер министрі"),
        ("Әзербайжан Премьер-министрі", "Қазақстан Премьер-министрі"),
        ("Әзербайжан Экономика министрі", "Қазақстан Сауда және интеграция министрі"),
        ("Әзербайжан Энергетика министрі", "Қазақстан Энергетика министрі"),
        ("Әзербайжан Цифрлық даму және көлік министрі", "Қазақстан Көлік министрі"),
    ],
    "cities": {
        "az": [("Баку", "Бакуде"), ("Гянджа", "Гянджада"), ("Шуша", "Шушада")],
        "kz": [("Астана", "Астанада"), ("Алматы", "Алматыда"), ("Ақтау", "Ақтауда"),
               ("Түркістан", "Түркістанда")],
    },
    "to_host": {"az": "Әзербайжанға", "kz": "Қазақстанға"},
    # '... саласындағы'
    "sectors": ["энергетика", "көлік және логистика", "ауыл шаруашылығы",
                "цифрлық технологиялар", "жасыл энергетика", "білім беру", "фармацевтика",
                "туризм"],
    "months": ["қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
               "қыркүйек", "қазан", "қараша", "желтоқсан"],
    "periods": ["{y} жылдың бірінші тоқсанында", "{y} жылғы қаңтар-маусымда",
                "{y} жылдың тоғыз айында", "{yp} жылы"],
    "money": {"million": "{x} млн доллар", "billion": "{x} млрд доллар"},
    "decimal": ",",
    "titles": {
        "visit": ["{visitor} {to_host} ресми сапармен келді",
                  "{visitor} {to_host} жұмыс сапарымен барды"],
        "talks": ["Әзербайжан мен Қазақстан {sector} саласындағы ынтымақтастықты талқылады",
                  "{a} және {b} {city_loc} кездесті"],
        "agreement": ["Баку мен Астана {sector} саласында {n} құжатқа қол қойды",
                      "Әзербайжан мен Қазақстан {sector} саласындағы келісімге қол қойды"],
        "trade": ["Әзербайжан мен Қазақстан арасындағы тауар айналымы {period} {amount} болды",
                  "Әзербайжан мен Қазақстан арасындағы сауда {period} {pct} пайызға өсті"],
        "pledge": ["Әзербайжан мен Қазақстан тауар айналымын {target}ға жеткізуді көздейді",
                   "Баку мен Астана {sector} саласында бірлескен жобаларды жүзеге асырады"],
    },
    "leads": {
        "visit": "{visitor} {city_loc} ресми сапармен жүр. Сапар бағдарламасына жоғары "
                 "деңгейдегі кездесу және үкіметаралық комиссияның отырысы енгізілген.",
        "talks": "{a} және {b} {city_loc} келіссөздер жүргізді. Басты назар {sector} "
                 "саласындағы ынтымақтастыққа аударылды.",
        "agreement": "Келіссөздер қорытындысы бойынша {city_loc} {n} үкіметаралық құжатқа, "
                     "соның ішінде {sector} саласындағы ынтымақтастық туралы келісімге қол "
                     "қойылды.",
        "trade": "Кеден статистикасына сәйкес, {period} Әзербайжан мен Қазақстан арасындағы "
                 "тауар айналымы {amount} болды, бұл өткен жылдың сәйкес кезеңімен "
                 "салыстырғанда {pct} пайызға көп.",
        "pledge": "{a} және {b} {city_loc} екіжақты сауда көлемін {yt} жылға қарай "
                  "{target}ға жеткізу туралы уағдаласты.",
    },
    "body": [
        "Тараптар Орта дәліз деп аталатын Транскаспий халықаралық көлік бағытын дамыту "
        "мәселесін талқылады.",
        "Ресми тұлғалардың айтуынша, өткен жылы Ақтау мен Әлат порттары арасындағы жүк "
        "тасымалы {pct2} пайызға өскен.",
        "{sector2} саласындағы ынтымақтастыққа ерекше назар аударылды.",
        "Үкіметаралық комиссияның кезекті отырысы {month_next} айына жоспарланған.",
        "Өткен жылы Қазақстан Әзербайжанға {tonnes} мың тонна астық экспорттады.",
        "Тараптар сондай-ақ жарғылық капиталы {amount2} болатын бірлескен инвестициялық "
        "компанияның жұмысын қарады.",
        "Екі тарап та Каспий теңізінің түбімен тартылатын талшықты-оптикалық байланыс "
        "желісінің маңызын атап өтті.",
        "Делегациялар транзиттік жүктерге арналған кеден рәсімдерін жеңілдетуге келісті.",
        "Министрліктің мәліметінше, Әзербайжанда қазақстандық капиталы бар {n2} шақты "
        "компания жұмыс істейді.",
        "Сапар аясында {n3} компания қатысқан бизнес-форум өтті.",
        "Күн тәртібінде қазақстандық мұнайды Баку-Тбилиси-Джейхан құбыры арқылы тасымалдау "
        "мәселесі де болды.",
        "Президент Қасым-Жомарт Тоқаев Әзербайжанмен стратегиялық әріптестікті дамытудың "
        "маңызын атап өтті.",
        "Тараптар {city2_nom} қаласында сауда үйін ашуға келісті.",
    ],
    "quotes": [
        "«Елдерімізді ғасырлар бойғы достық пен ортақ тарих байланыстырады», - деді "
        "{speaker}.",
        "«Біз {sector2} саласында үлкен әлеует көреміз», - деп атап өтті {speaker}.",
        "«Орта дәліз - екі еліміз үшін де стратегиялық басымдық», - деп атап көрсетті "
        "{speaker}.",
    ],
    "closing": [
        "Келіссөздердің келесі кезеңі {yn} жылы {city2_loc} өтеді деп күтілуде.",
        "Бұған дейін тараптар Жоғары мемлекетаралық кеңестің кезекті отырысын {city2_loc} "
        "өткізуге келіскен болатын.",
    ],
    "datelines": ["{y} жылғы {d} {month}, {hh}:{mi}", "{dd}.{mm}.{y}, {hh}:{mi}"],
    "sites": ["Дала Ақпарат", "Жаңа Дәуір", "Сарыарқа жаршысы"],
    "menu": ["Басты бет | Саясат | Экономика | Әлем | Спорт", "Мәзір", "Іздеу"],
    "switcher": "ҚАЗ | РУС | EN",
    "share": ["Бөлісу", "Басып шығару", "Telegram арнамызға жазылыңыз"],
    "views": "Қаралым: {v}",
    "most_read": "Көп оқылған",
    "footer": "\u00a9 {y} {site}. Барлық құқықтар қорғалған.",
    "other": [
        "Демалыс күндері елордада қалың қар жауады",
        "Ұлттық құраманың құрамы жарияланды",
        "Жаңа метро желісі келесі көктемде ашылады",
        "Мұражайда кілем тоқу көрмесі ашылды",
        "Ұлттық банк базалық мөлшерлемені өзгеріссіз қалдырды",
        "Фермерлер егін жинауды ерте бастады",
        "Қалада жаңа саябақ салынады",
        "Стартаптар жыл сайынғы саммитке жиналды",
    ],
}

# Kazakh in the 2018 Latin alphabet (acute letters, ı for и/й, ý for у).
LANGS["kk-latn"] = {
    "code": "kk",
    "actors": [
        ("Ázerbaıjan Prezıdenti Ilham Álıev", "Qazaqstan Prezıdenti Qasym-Jomart Toqaev"),
        ("Ázerbaıjan Syrtqy ister mınıstri", "Qazaqstan Syrtqy ister mınıstri"),
        ("Ázerbaıjan Premer-mınıstri", "Qazaqstan Premer-mınıstri"),
        ("Ázerbaıjan Ekonomıka mınıstri", "Qazaqstan Saýda jáne ıntegrasıa mınıstri"),
        ("Ázerbaıjan Energetıka mınıstri", "Qazaqstan Energetıka mınıstri"),
        ("Ázerbaıjan Sıfrlyq damý jáne kólik mınıstri", "Qazaqstan Kólik mınıstri"),
    ],
    "cities": {
        "az": [("Baký", "Bakýde"), ("Gánje", "Gánjede"), ("Shýsha", "Shýshada")],
        "kz": [("Astana", "Astanada"), ("Almaty", "Almatyda"), ("Aqtaý", "Aqtaýda"),
               ("Túrkistan", "Túrkistanda")],
    },
    "to_host": {"az": "Ázerbaıjanǵa", "kz": "Qazaqstanǵa"},
    "sectors": ["energetıka", "kólik jáne logıstıka", "aýyl sharýashylyǵy",
                "sıfrlyq tehnologıalar", "jasyl energetıka", "bilim berý", "farmasevtıka",
                "týrızm"],
    "months": ["qańtar", "aqpan", "naýryz", "sáýir", "mamyr", "maýsym", "shilde", "tamyz",
               "qyrkúıek", "qazan", "qarasha", "jeltoqsan"],
    "periods": ["{y} jyldyń birinshi toqsanynda", "{y} jylǵy qańtar-maýsymda",
                "{y} jyldyń toǵyz aıynda", "{yp} jyly"],
    "money": {"million": "{x} mln dollar", "billion": "{x} mlrd dollar"},
    "decimal": ",",
    "titles": {
        "visit": ["{visitor} {to_host} resmı saparmen keldi",
                  "{visitor} {to_host} jumys saparymen bardy"],
        "talks": ["Ázerbaıjan men Qazaqstan {sector} salasyndaǵy yntymaqtastyqty talqylady",
                  "{a} jáne {b} {city_loc} kezdesti"],
        "agreement": ["Baký men Astana {sector} salasynda {n} qujatqa qol qoıdy",
                      "Ázerbaıjan men Qazaqstan {sector} salasyndaǵy kelisimge qol qoıdy"],
        "trade": ["Ázerbaıjan men Qazaqstan arasyndaǵy taýar aınalymy {period} {amount} boldy",
                  "Ázerbaıjan men Qazaqstan arasyndaǵy saýda {period} {pct} paıyzǵa ósti"],
        "pledge": ["Ázerbaıjan men Qazaqstan taýar aınalymyn {target}ǵa jetkizýdi kózdeıdi",
                   "Baký men Astana {sector} salasynda birlesken jobalardy júzege asyrady"],
    },
    "leads": {
        "visit": "{visitor} {city_loc} resmı saparmen júr. Sapar baǵdarlamasyna joǵary "
                 "deńgeıdegi kezdesý jáne úkimetaralyq komıssıanyń otyrysy engizilgen.",
        "talks": "{a} jáne {b} {city_loc} kelissózder júrgizdi. Basty nazar {sector} "
                 "salasyndaǵy yntymaqtastyqqa aýdaryldy.",
        "agreement": "Kelissózder qorytyndysy boıynsha {city_loc} {n} úkimetaralyq qujatqa, "
                     "sonyń ishinde {sector} salasyndaǵy yntymaqtastyq týraly kelisimge qol "
                     "qoıyldy.",
        "trade": "Keden statıstıkasyna sáıkes, {period} Ázerbaıjan men Qazaqstan arasyndaǵy "
                 "taýar aınalymy {amount} boldy, bul ótken jyldyń sáıkes kezeńimen "
                 "salystyrǵanda {pct} paıyzǵa kóp.",
        "pledge": "{a} jáne {b} {city_loc} ekijaqty saýda kólemin {yt} jylǵa qaraı "
                  "{target}ǵa jetkizý týraly ýaǵdalasty.",
    },
    "body": [
        "Taraptar Orta dáliz dep atalatyn Transkaspıı halyqaralyq kólik baǵytyn damytý "
        "máselesin talqylady.",
        "Resmı tulǵalardyń aıtýynsha, ótken jyly Aqtaý men Álat porttary arasyndaǵy júk "
        "tasymaly {pct2} paıyzǵa ósken.",
        "{sector2} salasyndaǵy yntymaqtastyqqa erekshe nazar aýdaryldy.",
        "Úkimetaralyq komıssıanyń kezekti otyrysy {month_next} aıyna josparlanǵan.",
        "Ótken jyly Qazaqstan Ázerbaıjanǵa {tonnes} myń tonna astyq eksporttady.",
        "Taraptar sondaı-aq jarǵylyq kapıtaly {amount2} bolatyn birlesken ınvestısıalyq "
        "kompanıanyń jumysyn qarady.",
        "Eki tarap ta Kaspıı teńiziniń túbimen tartylatyn talshyqty-optıkalyq baılanys "
        "jelisiniń mańyzyn atap ótti.",
        "Delegasıalar tranzıttik júkterge arnalǵan keden rásimderin jeńildetýge kelisti.",
        "Mınıstrliktiń málimetinshe, Ázerbaıjanda qazaqstandyq kapıtaly bar {n2} shaqty "
        "kompanıa jumys isteıdi.",
        "Sapar aıasynda {n3} kompanıa qatysqan bıznes-forým ótti.",
        "Kún tártibinde qazaqstandyq munaıdy Baký-Tbılısı-Djeıhan qubyry arqyly tasymaldaý "
        "máselesi de boldy.",
        "Prezıdent Qasym-Jomart Toqaev Ázerbaıjanmen strategıalyq áriptestikti damytýdyń "
        "mańyzyn atap ótti.",
        "Taraptar {city2_nom} qalasynda saýda úıin ashýǵa kelisti.",
    ],
    "quotes": [
        "«Elderimizdi ǵasyrlar boıǵy dostyq pen ortaq tarıh baılanystyrady», - dedi "
        "{speaker}.",
        "«Biz {sector2} salasynda úlken áleýet kóremiz», - dep atap ótti {speaker}.",
        "«Orta dáliz - eki elimiz úshin de strategıalyq basymdyq», - dep atap kórsetti "
        "{speaker}.",
    ],
    "closing": [
        "Kelissózderdiń kelesi kezeńi {yn} jyly {city2_loc} ótedi dep kútilýde.",
        "Buǵan deıin taraptar Joǵary memleketaralyq keńestiń kezekti otyrysyn {city2_loc} "
        "ótkizýge kelisken bolatyn.",
    ],
    "datelines": ["{dd}.{mm}.{y}, {hh}:{mi}", "{y} jylǵy {d} {month}, {hh}:{mi}"],
    "sites": ["Dala Aqparat", "Jańa Dáýir", "Saryarqa jarshysy"],
    "menu": ["Basty bet | Saıasat | Ekonomıka | Álem | Sport", "Mázir", "Izdeý"],
    "switcher": "QAZ | RUS | EN",
    "share": ["Bólisý", "Basyp shyǵarý", "Telegram arnamyzǵa jazylyńyz"],
    "views": "Qaralym: {v}",
    "most_read": "Kóp oqylǵan",
    "footer": "\u00a9 {y} {site}. Barlyq quqyqtar qorǵalǵan.",
    "other": [
        "Demalys kúnderi elordada qalyń qar jaýady",
        "Ulttyq quramanyń quramy jarıalandy",
        "Jańa metro jelisi kelesi kóktemde ashylady",
        "Murajaıda kilem toqý kórmesi ashyldy",
        "Ulttyq bank bazalyq mólsherlemeni ózgerissiz qaldyrdy",
        "Fermerler egin jınaýdy erte bastady",
        "Qalada jańa saıabaq salynady",
        "Startaptar jyl saıynǵy sammıtke jınaldy",
    ],
}

LANGS["tr"] = {
    "code": "tr",
    "actors": [
        ("Azerbaycan Cumhurbaşkanı İlham Aliyev", "Kazakistan Cumhurbaşkanı Kasım Cömert Tokayev"),
        ("Azerbaycan Dışişleri Bakanı", "Kazakistan Dışişleri Bakanı"),
        ("Azerbaycan Başbakanı", "Kazakistan Başbakanı"),
        ("Azerbaycan Ekonomi Bakanı", "Kazakistan Ticaret ve Entegrasyon Bakanı"),
        ("Azerbaycan Enerji Bakanı", "Kazakistan Enerji Bakanı"),
        ("Azerbaycan Dijital Kalkınma ve Ulaştırma Bakanı", "Kazakistan Ulaştırma Bakanı"),
    ],
    "cities": {
        "az": [("Bakü", "Bakü'de"), ("Gence", "Gence'de"), ("Şuşa", "Şuşa'da")],
        "kz": [("Astana", "Astana'da"), ("Almatı", "Almatı'da"), ("Aktav", "Aktav'da"),
               ("Türkistan", "Türkistan'da")],
    },
    "to_host": {"az": "Azerbaycan'a", "kz": "Kazakistan'a"},
    # '... alanında'
    "sectors": ["enerji", "ulaştırma ve lojistik", "tarım", "dijital teknolojiler",
                "yeşil enerji", "eğitim", "ilaç sanayisi", "turizm"],
    "months": ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos",
               "Eylül", "Ekim", "Kasım", "Aralık"],
    "periods": ["{y} yılının ilk çeyreğinde", "{y} yılının ocak-haziran döneminde",
                "{y} yılının ilk dokuz ayında", "{yp} yılında"],
    "money": {"million": "{x} milyon dolar", "billion": "{x} milyar dolar"},
    "decimal": ",",
    "titles": {
        "visit": ["{visitor} {to_host} resmi ziyarette bulunuyor",
                  "{visitor} çalışma ziyareti için {to_host} gitti"],
        "talks": ["Azerbaycan ve Kazakistan {sector} alanında iş birliğini görüştü",
                  "{a} ile {b} {city_loc} bir araya geldi"],
        "agreement": ["Bakü ve Astana {sector} alanında {n} belge imzaladı",
                      "Azerbaycan ile Kazakistan arasında {sector} alanında anlaşma imzalandı"],
        "trade": ["Azerbaycan ile Kazakistan arasındaki ticaret hacmi {period} {amount} oldu",
                  "Azerbaycan-Kazakistan ticareti {period} yüzde {pct} arttı"],
        "pledge": ["Azerbaycan ve Kazakistan ticaret hacmini {target}a çıkarmayı hedefliyor",
                   "Bakü ve Astana {sector} alanında ortak projeler yürütecek"],
    },
    "leads": {
        "visit": "{visitor} resmi ziyaret için {city_loc} bulunuyor. Ziyaret programında üst "
                 "düzey bir görüşme ve hükümetlerarası komisyon toplantısı yer alıyor.",
        "talks": "{a} ile {b} {city_loc} görüştü. Görüşmede ağırlıklı olarak {sector} "
                 "alanındaki iş birliği ele alındı.",
        "agreement": "Görüşmelerin ardından {city_loc} {sector} alanında iş birliği anlaşması "
                     "dahil {n} hükümetlerarası belge imzalandı.",
        "trade": "Gümrük istatistiklerine göre Azerbaycan ile Kazakistan arasındaki ticaret "
                 "hacmi {period} {amount} olarak gerçekleşti; bu rakam geçen yılın aynı "
                 "dönemine göre yüzde {pct} daha fazla.",
        "pledge": "{a} ile {b}, {city_loc} ikili ticaret hacmini {yt} yılına kadar {target}a "
                  "çıkarma konusunda uzlaştı.",
    },
    "body": [
        "Taraflar, Orta Koridor olarak bilinen Hazar Geçişli Uluslararası Taşımacılık "
        "Güzergâhının geliştirilmesini ele aldı.",
        "Yetkililere göre Aktav ve Alat limanları arasındaki yük taşımacılığı geçen yıl "
        "yüzde {pct2} arttı.",
        "{sector2} alanındaki iş birliğine özel önem verildi.",
        "Hükümetlerarası komisyonun bir sonraki toplantısının {month_next} ayında yapılması "
        "planlanıyor.",
        "Kazakistan geçen yıl Azerbaycan'a {tonnes} bin ton tahıl ihraç etti.",
        "Taraflar ayrıca sermayesi {amount2} olan ortak yatırım şirketinin çalışmalarını da "
        "değerlendirdi.",
        "Her iki taraf da Hazar Denizi'nin tabanından döşenecek fiber optik kablo hattının "
        "önemine dikkat çekti.",
        "Heyetler, transit yükler için gümrük işlemlerinin kolaylaştırılması konusunda "
        "anlaştı.",
        "Bakanlığın verilerine göre Azerbaycan'da Kazak sermayeli yaklaşık {n2} şirket "
        "faaliyet gösteriyor.",
        "Ziyaret kapsamında {n3} şirketin katılımıyla bir iş forumu düzenlendi.",
        "Kazak petrolünün Bakü-Tiflis-Ceyhan boru hattıyla taşınması da gündemdeydi.",
        "Taraflar {city2_nom} kentinde bir ticaret evi açılması konusunda anlaştı.",
    ],
    "quotes": [
        "{speaker}, \u201cÜlkelerimizi asırlık dostluk ve ortak tarih birbirine bağlıyor\u201d "
        "dedi.",
        "{speaker}, \u201c{sector2} alanında büyük bir potansiyel görüyoruz\u201d ifadesini "
        "kullandı.",
        "{speaker}, \u201cOrta Koridor her iki ülkemiz için de stratejik bir önceliktir\u201d "
        "diye vurguladı.",
    ],
    "closing": [
        "Görüşmelerin bir sonraki turunun {yn} yılında {city2_loc} yapılması bekleniyor.",
        "Taraflar daha önce Devletlerarası Yüksek Konsey'in bir sonraki toplantısını "
        "{city2_loc} yapma konusunda anlaşmıştı.",
    ],
    "datelines": ["{d} {Month} {y} {hh}:{mi}", "{dd}.{mm}.{y} - {hh}:{mi}"],
    "sites": ["Hazar Haber", "Avrasya Gündem", "Bozkır Postası"],
    "menu": ["Ana Sayfa | Siyaset | Ekonomi | Dünya | Spor", "Menü", "Ara"],
    "switcher": "TR | RU | EN",
    "share": ["Paylaş", "Yazdır", "Bizi Telegram'da takip edin"],
    "views": "Okunma: {v}",
    "most_read": "En çok okunan",
    "footer": "\u00a9 {y} {site}. Tüm hakları saklıdır.",
    "other": [
        "Hafta sonu başkentte yoğun kar yağışı bekleniyor",
        "Milli takımın kadrosu açıklandı",
        "Yeni metro hattı gelecek bahar açılacak",
        "Müzede halı dokuma sergisi açıldı",
        "Merkez Bankası faizi sabit tuttu",
        "Çiftçiler hasada erken başladı",
        "Şehre yeni bir park yapılacak",
        "Girişimciler yıllık zirvede bir araya geldi",
    ],
}

# Azerbaijani ordinal suffix of a year ('2024-cü ildə'), by its last non-zero word.
AZ_YEAR_SUFFIX = {"0": {"2": "-ci", "3": "-cu", "4": "-cı", "5": "-ci"},
                  "1": "-ci", "2": "-ci", "3": "-cü", "4": "-cü", "5": "-ci", "6": "-cı",
                  "7": "-ci", "8": "-ci", "9": "-cu"}


def az_year_suffix(year: int) -> str:
    last = str(year)[-1]
    if last == "0":
        return AZ_YEAR_SUFFIX["0"].get(str(year)[-2], "-ci")
    return AZ_YEAR_SUFFIX[last]
