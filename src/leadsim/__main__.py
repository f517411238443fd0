"""``python -m leadsim``: the same as the ``leadsim`` command."""

from leadsim.cli import main

main()
