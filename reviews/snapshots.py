"""What a version holds: the reviewed fields of an entry, as JSON, and how two versions differ.

A snapshot is `{"fields": {name: value}, "relations": {name: [ids]}}`: every editable field
of the entry except its workflow fields and the registry's immediate and not-reviewed ones;
translated fields by language column (`title_de`, `title_en`, `title_pl`), foreign keys as
ids, files by their stored name, many-to-many relations as sorted ids. Values are written as
Django's serialisers write them and read back with each field's `to_python`, so a version
restores exactly what was saved.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.languages import language_codes
from reviews.registry import reviewed

# The review workflow's own fields: a version is content, not the state of its review.
WORKFLOW_FIELDS = frozenset(
    {"status", "status_changed_at", "status_changed_by", "first_published_at"}
)


def _translated_originals(model) -> frozenset[str]:
    """Fields modeltranslation translates: the version keeps their language columns."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return frozenset(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return frozenset()


def base_name(field) -> str:
    """The name of a field, or of the field a translated column belongs to."""
    original = getattr(field, "translated_field", None)
    return original.name if original is not None else field.name


@cache
def reviewed_fields(model) -> tuple[list[models.Field], list[models.ManyToManyField]]:
    """The fields and many-to-many relations of `model` that its versions hold."""
    spec = reviewed(model)
    excluded = WORKFLOW_FIELDS | spec.immediate | spec.not_reviewed
    originals = _translated_originals(model)
    fields = [
        field
        for field in model._meta.concrete_fields
        if field.editable
        and not field.primary_key
        and field.name not in originals
        and base_name(field) not in excluded
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    ]
    relations = [
        field
        for field in model._meta.many_to_many
        # Relations with data of their own (inspirations with a note, participations with a
        # role) are edited in inlines, not kept in versions.
        if field.editable
        and field.remote_field.through._meta.auto_created
        and field.name not in excluded
    ]
    return fields, relations


def snapshot(obj, relations: dict[str, Any] | None = None) -> dict[str, Any]:
    """The reviewed content of `obj` as it is in memory; relations from `relations` (name →
    objects or ids, as a form's cleaned data has them) or else from the database."""
    fields, m2m = reviewed_fields(type(obj))
    values: dict[str, Any] = {}
    for field in fields:
        # As the database stores it: ids, file names, country codes, aware times.
        value = field.get_prep_value(field.value_from_object(obj))
        if isinstance(field, models.FileField):
            value = value or ""
        elif value == "" and field.null:
            value = None  # an empty text is stored as NULL where the column allows it
        values[field.name] = value
    related: dict[str, list[int]] = {}
    for field in m2m:
        if relations is not None and field.name in relations:
            chosen = relations[field.name] or []
        elif obj.pk is not None:
            chosen = getattr(obj, field.name).values_list("pk", flat=True)
        else:
            chosen = []
        related[field.name] = sorted(getattr(item, "pk", item) for item in chosen)
    # Through JSON once, so that a fresh snapshot compares equal to a stored one.
    return json.loads(json.dumps({"fields": values, "relations": related}, cls=DjangoJSONEncoder))


def snapshot_values(model, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """A snapshot's values by attribute name (`organisation_id`), and its relations, as Python
    values; fields the model no longer has, or no longer reviews, are left out."""
    fields, m2m = reviewed_fields(model)
    known = {field.name: field for field in fields}
    values = {}
    for name, raw in data.get("fields", {}).items():
        field = known.get(name)
        if field is not None:
            values[field.attname] = raw if raw is None else field.to_python(raw)
    names = {field.name for field in m2m}
    relations = {
        name: list(ids) for name, ids in data.get("relations", {}).items() if name in names
    }
    return values, relations


def snapshot_onto(obj, data: dict[str, Any]) -> None:
    """Set a snapshot's field values on `obj` in memory (relations are not touched)."""
    values, _relations = snapshot_values(type(obj), data)
    for attname, value in values.items():
        setattr(obj, attname, value)


# --- Differences ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One field (in one language, for translated ones) that differs between two versions."""

    label: str
    language: str  # language code of a translated column, "" otherwise
    before: SafeString
    after: SafeString


def _column_language(model, field: models.Field) -> tuple[str, str]:
    """(label, language) of a field: a translated column is its field in that language."""
    for code in language_codes():
        suffix = f"_{code}"
        if field.name.endswith(suffix):
            try:
                original = model._meta.get_field(field.name[: -len(suffix)])
            except FieldDoesNotExist:
                continue
            return str(original.verbose_name), code
    return str(field.verbose_name), ""


def _names(model, ids) -> dict[Any, str]:
    return {pk: str(obj) for pk, obj in model._default_manager.in_bulk(list(ids)).items()}


def _display(field, value, names: dict[Any, str]) -> str:
    if value is None or value == "" or value == []:
        return ""
    if isinstance(field, models.ManyToManyField):
        # One per line: the difference of two choices marks only what was added or removed.
        return "\n".join(sorted(names.get(pk, f"#{pk}") for pk in value))
    if isinstance(field, models.ForeignKey):
        return names.get(value, f"#{value}")
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    choices = dict(field.flatchoices) if field.choices else {}
    if isinstance(value, list):
        return "\n".join(str(choices.get(item, item)) for item in value)
    return str(choices.get(value, value))


_TOKENS = re.compile(r"\s+|[^\s<>]+|[<>]")


def _marked(before: str, after: str) -> tuple[SafeString, SafeString]:
    """Both texts, escaped, with the words only one of them has marked (<del>, <ins>)."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    left, right = [], []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = escape("".join(old[i1:i2])), escape("".join(new[j1:j2]))
        if tag == "equal":
            left.append(removed)
            right.append(added)
            continue
        if removed:
            left.append(format_html("<del>{}</del>", mark_safe(removed)))
        if added:
            right.append(format_html("<ins>{}</ins>", mark_safe(added)))
    return mark_safe("".join(left)), mark_safe("".join(right))


def snapshot_diff(model, before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """The reviewed fields whose values differ between two snapshots, in the form's order,
    each language of a translated field on its own row."""
    fields, m2m = reviewed_fields(model)
    old = {**before.get("fields", {}), **before.get("relations", {})}
    new = {**after.get("fields", {}), **after.get("relations", {})}
    changed = [f for f in (*fields, *m2m) if old.get(f.name) != new.get(f.name)]
    # Names of related entries, one query per related model.
    wanted: dict[type, set] = {}
    for field in changed:
        if isinstance(field, models.ForeignKey | models.ManyToManyField):
            for value in (old.get(field.name), new.get(field.name)):
                ids = value if isinstance(value, list) else [value]
                wanted.setdefault(field.related_model, set()).update(i for i in ids if i)
    names = {related: _names(related, ids) for related, ids in wanted.items()}
    rows = []
    for field in changed:
        label, language = _column_language(model, field)
        lookup = names.get(getattr(field, "related_model", None), {})
        before_text = _display(field, old.get(field.name), lookup)
        after_text = _display(field, new.get(field.name), lookup)
        marked_before, marked_after = _marked(before_text, after_text)
        rows.append(FieldChange(label, language, marked_before, marked_after))
    return rows
