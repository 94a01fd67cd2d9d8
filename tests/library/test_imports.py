"""Files a librarian brings in: accepted kinds and sizes, zip bombs, path tricks, names."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

import pytest

from bot.library import imports
from bot.library.formats import epub
from bot.library.imports import Refused
from bot.library.metadata import SidecarError

STORY = b"Title: Rain\nAuthor: Someone\n\nCloud watched the rain. Tifa watched Cloud.\n" * 20


def zipped(members: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def test_a_story_file_is_accepted_as_is() -> None:
    found, rejected = imports.unpack("rain.txt", STORY)
    assert [f.name for f in found] == ["rain.txt"] and not rejected


@pytest.mark.parametrize(
    ("name", "data", "why"),
    [
        ("virus.exe", STORY, "not a story file"),
        ("empty.txt", b"  \n", "empty"),
        ("huge.txt", b"a" * (imports.MAX_FILE_BYTES + 1), "size limit"),
        ("huge.zip", b"a" * (imports.MAX_ATTACHMENT_BYTES + 1), "size limit"),
        ("broken.zip", b"PK not really", "not a valid zip"),
    ],
)
def test_bad_files_are_refused_in_one_sentence(name: str, data: bytes, why: str) -> None:
    found, rejected = imports.unpack(name, data)
    assert not found
    assert len(rejected) == 1 and why in rejected[0].reason


def test_a_zip_gives_its_stories_and_refuses_the_rest_one_by_one() -> None:
    data = zipped(
        {
            "stories/one.txt": STORY,
            "two.html": b"<p>" + STORY + b"</p>",
            "notes.pdf": b"%PDF",
            "__MACOSX/._one.txt": b"junk",
        }
    )
    found, rejected = imports.unpack("batch.zip", data)
    assert [f.name for f in found] == ["one.txt", "two.html"]
    assert [r.name for r in rejected] == ["notes.pdf"]


def test_a_zip_bomb_is_refused_before_inflating() -> None:
    # 1 MB of zeros deflates to about 1 KB: far past any story's ratio.
    data = zipped({"bomb.txt": b"\0" * (1024 * 1024)})
    found, rejected = imports.unpack("bomb.zip", data)
    assert not found and "zip bomb" in rejected[0].reason


def test_a_zip_inflating_past_the_total_is_refused() -> None:
    members = {f"s{i}.txt": os.urandom(1024) for i in range(3)}
    data = zipped(members, method=zipfile.ZIP_STORED)
    info = zipfile.ZipFile(io.BytesIO(data)).infolist()
    for member in info:
        member.file_size = imports.MAX_ZIP_INFLATED_BYTES  # what the directory claims
    with pytest.raises(Refused, match="inflates to more than"):
        imports.check_zip(info)


def test_too_many_files_nested_zips_and_links_are_refused() -> None:
    many = zipped({f"s{i}.txt": STORY for i in range(imports.MAX_ZIP_FILES + 1)})
    assert "at most" in imports.unpack("many.zip", many)[1][0].reason
    nested = zipped({"inner.zip": zipped({"a.txt": STORY})})
    assert "another zip" in imports.unpack("nested.zip", nested)[1][0].reason
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        z.writestr(link, "/etc/passwd")
    assert "link" in imports.unpack("link.zip", out.getvalue())[1][0].reason


@pytest.mark.parametrize("name", ["../../evil.txt", "/etc/cron.d/evil.txt", "C:\\evil.txt"])
def test_a_zip_member_climbing_out_is_refused(name: str) -> None:
    found, rejected = imports.unpack("trick.zip", zipped({name: STORY}))
    assert not found and "outside itself" in rejected[0].reason


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\win.ini.html", "win-ini.html"),
        (".hidden.txt", "hidden.txt"),
        ("My Story (final).EPUB", "my-story-final.epub"),
        ("no-suffix", "no-suffix.txt"),
    ],
)
def test_safe_names_stay_in_the_import_folder(given: str, safe: str) -> None:
    assert imports.safe_name(given) == safe


def test_placing_never_overwrites_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    temp = imports.write_temp(tmp_path, STORY)
    rel = imports.free_name(tmp_path, "rain.txt")
    assert rel == "imported/rain.txt"
    assert imports.link_into_place(temp, tmp_path, rel)
    assert not imports.link_into_place(temp, tmp_path, rel)  # taken: never replaced
    assert imports.free_name(tmp_path, "rain.txt") == "imported/rain-2.txt"
    assert imports.clean_leftovers(tmp_path) == [temp]
    assert [p.name for p in (tmp_path / "imported").iterdir()] == ["rain.txt"]


def test_cast_field_splits_characters_and_pairings() -> None:
    chars, pairs = imports.split_cast("Cloud, Tifa, Cloud/Tifa; Aerith x Zack,, ")
    assert chars == ["Cloud", "Tifa"]
    assert pairs == ["Cloud/Tifa", "Aerith/Zack"]


def test_sidecar_is_valid_toml_whatever_the_values(tmp_path: Path) -> None:
    import tomllib

    fields: dict[str, str | list[str]] = {
        "title": 'Quotes " and \\ back\nslash',
        "characters": ["Zoë", 'A "B"'],
    }
    path = imports.write_sidecar(tmp_path, "story.txt", fields)
    assert tomllib.loads(path.read_text()) == fields


def test_updating_a_sidecar_keeps_the_fields_it_does_not_change(tmp_path: Path) -> None:
    import tomllib

    (tmp_path / "story.toml").write_text(
        '# written by hand\nTitle = "Old"\nsummary = "Kept."\nwords = 1200\n'
        'pairings = ["A/B"]\nseries = {name = "S", part = 2}\n'
    )
    imports.update_sidecar(
        tmp_path,
        "story.txt",
        {"title": "New", "relationships": ["C/D"], "discord_user_id": "123456789012345678"},
    )
    data = tomllib.loads((tmp_path / "story.toml").read_text())
    assert data == {
        "summary": "Kept.",
        "words": 1200,
        "series": {"name": "S", "part": 2},
        "title": "New",
        "relationships": ["C/D"],
        "discord_user_id": "123456789012345678",
    }
    imports.update_sidecar(tmp_path, "story.txt", {"discord_user_id": None})
    assert "discord_user_id" not in tomllib.loads((tmp_path / "story.toml").read_text())
    # A hand-written sidecar that is not TOML is left for its writer to fix.
    (tmp_path / "story.toml").write_text("title = [unclosed")
    with pytest.raises(SidecarError):
        imports.update_sidecar(tmp_path, "story.txt", {"title": "X"})
    assert (tmp_path / "story.toml").read_text() == "title = [unclosed"


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Before &secret; after, and a long enough
story text for a page.</p></body></html>"""


def epub_with(page: bytes) -> bytes:
    return zipped(
        {
            "mimetype": b"application/epub+zip",
            "META-INF/container.xml": b"""<?xml version="1.0"?>
<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
<rootfiles><rootfile full-path="content.opf" media-type="application/oebps-package+xml"/>
</rootfiles></container>""",
            "content.opf": b"""<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>XXE</dc:title></metadata>
<manifest><item id="p" href="page.xhtml" media-type="application/xhtml+xml"/></manifest>
<spine><itemref idref="p"/></spine></package>""",
            "page.xhtml": page,
        }
    )


def test_an_epub_with_an_external_entity_never_reads_it() -> None:
    content = epub.read(epub_with(XXE))
    text = " ".join(part.text for part in content.parts)
    assert text.startswith("Before after")  # the entity is dropped, never resolved
    assert "root:" not in text
