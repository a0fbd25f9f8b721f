"""Organisations across scripts (issue 20): legal forms, translated words and their
stems, abbreviations of words, and a short form in brackets after the long one."""

from interlist.matching import DEFAULT_THRESHOLD, compare
from interlist.matching.glosses import name_forms


def org(name: str) -> dict:
    return {"schema": "Company", "properties": {"name": [name]}}


def score(a: str, b: str) -> float:
    return compare(org(a), org(b)).score


def test_translated_words_in_any_case_and_gender() -> None:
    assert score("АО ‘Соликамский Завод ‘Урал’’", "JSC Solikamsk Plant Ural") >= DEFAULT_THRESHOLD
    russian = "АО ЦЕНТРАЛЬНЫЙ НАУЧНО-ИССЛЕДОВАТЕЛЬСКИЙ ИНСТИТУТ ‘БУРЕВЕСТНИК’"
    assert score(russian, "JSC CENTRAL RESEARCH INSTITUTE ‘BUREVESTNIK’") >= DEFAULT_THRESHOLD


def test_abbreviations_of_words() -> None:
    english = "Joint Stock Company Research and Production Enterprise Radar MMS"
    assert score("АО «НПП «Радар ММС»", english) >= DEFAULT_THRESHOLD


def test_a_short_form_in_brackets_is_a_name() -> None:
    long = "Акционерное Общество «Завод «Метеор» (АО «Завод «Метеор»)"
    forms = [text for text, _ in name_forms(long)]
    assert "АО «Завод «Метеор»" in forms
    assert "Акционерное Общество «Завод «Метеор»" in forms
    assert name_forms("Bank of China (Hong Kong)") == []


def test_other_organisations_stay_apart() -> None:
    assert score("АО ‘Завод ‘Метеор’’", "JSC Radar Plant") < DEFAULT_THRESHOLD
    assert score("BAE Systems, Inc.", "BAE Industries, Inc.") < DEFAULT_THRESHOLD


def explanation(a: str, b: str) -> str:
    return compare(org(a), org(b)).explanation[0].detail


def test_a_place_adjective_is_the_place_with_or_without_sk() -> None:
    assert score("АО ‘Рязанский Завод ‘Кедр’’", "JSC Ryazan Plant Kedr") >= DEFAULT_THRESHOLD
    assert score("АО ‘Воткинский Завод ‘Кедр’’", "JSC Votkinsk Plant Kedr") >= DEFAULT_THRESHOLD
    assert score("АО ‘Рязанский Завод ‘Кедр’’", "JSC Tula Plant Kedr") < DEFAULT_THRESHOLD


def test_a_translated_word_written_as_several_words() -> None:
    russian = "ОАО ‘Машиностроительный Завод ‘Кедр’’"
    assert score(russian, "OJSC Kedr Machine-Building Plant") >= DEFAULT_THRESHOLD
    assert "same word" in explanation(russian, "OJSC Kedr Machine-Building Plant")


def test_a_compound_word_is_translated_or_transliterated() -> None:
    assert score("АО ‘Северный Радиозавод’", "JSC Northern Radio Plant") >= DEFAULT_THRESHOLD
    assert score("АО ‘Северный Радиозавод’", "JSC Severny Radiozavod") >= DEFAULT_THRESHOLD
    assert score("АО ‘Северный Радиозавод’", "JSC Northern Tyre Plant") < DEFAULT_THRESHOLD


def test_initials_of_the_name_in_the_other_language() -> None:
    english = "Limited Liability Company Kedrovsk Aviation Plant"
    assert score("ООО ‘КАЗ’", english) >= DEFAULT_THRESHOLD
    assert "initials of the translation" in explanation("ООО ‘КАЗ’", english)
    assert score("ООО ‘КМЗ’", english) < DEFAULT_THRESHOLD  # M is no word of it
    assert score("ООО ‘КА’", "Limited Liability Company Kedr Aviation") < DEFAULT_THRESHOLD


def test_initials_of_the_translation_share_a_blocking_key() -> None:
    from interlist.matching.entity import analyze
    from interlist.matching.keys import shares_key

    assert shares_key(analyze(org("ООО ‘КАЗ’")), analyze(org("Kedrovsk Aviation Plant LLC")))


def test_words_left_over_on_both_sides_of_a_translation_differ() -> None:
    assert score("Уральские Авиалинии", "JSC Ural Automotive Plant") < DEFAULT_THRESHOLD
    assert score("Уральские Авиалинии", "OJSC Ural Airlines") >= DEFAULT_THRESHOLD


