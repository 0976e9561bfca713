"""The links of a page as a person sees them: the text they tap and where it goes."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass
class Link:
    href: str
    text: str


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[Link] = []
        self._open: Link | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open = Link(dict(attrs).get("href") or "", "")

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self._open.text = " ".join(self._open.text.split())
            self.links.append(self._open)
            self._open = None


def links_of(html: str) -> list[Link]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def href_of(html: str, text: str) -> str:
    """The address of the one link whose text starts with `text`."""
    found = [link.href for link in links_of(html) if link.text.startswith(text)]
    assert len(found) == 1, f"{len(found)} links start with {text!r}"
    return found[0]
