/**
 * The neighborhoods table, sortable by coverage, weekend visits and days since the last visit.
 *
 * Sorting puts the neighborhoods that need attention first by default (lowest coverage, fewest
 * weekend visits, longest silence); pressing the same header again reverses it.
 */

import { bandOf } from './coverage-bands.js';
import { h, scrollBox, section } from './dom.js';
import { daysLabel, daysSince, number, percent } from './format.js';

const SORTS = {
  ratio: { label: 'Coverage', value: (row) => row.coverage_ratio ?? null, first: 'ascending' },
  weekend: { label: 'Weekend visits', value: (row) => row.weekend_visits ?? 0, first: 'ascending' },
  // Never visited is the longest silence of all.
  days: {
    label: 'Days since last visit',
    value: (row) => row.days ?? Infinity,
    first: 'descending',
  },
};

/** Rows sorted by `key` in `direction`; no target (a null ratio) always goes last. */
export function sortRows(rows, key, direction) {
  const { value } = SORTS[key];
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === vb || (va === null && vb === null)) return a.name.localeCompare(b.name);
    if (va === null) return 1;
    if (vb === null) return -1;
    return sign * (va < vb ? -1 : 1);
  });
}

/** `state.sort` (`{key, direction}`) is read and written, so a redraw keeps the order. */
export function neighborhoodsTable(coverageRows, state = { sort: { key: null, direction: null } }) {
  const rows = coverageRows.map((row) => ({ ...row, days: daysSince(row.last_visit_at) }));
  let sort = state.sort;
  const body = h('tbody');
  const headers = {};

  const header = (key) => {
    // The arrow is decoration: aria-sort on the header tells assistive technology the order.
    const arrow = h('span', { class: 'lead-sort-arrow', 'aria-hidden': 'true', text: '↕' });
    const button = h(
      'button',
      { type: 'button', class: 'lead-sort' },
      SORTS[key].label,
      ' ',
      arrow,
    );
    button.addEventListener('click', () => {
      const direction =
        sort.key === key
          ? sort.direction === 'ascending'
            ? 'descending'
            : 'ascending'
          : SORTS[key].first;
      sort = { key, direction };
      state.sort = sort;
      draw();
    });
    headers[key] = h('th', { scope: 'col' }, button);
    return headers[key];
  };

  const draw = () => {
    for (const [key, th] of Object.entries(headers)) {
      const arrow = th.querySelector('.lead-sort-arrow');
      if (sort.key === key) {
        th.setAttribute('aria-sort', sort.direction);
        arrow.textContent = sort.direction === 'ascending' ? '↑' : '↓';
      } else {
        th.removeAttribute('aria-sort');
        arrow.textContent = '↕';
      }
    }
    const ordered = sort.key ? sortRows(rows, sort.key, sort.direction) : rows;
    body.replaceChildren(
      ...ordered.map((row) =>
        h(
          'tr',
          { 'data-neighborhood-id': row.neighborhood_id },
          h('th', { scope: 'row', text: row.name }),
          h('td', { class: 'lead-num', text: number(row.visits) }),
          h('td', { class: 'lead-num', text: number(row.target_visits) }),
          h('td', {
            class: `lead-num lead-ratio lead-text-${bandOf(row.coverage_ratio)}`,
            text: percent(row.coverage_ratio),
          }),
          h('td', { class: 'lead-num', text: number(row.night_visits) }),
          h('td', { class: 'lead-num', text: number(row.weekend_visits) }),
          h('td', { class: 'lead-num', text: number(row.mediations) }),
          h('td', { class: 'lead-num', text: daysLabel(row.days) }),
        ),
      ),
    );
  };

  const table = h(
    'table',
    { class: 'lead-table' },
    h('caption', {
      class: 'lead-muted',
      text: 'Press Coverage, Weekend visits or Days since last visit to sort.',
    }),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', text: 'Neighborhood' }),
        h('th', { scope: 'col', text: 'Visits' }),
        h('th', { scope: 'col', text: 'Target' }),
        header('ratio'),
        h('th', { scope: 'col', text: 'Night visits' }),
        header('weekend'),
        h('th', { scope: 'col', text: 'Mediations' }),
        header('days'),
      ),
    ),
    body,
  );
  draw();
  return section('Neighborhoods', 'lead-neighborhoods', scrollBox('Neighborhoods table', table));
}