def test_a_contracted_short_form_in_brackets_is_a_name() -> None:
    long = "Министерство Обороны Северной Республики (Минобороны Северной Республики)"
    assert "Министерство Обороны Северной Республики" in [t for t, _ in name_forms(long)]
    assert "Jund Al-Kedr in Tunisia" in [
        t for t, _ in name_forms("Jund Al-Kedr in Tunisia (JAK-T)")
    ]


def test_a_misspelt_legal_form_of_several_words() -> None:
    right = "KEDR MISSILES CORPORATION JOINT STOCK COMPANY"
    assert score("KEDR MISSILES CORPORATION JOYNT STOCK COMPANY", right) >= DEFAULT_THRESHOLD
    assert score("KEDR MISSILES CORPORATION JOINT STOCK COMPAN", right) >= DEFAULT_THRESHOLD
    assert score("Kedr Aktiengeselschaft", "Kedr AG") >= DEFAULT_THRESHOLD
    assert score("Kedr Holding GmbH", "Kedr Holding AG") < DEFAULT_THRESHOLD


def test_names_written_one_after_another_with_alias() -> None:
    forms = [t for t, _ in name_forms("PJSC KEDR alias KEDR PTC")]
    assert forms == ["PJSC KEDR", "KEDR PTC"]
    assert name_forms("Akaki Bank") == []


def test_a_body_after_its_parent_and_a_comma() -> None:
    assert name_forms("Kedr Missile Corporation, Azov Optical Plant") == [
        ("Azov Optical Plant", False)
    ]
    assert name_forms("Bank of Kedr, Hong Kong Branch") == []  # no parent's name before it
    assert name_forms("Arsenal Machine-Building plant, OJSC") == []  # only a legal form after it


def test_initials_of_the_person_a_body_is_named_after() -> None:
    russian = "АО ‘Государственный ракетный центр имени академика В. П. Кедрова’"
    assert score(russian, "JSC Kedrov State Rocket Center") >= DEFAULT_THRESHOLD
    assert score("A Bank of Kedr", "B Bank of Kedr") < DEFAULT_THRESHOLD
    assert score("N.A.B.C. Company", "A.B.C. Company") < DEFAULT_THRESHOLD
    assert score("A.B.C. Company", "A.B.C. Company") >= DEFAULT_THRESHOLD
    assert score("U.S. Department of Kedr", "United States Department of Kedr") >= DEFAULT_THRESHOLD


def test_persian_written_with_the_arabic_final_yeh() -> None:
    from interlist.matching.names import split_name

    assert split_name("زندان مرکزى")[1][1] == split_name("زندان مرکزی")[1][1]
    assert split_name("موسى")[0][1] == "mwsa"  # Arabic: the alef maksura stays


def test_latin_and_cyrillic_lookalikes_mixed_in_one_word() -> None:
    # a Latin T and C among Cyrillic letters, a Latin i in Belarusian, a word typed in
    # Latin letters that look Cyrillic
    mixed = "Общество C Ограниченной Ответственностью ‘Tехпрокат’"
    assert score(mixed, "Limited Liability Company ‘Tekhprokat’") >= DEFAULT_THRESHOLD
    assert score("Гатэль ‘Вiцебск’ ААТ", "OJSC Hotel Vitsebsk") >= DEFAULT_THRESHOLD
    assert score("AO “Kpoнa”", "JSC Krona") >= DEFAULT_THRESHOLD
    assert "техпрокат" in explanation(mixed, "Limited Liability Company ‘Tekhprokat’")
    assert score(mixed, "Limited Liability Company ‘Tekhnoprom’") < DEFAULT_THRESHOLD


def test_latin_letters_spelt_out_in_cyrillic() -> None:
    assert score("ООО «Эйбиси Трейд»", "ABC Trade LLC") >= DEFAULT_THRESHOLD
    assert score("ООО «Джиэфкей Логистикс»", "GFK Logistics LLC") >= DEFAULT_THRESHOLD
    assert score("ООО «Эйбиси Трейд»", "XYZ Trade LLC") < DEFAULT_THRESHOLD


def test_latin_initials_of_a_cyrillic_name_transliterated_or_translated() -> None:
    russian = "Акционерное Общество ‘Тамбовский Механический Завод’"
    assert score(russian, "JSC TMZ") >= DEFAULT_THRESHOLD  # Т М З transliterated
    assert score(russian, "JSC TMP") >= DEFAULT_THRESHOLD  # Tambov Mechanical Plant
    assert score(russian, "JSC TKZ") < DEFAULT_THRESHOLD
    assert score(russian, "JSC PMZ") < DEFAULT_THRESHOLD


