"""Who a story is about, in any fandom: tags first, names that act, roles and pairings."""

from __future__ import annotations

from bot.library import learned, tags
from bot.library.roster import Roster
from bot.library.story import ParsedStory, analyse
from tests.library.characters import stories


def _read(text: str, roster: Roster) -> ParsedStory:
    return analyse(text.encode(), stem="t", roster=roster)


def _cast(parsed: ParsedStory) -> dict[str, str]:
    return {c.name: c.role for c in parsed.characters}


# -- tags --


def test_ao3_character_tags() -> None:
    assert tags.character_tag("Red XIII | Nanaki") == tags.CharacterTag("Red XIII", ("Nanaki",))
    assert tags.character_tag("Harry Potter (Harry Potter)") == tags.CharacterTag(
        "Harry Potter", ()
    )
    for placeholder in ("Original Female Character(s)", "Original Male Character", "OC"):
        found = tags.character_tag(placeholder)
        assert found is not None and found.placeholder == "original"
    for reader in ("Reader", "You", "Y/N"):
        found = tags.character_tag(reader)
        assert found is not None and found.placeholder == "reader"


def test_relationship_tags_romantic_and_friendship() -> None:
    for rel in ("Cloud Strife/Tifa Lockhart", "Cloud x Tifa", "CloudxTifa", "Cloud × Tifa"):
        parsed = tags.relationship_tag(rel)
        assert parsed is not None and parsed.kind == tags.ROMANTIC and len(parsed.names) == 2
    parsed = tags.relationship_tag("Zack Fair & Cloud Strife")
    assert parsed == tags.RelationshipTag(("Zack Fair", "Cloud Strife"), tags.FRIENDSHIP)
    # "x" inside a name is no join.
    assert tags.relationship_tag("Xander") is None


def test_tagged_characters_of_an_unknown_fandom_are_the_storys(roster: Roster) -> None:
    parsed = _read(stories.HP_TAGGED, roster)
    cast = _cast(parsed)
    assert cast["Draco Malfoy"] == "lead"
    assert cast["Harry Potter"] == "lead"
    assert "Hermione Granger" in cast
    # Placeholders are no characters, and never two called "Original" and "Female".
    assert not {"Original", "Female", "Reader", "You"} & set(cast)
    assert not any("Original" in name for name in cast)
    assert all(c.fandom == "Harry Potter - J. K. Rowling" for c in parsed.characters)
    # Found in the text by first name: "Draco said".
    draco = next(c for c in parsed.characters if c.name == "Draco Malfoy")
    assert draco.mentions >= 4
    assert parsed.pairings == [("Draco Malfoy", "Harry Potter")]
    assert parsed.friendships == [("Hermione Granger", "Harry Potter")]


def test_tagged_characters_without_any_roster() -> None:
    parsed = _read(stories.HP_TAGGED, Roster.empty())
    assert _cast(parsed)["Draco Malfoy"] == "lead"


def test_pipe_names_and_placeholders_in_a_known_fandom(roster: Roster) -> None:
    parsed = _read(stories.AO3_CONVENTIONS, roster)
    assert _cast(parsed) == {"Red XIII": "lead"}
    assert parsed.friendships == []  # the other side is a placeholder


# -- the learned roster --


def _hp_roster(base: Roster, corrections: learned.Corrections | None = None) -> Roster:
    found = learned.story_tags(learned.scan_tags(stories.HP_TAGGED))
    return learned.learn([found], base, corrections or learned.Corrections())


def test_learned_roster_names_and_aliases(roster: Roster) -> None:
    learnt = _hp_roster(roster)
    draco = learnt.resolve("draco")
    assert draco is not None and draco.name == "Draco Malfoy"
    assert draco.fandom == "Harry Potter - J. K. Rowling"
    assert learnt.resolve("Malfoy") == draco
    assert learnt.resolve("Harry").name == "Harry Potter"  # type: ignore[union-attr]
    assert learnt.resolve("Original") is None and learnt.resolve("Female") is None
    assert learnt.digest != roster.digest
    # The shipped roster is still all there.
    assert learnt.resolve("Aeris").name == "Aerith Gainsborough"  # type: ignore[union-attr]


def test_untagged_story_read_with_the_learned_roster(roster: Roster) -> None:
    parsed = _read(stories.HP_UNTAGGED, _hp_roster(roster))
    cast = _cast(parsed)
    assert cast["Draco Malfoy"] == "lead"
    assert "Harry Potter" in cast
    assert parsed.meta.fandom == "Harry Potter - J. K. Rowling"
    assert all(c.confirmed for c in parsed.characters if c.name in ("Draco Malfoy", "Harry Potter"))


