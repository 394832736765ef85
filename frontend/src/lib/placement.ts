// Where a pop-up menu goes: below its button, right edges aligned (the
// button is usually at a card's or row's right end), flipped above the
// button when it does not fit below, and kept inside the area given (the
// window minus the sidebar and the status bar) with a small margin.

export interface Rect {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface Size {
  width: number;
  height: number;
}

export const gap = 4;
export const margin = 8;

/** placeMenu returns the menu's top-left corner in viewport coordinates. */
export function placeMenu(button: Rect, menu: Size, area: Rect): { top: number; left: number } {
  let top = button.bottom + gap;
  if (top + menu.height > area.bottom - margin) {
    const above = button.top - gap - menu.height;
    // Above when it fits there, else wherever there is more room.
    if (above >= area.top + margin || button.top - area.top > area.bottom - button.bottom) top = above;
  }
  top = clamp(top, area.top + margin, area.bottom - margin - menu.height);
  const left = clamp(button.right - menu.width, area.left + margin, area.right - margin - menu.width);
  return { top, left };
}

/** clamp keeps v in [lo, hi]; when the range is empty, lo wins (the start stays visible). */
function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(v, hi));
}
