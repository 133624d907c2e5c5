// `Log visit`: saves with nothing but a neighborhood chosen; every other field has a default.

import { readDateTime, dateTimeField, locationField, neighborhoodField, notesField, numberField, selectField } from './form-kit.js';
import { entryForm } from './entry-form.js';
import { words } from '../util.js';

export const VISIT_KINDS = ['street_presence', 'home_visit', 'hospital_response', 'community_event',
  'school', 'follow_up', 'scene_response', 'other'];

const spec = {
  collection: 'visits',
  noun: 'Visit',
  title: 'Log visit',
  editTitle: 'Edit visit',
  build(v, { neighborhoods, uid, lastUsed }) {
    const location = locationField(v.location);
    const controls = [
      neighborhoodField(neighborhoods, uid, v.neighborhood_id, lastUsed),
      selectField('Kind', 'kind', VISIT_KINDS, v.kind || 'street_presence', words),
      dateTimeField('Started', 'started_at', v.started_at),
      numberField('Duration (minutes)', 'duration_minutes', v.duration_minutes ?? 30, { max: 1440 }),
      numberField('People engaged', 'people_engaged', v.people_engaged ?? 0),
      location.element,
      notesField(v.notes),
    ];
    const get = (name) => controls.map((c) => c.querySelector?.(`[name="${name}"]`)).find(Boolean);
    return {
      controls,
      read: () => ({
        neighborhood_id: get('neighborhood_id').value,
        kind: get('kind').value,
        started_at: readDateTime(get('started_at')),
        duration_minutes: Number(get('duration_minutes').value),
        people_engaged: Number(get('people_engaged').value),
        location: location.read(),
        notes: get('notes').value,
      }),
    };
  },
  validate(f) {
    const errors = {};
    if (!f.neighborhood_id) errors.neighborhood_id = 'Choose a neighborhood.';
    if (!f.started_at) errors.started_at = 'Enter when the visit started.';
    if (!Number.isInteger(f.duration_minutes) || f.duration_minutes < 0 || f.duration_minutes > 1440) {
      errors.duration_minutes = 'Between 0 and 1440 minutes.';
    }
    if (!Number.isInteger(f.people_engaged) || f.people_engaged < 0) errors.people_engaged = 'A whole number, 0 or more.';
    if (f.notes.length > 4000) errors.notes = 'At most 4000 characters.';
    return errors;
  },
};

export const visitForm = (main, app, id) => entryForm(main, app, spec, id);