def test_a_general_word_for_a_company_goes_with_any_legal_form() -> None:
    assert score("Company Al Waha", "Al-Waha LLC") >= DEFAULT_THRESHOLD
    assert score("شركة الواحة", "Al-Waha LLC") >= DEFAULT_THRESHOLD
    assert "company's legal form" in explanation("Company Al Waha", "Al-Waha LLC")
    # two specific legal forms of different kinds still count against
    assert score("Waha AG", "Waha GmbH") < DEFAULT_THRESHOLD


def test_russian_state_institutions_and_research_enterprises_in_english() -> None:
    russian = "Федеральное государственное бюджетное образовательное учреждение ‘Рассвет’"
    english = "Federal State Budgetary Educational Institution ‘Rassvet’"
    assert score(russian, english) >= DEFAULT_THRESHOLD
    enterprise = "АО ‘Научно-Производственное Предприятие ‘Кварц’’"
    assert score(enterprise, "JSC Research and Production Enterprise Kvarts") >= DEFAULT_THRESHOLD
    assert score("МКАО ‘Горизонт’", "IPJSC Gorizont") >= DEFAULT_THRESHOLD


def test_an_ordinal_number_and_a_units_words() -> None:
    russian = "217-й отдельный батальон радиоэлектронной борьбы"
    assert score(russian, "217th Separate Electronic Warfare Battalion") >= DEFAULT_THRESHOLD
    assert score(russian, "217th Separate Radar Battalion") < DEFAULT_THRESHOLD
    assert "217=217th" in explanation(russian, "217th Separate Electronic Warfare Battalion")


def test_more_words_of_plants_and_bodies_translated() -> None:
    assert score("ОАО ‘Курский завод колёсных тягачей’", "Kursk Wheel Tractor Plant") >= 0.7
    belarusian = "Адкрытае акцыянернае таварыства ‘Гомельская тытунёвая фабрыка’"
    assert score(belarusian, "OJSC Gomel Tobacco Factory") >= DEFAULT_THRESHOLD
    assert score("شركة الواحة للحماية والحراسة", "Al Waha Security and Protection LLC") >= 0.7


def test_the_person_a_body_is_named_after_weighs_little_when_dropped() -> None:
    russian = "АО ‘Тверской машиностроительный завод’ имени Н.П.Соколова"
    assert score(russian, "Tver Machine-Building Plant JSC") >= DEFAULT_THRESHOLD
    assert "соколова" in explanation(russian, "Tver Machine-Building Plant JSC")
    # named after someone else: the dedications differ
    other = "Tver Machine-Building Plant named after I.I. Petrov JSC"
    assert score(russian, other) < DEFAULT_THRESHOLD


def test_an_analysis_keeps_its_flags_through_the_index() -> None:
    import pickle

    from interlist.matching.names import analyze_name
    from interlist.matching.vocabulary import ORG

    name = analyze_name("Завод имени Н. П. Соколова", ORG)
    again = pickle.loads(pickle.dumps(name))
    flags = [(t.text, t.translated, t.dedication) for t in name.tokens]
    assert flags == [(t.text, t.translated, t.dedication) for t in again.tokens]
    assert ("завод", True, False) in flags and ("соколова", False, True) in flags


def test_initials_against_the_words_they_stand_for_in_the_other_script() -> None:
    # Приборный Завод, Электронные Компоненты, Научно-Производственное Предприятие
    signal = "Public Joint Stock Company ‘Instrument Plant ‘Signal’’"
    assert score("ПАО ПЗ ‘Сигнал’", signal) >= DEFAULT_THRESHOLD
    assert score("АО «Радиант-ЭК»", "Radiant Electronic Components JSC") >= DEFAULT_THRESHOLD
    long = "Акционерное Общество «Научно-Производственное Предприятие «Краснознамёнец»"
    assert score(long, "SPE “Krasnoznamenets”, JSC") >= DEFAULT_THRESHOLD
    state = "Joint-Stock Company ‘State Scientific and Production Enterprise ‘Region’’"
    assert score("АО ‘ГНПП ‘РЕГИОН’’", state) >= DEFAULT_THRESHOLD  # "and" skipped
    assert "initials of the translation" in explanation("ПАО ПЗ ‘Сигнал’", signal)


def test_the_same_initials_in_two_scripts_letter_by_letter() -> None:
    russian = "Общество с ограниченной ответственностью ‘ТКХ-Инвест’"
    assert score(russian, "Limited Liability Company ‘TKH-Invest’") >= DEFAULT_THRESHOLD


