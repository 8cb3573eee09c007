import type { ClassData, LearnerData } from '../data.js';
import { classView, learnerOrder, type Filters, type View } from '../view.js';
import { wordsFor, type Words } from '../words.js';
import { append, h } from './dom.js';
import { renderView } from './render.js';

/**
 * The dashboard in the browser. Live, it follows the class through server-sent events (the whole
 * class once, then each learner's part as it changes); merged offline, it reads the data the page
 * carries. Either way it computes the same view as the exports and `class merge`, with view.ts.
 */

const root = document.getElementById('app')!;
let data: ClassData | undefined;
/** The class's clock minus this browser's: "stuck for 6 min" counts on the class's time. */
let offset = 0;
let filters: Filters = {};
let words: Words = (k) => k;
let lost = false;
let scheduled = false;

const header = h('header', {});
const body = h('div', {});
root.replaceChildren(header, body);

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    draw();
  });
}

function draw(): void {
  if (!data) return;
  const view = classView(data, filters, data.source.live ? Date.now() + offset : undefined);
  document.title = w('class.dash.title', { name: data.className });
  drawHeader(view);
  body.replaceChildren(renderView(view, words));
  root.setAttribute('data-learners', String(view.learners));
}

const w: Words = (key, params) => words(key, params);

let headerKey = '';
function drawHeader(view: View): void {
  // Built again only when what it offers changes: a select must not close under the instructor's cursor.
  const key = JSON.stringify([view.className, view.live, view.files, view.learners, view.options, filters, lost]);
  if (key === headerKey) return;
  headerKey = key;
  const select = (name: keyof Filters, label: string, options: { value: string; text: string }[]) => {
    const el = h(
      'select',
      { id: `filter-${name}`, name },
      h('option', { value: '' }, w('class.dash.filter.all')),
      ...options.map((o) => {
        const opt = h('option', { value: o.value }, o.text) as HTMLOptionElement;
        opt.selected = filters[name] === o.value;
        return opt;
      }),
    ) as HTMLSelectElement;
    el.addEventListener('change', () => {
      filters = { ...filters, [name]: el.value || undefined };
      draw();
    });
    return h('label', {}, `${label} `, el);
  };
  const query = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1])).toString();
  const link = (format: string, text: string) => h('a', { href: `export.${format}${query ? `?${query}` : ''}`, download: '' }, text);
  header.replaceChildren();
  append(header, [
    h('h1', {}, view.className),
    h(
      'p',
      { class: 'meta' },
      h(
        'span',
        { class: view.live ? 'badge live' : 'badge' },
        view.live ? w('class.dash.live') : w('class.dash.merged', { count: view.files }),
      ),
      ' ',
      w('class.dash.learners', { count: view.learners }),
      lost ? h('span', { class: 'lost', role: 'status' }, ` ${w('class.dash.lost')}`) : null,
    ),
    h(
      'form',
      { class: 'filters' },
      select(
        'lab',
        w('class.dash.filter.lab'),
        view.options.labs.map((l) => ({ value: l.id, text: l.title })),
      ),
      select(
        'edition',
        w('class.dash.filter.edition'),
        view.options.editions.map((e) => ({ value: e, text: e })),
      ),
      select(
        'lang',
        w('class.dash.filter.lang'),
        view.options.langs.map((l) => ({ value: l, text: l })),
      ),
    ),
    view.live
      ? h(
          'p',
          { class: 'exports' },
          `${w('class.dash.export')} `,
          link('csv', 'CSV'),
          ' · ',
          link('json', 'JSON'),
          ' · ',
          link('md', 'Markdown'),
        )
      : null,
  ]);
}

function take(next: ClassData): void {
  data = next;
  words = wordsFor(next.strings, next.locale);
  document.documentElement.lang = next.locale;
  schedule();
}

function upsert(learner: LearnerData): void {
  if (!data) return;
  const rest = data.learners.filter((l) => l.id !== learner.id);
  data = { ...data, learners: [...rest, learner].sort(learnerOrder) };
  schedule();
}

const embedded = document.getElementById('class-data');
if (embedded?.textContent) {
  take(JSON.parse(embedded.textContent) as ClassData);
} else {
  const source = new EventSource('stream');
  source.addEventListener('class', (e) => {
    const next = JSON.parse((e as MessageEvent<string>).data) as ClassData;
    offset = next.asOf - Date.now();
    lost = false;
    headerKey = '';
    take(next);
  });
  source.addEventListener('learner', (e) => {
    const { asOf, learner } = JSON.parse((e as MessageEvent<string>).data) as { asOf: number; learner: LearnerData };
    offset = asOf - Date.now();
    upsert(learner);
  });
  source.addEventListener('error', () => {
    lost = true;
    headerKey = '';
    schedule();
  });
  // "Stuck for 6 min" grows while nothing arrives.
  setInterval(schedule, 15_000);
}
