"""The ``leadsim`` command line: typer commands, tables and options, thin over the API."""

from leadsim.cli.app import app, main

__all__ = ["app", "main"]
