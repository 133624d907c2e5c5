// "My neighborhoods": assigned ones first, each with its last visit and this week's visits
// against the weekly target, from what is on this phone.

import * as store from '../store.js';
import { formatTime, startOfWeek } from '../util.js';
import { h, mount } from './dom.js';
import { sortNeighborhoods } from './form-kit.js';

export async function neighborhoodsScreen(main, app) {
  const uid = app.user.id;
  const [neighborhoods, visits] = await Promise.all([
    store.listRecords(uid, 'neighborhoods'), store.listRecords(uid, 'visits'),
  ]);
  const weekStart = startOfWeek();
  // A worker's phone holds the worker's own visits; a lead's holds the whole team's.
  const whose = ['lead', 'admin'].includes(app.user.role) ? 'Team' : 'Your';
  const stats = new Map();
  for (const v of visits) {
    const s = stats.get(v.data.neighborhood_id) || { last: null, week: 0 };
    const at = new Date(v.data.started_at);
    if (!s.last || at > new Date(s.last)) s.last = v.data.started_at;
    if (at >= weekStart) s.week += 1;
    stats.set(v.data.neighborhood_id, s);
  }
  const card = (n) => {
    const s = stats.get(n.id) || { last: null, week: 0 };
    const last = [s.last, n.data.last_visit_at].filter(Boolean).sort((a, b) => new Date(b) - new Date(a))[0];
    const target = n.data.target_visits_per_week ?? 0;
    // The target is the team's; only a lead's phone holds the team's visits to compare with it.
    const team = whose === 'Team';
    const behind = team && target && s.week < target;
    const week = team
      ? `Team visits this week: ${s.week} of ${target} (weekly target)`
      : `Your visits this week: ${s.week} (team target: ${target} a week)`;
    return h('li', { class: 'card' },
      h('h3', {}, `${n.data.name}${n.data.code ? ` (${n.data.code})` : ''}`),
      h('p', {}, `${whose} last visit: ${formatTime(last)}`),
      h('p', { class: behind ? 'warn' : team ? 'ok' : '' }, week),
      h('button', {
        type: 'button', class: 'secondary',
        onclick: () => {
          app.presetNeighborhood = n.id; // chosen here: GPS does not override it
          app.go('#/visit/new');
        },
      }, `Log visit in ${n.data.name}`));
  };
  const { mine, others } = sortNeighborhoods(neighborhoods, uid);
  mount(main, 
    h('h1', {}, 'My neighborhoods'),
    neighborhoods.length ? null : h('p', { class: 'empty' }, 'No neighborhoods on this phone yet: sync once while online.'),
    mine.length ? h('h2', {}, 'Assigned to you') : null,
    mine.length ? h('ul', { class: 'cards' }, mine.map(card)) : null,
    others.length ? h('h2', {}, mine.length ? 'Other team neighborhoods' : 'Team neighborhoods') : null,
    others.length ? h('ul', { class: 'cards' }, others.map(card)) : null,
  );
}
