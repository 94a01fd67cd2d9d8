"""The Discord side of ficbot: the bot, its command tree, sync, and the run entry point."""
