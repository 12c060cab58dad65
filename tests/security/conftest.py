# The partners' organisations and staff, and the events tests' settings for queued e-mail,
# form timing and the cache, shared with the security tests.
from tests.events.conftest import (  # noqa: F401
    _clear_cache,
    _media_in_tmp,
    _no_minimum_fill_time,
)
from tests.partners.conftest import (  # noqa: F401
    editor_a,
    manager_a,
    manager_b,
    org_a,
    org_b,
    portal_editor,
)
