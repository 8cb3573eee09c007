import type { Filters } from './view.js';

const FILTER = /^[\w./:@+-]{1,64}$/;

/** ?lab=namespaces&edition=linux/sh&lang=es — anything else is a bad request, said as such. */
export function parseFilters(url: URL): Filters | string {
  const filters: Filters = {};
  for (const [name, value] of url.searchParams) {
    if (name !== 'lab' && name !== 'edition' && name !== 'lang') return `unknown filter "${name.slice(0, 32)}" (lab, edition, lang)`;
    if (value === '') continue;
    if (!FILTER.test(value)) return `${name}: not a lab id, edition or language`;
    filters[name] = value;
  }
  return filters;
}
