"""The story library's domain: parsing story files and understanding them. No Discord here."""
