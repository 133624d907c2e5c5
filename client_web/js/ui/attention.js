// "Needs attention": entries the server rejected (fix or discard, never silently dropped) and
// entries flagged for review after a conflict.

import * as store from '../store.js';
import { formatTime, words } from '../util.js';
import { h, mount } from './dom.js';
import { entryList, loadEntries } from './entries.js';

// The form labels of the fields, so that a reason names what the worker sees.
const LABELS = {
  neighborhood_id: 'Neighborhood', started_at: 'Started', occurred_at: 'Occurred',
  duration_minutes: 'Duration (minutes)', people_engaged: 'People engaged', kind: 'Kind',
  parties_count: 'Parties count', follow_up_due: 'Follow-up due', record_id: 'Entry',
};

export async function attentionScreen(main, app) {
  const uid = app.user.id;
  const [rejected, entries] = await Promise.all([store.listRejected(uid), loadEntries(uid)]);
  const flagged = entries.filter((e) => e.r.data.needs_review);
  const item = (m) => {
    const route = m.collection === 'visits' ? 'visit' : 'mediation';
    const confirmBox = h('div', { class: 'confirm', hidden: true },
      h('p', {}, 'Discard this change for good? It will not be sent.'),
      h('button', {
        type: 'button', class: 'danger',
        onclick: async () => {
          await store.discardRejected(uid, m.mutation_id);
          await app.saved();
          app.go('#/attention');
        },
      }, 'Yes, discard'),
      h('button', { type: 'button', class: 'secondary', onclick: () => { confirmBox.hidden = true; } }, 'Cancel'));
    const reasons = Object.entries(m.errors || {})
      .map(([k, v]) => h('li', {}, `${LABELS[k] || words(k)}: ${[].concat(v).join(' ')}`));
    return h('li', { class: 'card' },
      h('h3', {}, `${words(m.collection).replace(/s$/, '')} ${m.op === 'delete' ? 'deletion' : 'entry'}, ${formatTime(m.edited_at)}`),
      reasons.length ? h('ul', { class: 'reasons' }, reasons) : h('p', {}, 'Refused by the server.'),
      m.op === 'delete' ? null : h('button', { type: 'button', class: 'primary', onclick: () => app.go(`#/${route}/${m.record_id}`) }, 'Fix'),
      h('button', { type: 'button', class: 'secondary', onclick: () => { confirmBox.hidden = false; } }, 'Discard'),
      confirmBox);
  };
  mount(main, 
    h('h1', {}, 'Needs attention'),
    h('h2', {}, 'Rejected by the server'),
    rejected.length ? h('ul', { class: 'cards' }, rejected.map(item)) : h('p', { class: 'empty' }, 'Nothing rejected.'),
    h('h2', {}, 'Flagged for review'),
    h('p', { class: 'hint' }, 'Edited in two places at once: both versions are kept and a lead will review them.'),
    entryList(flagged, app, 'Nothing flagged.'),
  );
}
