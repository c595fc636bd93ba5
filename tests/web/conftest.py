# The FOIA tests' world (our organisation with a user per role, a coalition partner, an outsider) and frozen clock.
from tests.foia.conftest import today, world  # noqa: F401
