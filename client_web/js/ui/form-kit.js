// Controls the two entry forms share: the neighborhood select, times, numbers, location, notes.

import { currentPosition, nearest, positionIfAllowed } from '../geo.js';
import { fromInputValue, isoLocal, localDate, toInputValue } from '../util.js';
import { field, h, options } from './dom.js';

export const NOTES_REMINDER = 'Write no names: refer to people by program code or alias only.';

// Whether a neighborhood is assigned to the user today (pull data carries its assignments).
export function isAssigned(n, uid, today = localDate(new Date())) {
  return (n.data.assignments || []).some((a) => a.worker_id === uid
    && (!a.starts_on || a.starts_on <= today) && (!a.ends_on || a.ends_on >= today));
}

export function sortNeighborhoods(list, uid) {
  const byName = (a, b) => String(a.data.name).localeCompare(String(b.data.name));
  const mine = list.filter((n) => isAssigned(n, uid)).sort(byName);
  const others = list.filter((n) => !isAssigned(n, uid)).sort(byName);
  return { mine, others };
}

// The `Neighborhood` select; preselects the value, else the nearest assigned one by GPS when
// the worker already allowed location, else the last one used.
export function neighborhoodField(neighborhoods, uid, value, lastUsed) {
  const { mine, others } = sortNeighborhoods(neighborhoods, uid);
  const opt = (n) => h('option', { value: n.id }, `${n.data.name}${n.data.code ? ` (${n.data.code})` : ''}`);
  const select = h('select', { name: 'neighborhood_id', required: true },
    h('option', { value: '' }, 'Choose a neighborhood'),
    mine.length ? h('optgroup', { label: 'Assigned to you' }, mine.map(opt)) : null,
    others.length ? h('optgroup', { label: mine.length ? 'Other team neighborhoods' : 'Team neighborhoods' }, others.map(opt)) : null);
  const known = (id) => neighborhoods.some((n) => n.id === id);
  let touched = false;
  select.addEventListener('change', () => { touched = true; });
  if (value && known(value)) {
    select.value = value;
  } else {
    select.value = known(lastUsed) ? lastUsed : mine.length === 1 ? mine[0].id : '';
    const candidates = mine.filter((n) => n.data.geometry);
    if (candidates.length) {
      positionIfAllowed().then((pos) => {
        const near = pos && nearest(candidates, pos);
        if (near && !touched) select.value = near.id;
      });
    }
  }
  const hint = neighborhoods.length ? null : 'No neighborhoods yet: sync once while online.';
  return field('Neighborhood', select, hint);
}

export function selectField(label, name, values, selected, labelOf, { placeholder } = {}) {
  const select = h('select', { name },
    placeholder ? h('option', { value: '' }, placeholder) : null,
    options(values, selected, labelOf));
  select.value = selected ?? '';
  return field(label, select);
}

export function numberField(label, name, value, { min = 0, max } = {}) {
  const input = h('input', { type: 'number', name, inputmode: 'numeric', min, max, step: 1, value: String(value) });
  return field(label, input);
}

// A datetime-local input; an untouched value reads back as the original string (same instant).
export function dateTimeField(label, name, iso) {
  const date = iso ? new Date(iso) : new Date();
  const input = h('input', { type: 'datetime-local', name, required: true, value: toInputValue(date) });
  input.dataset.initial = input.value;
  input.dataset.original = iso || '';
  return field(label, input);
}

export function readDateTime(input) {
  if (input.dataset.original && input.value === input.dataset.initial) return input.dataset.original;
  const date = fromInputValue(input.value);
  return date && !Number.isNaN(date.getTime()) ? isoLocal(date) : null;
}

export function notesField(value) {
  const area = h('textarea', { name: 'notes', rows: 4, maxlength: 4000 });
  area.value = value || '';
  return field('Notes', area, NOTES_REMINDER);
}

// The optional location with its accuracy; asks for GPS only when the worker presses the button.
export function locationField(value) {
  let current = value || null;
  const shown = h('p', { class: 'location-value', 'aria-live': 'polite' });
  const add = h('button', { type: 'button', class: 'secondary' }, 'Add my location');
  const remove = h('button', { type: 'button', class: 'secondary' }, 'Remove location');
  const show = (message) => {
    shown.textContent = message || (current
      ? `${current.lat}, ${current.lon} (accuracy ${current.accuracy_m} m)` : 'No location added.');
    remove.hidden = !current;
  };
  add.addEventListener('click', async () => {
    show('Finding your location…');
    try {
      current = await currentPosition();
      show();
    } catch (error) {
      show(`Location not available: ${error.message || 'permission refused'}.`);
    }
  });
  remove.addEventListener('click', () => { current = null; show(); });
  show();
  const box = h('fieldset', { class: 'field location', 'data-field': 'location' },
    h('legend', {}, 'Location (optional)'), shown, h('div', { class: 'row' }, add, remove),
    h('p', { class: 'error', hidden: true }));
  return { element: box, read: () => current };
}

// Shows field errors ({field: [messages]}) under their controls; answers the unplaced ones.
export function showErrors(form, errors) {
  for (const p of form.querySelectorAll('.error')) { p.hidden = true; p.textContent = ''; }
  for (const c of form.querySelectorAll('[aria-invalid]')) c.removeAttribute('aria-invalid');
  const rest = {};
  for (const [name, messages] of Object.entries(errors || {})) {
    const box = form.querySelector(`[data-field="${name}"]`);
    const text = [].concat(messages).map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
    if (!box) { rest[name] = text; continue; }
    const p = box.querySelector('.error');
    p.textContent = text;
    p.hidden = false;
    const control = box.querySelector('input, select, textarea');
    if (control) control.setAttribute('aria-invalid', 'true');
  }
  return rest;
}
