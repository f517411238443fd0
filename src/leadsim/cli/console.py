"""Where the command line prints: results on stdout, messages on stderr, tables that fit the terminal.

Consoles are made when a command prints, not at import, so they honour ``COLUMNS`` as it is
then. Tables wrap long cells (``overflow="fold"``) instead of cutting them with an ellipsis,
so that nothing is lost at 80 columns.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def out() -> Console:
    return Console()


def err() -> Console:
    return Console(stderr=True)


def say(text: str) -> None:
    """One plain line on stderr (stdout may carry JSON)."""
    err().print(text, markup=False, highlight=False, soft_wrap=True)


def new_table(
    title: str, columns: tuple[str, ...], *, right: tuple[str, ...] = (), keep: tuple[str, ...] = (), **options: object
) -> Table:
    """A table whose cells wrap rather than truncate; ``right``: right-aligned columns; ``keep``: columns never
    wrapped (names a user types); headers taken literally."""
    table = Table(title=escape(title), title_justify="left", **options)
    for col in columns:
        justify = "right" if col in right else "left"
        table.add_column(escape(col), justify=justify, overflow="fold", no_wrap=col in keep)
    return table
