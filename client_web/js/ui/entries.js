// "My entries": the user's visits and mediations, newest first, each opening its form.

import * as store from '../store.js';
import { formatTime, localDate, words } from '../util.js';
import { h, mount } from './dom.js';

export async function loadEntries(uid) {
  const [visits, mediations, neighborhoods] = await Promise.all([
    store.listRecords(uid, 'visits'), store.listRecords(uid, 'mediations'), store.listRecords(uid, 'neighborhoods'),
  ]);
  const names = new Map(neighborhoods.map((n) => [n.id, n.data.name]));
  const mine = (r) => !r.data.worker_id || r.data.worker_id === uid;
  const items = [
    ...visits.filter(mine).map((r) => ({ r, kind: 'visit', at: r.data.started_at })),
    ...mediations.filter(mine).map((r) => ({ r, kind: 'mediation', at: r.data.occurred_at })),
  ];
  for (const item of items) item.place = names.get(item.r.data.neighborhood_id) || 'Unknown neighborhood';
  return items.sort((a, b) => new Date(b.at) - new Date(a.at));
}

// Lists show the newest SHOWN entries: a phone with thousands stays quick to redraw.
const SHOWN = 100;

export function entryList(items, app, empty) {
  if (!items.length) return h('p', { class: 'empty' }, empty);
  const more = items.length > SHOWN ? h('p', { class: 'hint' }, `Showing the newest ${SHOWN} of ${items.length}.`) : null;
  return [h('ul', { class: 'entries' }, items.slice(0, SHOWN).map(({ r, kind, at, place }) => {
    const what = kind === 'visit' ? words(r.data.kind || 'visit') : `Mediation, ${words(r.data.risk_level || '')} risk`;
    const state = r.pending > 0 ? 'not sent yet' : r.rev == null ? 'not accepted' : 'sent';
    return h('li', {},
      h('button', { type: 'button', class: 'entry-link', onclick: () => app.go(`#/${kind}/${r.id}`) },
        h('span', { class: 'entry-title' }, `${place}: ${what}`),
        h('span', { class: `entry-meta ${r.pending > 0 ? 'pending' : ''}` }, `${formatTime(at)}, ${state}`),
        r.data.needs_review ? h('span', { class: 'entry-meta warn' }, 'flagged for review') : null));
  })), more];
}

export async function todaysEntries(uid) {
  const today = localDate(new Date());
  return (await loadEntries(uid)).filter((e) => e.at && localDate(new Date(e.at)) === today);
}

export async function entriesScreen(main, app) {
  const items = await loadEntries(app.user.id);
  mount(main, h('h1', {}, 'My entries'),
    entryList(items, app, 'No entries on this phone yet.'));
}
