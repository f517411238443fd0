"""Errors for bad input: each names where, what, the value, and what is allowed."""

from __future__ import annotations


class LeadsimError(ValueError):
    """Bad user input; the CLI prints it on one line and exits with status 2."""


def problem(where: str, field: str, value: object, allowed: str) -> str:
    """Format one problem as ``where: field: value 'x' ...; allowed: ...``."""
    return f"{where}: {field}: got {value!r}; allowed: {allowed}"


class InputError(LeadsimError):
    """One or more problems found while reading an input file or option."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class LeadsimWarning(UserWarning):
    """A result to read with care (few effective samples, an implausible history, a capped run); the CLI
    prints each on one line on stderr."""
