/**
 * The page's own scrolling, stopped while anything covers the window (as Shoelace's
 * `internal/scroll.ts` does): the first lock keeps the page's inline `overflow` styles, the last
 * unlock puts them back, so widgets that cover and uncover in any order leave the page as it was.
 */

/** What covers the window now. */
const lockers = new Set<object>();
let pageOverflow = { html: '', body: '' };

/** Stop the page behind `locker` from scrolling (again is nothing). */
export function lockPage(locker: object): void {
  const { documentElement: html, body } = document;
  if (!lockers.size) {
    pageOverflow = { html: html.style.overflow, body: body.style.overflow };
    html.style.overflow = 'hidden';
    body.style.overflow = 'hidden';
  }
  lockers.add(locker);
}

/** `locker` no longer covers the page; after the last one, the page scrolls as it did before. */
export function unlockPage(locker: object): void {
  if (!lockers.delete(locker) || lockers.size) return;
  document.documentElement.style.overflow = pageOverflow.html;
  document.body.style.overflow = pageOverflow.body;
}
