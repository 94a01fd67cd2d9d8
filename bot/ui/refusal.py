"""A request ficbot answers with "no", and the words for the refusals every part shares.

Whatever refuses (a story lookup, a pager's owner check, a cooldown) raises ``Refusal`` with
the reader's sentence; one handler (``bot.app.tree.answer_error``) sends it, the same way
wherever it came from: a notice only the reader sees.

It is an ``AppCommandError`` so that discord.py hands it on untouched from a command's body
and from an option's ``Transformer``, which would otherwise wrap it.
"""

from __future__ import annotations

from discord import app_commands

from bot.ui.reply import Reply, notice

NOT_YOURS = "Those buttons belong to someone else. Run the command yourself to get your own."
STALE = "That button is out of date. Run the command again to get a fresh one."


class Refusal(app_commands.AppCommandError):
    def __init__(self, answer: str | Reply) -> None:
        self.reply = notice(answer) if isinstance(answer, str) else answer
        super().__init__(self.reply.content or "")
