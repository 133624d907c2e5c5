// `Log mediation`: every field of DESIGN's mediations; `Follow-up due` follows `Occurred`
// (72 hours later) until the worker sets it.

import { localDate, words } from '../util.js';
import { entryForm } from './entry-form.js';
import { field, h } from './dom.js';
import { readDateTime, dateTimeField, locationField, neighborhoodField, notesField, numberField, selectField } from './form-kit.js';

const CONFLICT_TYPES = ['group', 'interpersonal', 'domestic', 'retaliation', 'business', 'social_media', 'other'];
const WEAPONS = ['unknown', 'yes', 'no'];
const RISK = ['low', 'medium', 'high', 'imminent'];
const OUTCOMES = ['resolved', 'temporarily_resolved', 'ongoing', 'escalated', 'referred'];

const followUpFor = (occurred) => localDate(new Date(new Date(occurred).getTime() + 72 * 3600 * 1000));

const spec = {
  collection: 'mediations',
  noun: 'Mediation',
  title: 'Log mediation',
  editTitle: 'Edit mediation',
  build(v, { neighborhoods, uid, lastUsed }) {
    const location = locationField(v.location);
    const occurred = dateTimeField('Occurred', 'occurred_at', v.occurred_at);
    const occurredInput = occurred.querySelector('input');
    const due = h('input', { type: 'date', name: 'follow_up_due' });
    due.value = v.follow_up_due || followUpFor(readDateTime(occurredInput));
    let dueTouched = !!v.follow_up_due;
    due.addEventListener('input', () => { dueTouched = true; });
    occurredInput.addEventListener('change', () => {
      const at = readDateTime(occurredInput);
      if (!dueTouched && at) due.value = followUpFor(at);
    });
    const choose = { placeholder: 'Choose…' };
    const controls = [
      neighborhoodField(neighborhoods, uid, v.neighborhood_id, lastUsed),
      occurred,
      selectField('Conflict type', 'conflict_type', CONFLICT_TYPES, v.conflict_type, words, choose),
      numberField('Parties count', 'parties_count', v.parties_count ?? 2, { min: 2 }),
      selectField('Weapons present', 'weapons_present', WEAPONS, v.weapons_present || 'unknown', words),
      selectField('Risk level', 'risk_level', RISK, v.risk_level, words, choose),
      selectField('Outcome', 'outcome', OUTCOMES, v.outcome, words, choose),
      field('Follow-up due', due, 'Defaults to 72 hours after the mediation.'),
      location.element,
      notesField(v.notes),
    ];
    const get = (name) => controls.map((c) => c.querySelector?.(`[name="${name}"]`)).find(Boolean);
    return {
      controls,
      read: () => ({
        neighborhood_id: get('neighborhood_id').value,
        occurred_at: readDateTime(occurredInput),
        conflict_type: get('conflict_type').value,
        parties_count: Number(get('parties_count').value),
        weapons_present: get('weapons_present').value,
        risk_level: get('risk_level').value,
        outcome: get('outcome').value,
        follow_up_due: due.value || null,
        location: location.read(),
        notes: get('notes').value,
      }),
    };
  },
  validate(f) {
    const errors = {};
    if (!f.neighborhood_id) errors.neighborhood_id = 'Choose a neighborhood.';
    if (!f.occurred_at) errors.occurred_at = 'Enter when it happened.';
    if (!f.conflict_type) errors.conflict_type = 'Choose a conflict type.';
    if (!Number.isInteger(f.parties_count) || f.parties_count < 2) errors.parties_count = 'At least 2.';
    if (!f.risk_level) errors.risk_level = 'Choose a risk level.';
    if (!f.outcome) errors.outcome = 'Choose an outcome.';
    if (f.notes.length > 4000) errors.notes = 'At most 4000 characters.';
    return errors;
  },
};

export const mediationForm = (main, app, id) => entryForm(main, app, spec, id);
