"""The README and docs/ keep their promises: links resolve, the generated
configuration reference is current, the README stays a landing page, and
no page names a directory of the machine it was written on."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from commit_guard import config

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
README_MAX_LINES = 250
START, END = "<!-- config-reference:start -->\n", "<!-- config-reference:end -->"

# [text](target) outside code; images too.  Autolinks and references are not used here.
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
CODE_SPAN = re.compile(r"`[^`\n]*`")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to '-'."""
    text = re.sub(r"[`*_]|<[^>]+>", "", heading).strip().lower()
    text = "".join(c for c in text if c in " -_" or unicodedata.category(c)[0] in "LN")
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for line in FENCE.sub("", page.read_text(encoding="utf-8")).splitlines():
        match = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if match:
            base = slug(match.group(1))
            count = seen.get(base, 0)
            seen[base] = count + 1
            out.add(base if count == 0 else f"{base}-{count}")
    return out


def links(page: Path) -> list[str]:
    text = CODE_SPAN.sub("", FENCE.sub("", page.read_text(encoding="utf-8")))
    return LINK.findall(text)


def broken_links(page: Path) -> list[str]:
    bad = []
    for target in links(page):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto: ...
            continue
        file_part, _, anchor = target.partition("#")
        dest = (page.parent / file_part).resolve() if file_part else page
        if not dest.exists():
            bad.append(f"{target} (no such file)")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            bad.append(f"{target} (no heading #{anchor} in {dest.name})")
    return bad


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_resolve(page: Path) -> None:
    assert not broken_links(page), broken_links(page)


def test_readme_links_into_every_docs_page() -> None:
    linked = {(ROOT / t.partition("#")[0]).resolve() for t in links(ROOT / "README.md")}
    docs = {p.resolve() for p in PAGES if p.parent.name == "docs" and p.name != "README.md"}
    assert docs - linked == set()


def test_the_link_check_can_fail(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    (tmp_path / "there.md").write_text("# A Title, here\n", encoding="utf-8")
    page.write_text("[ok](there.md#a-title-here) [gone](missing.md) [bad](there.md#nope)\n"
                    "`[not a link](x.md)`\n```\n[nor](y.md)\n```\n", encoding="utf-8")
    assert broken_links(page) == ["missing.md (no such file)",
                                  "there.md#nope (no heading #nope in there.md)"]


def test_configuration_reference_is_current() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert text.count(START) == 1 and text.count(END) == 1
    embedded = text[text.index(START) + len(START):text.index(END)]
    assert embedded == config.reference_markdown(), (
        "docs/configuration.md is stale: "
        "paste `commit-guard config --reference` between the markers")


def test_readme_is_a_landing_page() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_machine_paths(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert re.findall(r"/work/\S*|/home/[a-z]\S*|/root/\S*", text) == []
