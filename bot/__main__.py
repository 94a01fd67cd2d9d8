"""``python -m bot``: the same entry point as the ``ficbot`` console script."""

from bot.cli import main

raise SystemExit(main())