def test_initials_must_be_capitals_and_spell_other_words() -> None:
    # the same letters in small letters are a word, not initials
    assert score("ПАО Пз ‘Сигнал’", "PJSC ‘Instrument Plant ‘Signal’’") < DEFAULT_THRESHOLD
    # ПЗ does not spell Automotive Plant
    assert score("ПАО ПЗ ‘Сигнал’", "PJSC ‘Automotive Plant ‘Signal’’") < DEFAULT_THRESHOLD
    assert score("ООО «ЦСТ» Альфа", "LLC CST Alfa") >= DEFAULT_THRESHOLD
    assert score("ООО «ЦСТ» Альфа", "LLC DSB Alfa") < DEFAULT_THRESHOLD


def test_a_number_sign_says_nothing() -> None:
    assert score("Завод № 9", "Zavod no 9") >= DEFAULT_THRESHOLD
    assert score("Завод № 9", "Zavod 9") >= DEFAULT_THRESHOLD
    assert score("АО ‘144 Завод’", "JSC Plant No. 144") >= 0.9


def test_a_translation_adds_a_descriptor_at_once() -> None:
    english = "Joint Stock Company Research and Production Enterprise ‘RADAR MMS’"
    assert score("Радар ММС", english) >= DEFAULT_THRESHOLD
    # words a name leaves over on both sides still differ
    assert score("Уральские Авиалинии", "Joint Stock Company Ural Automotive Plant") < 0.7


def test_state_owned_is_state() -> None:
    english = "State-owned Foreign Trade Unitary Enterprise Belvneshpromservice"
    russian = "Государственное внешнеторговое унитарное предприятие Белвнешпромсервис"
    assert score(russian, english) >= DEFAULT_THRESHOLD


def test_coined_short_names_in_brackets_and_names_between_middle_dots() -> None:
    assert ("UAVHeli", True) in name_forms("KB Unmanned Helicopters (UAVHeli)")
    assert ("HESA", True) in name_forms("Iran Aircraft Manufacturing Industries Corp. (HESA)")
    assert name_forms("Bank of China (UK)") == []
    assert name_forms("Bank of China (OFFSHORE)") == []
    forms = [text for text, _ in name_forms("صنایع هوایی شاهد · مرکز تحقیقات صنایع هوایی شاهد")]
    assert forms == ["صنایع هوایی شاهد", "مرکز تحقیقات صنایع هوایی شاهد"]


def test_initials_of_cognates_and_of_a_general_word_for_a_company() -> None:
    # К of Комплексы/complexes, К of Компания/company; a key shared for the index
    assert score("ООО ‘АСК’", "LLC ‘Aviation Systems and Complexes’") >= DEFAULT_THRESHOLD
    assert score("АО ‘ССК’", "Siberian Service Company JSC") >= DEFAULT_THRESHOLD
    assert score("ООО ‘АСК’", "LLC ‘Aviation Systems and Materials’") < DEFAULT_THRESHOLD


def test_initials_and_numbers_in_brackets_are_a_short_name() -> None:
    assert ("720 RZ SOP", True) in name_forms("Open JSC 720 Repair Plant (720 RZ SOP)")
    assert ("UAZ", True) in name_forms("OJSC Ulyanovsk Automobile Plant (UAZ)")
    assert name_forms("Bank of China (UAE)") == []
    assert name_forms("Alpha Trading (FZE)") == []
    english = "OJSC Ulyanovsk Automobile Plant (UAZ)"
    assert score("ООО ‘Ульяновский автомобильный завод’ (УАЗ)", english) >= DEFAULT_THRESHOLD


def test_of_and_the_weigh_nothing_in_a_translation() -> None:
    russian = "ФГБУН Институт Физики Твердого Тела имени Ю.А. Осипьяна Российской Академии Наук"
    english = "The Institute of Solid-State Physics of the Russian Academy of Sciences"
    assert score(russian, english) >= DEFAULT_THRESHOLD


def test_a_compound_word_is_not_its_second_part_alone() -> None:
    english = "JSC ‘Scientific and Production Association ‘Pribor’ named after S.S. Golembiovsky’"
    assert score("АО «Радиоприбор»", english) < DEFAULT_THRESHOLD
    assert score("НПО ‘Прибор’", english) >= DEFAULT_THRESHOLD


