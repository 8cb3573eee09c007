import { statusText, stuckText } from '../formats.js';
import type { View } from '../view.js';
import type { Words } from '../words.js';
import { h } from './dom.js';

/** The body of the dashboard for one view: stuck, failing checks, readiness, then the learners × steps tables. */
export function renderView(view: View, w: Words): HTMLElement {
  return h('div', { class: 'view' }, stuckPart(view, w), failingPart(view, w), readinessPart(view, w), progressPart(view, w));
}

function stuckPart(view: View, w: Words): HTMLElement {
  return h(
    'section',
    { id: 'stuck', 'aria-labelledby': 'stuck-title' },
    h('h2', { id: 'stuck-title' }, w('class.dash.stuck.title')),
    view.stuck.length
      ? h('ul', {}, ...view.stuck.map((s) => h('li', { 'data-learner': s.learner, 'data-why': s.why }, stuckText(s, w))))
      : h('p', { class: 'quiet' }, w('class.dash.stuck.none')),
  );
}

function failingPart(view: View, w: Words): HTMLElement {
  return h(
    'section',
    { id: 'failing', 'aria-labelledby': 'failing-title' },
    h('h2', { id: 'failing-title' }, w('class.dash.failing.title')),
    view.failing.length
      ? h(
          'ul',
          {},
          ...view.failing.map((f) =>
            h(
              'li',
              { 'data-lab': f.lab, 'data-step': f.step, 'data-check': f.check, 'data-status': f.status },
              h('strong', {}, w('class.dash.count', { count: f.count })),
              ': ',
              f.reasons[0]?.text ?? '',
              h('span', { class: 'where' }, ` — ${f.labTitle} › ${f.stepTitle} › ${f.check ?? w('class.dash.status.notRun')}`),
              h(
                'ul',
                {},
                ...f.reasons.slice(1).map((r) => h('li', {}, `${r.text} (${r.count})`)),
                h('li', { class: 'who' }, w('class.dash.who', { names: f.learners.join(', ') })),
              ),
            ),
          ),
        )
      : h('p', { class: 'quiet' }, w('class.dash.failing.none')),
  );
}

function readinessPart(view: View, w: Words): HTMLElement {
  const r = view.readiness;
  return h(
    'section',
    { id: 'readiness', 'aria-labelledby': 'readiness-title' },
    h('h2', { id: 'readiness-title' }, w('class.dash.ready.title')),
    h(
      'p',
      {},
      r.reported ? w('class.dash.ready.summary', { ready: r.ready, reported: r.reported, count: r.learners }) : w('class.dash.ready.none'),
    ),
    r.missing.length
      ? h(
          'ul',
          {},
          ...r.missing.map((m) =>
            h(
              'li',
              { 'data-item': m.id },
              h('strong', {}, w('class.dash.count', { count: m.count })),
              `: ${m.label}`,
              m.fix ? h('div', { class: 'fix' }, w('class.dash.ready.fix', { fix: m.fix })) : null,
              h('div', { class: 'who' }, w('class.dash.who', { names: m.learners.join(', ') })),
            ),
          ),
        )
      : null,
  );
}

function progressPart(view: View, w: Words): HTMLElement {
  return h(
    'section',
    { id: 'progress', 'aria-labelledby': 'progress-title' },
    h('h2', { id: 'progress-title' }, w('class.dash.progress.title')),
    view.sections.length ? null : h('p', { class: 'quiet' }, w('class.dash.progress.none')),
    ...view.sections.map((s) =>
      h(
        'div',
        { class: 'lab', 'data-lab': s.lab, 'data-edition': s.edition },
        h('h3', {}, `${s.title} `, h('span', { class: 'edition' }, s.edition)),
        h(
          'div',
          { class: 'scroll' },
          h(
            'table',
            {},
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, w('class.dash.col.learner')),
                h('th', { scope: 'col' }, w('class.dash.filter.lang')),
                ...s.steps.map((st, i) => h('th', { scope: 'col', title: st.title }, `${i + 1}. ${st.title}`)),
              ),
            ),
            h(
              'tbody',
              {},
              ...s.rows.map((row) =>
                h(
                  'tr',
                  { 'data-learner': row.learner, class: row.stuck ? 'stuck' : undefined },
                  h(
                    'th',
                    { scope: 'row' },
                    row.name,
                    h('span', { class: `state state-${row.state}` }, ` ${w(`class.dash.state.${row.state}`)}`),
                  ),
                  h('td', {}, row.lang),
                  ...row.cells.map((c) =>
                    h(
                      'td',
                      {
                        class: `cell s-${c.status}`,
                        'data-step': c.step,
                        'data-status': c.status,
                        title:
                          [
                            ...(c.durationMs !== undefined && c.tries ? [w('class.dash.took', { duration: c.durationMs })] : []),
                            ...c.failed.map((f) => `${f.id}: ${f.reason}`),
                            ...c.notes,
                            ...(c.output ?? []),
                          ].join('\n') || undefined,
                      },
                      statusText(c.status, w),
                      c.tries > 1 ? h('span', { class: 'tries' }, ` ×${c.tries}`) : null,
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
