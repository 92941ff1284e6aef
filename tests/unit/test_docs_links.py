"""Every relative link in README.md, CONTRIBUTING.md, CHANGELOG.md and docs/*.md points at a file.

The docs move (notes folded in, screenshots regrouped by topic) and a broken image or link is
invisible until a newcomer clicks it. Anchors (``#section``) are checked against the target's
headings, slugged as GitHub does.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOP_LEVEL = ("README.md", "CONTRIBUTING.md", "CHANGELOG.md")
DOCS = sorted([*(ROOT / name for name in TOP_LEVEL), *(ROOT / "docs").glob("*.md")])
# [text](target) and ![alt](target); the target stops at a space (an optional "title") or ")".
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^(```|~~~)")


def _prose(text: str) -> str:
    """The text outside fenced code blocks and inline code, where links are links."""
    kept: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if FENCE.match(line.strip()):
            in_fence = not in_fence
            continue
        if not in_fence:
            kept.append(re.sub(r"`[^`]*`", "", line))
    return "\n".join(kept)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = unicodedata.normalize("NFC", heading.strip().lower())
    text = re.sub(r"[`*_]", "", text)
    text = "".join(c for c in text if c.isalnum() or c in " -")
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    in_fence = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line.strip()):
            in_fence = not in_fence
        elif not in_fence and (m := re.match(r"#{1,6}\s+(.*)", line)):
            found.add(slug(m.group(1)))
    return found


def links(path: Path) -> list[str]:
    return [
        m.group(1)
        for m in LINK.finditer(_prose(path.read_text(encoding="utf-8")))
        if not re.match(r"[a-z][a-z0-9+.-]*:", m.group(1))  # http:, https:, mailto:
    ]


def test_the_slug_is_githubs() -> None:
    assert slug("Erasure, access, retention (GDPR)") == "erasure-access-retention-gdpr"
    assert slug("Glossary (français / English)") == "glossary-français--english"
    assert slug("For the GUI: `SyncService`") == "for-the-gui-syncservice"


def test_a_broken_link_is_seen(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Title\n[ok](#title) [gone](missing.png) `[code](not-a-link.md)`\n")
    assert links(page) == ["#title", "missing.png"]
    assert anchors(page) == {"title"}


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_resolves(doc: Path) -> None:
    broken: list[str] = []
    for target in links(doc):
        file_part, _, anchor = target.partition("#")
        dest = (doc.parent / file_part).resolve() if file_part else doc
        if not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(f"{target}: no heading #{anchor}")
    assert broken == [], f"{doc.relative_to(ROOT)}: {broken}"
