"""A command group that imports some of its commands only when one of them is looked up.

The development tools (``cleaner train``, ``cleaner eval``, ``cleaner eval-topics``) live in
:mod:`cleaner.devtools`, which the library and ``cleaner clean`` never import: the group knows
them by name and the module path of each, and imports the module when the command is run or
listed in ``cleaner --help``.
"""

from __future__ import annotations

import importlib

import click


class LazyGroup(click.Group):
    """A :class:`click.Group` with commands given as ``name -> "module:attribute"``."""

    def __init__(self, *args, lazy_commands: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy_commands: dict[str, str] = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            module, attribute = self.lazy_commands[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)
