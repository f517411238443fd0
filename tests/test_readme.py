"""The README stands on its own: no link leaves the repository, and every link it makes resolves."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"


def test_the_readme_links_nothing_outside_the_repository():
    text = README.read_text(encoding="utf-8")
    assert "../" not in text
    for target in re.findall(r"\]\(([^)]+)\)", text):
        assert not re.match(r"[a-z]+:", target), f"link out of the repository: {target}"
        if not target.startswith("#"):
            path = (ROOT / target.split("#")[0]).resolve()
            assert path.is_relative_to(ROOT) and path.exists(), target


def test_the_readme_says_how_to_install_chromium_for_the_browser_test():
    text = README.read_text(encoding="utf-8")
    assert "apt-get install -y chromium" in text and "LEADSIM_REQUIRE_BROWSER=1" in text
