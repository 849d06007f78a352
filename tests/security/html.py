"""Reading pages as a browser would, with Python's HTML parser: scripts, event handlers, the CSP."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.http import HttpResponse

# What every page must send: scripts only from the app's own origin, never inline.
REQUIRED_DIRECTIVES = ("script-src 'self'", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'")
DATA_SCRIPT_TYPES = frozenset({"application/json"})


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""


@dataclass
class Page(HTMLParser):
    elements: list[Element] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)
    _open_script: Element | None = None

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.elements.append(element)
        if tag == "script":
            self._open_script = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open_script = None

    def handle_data(self, data: str) -> None:
        if self._open_script is not None:
            self._open_script.text += data
        else:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        """The page's text as a reader sees it (entities decoded), scripts left out."""
        return "".join(self.text_parts)

    @property
    def scripts(self) -> list[Element]:
        return [element for element in self.elements if element.tag == "script"]

    @property
    def data_scripts(self) -> list[Element]:
        return [script for script in self.scripts if script.attrs.get("type") in DATA_SCRIPT_TYPES]

    @property
    def inline_scripts(self) -> list[Element]:
        """Scripts a browser would run from the page itself (no src, not a data block)."""
        return [
            script
            for script in self.scripts
            if not script.attrs.get("src") and script.attrs.get("type") not in DATA_SCRIPT_TYPES
        ]

    def event_handlers(self) -> list[str]:
        return [
            f"<{element.tag} {name}=…>"
            for element in self.elements
            for name in element.attrs
            if name.lower().startswith("on")
        ]

    def javascript_urls(self) -> list[str]:
        return [
            f"<{element.tag} {name}={value!r}>"
            for element in self.elements
            for name, value in element.attrs.items()
            if name in ("href", "src", "action", "formaction")
            and (value or "").strip().lower().replace("\t", "").startswith("javascript:")
        ]

    def data_blocks(self) -> dict[str, object]:
        """Every json_script block by id, parsed (a block that is not valid JSON raises)."""
        return {script.attrs.get("id") or "": json.loads(script.text) for script in self.data_scripts}


def parse_html(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def page_of(response: HttpResponse) -> Page:
    return parse_html(response.content.decode(response.charset or "utf-8"))


def is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def hygiene_problems(response: HttpResponse) -> list[str]:
    """Why an HTML response breaks the CSP rules: a missing or loose policy, inline script, handlers."""
    problems = []
    policy = response.get("Content-Security-Policy", "")
    directives = [directive.strip() for directive in policy.split(";")]
    for required in REQUIRED_DIRECTIVES:
        if required not in directives:
            problems.append(f"the Content-Security-Policy lacks {required!r} (got {policy!r})")
    script_src = next((d for d in directives if d.startswith("script-src")), "")
    if "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src:
        problems.append(f"script-src allows inline code: {script_src!r}")
    page = page_of(response)
    for script in page.inline_scripts:
        problems.append(f"inline <script> without src: {script.text.strip()[:80]!r}")
    problems.extend(f"event-handler attribute {handler}" for handler in page.event_handlers())
    problems.extend(f"javascript: URL {url}" for url in page.javascript_urls())
    return problems
