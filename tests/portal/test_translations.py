"""The portal in its four languages: committed catalogues (locale/, compiled .mo beside each
.po so that nothing needs gettext to run), pages translated by Accept-Language and by the
switcher, and the widget's words where the portal shows the same thing."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

from changelog.models import EntryType
from changelog.portal import TYPE_LABELS
from roadmap.models import RoadmapEntry
from roadmap.portal import STATUS_LABELS

ROOT = "/portal/acme/"
LOCALE = Path(settings.LOCALE_PATHS[0])
LANGUAGES = ("fr", "de", "es")
# What each page shows in each language: a word from its navigation and one of its own.
EXPECTED = {
    "fr": ("Feuille de route", "Aller au contenu", "Rien pour le moment."),
    "de": ("Neuigkeiten", "Zum Inhalt springen", "Noch nichts hier."),
    "es": ("Hoja de ruta", "Saltar al contenido", "Aún no hay nada."),
}
PAGES = ("", "changelog/", "roadmap/")


def catalogue(language):
    """{msgid: msgstr} of a .po file (single-line entries, as makemessages writes ours)."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\n(?:msgid_plural "(?:.+)"\n)?msgstr(?:\[0\])? "(.*)"$', text, flags=re.M)
    return {msgid.replace('\\"', '"'): msgstr.replace('\\"', '"') for msgid, msgstr in pairs}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_portal_string_is_translated_and_not_fuzzy(language):
    messages = catalogue(language)
    assert len(messages) > 40
    assert [msgid for msgid, msgstr in messages.items() if not msgstr] == []
    assert "#, fuzzy" not in (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_plural_has_each_of_its_languages_forms(language):
    """Spanish has three forms in Django's catalogues ("other" for 0 and 2 to 999,999), so
    a missing third one showed "5 comments" in English."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    forms = int(re.search(r"nplurals=(\d+)", text).group(1))
    entries = [block for block in text.split("\n\n") if "\nmsgid_plural " in block]
    assert entries
    for entry in entries:
        translated = re.findall(r'^msgstr\[(\d+)\] "(.+)"$', entry, flags=re.M)
        assert [int(index) for index, _ in translated] == list(range(forms)), entry


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_is_compiled_from_its_po_file(language):
    with (LOCALE / language / "LC_MESSAGES" / "django.mo").open("rb") as compiled:
        translations = gettext.GNUTranslations(compiled)
    for msgid, msgstr in catalogue(language).items():
        assert translations.gettext(msgid) == msgstr, msgid


def test_every_string_of_the_portal_templates_is_in_the_catalogues():
    templates = Path(settings.BASE_DIR, "templates")
    names = [*templates.glob("portal/*.html"), *templates.glob("*/portal*.html")]
    literal = re.compile(r"""{% translate ["']([^"']+)["'] %}""")
    block = re.compile(r"{% blocktranslate[^%]*%}(.*?){% (?:plural|endblocktranslate) %}", re.S)
    found = set()
    for name in names:
        text = name.read_text(encoding="utf-8")
        found.update(literal.findall(text))
        found.update(re.sub(r"{{ (\w+) }}", r"%(\1)s", message) for message in block.findall(text))
    assert len(found) > 30
    for language in LANGUAGES:
        assert sorted(found - set(catalogue(language))) == [], language


def test_the_labels_the_portal_translates_are_the_models_labels():
    assert TYPE_LABELS == dict(EntryType.choices)
    assert STATUS_LABELS == {status: status.label for status in STATUS_LABELS}
    assert set(STATUS_LABELS) <= set(RoadmapEntry.Status)


def widget_words():
    """{language: {key: text}} of the widget's string tables (static/widget/widget.js)."""
    source = Path(settings.BASE_DIR, "static", "widget", "widget.js").read_text(encoding="utf-8")
    tables = {}
    for language in ("en", *LANGUAGES):
        body = re.search(rf"^    {language}: {{(.*?)^    }},", source, flags=re.M | re.S).group(1)
        tables[language] = dict(re.findall(r'(\w+): "([^"]*)"', body))
    return tables


# Portal msgid -> the widget's key for the same thing.
SHARED = {
    "Changelog": "changelog",
    "Roadmap": "roadmap",
    "Nothing here yet.": "empty",
    "Category": "category",
    "Too many requests. Please try again in a minute.": "busy",
    "New feature": "t_feature",
    "Improvement": "t_improvement",
    "Bug fix": "t_fix",
    "Security": "t_security",
    "Deprecation": "t_deprecation",
    "Announcement": "t_announcement",
    "Planned": "s_planned",
    "In progress": "s_in_progress",
    "Completed": "s_completed",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_portal_and_the_widget_use_the_same_words(language):
    words, messages = widget_words()[language], catalogue(language)
    assert {msgid: messages[msgid] for msgid in SHARED} == {msgid: words[key] for msgid, key in SHARED.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_is_translated_for_the_browsers_language(client, project, language, path):
    response = client.get(ROOT + path, HTTP_ACCEPT_LANGUAGE=f"{language}-XX, en;q=0.5")
    html = response.content.decode()
    assert response["Content-Language"] == language and f'<html lang="{language}">' in html
    for text in EXPECTED[language]:
        assert text in html
    assert "Skip to content" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_switcher_translates_a_page_whatever_the_browser_asks(client, project, make_entry, language):
    make_entry(title="Shipped", type="fix")
    html = client.get(f"{ROOT}changelog/?lang={language}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<html lang="{language}">' in html
    assert dict(EntryType.choices)["fix"] not in html
    assert catalogue(language)["Bug fix"] in html
    assert EXPECTED[language][1] in html
    english = client.get(f"{ROOT}changelog/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Skip to content" in english and "Bug fix" in english


@pytest.mark.django_db
def test_a_refused_vote_answers_in_the_visitors_language(client, make_feature):
    entry = make_feature(feature_name="Export")
    response = client.post(f"{ROOT}roadmap/{entry.pk}/vote/", {"vote_type": "sideways"}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 400 and response.content.decode() == "Wählen Sie dafür oder dagegen."
