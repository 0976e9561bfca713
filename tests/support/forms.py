"""The forms of a page as a browser sees them: which fields there are, and what pressing
submit sends. A view test that posts `Form.submission()` posts what the page shows, so a
wrong initial value (an object's text in a hidden field, a choice not preselected) fails
the test as it fails the person."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # text, number, date, select, checkbox, radio (or a named button), hidden
    options: list[str] = field(default_factory=list)
    value: str = ""
    chosen: list[str] = field(default_factory=list)  # checked boxes and selected options


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)
    id: str = ""

    def submission(self, **typed: str | list[str]) -> dict[str, str | list[str]]:
        """What the browser sends when the person has typed or chosen `typed` and presses
        the first submit button: every other field as the page filled it in."""
        data: dict[str, str | list[str]] = {}
        for f in self.fields.values():
            if f.kind in ("checkbox", "radio"):
                if f.chosen:
                    data[f.name] = f.chosen if f.kind == "checkbox" else f.chosen[-1]
            elif f.kind == "select":
                data[f.name] = (f.chosen or f.options or [""])[-1 if f.chosen else 0]
            else:
                data[f.name] = f.chosen if f.kind == "hidden" and f.chosen else f.value
        unknown = set(typed) - set(self.fields)
        assert not unknown, f"the page has no field {sorted(unknown)}"
        return {**data, **typed}


class FormParser(HTMLParser):
    """The forms of a page with the fields a person can fill in."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(
                Form(a.get("method", "get").lower(), a.get("action", ""), id=a.get("id", ""))
            )
            return
        if tag == "option" and self._select is not None:
            self._select.options.append(a.get("value", ""))
            if "selected" in a:
                self._select.chosen.append(a.get("value", ""))
            return
        if not self.forms or not a.get("name") or a["name"] == "csrfmiddlewaretoken":
            return
        # A field outside its form names it (`form="id"`), as a browser reads it.
        owner = next((f for f in self.forms if a.get("form") and f.id == a["form"]), None)
        fields = (owner or self.forms[-1]).fields
        name = a["name"]
        if tag == "button" and a.get("type", "submit") == "submit":
            # A named button sends its value only when pressed: a choice, like a radio.
            fields.setdefault(name, Field(name, "radio")).options.append(a.get("value", ""))
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                if kind == "submit":
                    fields.setdefault(name, Field(name, "hidden", value=a.get("value", "")))
                return
            if kind in ("checkbox", "radio"):
                existing = fields.setdefault(name, Field(name, kind))
                existing.options.append(a.get("value", "on"))
                if "checked" in a:
                    existing.chosen.append(a.get("value", "on"))
                return
            if kind == "hidden" and name in fields and fields[name].kind == "hidden":
                # The same hidden name again: a list of values, each of them sent.
                existing = fields[name]
                existing.chosen = existing.chosen or [existing.value]
                existing.chosen.append(a.get("value", ""))
                return
            mapped = {"number": "number", "date": "date", "time": "date", "datetime-local": "date"}
            fields[name] = Field(name, mapped.get(kind, "hidden" if kind == "hidden" else "text"))
            fields[name].value = a.get("value", "")
        elif tag == "textarea":
            self._textarea = fields[name] = Field(name, "text")
        elif tag == "select":
            self._select = fields[name] = Field(name, "select")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            # A browser drops one newline right after <textarea>.
            text = self._textarea.value + data
            self._textarea.value = text.removeprefix("\n") if not self._textarea.value else text

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_of(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


def post_form(html: str, having: str) -> Form:
    """The form of the page that posts the field `having` (pages also hold the logout and
    language forms)."""
    found = [f for f in forms_of(html) if f.method == "post" and having in f.fields]
    assert len(found) == 1, f"{len(found)} forms post {having!r}"
    return found[0]
