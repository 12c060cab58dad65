"""Signal receivers: only the one that keeps the role groups in step with the permissions."""


def roles_setup_after_migrate(sender, *, using="default", plan=None, **kwargs) -> None:
    """Create or update the role groups after migrations, so a fresh database has them."""
    from partners.services import roles_setup

    roles_setup(using=using)
