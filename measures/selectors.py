def organisation_section(*, organisation):
    return None
