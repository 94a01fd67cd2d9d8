"""ficbot's look: one colour per rating, star ratings, number formats. No discord import."""

from __future__ import annotations

# AO3's convention for rating colours, the one mapping every embed uses:
#   General Audiences green, Teen And Up yellow, Mature orange, Explicit red, Not Rated grey.
RATING_COLOURS: dict[str, int] = {
    "General Audiences": 0x4CAF50,
    "Teen And Up Audiences": 0xF2C200,
    "Mature": 0xF57C00,
    "Explicit": 0xC62828,
    "Not Rated": 0x9E9E9E,
}
RATING_SHORT: dict[str, str] = {
    "General Audiences": "General",
    "Teen And Up Audiences": "Teen",
    "Mature": "Mature",
    "Explicit": "Explicit",
    "Not Rated": "Not Rated",
}
BRAND = 0x7E57C2  # lists and help, which belong to no one story


def rating_colour(rating: str) -> int:
    return RATING_COLOURS.get(rating, RATING_COLOURS["Not Rated"])


def stars(rating: float) -> str:
    full = round(rating)
    return "★" * full + "☆" * (5 - full)


def average(avg: float | None, count: int) -> str:
    if not count or avg is None:
        return "no reviews yet"
    plural = "review" if count == 1 else "reviews"
    return f"{stars(avg)} {avg:.1f} ({count} {plural})"


def length(words: int, minutes: int) -> str:
    return f"{plural(words, 'word')} · {minutes} min read"


def progress(completion: str, posted: int | None, total: int | None) -> str:
    """Whether a story is finished, the way AO3 shows it: "Complete · chapters 5/5",
    "In progress · chapters 3/?"; "" when nobody knows (the card then leaves it out)."""
    if completion == "complete":
        posted = posted or total
        return (
            "Complete"
            if not posted or posted == 1
            else f"Complete · chapters {posted}/{total or posted}"
        )
    if completion == "in-progress":
        return "In progress" + (f" · chapters {posted}/{total or '?'}" if posted else "")
    return ""


def stop(text: str, mark: str = ".") -> str:
    """``text`` ended with ``mark``, unless it ends with an ellipsis or a mark already (inside
    any closing bold): a title cut short, or one that ends in "…", then "." reads "…."."""
    bare = text.rstrip("*_|`")
    return text if bare.endswith(("…", ".", "!", "?")) else text + mark


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


# Where Discord's client calls a permission otherwise than discord.py does.
_PERMISSION_NAMES = {"manage_guild": "Manage Server", "moderate_members": "Timeout Members"}


def permissions(names: list[str]) -> str:
    """discord.py's permission names as Discord's client shows them: "the Manage Server
    permission", "the Embed Links and Send Messages permissions"."""
    shown = [_PERMISSION_NAMES.get(n, n.replace("_", " ").title()) for n in names]
    if len(shown) == 1:
        return f"the {shown[0]} permission"
    return f"the {', '.join(shown[:-1])} and {shown[-1]} permissions"
