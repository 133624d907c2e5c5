/**
 * Records flagged for review after a sync conflict: the lead adds notes and marks them reviewed.
 *
 * A review is appended as a record of its own (DESIGN); the worker's words are never edited
 * here. Notes describe people at risk, hence the reminder next to every note field.
 */

import { asList } from './load-report.js';
import { h, section } from './dom.js';
import { dateTime, words } from './format.js';

let serial = 0;

/** The fields of a flagged record, wherever the conflicts list puts them. */
function fieldsOf(item) {
  return { ...(item.data || item.record || {}), ...item };
}

function summary(item, names) {
  const f = fieldsOf(item);
  const kind = words(f.collection || 'record').replace(/s$/, '');
  const when = f.started_at || f.occurred_at || f.edited_at || f.updated_at;
  const parts = [kind];
  if (f.neighborhood_id) parts.push(`in ${names.neighborhood(f.neighborhood_id)}`);
  if (f.worker_id) parts.push(`by ${names.worker(f.worker_id)}`);
  if (when) parts.push(`on ${dateTime(when)}`);
  return parts.join(' ');
}

const SHOWN = {
  visits: ['kind', 'started_at', 'duration_minutes', 'people_engaged', 'notes'],
  mediations: [
    'conflict_type',
    'occurred_at',
    'risk_level',
    'outcome',
    'weapons_present',
    'parties_count',
    'follow_up_due',
    'notes',
  ],
};

function shown(name, value) {
  if (value === null || value === undefined || value === '') return '—';
  if (name.endsWith('_at')) return dateTime(value);
  return typeof value === 'string' && !name.includes('notes') ? words(value) : String(value);
}

/** The record as it stands now (the losing values of the conflict are in its history). */
function recordFields(item) {
  if (item.deleted || !item.data) {
    return h('p', {
      class: 'lead-muted',
      text: 'Deleted in the conflict; it can be restored from its history.',
    });
  }
  const names = SHOWN[item.collection] || Object.keys(item.data);
  return h(
    'details',
    {},
    h('summary', { text: 'Record as it stands' }),
    h(
      'dl',
      { class: 'lead-record' },
      names
        .filter((n) => n in item.data)
        .map((n) =>
          h('div', {}, h('dt', { text: words(n) }), h('dd', { text: shown(n, item.data[n]) })),
        ),
    ),
  );
}

function notesList(notes) {
  if (!notes.length) return h('p', { class: 'lead-muted', text: 'No notes yet.' });
  return h(
    'ul',
    { class: 'lead-list' },
    notes.map((n) =>
      h(
        'li',
        {},
        h('strong', {
          text: `${n.reviewer_name || n.reviewer || 'Lead'}, ${dateTime(n.created_at || n.reviewed_at)}: `,
        }),
        n.note || '',
      ),
    ),
  );
}

function conflictItem(item, { postJSON, fetchJSON, names, isOnline, drafts = new Map() }) {
  const f = fieldsOf(item);
  const collection = f.collection;
  const recordId = f.record_id || f.id;
  const id = `lead-note-${++serial}`;
  const draftKey = `${collection}:${recordId}`;
  const note = h('textarea', {
    id,
    name: 'note',
    rows: '3',
    maxlength: '4000',
    'aria-describedby': `${id}-hint`,
  });
  note.value = drafts.get(draftKey) || '';
  note.addEventListener('input', () => drafts.set(draftKey, note.value));
  const status = h('p', { class: 'lead-status', role: 'status' });
  const notes = h('div', { class: 'lead-notes' });
  const li = h('li', { class: 'lead-conflict' });
  const markButton = h('button', {
    type: 'button',
    onclick: () => send(true),
    text: 'Mark reviewed',
  });

  const refreshNotes = async () => {
    const query = new URLSearchParams({ collection, record_id: recordId });
    notes.replaceChildren(
      notesList(asList(await fetchJSON(`/api/v1/reviews?${query}`), 'reviews')),
    );
  };
  const send = async (resolve) => {
    const text = note.value.trim();
    if (!text && !resolve) {
      status.textContent = 'Write a note first.';
      note.focus();
      return;
    }
    if (!isOnline()) {
      status.textContent =
        'Offline: a review needs a connection. Your note stays here; send it then.';
      return;
    }
    status.textContent = 'Sending…';
    try {
      await postJSON('/api/v1/reviews', { collection, record_id: recordId, note: text, resolve });
      note.value = '';
      drafts.delete(draftKey);
      status.textContent = resolve ? 'Marked reviewed.' : 'Note added.';
      if (resolve) {
        li.classList.add('lead-resolved');
        markButton.disabled = true; // cleared once; further notes can still be added
      }
      await refreshNotes().catch(() => {});
    } catch (error) {
      status.textContent = `Not sent: ${error.message || 'the server did not answer'}.`;
    }
  };

  li.append(
    h('h3', { text: summary(item, names) }),
    recordFields(item),
    h('label', { for: id, text: 'Note' }),
    h('p', {
      id: `${id}-hint`,
      class: 'lead-muted',
      text: 'No legal names: refer to people by program code or alias.',
    }),
    note,
    h(
      'div',
      { class: 'lead-actions' },
      h('button', { type: 'button', onclick: () => send(false), text: 'Add note' }),
      markButton,
      h('button', {
        type: 'button',
        class: 'lead-secondary',
        onclick: () =>
          refreshNotes().catch(() =>
            notes.replaceChildren(
              h('p', { class: 'lead-muted', text: 'Notes could not be loaded.' }),
            ),
          ),
        text: 'Show notes',
      }),
    ),
    status,
    notes,
  );
  return li;
}

export function conflictsReview(body, error, context) {
  const card = section('Conflicts to review', 'lead-conflicts');
  if (!body) {
    card.append(h('p', { class: 'lead-muted', text: `Conflicts: ${error || 'not loaded'}.` }));
    return card;
  }
  const items = asList(body, 'conflicts');
  if (!items.length) {
    card.append(h('p', { class: 'lead-muted', text: 'Nothing to review.' }));
    return card;
  }
  card.append(
    h(
      'ul',
      { class: 'lead-list' },
      items.map((item) => conflictItem(item, context)),
    ),
  );
  return card;
}
