/** Mediations by risk level and outcome, and the follow-ups that are due or overdue. */

import { h, scrollBox, section } from './dom.js';
import { shortDate, dateTime, words } from './format.js';

const RISKS = ['low', 'medium', 'high', 'imminent'];
const OUTCOMES = ['resolved', 'temporarily_resolved', 'ongoing', 'escalated', 'referred'];

function crossTable(rows) {
  const count = new Map(rows.map((r) => [`${r.risk_level}|${r.outcome}`, r.count]));
  const cell = (risk, outcome) => count.get(`${risk}|${outcome}`) || 0;
  const total = (risk) => OUTCOMES.reduce((sum, o) => sum + cell(risk, o), 0);
  return h(
    'table',
    { class: 'lead-table' },
    h('caption', { class: 'lead-muted', text: 'Rows: risk level; columns: outcome.' }),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', text: 'Risk' }),
        OUTCOMES.map((o) => h('th', { scope: 'col', text: words(o) })),
        h('th', { scope: 'col', text: 'Total' }),
      ),
    ),
    h(
      'tbody',
      {},
      RISKS.map((risk) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row', text: words(risk) }),
          OUTCOMES.map((o) => h('td', { class: 'lead-num', text: String(cell(risk, o)) })),
          h('td', { class: 'lead-num', text: String(total(risk)) }),
        ),
      ),
    ),
  );
}

function followUps(followUpsBody, names) {
  const items = (followUpsBody.items || []).filter((item) => item.overdue);
  const summary = h(
    'p',
    {},
    `${followUpsBody.due ?? 0} ${followUpsBody.due === 1 ? 'follow-up' : 'follow-ups'} due, `,
    h('strong', { text: `${followUpsBody.overdue ?? items.length} overdue` }),
    '.',
  );
  if (!items.length) return [summary];
  return [
    summary,
    h(
      'ul',
      { class: 'lead-list' },
      items.map((item) =>
        h(
          'li',
          { class: 'lead-overdue' },
          h('strong', { text: `Due ${shortDate(item.follow_up_due)}` }),
          ` — ${names.neighborhood(item.neighborhood_id)}, ${names.worker(item.worker_id)}, `,
          `${words(item.risk_level)} risk, ${words(item.outcome).toLowerCase()}, mediated ${dateTime(item.occurred_at)}`,
        ),
      ),
    ),
  ];
}

export function mediationsTable(body, error, names) {
  const card = section('Mediations', 'lead-mediations');
  if (!body) {
    card.append(h('p', { class: 'lead-muted', text: `Mediations: ${error || 'not loaded'}.` }));
    return card;
  }
  card.append(scrollBox('Mediations by risk and outcome', crossTable(body.by_risk_outcome || [])));
  card.append(h('h3', { text: 'Overdue follow-ups' }), ...followUps(body.follow_ups || {}, names));
  return card;
}
