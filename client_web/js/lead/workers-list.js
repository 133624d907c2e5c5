/**
 * Per-worker activity with the last sync, and devices silent for 48 hours or more.
 *
 * A device that has not synced may hold entries the team cannot see yet, so silence is marked
 * in words ("Silent") as well as by colour.
 */

import { h, scrollBox, section } from './dom.js';
import { dateTime, number } from './format.js';
import { SILENT_HOURS } from './load-report.js';

function silent(iso, now) {
  return !iso || now - new Date(iso) >= SILENT_HOURS * 3600 * 1000;
}

function workersTable(workers, now) {
  return h(
    'table',
    { class: 'lead-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Worker', 'Visits', 'Mediations', 'Minutes', 'Last sync'].map((t) =>
          h('th', { scope: 'col', text: t }),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      workers.map((w) => {
        const quiet = silent(w.last_sync_at, now);
        return h(
          'tr',
          { class: quiet ? 'lead-silent' : null },
          h('th', { scope: 'row', text: w.name }),
          h('td', { class: 'lead-num', text: number(w.visits) }),
          h('td', { class: 'lead-num', text: number(w.mediations) }),
          h('td', { class: 'lead-num', text: number(w.minutes) }),
          h(
            'td',
            {},
            dateTime(w.last_sync_at),
            quiet ? h('strong', { class: 'lead-flag', text: ' Silent' }) : null,
          ),
        );
      }),
    ),
  );
}

function devicesList(devices, now) {
  const quiet = devices.filter(
    (d) => (d.hours_since ?? Infinity) >= SILENT_HOURS || silent(d.last_sync_at, now),
  );
  if (!quiet.length)
    return h('p', {
      class: 'lead-muted',
      text: `No device has gone ${SILENT_HOURS} hours without a sync.`,
    });
  return h(
    'ul',
    { class: 'lead-list' },
    quiet.map((d) =>
      h(
        'li',
        { class: 'lead-silent' },
        h('strong', { text: d.name || 'Unnamed device' }),
        ` — last sync ${dateTime(d.last_sync_at)}`,
        d.hours_since != null ? ` (${Math.floor(d.hours_since)} h ago)` : '',
      ),
    ),
  );
}

export function workersList(coverage, devicesBody, error, now = new Date()) {
  const card = section(
    'Workers',
    'lead-workers',
    scrollBox('Workers table', workersTable(coverage.workers || [], now)),
  );
  card.append(h('h3', { text: `Devices silent for ${SILENT_HOURS} h or more` }));
  if (devicesBody) card.append(devicesList(devicesBody.devices || [], now));
  else card.append(h('p', { class: 'lead-muted', text: `Devices: ${error || 'not loaded'}.` }));
  return card;
}
