/** Tiny DOM helpers (no framework, no inline styles or scripts: widths go through the CSSOM). */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string | null,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

export function setText(node: Element | null, text: string): void {
  if (node && node.textContent !== text) node.textContent = text;
}

export function setWidth(node: HTMLElement | null, percent: number): void {
  if (node) node.style.width = `${percent.toFixed(2)}%`;
}
