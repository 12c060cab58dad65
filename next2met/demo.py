"""Helpers of the apps' demo loaders (`manage.py load_demo`)."""

from django.apps import apps
from django.db import transaction
from django.db.models import ProtectedError

# Entries that earlier versions of the demo content loaded and that it no longer contains,
# because the source documents do not support them. The last demo loader (events) removes them
# from databases that loaded an older demo, most dependent first (events, measures, then the
# organisations, regions and metropolises they pointed to).
# (model label, lookup field, values)
RETIRED = (
    ("events.Event", "slug", ("blues-exchange-warsaw",)),
    (
        "measures.Measure",
        "slug",
        (
            "alte-mensa-digital-innovation-centre",
            "barcelona-smart-urban-platform",
            "digi4sme-call",
            "digital-podlaskie",
            "e-health-podlaski",
            "irish-digital-strategy-consultations",
            "lahti-radio-and-tv-museum-vr",
            "lower-austria-iot-water-pilot",
            "mazovian-it-incubator",
            "paijat-hame-home-care-solutions",
            "paijat-hame-hybrid-work-support",
            "podlaskie-infotech-cluster",
            "podlaskie-online-consultation-criterion",
            "podlaskie-rural-commune-e-services",
            "virtual-house-of-digitalisation",
        ),
    ),
    ("partners.Organisation", "slug", ("emra",)),
    ("partners.Region", "nuts_code", ("ES51", "FI1C", "FRH0", "IE06", "PL91")),
    ("partners.Metropolis", "slug", ("barcelona", "dublin", "helsinki", "vienna")),
)


def upsert(model, values: dict, **lookup):
    """update_or_create that writes only when a value differs, so a rerun changes nothing
    (not even the timestamps of unchanged rows)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


def retired_remove(*, stdout, style) -> int:
    """Delete the retired demo entries that are still there; return how many were deleted.

    An entry that something else still refers to (protected) is kept, with a warning.
    """
    removed = 0
    for label, field, values in RETIRED:
        model = apps.get_model(label)
        for obj in model.objects.filter(**{f"{field}__in": values}):
            try:
                with transaction.atomic():
                    obj.delete()
            except ProtectedError:
                stdout.write(
                    style.WARNING(
                        f"Kept the retired demo entry {label} {getattr(obj, field)}: "
                        "other entries still refer to it."
                    )
                )
            else:
                removed += 1
    if removed:
        stdout.write(f"Removed {removed} demo entries the source documents do not support.")
    return removed
