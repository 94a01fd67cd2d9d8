"""Settings: the default database and story folder are the project's, wherever ficbot runs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, Settings, project_path
from tests.fixtures.paths import REPO


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from a directory outside the checkout, with no path settings in the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FICBOT_DB", raising=False)
    monkeypatch.delenv("FICBOT_SEEDS", raising=False)
    return tmp_path


def test_the_project_root_is_the_checkout() -> None:
    assert PROJECT_ROOT == REPO


def test_defaults_resolve_in_the_project_not_the_working_directory(elsewhere: Path) -> None:
    settings = Settings.from_env(dotenv=False)
    assert settings.db_path == REPO / "data" / "ficbot.sqlite3"
    assert settings.seeds == REPO / "seeds"


def test_relative_values_that_are_set_resolve_in_the_working_directory(
    elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FICBOT_DB", "mine/library.sqlite3")
    monkeypatch.setenv("FICBOT_SEEDS", "stories")
    settings = Settings.from_env(dotenv=False)
    assert settings.db_path.resolve() == elsewhere.resolve() / "mine" / "library.sqlite3"
    assert settings.seeds.resolve() == elsewhere.resolve() / "stories"


def test_absolute_values_are_kept(elsewhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FICBOT_DB", str(elsewhere / "abs.sqlite3"))
    assert Settings.from_env(dotenv=False).db_path == elsewhere / "abs.sqlite3"


def test_outside_a_checkout_defaults_stay_relative(tmp_path: Path) -> None:
    # An installed copy (site-packages, no pyproject.toml beside the package) has no project.
    assert project_path(Path("seeds"), root=tmp_path) == Path("seeds")
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    assert project_path(Path("seeds"), root=tmp_path) == tmp_path / "seeds"
