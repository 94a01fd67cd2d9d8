from tests.app.conftest import h, make_bot, settings, world  # noqa: F401  (shared fixtures)
