/** The figures of one neighborhood for the range, shown when its shape on the map is chosen. */

import { h } from './dom.js';
import { dateTime, daysLabel, daysSince, number, percent } from './format.js';

export function neighborhoodDetails(row) {
  const figures = [
    ['Visits', number(row.visits)],
    ['Target visits', number(row.target_visits)],
    ['Coverage', percent(row.coverage_ratio)],
    ['Night visits', number(row.night_visits)],
    ['Weekend visits', number(row.weekend_visits)],
    ['Workers', number(row.workers)],
    ['Minutes', number(row.minutes)],
    ['People engaged', number(row.people_engaged)],
    ['Mediations', number(row.mediations)],
    ['Last visit', `${dateTime(row.last_visit_at)} (${daysLabel(daysSince(row.last_visit_at))})`],
  ];
  return [
    h('h3', { text: row.name }),
    h(
      'dl',
      { class: 'lead-figures' },
      figures.map(([term, value]) =>
        h(
          'div',
          { class: term === 'Last visit' ? 'lead-wide' : null },
          h('dt', { text: term }),
          h('dd', { text: value }),
        ),
      ),
    ),
  ];
}
