"""The one rule for text Pulse stores: every output (RSS/XML, JSON, HTML, PostgreSQL) can carry it.

Refused, wherever a client or a team member can store text (API fields, JSON keys and
string values, dashboard and Django Admin forms, Markdown, management commands):

- C0 control characters other than tab, LF and CR (XML 1.0 forbids them; NUL is also
  refused by PostgreSQL's text and jsonb);
- U+FFFE and U+FFFF (not XML 1.0 characters);
- lone surrogates U+D800..U+DFFF (not Unicode scalar values: UTF-8 cannot encode them, so
  PostgreSQL cannot store them and no response can carry them).

Sources: XML 1.0 (Fifth Edition) §2.2 `Char`; PostgreSQL's text type (no NUL) and jsonb
(no `\\u0000`). DEL and C1 controls are legal XML 1.0 characters and are kept.

Who applies it:

- `install_model_validators()` (called once by `PulseConfig.ready`) gives every
  CharField, TextField and JSONField of Pulse's own models the validator, so `full_clean()`
  (services, ModelForms, Django Admin) refuses it with an error on the field, and
  ModelSerializers copy it into their fields (a 400 naming the field);
- the API's strict serializer fields (`pulse.api.fields`) call `unstorable_character`;
- `clean_text` replaces the characters: the RSS writer and the data migrations that clean
  rows stored before the rule use it.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
# The apps whose models hold text a client or a team member writes: these and the product
# modules (`pulse.modules.LABELS`, read at install time). `auth`: accounts (usernames, names)
# are written through sign-up, `createsuperuser` and Django Admin.
TEXT_APPS = ("auth", "projects")


def unstorable_character(value):
    """The first refused character of `value` as (index, char), or None when it is all storable."""
    match = UNSTORABLE.search(value)
    return None if match is None else (match.start(), match.group())


def is_storable_text(value):
    """True when `value` (a str) has no refused character."""
    return UNSTORABLE.search(value) is None


def describe_unstorable(value):
    """The error message for a text with a refused character, naming it: `... U+000B at 11`."""
    index, char = unstorable_character(value)
    return f"Contains a character that cannot be stored: U+{ord(char):04X} at position {index}."


def clean_text(value):
    """`value` with each refused character replaced: controls dropped, the rest by U+FFFD.

    Used where a stored text must be shown whatever it holds (the RSS writer) and by the
    data migrations cleaning rows stored before the rule.
    """
    if is_storable_text(value):
        return value
    return UNSTORABLE.sub(lambda m: "" if m.group() < "\x20" else REPLACEMENT, value)


def clean_json(value):
    """A JSON value with every key and string cleaned by `clean_text` (a new value)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(key) if isinstance(key, str) else key: clean_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_json(item) for item in value]
    return value


