/** The team's totals for the range, at the top of the dashboard. */

import { bandOf } from './coverage-bands.js';
import { h } from './dom.js';
import { number, percent } from './format.js';

export function summaryFigures(totals = {}, rows = []) {
  const behind = rows.filter((row) => bandOf(row.coverage_ratio) === 'low').length;
  const figures = [
    ['Visits', number(totals.visits)],
    ['Target', number(totals.target_visits)],
    ['Coverage', percent(totals.coverage_ratio ?? null)],
    ['Night visits', number(totals.night_visits)],
    ['Weekend visits', number(totals.weekend_visits)],
    ['Mediations', number(totals.mediations)],
    ['People engaged', number(totals.people_engaged)],
    ['Under 50%', `${behind} of ${rows.length}`],
  ];
  return h(
    'dl',
    { class: 'lead-figures lead-summary', 'aria-label': 'Team totals' },
    figures.map(([term, value]) => h('div', {}, h('dt', { text: term }), h('dd', { text: value }))),
  );
}
