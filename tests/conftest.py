"""The shared fixtures, as plugins: every test folder sees them, no conftest imports another."""

pytest_plugins = ["tests.fixtures.collection", "tests.fixtures.bot"]