def json_texts(value):
    """Every key and string inside a JSON value (iterative, so any depth is safe)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            yield from (key for key in item if isinstance(key, str))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def first_unstorable_json_text(value):
    """The first key or string of a JSON value with a refused character, or None."""
    return next((text for text in json_texts(value) if not is_storable_text(text)), None)


@deconstructible
class StorableTextValidator:
    """Django validator of the rule: a str, or a JSON value (every key and string checked)."""

    code = "unstorable"

    def __call__(self, value):
        if isinstance(value, str):
            bad = None if is_storable_text(value) else value
        else:
            bad = first_unstorable_json_text(value)
        if bad is not None:
            raise ValidationError(describe_unstorable(bad), code=self.code)

    def __eq__(self, other):
        return isinstance(other, StorableTextValidator)

    def __hash__(self):
        return hash(StorableTextValidator)


validate_storable_text = StorableTextValidator()


def text_fields(model):
    """The concrete CharField (SlugField, EmailField ...), TextField and JSONField fields of `model`."""
    from django.db import models

    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField, models.JSONField))
    ]


def text_models():
    """Every model of the apps holding written text: `TEXT_APPS` and the product modules."""
    from django.apps import apps

    from pulse.modules import LABELS

    return [model for label in (*TEXT_APPS, *LABELS) for model in apps.get_app_config(label).get_models()]


# Characters that show nothing on their own: besides whitespace, format characters (Cf: zero
# widths, direction marks), controls, separators and combining marks with no base, the
# Hangul and Braille fillers spammers use for "blank" names (Unicode 15, UAX #44 categories).
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp", "Mn", "Me"})
_FILLERS = frozenset("\u115f\u1160\u2800\u3164\uffa0")
INVISIBLE_MESSAGE = "Must contain visible text, not only spaces or invisible characters."


def has_visible_text(value):
    """True when `value` (a str) has a character that shows: not whitespace, a format or
    control character, a combining mark with no base, or a filler."""
    return any(
        not char.isspace() and char not in _FILLERS and unicodedata.category(char) not in _INVISIBLE_CATEGORIES
        for char in value
    )


@deconstructible
class RequiredVisibleTextValidator:
    """A required text field (`blank=False`) must show something: "\u200b\u202e" passes
    Django's and DRF's emptiness checks (they strip whitespace only) and would be a blank
    title on the board, in the widget and in feeds."""

    def __call__(self, value):
        if isinstance(value, str) and value and not has_visible_text(value):
            raise ValidationError(INVISIBLE_MESSAGE, code="invisible")

    def __eq__(self, other):
        return isinstance(other, RequiredVisibleTextValidator)


validate_visible_text = RequiredVisibleTextValidator()


def install_model_validators():
    """Give every text field of `text_models()` the validator, and every required one
    (`blank=False`, no choices) the visible-text rule too (idempotent).

    Appended to the field's `validators` list (what `full_clean`, ModelForms and DRF's
    ModelSerializer read), not passed as `validators=`: the rule is the core's, not a field
    option, so migrations do not record it (`deconstruct` reads `_validators`).
    """
    from django.db import models

    for model in text_models():
        for field in text_fields(model):
            if validate_storable_text not in field.validators:
                field.validators.append(validate_storable_text)
            required = not field.blank and not field.choices and isinstance(field, (models.CharField, models.TextField))
            if required and validate_visible_text not in field.validators:
                field.validators.append(validate_visible_text)


class StorableTextFormMixin:
    """For plain (non-model) dashboard forms: every CharField refuses what the rule refuses.

    ModelForms need no mixin: their model's fields carry the validator. Put it first in the
    bases: `class EntryForm(StorableTextFormMixin, forms.Form)`.
    """

    def __init__(self, *args, **kwargs):
        from django import forms

        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and validate_storable_text not in field.validators:
                field.validators.append(validate_storable_text)


# Stored rows: the data migrations of each app call `clean_stored_text(label)` once.

# PostgreSQL pre-filters (POSIX regular expressions): a text column with a refused character
# (NUL and surrogates cannot be stored there), and a jsonb column whose text form has one
# escaped (`\u000b`, `\b`, `\f`) or raw (U+FFFE/U+FFFF). A match is then checked in Python.
_PG_TEXT_PATTERN = "[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
_PG_JSON_PATTERN = "\\\\u00(0[0-8bcef]|1[0-9a-f])|\\\\[bf]|\ufffe|\uffff"


def _suspects(model, fields, vendor):
    from django.db.models import Q, TextField
    from django.db.models.functions import Cast

    rows = model._base_manager.order_by()
    if vendor != "postgresql":  # the embedded SQLite database is small: every row is checked
        return rows
    condition = Q()
    for field in fields:
        if field.get_internal_type() == "JSONField":
            rows = rows.annotate(**{f"_{field.name}_text": Cast(field.name, TextField())})
            condition |= Q(**{f"_{field.name}_text__iregex": _PG_JSON_PATTERN})
        else:
            condition |= Q(**{f"{field.name}__regex": _PG_TEXT_PATTERN})
    return rows.filter(condition)


def clean_stored_text(app_label):
    """A RunPython function cleaning every text field of `app_label`'s models with `clean_text`.

    Rows are changed by an UPDATE of the changed fields only (no save(): timestamps and
    signals untouched); clean rows are not written. Returns the function, for RunPython.
    """

    def clean(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for model in apps.get_app_config(app_label).get_models():
            fields = text_fields(model)
            if not fields:
                continue
            names = [field.attname for field in fields]
            rows = _suspects(model, fields, vendor).values_list("pk", *names)
            for pk, *values in rows.using(schema_editor.connection.alias).iterator(chunk_size=2000):
                changes = {}
                for field, value in zip(fields, values, strict=True):
                    if isinstance(value, str):
                        cleaned = clean_text(value)
                    elif field.get_internal_type() == "JSONField":
                        cleaned = clean_json(value)
                    else:
                        continue
                    if cleaned != value:
                        changes[field.attname] = cleaned
                if changes:
                    model._base_manager.using(schema_editor.connection.alias).filter(pk=pk).update(**changes)

    return clean
