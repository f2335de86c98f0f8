/**
 * Placement geometry: the user places a box on the page as seen (CropBox, after /Rotate); annotations live in
 * default user space (ISO 32000-1 §12.5.2 /Rect, §7.7.3.3 /Rotate turns the page clockwise when displayed).
 */
import type { PageInfo } from './pages';

export interface PdfRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Maps a rect given from the bottom-left of the visible page to a page-space [llx lly urx ury]. */
export function toPageRect(page: PageInfo, rect: PdfRect): [number, number, number, number] {
  const a = toPagePoint(page, rect.x, rect.y);
  const b = toPagePoint(page, rect.x + rect.width, rect.y + rect.height);
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])];
}

/** A visible-area point (u from the left, v from the bottom as displayed) in page space. */
export function toPagePoint(page: PageInfo, u: number, v: number): [number, number] {
  const [cx, cy, cx1, cy1] = page.cropBox;
  const w = cx1 - cx;
  const h = cy1 - cy;
  switch (page.rotate) {
    case 90:
      return [cx + w - v, cy + u];
    case 180:
      return [cx + w - u, cy + h - v];
    case 270:
      return [cx + v, cy + h - u];
    default:
      return [cx + u, cy + v];
  }
}

/**
 * /Matrix of an appearance drawn upright in a w×h box, so that after the page's /Rotate it reads upright
 * (§12.5.5: the transformed /BBox is fitted to /Rect). Rotates by the page rotation counter-clockwise.
 */
export function appearanceMatrix(rotate: PageInfo['rotate'], w: number, h: number): number[] {
  switch (rotate) {
    case 90:
      return [0, 1, -1, 0, h, 0];
    case 180:
      return [-1, 0, 0, -1, w, h];
    case 270:
      return [0, -1, 1, 0, 0, w];
    default:
      return [1, 0, 0, 1, 0, 0];
  }
}
