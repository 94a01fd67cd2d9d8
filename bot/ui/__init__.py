"""Everything the bot shows on Discord: embeds, buttons, selects, modals, and their limits.

Rendering lives here and only here, so Discord's limits and ficbot's look are enforced once.
"""
