/** Download links for the range's records: CSV, GeoJSON and a whole SQLite book. */

import { h, section } from './dom.js';

const EXPORTS = [
  ['Visits (CSV)', '/api/v1/exports/visits.csv'],
  ['Mediations (CSV)', '/api/v1/exports/mediations.csv'],
  ['Neighborhoods (GeoJSON)', '/api/v1/exports/neighborhoods.geojson'],
  ['Everything (SQLite)', '/api/v1/exports/fieldbook.sqlite'],
];

export function exportLinks(range, teamId = null) {
  const query = new URLSearchParams({ start: range.start, end: range.end });
  if (teamId) query.set('team_id', teamId);
  return section(
    'Exports',
    'lead-exports',
    h('p', {
      class: 'lead-muted',
      text: `Records from ${range.start} to ${range.end}. Exports hold sensitive data: keep them off shared devices.`,
    }),
    h(
      'ul',
      { class: 'lead-list lead-exports-list' },
      EXPORTS.map(([label, path]) =>
        h('li', {}, h('a', { href: `${path}?${query}`, download: '', text: label })),
      ),
    ),
  );
}
