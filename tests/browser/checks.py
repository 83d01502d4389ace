"""What a person must be able to do on any page, checked in the browser: reach each control with
the Tab key and see it, click it (nothing painted over it), and read the page without scrolling
sideways. Shared by the page crawl and the regression tests of particular pages."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Locator, Page

# Where a control can be seen and clicked: the centre of its first line box and four points
# half-way to its edges must be on screen and hit the control itself (or something inside it).
# Rounded corners are not hit-tested as the box, hence points inside rather than the corners.
_REACHABLE = """
(element) => {
  const describe = (node) => {
    if (!node || node.nodeType !== 1) return String(node);
    const name = (node.getAttribute('aria-label') || node.textContent || node.value || '').trim().replace(/\\s+/g, ' ');
    return `<${node.tagName.toLowerCase()}${node.id ? '#' + node.id : ''}${node.className && typeof node.className === 'string' ? '.' + node.className.trim().split(/\\s+/).join('.') : ''}> "${name.slice(0, 60)}"`;
  };
  const style = getComputedStyle(element);
  if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) {
    return `${describe(element)} is focusable but invisible`;
  }
  const boxes = element.getClientRects();
  const box = boxes.length ? boxes[0] : element.getBoundingClientRect();
  if (box.width < 2 || box.height < 2) return `${describe(element)} has no visible size`;
  const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
  const points = [[cx, cy], [cx - box.width / 4, cy], [cx + box.width / 4, cy], [cx, cy - box.height / 4], [cx, cy + box.height / 4]];
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= window.innerWidth || y >= window.innerHeight) {
      return `${describe(element)} is off screen at (${Math.round(x)}, ${Math.round(y)})`;
    }
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(hit === element || element.contains(hit))) {
      return `${describe(element)} is covered at (${Math.round(x)}, ${Math.round(y)}) by ${describe(hit)}`;
    }
  }
  return null;
}
"""

_FOCUSED = """
() => {
  const element = document.activeElement;
  if (!element || element === document.body || element === document.documentElement) return {done: true};
  if (element.hasAttribute('data-tab-visited')) return {done: true, again: true};
  element.setAttribute('data-tab-visited', '');
  return {done: false};
}
"""

MAX_TAB_STOPS = 200


@dataclass(frozen=True)
class Problem:
    url: str
    width: int
    what: str

    def __str__(self) -> str:
        return f"{self.url} at {self.width}px: {self.what}"


def problem_of(locator: Locator) -> str | None:
    """Why a person could not see or click this element where it is now; None if they can."""
    return locator.evaluate(_REACHABLE)


def tab_through(page: Page) -> list[str]:
    """Press Tab from the top of the page until focus comes round again; every element that takes
    focus must be seen and not be covered (the browser scrolls it into view itself)."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    problems = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if page.evaluate(_FOCUSED)["done"]:
            break
        problem = page.evaluate(f"({_REACHABLE})(document.activeElement)")
        if problem:
            problems.append(problem)
    else:
        problems.append(f"focus did not come round after {MAX_TAB_STOPS} Tab presses")
    page.evaluate("() => document.querySelectorAll('[data-tab-visited]').forEach(e => e.removeAttribute('data-tab-visited'))")
    return problems


def sideways_overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


def stacked_cells_out_of_column(page: Page) -> list[str]:
    """Where a table stacked into cards (``.stack-table`` at a phone's width) has a value that slid
    under its cell's label instead of staying in the value column beside it."""
    return page.evaluate("""() => {
        const problems = [];
        for (const cell of document.querySelectorAll('.stack-table [data-label]')) {
            if (getComputedStyle(cell).display !== 'grid') continue;
            const style = getComputedStyle(cell);
            const [labelColumn] = style.gridTemplateColumns.split(' ').map(parseFloat);
            const valueColumn = cell.getBoundingClientRect().left + parseFloat(style.paddingLeft) + labelColumn
                + (parseFloat(style.columnGap) || 0);
            for (const child of cell.children) {
                if (child.getClientRects().length && child.getBoundingClientRect().left < valueColumn - 1) {
                    problems.push(`${cell.dataset.label}: "${child.textContent.trim().slice(0, 40)}" sits under the label`);
                }
            }
        }
        return problems;
    }""")
