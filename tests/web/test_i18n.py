"""The interface's language machinery: plural forms, numbers, dates, FtM's labels,
the matcher's explanation in sentences, the audit log's request and domain errors."""

from __future__ import annotations

from interlist import i18n
from interlist.error_text import Group, error_text
from interlist.errors import NotFoundError, PermissionDeniedError
from interlist.matching import analyze, compare
from interlist.screening.screen import explanation_of
from interlist.web import explain


def test_russian_plural_forms() -> None:
    t = i18n.translator("ru")
    shown = [t("n_results", count=n) for n in (1, 2, 5, 11, 21, 22, 25, 1000)]
    assert shown == [
        "1 результат", "2 результата", "5 результатов", "11 результатов", "21 результат",
        "22 результата", "25 результатов", "1\xa0000 результатов",
    ]  # fmt: skip
    assert i18n.translator("en")("n_results", count=1) == "1 result"
    assert i18n.translator("en")("n_results", count=3798) == "3,798 results"


def test_numbers_and_dates_in_the_language() -> None:
    assert i18n.number(0.92, "ru") == "0,92" and i18n.number(0.92, "en") == "0.92"
    assert i18n.signed(-0.3, "ru") == "−0,30" and i18n.signed(0.12, "en") == "+0.12"
    assert i18n.date_text("1957-03-10", "ru") == "10 мар. 1957\u202fг."
    assert i18n.date_text("1957-03-10", "en") == "10 Mar 1957"
    assert i18n.date_text("1957", "ru") == "1957"  # a partial date stays as written


def test_labels_come_from_followthemoney_and_the_own_table() -> None:
    assert i18n.schema_label("LegalEntity", "en") == "Legal entity"
    assert i18n.schema_label("LegalEntity", "ru") == "Юридическое лицо"
    assert i18n.schema_label("Person", "ru", plural=True) != "People"
    assert i18n.prop_label("birthDate", "ru") == "Дата рождения"
    assert i18n.prop_label("alias", "ru") == "Другое имя"  # FtM has no Russian for it
    assert i18n.topic_label("crime.terror", "en") == "Terrorism"
    assert i18n.topic_label("crime.terror", "ru") == "Терроризм"
    assert i18n.topic_label("sanction", "ru") == "Под санкциями"
    assert i18n.country_name("kz", "ru") == "Казахстан"
    assert i18n.language_name("ara", "ru") == "арабский"
    assert i18n.value_text("male", "gender", "ru") == "мужской"


def test_the_explanation_in_sentences_with_effects_apart() -> None:
    query = {"schema": "Person", "properties": {"name": ["Усама бен Ладен"],
             "birthDate": ["1957-03-10"], "nationality": ["sa"]}}  # fmt: skip
    listed = {"schema": "Person", "properties": {"name": ["Usama bin Laden"],
              "birthDate": ["1957-03-10"], "nationality": ["sa"]}}  # fmt: skip
    match = compare(analyze(query), analyze(listed))
    for lang, words in (("en", ("same name in two scripts", "agree to the day")),
                        ("ru", ("одно имя в двух алфавитах", "совпадают до дня"))):  # fmt: skip
        said = explain.sentences(explanation_of(match), lang)
        text = " ".join([s["text"] for s in said] + [line for s in said for line in s["lines"]])
        assert all(w in text for w in words), text
        assert said[0]["base"] and not said[1]["base"]
        assert said[1]["effect"][0] in "+−"  # an effect, signed, not a score


def test_an_unreadable_detail_is_shown_as_it_is() -> None:
    said = explain.sentences([{"name": "future_check", "weight": 0.1, "detail": "x≠y"}], "ru")
    assert said[0]["text"] == "future_check: x≠y" and said[0]["effect"] == "+0,10"


def test_the_audit_request_as_text() -> None:
    detail = '{"country":"kz","q":"Usama","schema":"LegalEntity","status":"delisted"}'
    text = explain.asked(detail, "ru")
    assert text == "Страна: Казахстан; Имя: «Usama»; Тип: Юридическое лицо; Статус: исключён"
    assert explain.asked("{}", "en") == ""


def test_domain_errors_on_russian_pages() -> None:
    assert error_text(str(NotFoundError("no freeze with id 12")), "ru") == (
        "Запись № 12 не найдена."
    )
    denied = PermissionDeniedError("freeze 3 is held in another state (uz)")
    assert error_text(str(denied), "ru") == "Замораживание 3 ведётся другим государством (uz)."
    assert error_text("no freeze with id 12", "en") == "no freeze with id 12"
    assert error_text("an error nobody wrote down", "ru") == "an error nobody wrote down"


def test_every_error_pattern_compiles_and_has_its_translation() -> None:
    english, russian = i18n.catalogue()["en"], i18n.catalogue()["ru"]
    patterns = [key for key in english if str(key).startswith("err_")]
    assert len(patterns) >= 40
    for key in patterns:
        groups = __import__("re").compile(english[key]).groups
        shown = russian[key].format("", *[Group("x", "ru")] * groups)
        assert shown  # every {n} has its group, every {n:kind} a kind of name
