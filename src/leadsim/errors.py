"""Errors for bad input: each names where, what, the value, and what is allowed.

Messages stay short whatever the input: an offending value or key is cut to ``MAX_VALUE``
characters (a 2 GB key once filled a terminal), and the command line prints every error on
one line of at most ``MAX_LINE`` characters.
"""

from __future__ import annotations

import reprlib

MAX_VALUE = 80  # characters of an offending value (or key) shown in a message
MAX_LINE = 2000  # characters of the one line the command line prints for an error
SHOWN_PROBLEMS = 5  # problems listed on that line; the rest are counted

_REPR = reprlib.Repr()  # Python 3.11's Repr takes no arguments
_REPR.maxlevel, _REPR.maxdict, _REPR.maxlist, _REPR.maxtuple, _REPR.maxset = 3, 4, 4, 4, 4
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = MAX_VALUE


def clip(text: str, limit: int = MAX_VALUE) -> str:
    """``text`` cut to ``limit`` characters, saying how long it was."""
    return text if len(text) <= limit else f"{text[: limit - 20]}... ({len(text):,} characters)"


def shown(value: object) -> str:
    """A short ``repr`` of a value: bounded in time and length even for huge or deeply nested input."""
    return clip(_REPR.repr(value))


def problem(where: str, field: str, value: object, allowed: str) -> str:
    """Format one problem as ``where: field: got 'x'; allowed: ...``."""
    return f"{where}: {clip(str(field))}: got {shown(value)}; allowed: {allowed}"


class LeadsimError(ValueError):
    """Bad user input; the CLI prints it on one line and exits with status 2."""

    def one_line(self) -> str:
        """The message on one line, at most MAX_LINE characters."""
        return clip(" ".join(str(self).split()), MAX_LINE)


class InputError(LeadsimError):
    """One or more problems found while reading an input file or option; ``str`` lists them all."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    def one_line(self) -> str:
        """The first SHOWN_PROBLEMS problems on one line, and how many more there are."""
        first = [" ".join(p.split()) for p in self.problems[:SHOWN_PROBLEMS]]
        more = len(self.problems) - len(first)
        text = "; ".join(first) + (f" (and {more} more problem{'s' * (more > 1)})" if more > 0 else "")
        prefix = f"{len(self.problems)} problems: " if len(self.problems) > 1 else ""
        return clip(prefix + text, MAX_LINE)


class LeadsimWarning(UserWarning):
    """A result to read with care (few effective samples, an implausible history, a capped run); the CLI
    prints each on one line on stderr."""
