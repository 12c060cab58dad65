"""Helpers of the apps' demo loaders (`manage.py load_demo`)."""


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
