# The partner fixtures (organisations A and B, their staff, a portal editor) are shared with the
# partners tests, so that the admin isolation matrix runs here with the same people.
from tests.partners.conftest import (  # noqa: F401
    editor_a,
    manager_a,
    manager_b,
    org_a,
    org_b,
    portal_editor,
)
