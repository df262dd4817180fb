"""What the tests ask a loaded page, as JavaScript run in it, and the
geometry that tells whether text reads in the right order.

The order of characters on screen is read from their boxes
(``Range.getClientRects()`` of each character), which is what the reader
sees: the bidi algorithm, the fonts and the stylesheet all had their say.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .chromium import Page

__all__ = ["Box", "Run", "page_facts", "find_runs", "lines", "visual_order",
           "neighbour_problems", "layout"]

#: The page as search engines and visitors meet it: its language and
#: direction (declared and computed), canonical URL, alternates, switcher
#: and every link and stylesheet (hrefs resolved by the browser).
_FACTS = r"""(() => {
  const html = document.documentElement;
  const abs = (element, name) => element.getAttribute(name) === null ? null : element[name];
  return {
    lang: html.getAttribute("lang"), dir: html.getAttribute("dir"),
    direction: getComputedStyle(html).direction,
    bodyDirection: getComputedStyle(document.body).direction,
    title: document.title,
    canonical: abs(document.querySelector('link[rel="canonical"]') || html, "href"),
    alternates: [...document.querySelectorAll('link[rel="alternate"][hreflang]')].map(
      link => ({hreflang: link.getAttribute("hreflang"), href: link.getAttribute("href")})),
    feeds: [...document.querySelectorAll('link[rel="alternate"][type="application/atom+xml"]')]
      .map(link => link.href),
    stylesheets: [...document.querySelectorAll('link[rel="stylesheet"]')].map(link => link.href),
    switcher: [...document.querySelectorAll("nav.languages a")].map(a => ({
      href: a.href, hreflang: a.getAttribute("hreflang"), text: a.textContent,
      current: a.getAttribute("aria-current") === "page"})),
    links: [...document.querySelectorAll("a[href]")].map(a => a.href),
    ids: [...document.querySelectorAll("[id]")].map(element => element.id),
  };
})()"""

#: Every occurrence of some strings, or of a regular expression, in the text
#: of the page's main content and footer: the box of each character, and of
#: the nearest visible characters before and after it in its block.
_RUNS = r"""((query) => {
  const root = document.querySelector(query.scope) || document.body;
  const box = (node, offset, length) => {
    const range = document.createRange();
    range.setStart(node, offset);
    range.setEnd(node, offset + length);
    const rects = [...range.getClientRects()].filter(r => r.width > 0 || r.height > 0);
    if (!rects.length) return null;
    const r = rects[0];
    return {char: node.data.substr(offset, length), left: r.left, right: r.right,
            top: r.top, bottom: r.bottom};
  };
  const blockOf = (node) => {
    let element = node.parentElement;
    while (element && element !== document.body &&
           getComputedStyle(element).display.startsWith("inline")) element = element.parentElement;
    return element || document.body;
  };
  const characters = (block) => {
    const out = [];
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const code = node.data.charCodeAt(i);
        if (code >= 0xDC00 && code <= 0xDFFF) continue;
        const length = code >= 0xD800 && code <= 0xDBFF ? 2 : 1;
        if (!/\s/.test(node.data[i])) out.push([node, i, length]);
      }
    }
    return out;
  };
  const found = [];
  // Text that is drawn: not the source of a script or a style sheet.
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {acceptNode: node =>
    node.parentElement.closest("script, style, template, noscript") ?
      NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const matches = [];
    if (query.pattern) {
      for (const m of node.data.matchAll(new RegExp(query.pattern, "gu")))
        matches.push([m.index, m[0]]);
    } else {
      for (const needle of query.needles) {
        for (let at = node.data.indexOf(needle); at >= 0; at = node.data.indexOf(needle, at + 1))
          matches.push([at, needle]);
      }
    }
    if (!matches.length) continue;
    const block = blockOf(node);
    const all = characters(block);
    for (const [start, text] of matches) {
      const chars = [];
      for (let i = start; i < start + text.length; i++) {
        const code = node.data.charCodeAt(i);
        if (code >= 0xDC00 && code <= 0xDFFF || /\s/.test(node.data[i])) continue;
        const length = code >= 0xD800 && code <= 0xDBFF ? 2 : 1;
        const b = box(node, i, length);
        if (b) chars.push(b);
      }
      const first = all.findIndex(([n, i]) => n === node && i >= start);
      let last = -1;
      all.forEach(([n, i], k) => { if (n === node && i < start + text.length) last = k; });
      const before = first > 0 ? box(...all[first - 1]) : null;
      const after = last >= 0 && last + 1 < all.length ? box(...all[last + 1]) : null;
      found.push({text, chars, before, after, block: block.tagName.toLowerCase(),
                  isolated: !!node.parentElement.closest("bdi, [dir]:not(html)")});
    }
  }
  return found;
})"""

#: Where the parts of the page's frame sit, for the mirroring checks.
_LAYOUT = r"""(() => {
  const rect = (selector) => {
    const element = document.querySelector(selector);
    if (!element) return null;
    const r = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width,
            height: r.height, display: style.display, visibility: style.visibility,
            direction: style.direction, textAlign: style.textAlign};
  };
  // Where the first line of a block starts and ends: rectangles of its
  // contents that share the first one's line (isolated runs included).
  const firstLine = (element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    if (!rects.length) return null;
    const top = Math.min(...rects.map(r => r.top));
    const first = rects.find(r => r.top === top);
    const line = rects.filter(r => (r.top + r.bottom) / 2 > first.top &&
                                   (r.top + r.bottom) / 2 < first.bottom);
    const block = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return {left: Math.min(...line.map(r => r.left)), right: Math.max(...line.map(r => r.right)),
            blockLeft: block.left + parseFloat(style.paddingLeft),
            blockRight: block.right - parseFloat(style.paddingRight),
            text: element.textContent.trim().slice(0, 40)};
  };
  return {
    viewport: window.innerWidth, scrollWidth: document.documentElement.scrollWidth,
    header: rect("header.site"), siteName: rect(".site-name"), nav: rect("nav.languages"),
    skip: rect(".skip"), main: rect("main"), h1: rect("h1"), footer: rect("footer.document"),
    feed: rect(".feed"),
    switcher: [...document.querySelectorAll("nav.languages li")].map(item => {
      const r = item.getBoundingClientRect();
      return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: item.textContent};
    }),
    blocks: [...document.querySelectorAll("main h1, main h2, main p, main li, footer p")]
      .map(firstLine).filter(Boolean),
  };
})()"""


@dataclass(frozen=True)
class Box:
    """Where one character is drawn (CSS pixels, from the viewport's top left)."""

    char: str
    left: float
    right: float
    top: float
    bottom: float

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


@dataclass(frozen=True)
class Run:
    """One occurrence of a searched text: its characters' boxes (spaces
    left out) and the nearest characters before and after it in its block."""

    text: str
    chars: tuple[Box, ...]
    before: Box | None
    after: Box | None
    block: str
    isolated: bool


def page_facts(page: Page) -> dict[str, Any]:
    """Language, direction, canonical, alternates, switcher and links of the
    loaded page."""
    return page.evaluate(_FACTS)


def layout(page: Page) -> dict[str, Any]:
    """The boxes of the page's header, site name, switcher (and its items),
    main and footer,
    where the first line of each heading, paragraph and list item starts and
    ends, and the page's scroll width."""
    return page.evaluate(_LAYOUT)


def find_runs(page: Page, *, needles: list[str] | None = None, pattern: str | None = None,
              scope: str = "body") -> list[Run]:
    """Every occurrence of ``needles`` (exact strings) or of ``pattern`` (a
    JavaScript regular expression) in the text under ``scope``."""
    query = {"needles": needles or [], "pattern": pattern, "scope": scope}
    found = page.evaluate(f"({_RUNS})({json.dumps(query)})")
    return [Run(item["text"], tuple(Box(**char) for char in item["chars"]),
                Box(**item["before"]) if item["before"] else None,
                Box(**item["after"]) if item["after"] else None,
                item["block"], item["isolated"]) for item in found]


def _same_line(a: Box, b: Box) -> bool:
    overlap = min(a.bottom, b.bottom) - max(a.top, b.top)
    return overlap > 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def lines(chars: tuple[Box, ...]) -> list[list[Box]]:
    """The characters grouped by the line they are drawn on, top to bottom."""
    groups: list[list[Box]] = []
    for char in chars:
        for group in groups:
            if _same_line(group[0], char):
                group.append(char)
                break
        else:
            groups.append([char])
    return sorted(groups, key=lambda group: group[0].top)


def visual_order(run: Run) -> str:
    """The run's characters as the eye reads them left to right, line by
    line (spaces left out): for a left-to-right run, its own text."""
    return "".join(char.char for line in lines(run.chars)
                   for char in sorted(line, key=lambda box: box.centre))


def neighbour_problems(run: Run, direction: str, tolerance: float = 1.0) -> list[str]:
    """Where the text around a run is on the wrong side of it: in a
    right-to-left block, what comes before the run must be drawn to its
    right and what follows to its left (mirrored for left to right).  Only
    neighbours on the same line as the run's end they touch are compared."""
    problems: list[str] = []
    rows = lines(run.chars)
    if not rows:
        return [f"{run.text!r} is not drawn"]
    first_row = next(row for row in rows if run.chars[0] in row)
    last_row = next(row for row in rows if run.chars[-1] in row)
    left = min(box.left for box in first_row), min(box.left for box in last_row)
    right = max(box.right for box in first_row), max(box.right for box in last_row)
    before, after = run.before, run.after
    if before is not None and _same_line(before, run.chars[0]):
        ok = before.left >= right[0] - tolerance if direction == "rtl" else \
            before.right <= left[0] + tolerance
        if not ok:
            problems.append(f"{before.char!r} before {run.text!r} is drawn on its "
                            f"{'left' if direction == 'rtl' else 'right'}")
    if after is not None and _same_line(after, run.chars[-1]):
        ok = after.right <= left[1] + tolerance if direction == "rtl" else \
            after.left >= right[1] - tolerance
        if not ok:
            problems.append(f"{after.char!r} after {run.text!r} is drawn on its "
                            f"{'right' if direction == 'rtl' else 'left'}")
    return problems
