/**
 * Builds the page from elements and text nodes only. Learners' names, titles and reasons go in as
 * text, so the browser never parses them as markup: a learner named `<img src=x onerror=…>` is shown
 * as those characters. (No innerHTML anywhere in the dashboard; test/class/dashboard-source.test.ts keeps it so.)
 */
export type Child = Node | string | number | false | null | undefined;

export function h(tag: string, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}
