"""Layout checks that browser tests run on a page the way a phone user meets it: nothing wider
than the screen, and every control big enough to touch (WCAG 2.2 target size, 24 × 24 px)."""

from __future__ import annotations

TOO_SMALL = """() => {
  const selector = 'button, input:not([type=hidden]), select, textarea, a[href], summary, '
    + '.noUi-handle, [role=slider]';
  return [...document.querySelectorAll('#rendered_cells ' + selector.split(', ').join(
      ', #rendered_cells '))]
    .filter(e => e.offsetParent !== null)
    .map(e => ({ e, r: e.getBoundingClientRect() }))
    .filter(({ r }) => r.width > 0 && r.height > 0 && (r.width < 23.5 || r.height < 23.5))
    .map(({ e, r }) => `${e.tagName.toLowerCase()}${e.type ? '[' + e.type + ']' : ''} `
      + `"${(e.innerText || e.value || e.getAttribute('aria-label') || '').slice(0, 30)}" `
      + `${Math.round(r.width)}x${Math.round(r.height)}`);
}"""

TOO_WIDE = """(frame) => {
  // the page scrolls sideways when the document, Voila's scrolling panel or any box inside
  // it is wider than it shows; a box is cut off when it pokes out of the screen or out of its
  // frame (the card or tab pane holding it). Inside a wide table's sideways-scrolling wrapper
  // (.cbt-table-wrap) and inside an SVG drawing (plotly's drag layers) that is by design.
  const found = [];
  const doc = document.documentElement;
  const screen = doc.clientWidth;
  if (doc.scrollWidth > screen + 0.5) found.push(`document ${doc.scrollWidth} > ${screen} px`);
  const frames = frame ? [...document.querySelectorAll(frame)] : [];
  const inner = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return [box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft),
            box.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight)];
  };
  const panel = document.getElementById('rendered_cells');
  for (const el of [panel, ...document.querySelectorAll('#rendered_cells *')]) {
    if (!el || el.offsetParent === null || el.closest('svg, .cbt-table-wrap')) continue;
    const name = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.`
      + [...el.classList].slice(0, 3).join('.');
    if (['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
        && el.scrollWidth > el.clientWidth + 0.5) {
      found.push(`${name} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth} px`);
    }
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    if (el === panel) continue;
    if (box.left < -0.5 || box.right > screen + 0.5) {
      found.push(`${name} spans ${Math.round(box.left)}..${Math.round(box.right)} px`);
      continue;
    }
    const holder = frames.find((f) => f !== el && f.contains(el));
    if (holder) {
      const [left, right] = inner(holder);
      if (box.left < left - 0.5 || box.right > right + 0.5) {
        found.push(`${name} spans ${Math.round(box.left)}..${Math.round(box.right)} px, `
          + `its frame ${Math.round(left)}..${Math.round(right)} px`);
      }
    }
  }
  return found.slice(0, 20);
}"""


def too_small(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Every visible interactive element smaller than 24 × 24 px."""
    return list(page.evaluate(TOO_SMALL))


def too_wide(page, frame: str = "") -> list[str]:  # type: ignore[no-untyped-def]
    """What makes the page scroll sideways or pokes out of the screen or out of ``frame``
    (a CSS selector of the boxes that hold content: a tab pane, a card)."""
    return list(page.evaluate(TOO_WIDE, frame))
