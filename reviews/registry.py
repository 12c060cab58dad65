"""Which entries are reviewed, and how a reviewed version becomes the public one.

Measures, organisation profiles and events are reviewed. For each the registry names:
- `immediate`: fields that apply at once, never held for review (an event's date, place, join
  link, registration settings and recording: registrants rely on them, and their changes are
  still announced to registrants as before);
- `not_reviewed`: fields that are not content (an organisation's trusted mark, set by portal
  editors);
- `public_statuses`: the statuses in which visitors see the entry (then a change by someone who
  may not publish waits for review);
- `apply`: writes a version's values into the entry through the app's own service, so the
  app's rules hold for published changes as for every other write.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models

from core.workflow import Status
from events.services import IMMEDIATE_FIELDS as EVENT_IMMEDIATE_FIELDS


def _measure_apply(obj, values: Mapping[str, Any], relations: Mapping[str, Sequence[int]], user):
    from measures.models import Measure
    from measures.services import measure_save

    measure_save(
        measure=obj,
        values=values,
        **{
            name: Measure._meta.get_field(name).related_model.objects.filter(pk__in=ids)
            for name, ids in relations.items()
        },
    )


def _measure_check(obj, values, relations) -> None:
    from measures.services import measure_clean

    if "themes" in relations:
        measure_clean(values={"themes": relations["themes"]}, measure=obj)


def _event_apply(obj, values, relations, user):
    from events.services import event_update

    for name, value in values.items():
        setattr(obj, name, value)
    event_update(event=obj, user=user)
    for name, ids in relations.items():
        getattr(obj, name).set(ids)


def _plain_apply(obj, values, relations, user):
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean(exclude=[*relations, "status"])
    obj.save()
    for name, ids in relations.items():
        getattr(obj, name).set(ids)


@dataclass(frozen=True)
class Reviewed:
    apply: Callable[..., None]
    # Rules beyond the model's own validation (ValidationError): checked at submission.
    check: Callable[..., None] | None = None
    immediate: frozenset[str] = frozenset()
    not_reviewed: frozenset[str] = frozenset()
    public_statuses: frozenset[str] = frozenset({Status.PUBLISHED})


REVIEWED: dict[str, Reviewed] = {
    "measures.measure": Reviewed(apply=_measure_apply, check=_measure_check),
    "partners.organisation": Reviewed(apply=_plain_apply, not_reviewed=frozenset({"trusted"})),
    "events.event": Reviewed(
        apply=_event_apply,
        immediate=EVENT_IMMEDIATE_FIELDS,
        # A cancelled event stays on the portal, marked as cancelled.
        public_statuses=frozenset({Status.PUBLISHED, "cancelled"}),
    ),
}


def reviewed(model: type[models.Model] | models.Model) -> Reviewed | None:
    """How entries of this model are reviewed; None for models that are not."""
    return REVIEWED.get(model._meta.label_lower)


def is_public(obj) -> bool:
    spec = reviewed(obj)
    return spec is not None and obj.status in spec.public_statuses
