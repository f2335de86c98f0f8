/**
 * The signature box over the page preview: dragged with the mouse, resized from its corner, moved with arrow
 * keys (Shift + arrows resizes) so it is usable without a mouse. Its state is in PDF points from the
 * bottom-left of the visible page, what the agent's placement expects.
 */
export interface BoxRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const MIN_SIZE = 24;
const KEY_STEP = 5;

export class SignatureBox {
  private rect: BoxRect = { x: 0, y: 0, width: 170, height: 70 };
  private scale = 1;
  private page = { width: 595, height: 842 };

  constructor(
    private readonly element: HTMLElement,
    private readonly handle: HTMLElement,
  ) {
    this.element.addEventListener('pointerdown', (e) => this.startDrag(e, e.target === this.handle));
    this.element.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** A new page size/scale (after rendering); the box keeps its place, clamped into the page. */
  setPage(width: number, height: number, scale: number): void {
    this.page = { width, height };
    this.scale = scale;
    this.set(this.rect);
  }

  /** Default: bottom right, where Vietnamese documents put the signer block. */
  placeDefault(): void {
    const width = 170;
    const height = 70;
    this.set({ x: this.page.width - width - 50, y: 90, width, height });
  }

  /** Top right of the page: attachments and electronic copies (no image, a line or two of text). */
  placeTopRight(): void {
    const width = 200;
    const height = 50;
    this.set({ x: this.page.width - width - 30, y: this.page.height - height - 30, width, height });
  }

  get value(): BoxRect {
    const r = this.rect;
    return { x: round(r.x), y: round(r.y), width: round(r.width), height: round(r.height) };
  }

  set(rect: BoxRect): void {
    const width = clamp(rect.width, MIN_SIZE, this.page.width);
    const height = clamp(rect.height, MIN_SIZE, this.page.height);
    this.rect = {
      width,
      height,
      x: clamp(rect.x, 0, this.page.width - width),
      y: clamp(rect.y, 0, this.page.height - height),
    };
    this.draw();
  }

  private draw(): void {
    const s = this.scale;
    const style = this.element.style;
    style.left = `${this.rect.x * s}px`;
    style.top = `${(this.page.height - this.rect.y - this.rect.height) * s}px`;
    style.width = `${this.rect.width * s}px`;
    style.height = `${this.rect.height * s}px`;
    this.element.setAttribute(
      'aria-valuetext',
      `x=${round(this.rect.x)} y=${round(this.rect.y)} ` + `${round(this.rect.width)}×${round(this.rect.height)} pt`,
    );
  }

  private startDrag(event: PointerEvent, resize: boolean): void {
    event.preventDefault();
    this.element.focus();
    this.element.setPointerCapture(event.pointerId);
    const start = { px: event.clientX, py: event.clientY, rect: { ...this.rect } };
    const move = (e: PointerEvent) => {
      const dx = (e.clientX - start.px) / this.scale;
      const dy = (e.clientY - start.py) / this.scale;
      if (resize) {
        // Dragging the bottom-right corner: the top edge stays where it is.
        const height = Math.max(MIN_SIZE, start.rect.height + dy);
        this.set({ ...start.rect, width: start.rect.width + dx, height, y: start.rect.y + start.rect.height - height });
      } else {
        this.set({ ...start.rect, x: start.rect.x + dx, y: start.rect.y - dy });
      }
    };
    const stop = () => {
      this.element.removeEventListener('pointermove', move);
      this.element.removeEventListener('pointerup', stop);
      this.element.removeEventListener('pointercancel', stop);
    };
    this.element.addEventListener('pointermove', move);
    this.element.addEventListener('pointerup', stop);
    this.element.addEventListener('pointercancel', stop);
  }

  private onKey(event: KeyboardEvent): void {
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [-KEY_STEP, 0],
      ArrowRight: [KEY_STEP, 0],
      ArrowUp: [0, KEY_STEP],
      ArrowDown: [0, -KEY_STEP],
    };
    const delta = moves[event.key];
    if (!delta) return;
    event.preventDefault();
    const [dx, dy] = delta;
    const r = this.rect;
    if (event.shiftKey) this.set({ ...r, width: r.width + dx, height: r.height + dy, y: r.y - dy });
    else this.set({ ...r, x: r.x + dx, y: r.y + dy });
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
