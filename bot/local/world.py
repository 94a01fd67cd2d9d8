"""The console's World: the harness's "Local Library", with the same ids in every session.

Reviews, kudos and the feedback channel are stored per server and channel id in the database
the console shares with `ficbot run` (FICBOT_DB). The harness makes its ids from the clock, so a
new World would be a new server every time and yesterday's reviews would vanish. Here the World
is built on a fixed founding day: the server, its channels and its readers always get the same
ids, while messages and threads made later get fresh ones from the real time.
"""

from __future__ import annotations

import datetime as dt

from fakediscord import Clock, World

FOUNDED = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


class FoundingClock(Clock):
    """Real time, except while the World is being built (then it is `FOUNDED`)."""

    def __init__(self) -> None:
        super().__init__()
        self.founding = True

    def utcnow(self) -> dt.datetime:
        return FOUNDED if self.founding else super().utcnow()


def local_world() -> World:
    clock = FoundingClock()
    world = World(clock=clock)
    clock.founding = False
    return world
