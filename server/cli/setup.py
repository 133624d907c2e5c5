"""Placeholder: these commands are being built (see the issues)."""

COMMANDS = ()
