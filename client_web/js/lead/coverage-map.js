/**
 * The team's neighborhoods as an inline SVG map coloured by coverage, with a legend and a panel.
 *
 * Each shape is a focusable button: a tap, a click, Enter or Space shows its figures in the
 * panel below, so the map works by touch, mouse and keyboard alike.
 */

import { BANDS, bandOf } from './coverage-bands.js';
import { h, s, section } from './dom.js';
import { percent } from './format.js';
import { neighborhoodDetails } from './neighborhood-details.js';
import { boundingBox, fitProjection, pathData } from './projection.js';

function legend() {
  return h(
    'ul',
    { class: 'lead-legend', 'aria-label': 'Legend' },
    BANDS.map((band) =>
      h(
        'li',
        {},
        s(
          'svg',
          { width: '16', height: '16', viewBox: '0 0 16 16', 'aria-hidden': 'true' },
          s('rect', { width: '16', height: '16', rx: '3', class: `lead-band-${band.key}` }),
        ),
        band.label,
      ),
    ),
  );
}

/**
 * `rows`: coverage rows; `outlines`: neighborhoods with `id` and `geometry` (may be null or
 * missing when the neighborhoods list could not be read).
 */
export function coverageMap(rows, outlines, note = '', state = {}) {
  const geometryById = new Map(outlines.map((n) => [n.id ?? n.neighborhood_id, n.geometry]));
  const drawn = rows.filter((row) => geometryById.get(row.neighborhood_id));
  const missing = rows.filter((row) => !geometryById.get(row.neighborhood_id));
  const panel = h(
    'div',
    {
      class: 'lead-panel',
      role: 'region',
      'aria-live': 'polite',
      'aria-label': 'Neighborhood figures',
    },
    h('p', { class: 'lead-muted', text: 'Choose a neighborhood on the map to see its figures.' }),
  );
  const card = section('Map', 'lead-map');
  if (note) card.append(h('p', { class: 'lead-muted', text: note }));

  const box = boundingBox(drawn.map((row) => geometryById.get(row.neighborhood_id)));
  if (box) {
    const projection = fitProjection(box);
    const paths = [];
    const select = (row, path) => {
      for (const other of paths) other.classList.toggle('lead-selected', other === path);
      panel.replaceChildren(...neighborhoodDetails(row));
      state.selected = row.neighborhood_id;
    };
    for (const row of drawn) {
      const path = s(
        'path',
        {
          d: pathData(geometryById.get(row.neighborhood_id), projection),
          class: `lead-shape lead-band-${bandOf(row.coverage_ratio)}`,
          'fill-rule': 'evenodd',
          tabindex: '0',
          role: 'button',
          'aria-label': `${row.name}: ${percent(row.coverage_ratio)}`,
          'data-neighborhood-id': row.neighborhood_id,
        },
        s('title', { text: `${row.name}: ${percent(row.coverage_ratio)}` }),
      );
      path.addEventListener('click', () => select(row, path));
      path.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          select(row, path);
        }
      });
      paths.push(path);
      if (state.selected === row.neighborhood_id) select(row, path);
    }
    card.append(
      s(
        'svg',
        {
          class: 'lead-map-svg',
          viewBox: `0 0 ${projection.width} ${projection.height}`,
          role: 'group',
          'aria-label': "Coverage map of the team's neighborhoods",
        },
        paths,
      ),
      legend(),
    );
  } else {
    card.append(h('p', { class: 'lead-muted', text: 'No neighborhood outlines to draw.' }));
  }
  if (missing.length && box) {
    card.append(
      h('p', {
        class: 'lead-muted',
        text: `Without an outline: ${missing.map((r) => r.name).join(', ')}.`,
      }),
    );
  }
  card.append(panel);
  return card;
}
