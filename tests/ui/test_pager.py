"""The one pager arithmetic: pages, clamping, offsets and where each button leads."""

from __future__ import annotations

import pytest

from bot.ui.ids import Slot
from bot.ui.pager import Pager


@pytest.mark.parametrize(
    ("total", "per_page", "pages"), [(0, 5, 1), (1, 5, 1), (5, 5, 1), (6, 5, 2), (11, 5, 3)]
)
def test_pages_round_up_and_an_empty_list_has_one(total: int, per_page: int, pages: int) -> None:
    assert Pager.at(1, total=total, per_page=per_page).pages == pages


@pytest.mark.parametrize(("asked", "shown"), [(-1, 1), (0, 1), (1, 1), (3, 3), (4, 3), (10**9, 3)])
def test_a_page_asked_for_is_clamped(asked: int, shown: int) -> None:
    assert Pager.at(asked, total=11, per_page=5).page == shown


def test_offset_and_window() -> None:
    items = list(range(11))
    assert Pager.at(1, total=11, per_page=5).offset == 0
    assert list(Pager.at(2, total=11, per_page=5).window(items)) == [5, 6, 7, 8, 9]
    assert list(Pager.at(3, total=11, per_page=5).window(items)) == [10]


def test_buttons_lead_within_the_pages_and_are_disabled_where_they_stay() -> None:
    middle = Pager.at(2, total=3, per_page=1)
    assert [middle.target(s) for s in Slot] == [1, 1, 3, 3]
    assert not any(middle.leads_nowhere(s) for s in Slot)
    first = Pager.at(1, total=3, per_page=1)
    assert [first.target(s) for s in Slot] == [1, 1, 2, 3]
    assert [first.leads_nowhere(s) for s in Slot] == [True, True, False, False]
    last = Pager.at(3, total=3, per_page=1)
    assert [last.target(s) for s in Slot] == [1, 2, 3, 3]
    assert [last.leads_nowhere(s) for s in Slot] == [False, False, True, True]


def test_a_pager_is_a_frozen_value() -> None:
    pager = Pager.at(2, total=10, per_page=5)
    assert pager == Pager(2, 2, 5)
    with pytest.raises(AttributeError):
        pager.page = 1  # type: ignore[misc]