def test_corrections_merge_alias_and_not_a_character(roster: Roster) -> None:
    extra = learned.StoryTags("Harry Potter - J. K. Rowling", ("Hermione", "Ron Weasley"), ())
    corrections = learned.Corrections(
        merges=[("Ron Weasley", "Ronald")],
        aliases={"Draco Malfoy": ["Dray"]},
        not_characters=["Pansy"],
    )
    found = learned.story_tags(learned.scan_tags(stories.HP_TAGGED))
    learnt = learned.learn([found, extra], roster, corrections)
    assert learnt.resolve("Ronald").name == "Ron Weasley"  # type: ignore[union-attr]
    assert learnt.resolve("Dray").name == "Draco Malfoy"  # type: ignore[union-attr]
    # A one-word tag is the character whose full name it starts.
    assert learnt.resolve("Hermione").name == "Hermione Granger"  # type: ignore[union-attr]
    assert learnt.is_not_character("Pansy")


def test_corrections_file_round_trip(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / learned.CORRECTIONS_FILE
    saved = learned.Corrections([('A "B"', "C")], {"D": ["E"]}, ["F"])
    saved.save(path)
    assert learned.Corrections.load(path) == saved


def test_scan_tags_reads_ffn_and_next_line_values() -> None:
    fields = learned.scan_tags("Fandom:\nNaruto\nCharacters: Naruto U., Sakura H.\n")
    assert fields == {"fandom": "Naruto", "characters": "Naruto U., Sakura H."}
    ffn = learned.scan_tags(stories.FFN_COPIED)
    assert ffn["characters"] == "Cloud S., Tifa L., Barret W."
    assert ffn["relationships"] == "Cloud S./Tifa L."


# -- untagged stories of an unknown fandom --


def test_recurring_names_that_speak_act_and_own() -> None:
    parsed = _read(stories.NARUTO_UNTAGGED, Roster.empty())
    names = {c.name for c in parsed.characters}
    assert {"Naruto", "Sasuke", "Sakura"} <= names
    assert not {"Ichiraku", "Ramen", "Shop", "Tomorrow", "Again", "Later"} & names
    assert all(not c.confirmed for c in parsed.characters)


def test_places_businesses_nicknames_and_fandom_words_are_no_characters(roster: Roster) -> None:
    for with_roster in (roster, Roster.empty()):
        names = {c.name for c in _read(stories.FF7_UNTAGGED_PLACES, with_roster).characters}
        assert not {"Sector", "Strife", "Delivery", "Service", "Spiky", "Final", "Fantasy"} & names


# -- roles --


def test_summary_lead_called_by_an_epithet(roster: Roster) -> None:
    assert _cast(_read(stories.SUMMARY_LEAD_EPITHET, roster))["Sephiroth"] == "lead"


def test_first_person_narrator_named_in_the_metadata(roster: Roster) -> None:
    cast = _cast(_read(stories.FIRST_PERSON, roster))
    assert cast["Vincent Valentine"] == "lead"
    assert cast["Cid Highwind"] != "lead"


def test_first_person_narrator_who_says_their_name(roster: Roster) -> None:
    text = stories.FIRST_PERSON.replace("Characters: Vincent Valentine\n", "").replace(
        "I do not sleep much.", "My name is Vincent, and I do not sleep much."
    )
    assert _cast(_read(text, roster))["Vincent Valentine"] == "lead"


def test_a_name_dropped_in_the_notes_is_no_lead(roster: Roster) -> None:
    cast = _cast(_read(stories.NOTES_NAME_DROP, roster))
    assert cast["Tifa Lockhart"] == "lead"
    assert cast["Reno"] != "lead"


def test_surname_and_title_forms(roster: Roster) -> None:
    parsed = _read(stories.SURNAMES, roster)
    vincent = next(c for c in parsed.characters if c.name == "Vincent Valentine")
    assert vincent.mentions == 4  # "Mr. Valentine" twice, "Valentine" twice
    assert vincent.role == "lead"
    # A shared surname stands for nobody; "Valentine" after an article is the word.
    assert roster.resolve("Strife") is None
    assert roster.resolve("Mr. Valentine").name == "Vincent Valentine"  # type: ignore[union-attr]


# -- pairings --


def test_pairings_in_notes_ships_and_friendships(roster: Roster) -> None:
    parsed = _read(stories.PAIRINGS_NOTES, roster)
    assert ("Cloud Strife", "Aerith Gainsborough") in parsed.pairings  # a Cloud x Aeris fic
    assert ("Cloud Strife", "Tifa Lockhart") in parsed.pairings  # Cloti
    assert parsed.friendships == [("Zack Fair", "Cloud Strife")]
    assert all({"Zack Fair", "Cloud Strife"} != set(p) for p in parsed.pairings)


def test_no_pairings_is_honoured(roster: Roster) -> None:
    assert _read(stories.NO_PAIRINGS, roster).pairings == []


def test_ffn_abbreviated_names_resolve(roster: Roster) -> None:
    parsed = _read(stories.FFN_COPIED, roster)
    assert {"Cloud Strife", "Tifa Lockhart", "Barret Wallace"} <= set(_cast(parsed))
    assert parsed.pairings == [("Cloud Strife", "Tifa Lockhart")]


def test_ship_names_are_data(roster: Roster) -> None:
    assert roster.ship("Zerith") == ("Zack Fair", "Aerith Gainsborough")
    assert roster.ship("clack") == ("Cloud Strife", "Zack Fair")
    assert roster.ship("Cloud") is None
