"""Custom ids: what each builder makes is what its template reads back."""

from __future__ import annotations

from bot.ui import ids
from bot.ui.ids import Action, ListKind, Slot


def test_every_list_kind_has_its_own_action() -> None:
    actions = {kind.action for kind in ListKind}
    assert len(actions) == len(ListKind) and actions <= set(Action)


def test_builders_match_their_templates() -> None:
    nav = ids.NAV.fullmatch(ids.nav(Slot.NEXT, "004", 2, 42))
    assert nav is not None and nav.group("slot") == "n" and nav.group("page") == "2"
    listed = ids.LIST.fullmatch(ids.list_page(ListKind.SEARCH, Slot.LAST, 7, 42, "cloud"))
    assert listed is not None
    assert ListKind(listed.group("kind")) is ListKind.SEARCH and listed.group("arg") == "cloud"
    modal = ids.review_modal("004", "ab12")
    assert modal.startswith(ids.REVIEW_MODAL_PREFIX) and ids.REVIEW_MODAL.fullmatch(modal)


def test_another_carries_random_filters_within_discord_limit() -> None:
    longest = ids.another(999_999_999_999, "a fandom with a very long name indeed", "tle")
    match = ids.ANOTHER.fullmatch(longest)
    assert match is not None and match.group("filters") == "tle" and len(longest) <= 100
    # Without options the id is what buttons made before the filters carry.
    old = ids.ANOTHER.fullmatch(ids.another(5, None))
    assert old is not None and old.group(0) == "fb:another:5:" and old.group("filters") is None