def test_a_name_written_twice_in_two_scripts_after_a_comma() -> None:
    forms = name_forms("ЗАО ‘Интеравтоматика’, CJSC ‘Interavtomatika’")
    assert [text for text, _ in forms] == ["ЗАО ‘Интеравтоматика’", "CJSC ‘Interavtomatika’"]
    assert name_forms("Иванов, Петров и Сидоров") == []
    assert score("ЗАО ‘Интеравтоматика’, CJSC ‘Interavtomatika’", "ZAO Interavtomatika (IA)") >= 0.9


def test_initials_in_a_name_written_all_in_capitals() -> None:
    english = "Joint Stock Company Scientific and Production Enterprise ‘Military Technologies’"
    assert score("АО НПП ‘ВТ’", english) >= DEFAULT_THRESHOLD


def test_belarusian_unitary_enterprises() -> None:
    belarusian = "РВУП ‘Завод дакладнай электрамеханікі’"
    assert score(belarusian, "Precise Electro-Mechanics Plant") >= DEFAULT_THRESHOLD


def test_arabic_and_persian_joining_words_and_phrases() -> None:
    persian = "ستاد امر به معروف و نهی از منکر"
    english = "Headquarters for Enjoining Right and Forbidding Evil"
    assert score(persian, english) >= DEFAULT_THRESHOLD
    assert "امر به معروف≈enjoining right (same word)" in explanation(persian, english)
    assert score("سازمان امر به معروف و نهی از منکر", "Popular Mobilization Forces") < 0.5


def test_dotted_initials_are_no_roman_numeral() -> None:
    russian = "AO Чебоксарское производственное объединение им. В.И.Чапаева"
    english = "JSC Cheboksary Production Association named after V.I. Chapaev"
    assert score(russian, english) >= DEFAULT_THRESHOLD
    assert "6=" not in explanation(russian, english)


def test_a_contraction_after_a_comma_is_a_name() -> None:
    forms = name_forms("Сколковский Институт Науки и Технологий, Сколтех")
    assert ("Сколтех", False) in forms
    assert name_forms("Alpha Trading, Altra") == []
    english = "Skolkovo Institute of Science and Technology"
    assert score("Сколковский Институт Науки и Технологий, Сколтех", english) >= 0.8


def test_a_phrase_of_two_word_groups_and_a_descriptor_beside_stop_words() -> None:
    assert score("Воздушно-космические силы", "Russian Aerospace Forces") >= DEFAULT_THRESHOLD
    russian = "Федеральная служба войск национальной гвардии Российской Федерации"
    english = "National Guard of the Russian Federation"
    assert score(russian, english) >= DEFAULT_THRESHOLD


def test_a_language_named_before_a_name() -> None:
    assert name_forms("Belarussian: ААТ ‘Мінскі завод’") == [("ААТ ‘Мінскі завод’", False)]
    assert name_forms("Arabic Bank, Ltd") == []
    belarusian = "Belarussian: ААТ ‘Мінскі завод колавых цягачоў’"
    assert score(belarusian, "Minsk Wheel Tractor Plant") >= DEFAULT_THRESHOLD


def test_stock_company_words_and_publicly_traded() -> None:
    english = "Public Joint Stock Company “Stock Oil Company Bashneft”"
    assert score("ПАО АНК “Башнефть”", english) >= DEFAULT_THRESHOLD  # Акционерная Нефтяная К.
    assert score("ПАО «Камаз»", "KAMAZ Publicly Traded Company") >= DEFAULT_THRESHOLD
    assert score("‘Луганская народная республика’", "So-called ‘Luhansk People’s Republic’") >= 0.7


def test_words_an_abbreviation_stands_for_weigh_as_translated_words() -> None:
    persian = "بنیاد تعاون فراجا"  # فراجا: فرماندهی انتظامی جمهوری اسلامی ایران
    english = "Law Enforcement Forces of the Islamic Republic of Iran (LEF) Cooperation Foundation"
    assert score(persian, english) >= DEFAULT_THRESHOLD
    institute = "Police Science and Social Studies Institute"
    assert score("پژوهشگاه علوم انتظامی و مطالعات اجتماعی فراجا", institute) >= 0.7


def test_latin_letters_spelt_out_in_arabic_script() -> None:
    assert score("آي جت غلوبال م.د.م.س", "I Jet Global DMCC") >= DEFAULT_THRESHOLD
    assert score("آي جت غلوبال م.د.م.س", "E Jet Global DMCC") < DEFAULT_THRESHOLD


def test_a_lone_after_or_by_dedicates_nothing() -> None:
    assert score("Plant named after Ivanov", "Plant") > score("Plant after Ivanov", "Plant")
    assert score("Plant named by Ivanov", "Plant") > score("Plant by Ivanov", "Plant")
