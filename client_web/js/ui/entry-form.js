// The shared flow of the visit and mediation forms: load, fill, check, save in one
// transaction (record + outbox), delete, and show what the server rejected.

import * as store from '../store.js';
import { h, mount } from './dom.js';
import { showErrors } from './form-kit.js';

// Save-to-commit times, read by benchmarks/pwa.py.
self.fieldbookMetrics = self.fieldbookMetrics || { saves: [] };

export async function entryForm(main, app, spec, id) {
  const uid = app.user.id;
  const isNew = !id || id === 'new';
  const [neighborhoods, record, rejected, lastUsed] = await Promise.all([
    store.listRecords(uid, 'neighborhoods'),
    isNew ? null : store.getRecord(uid, spec.collection, id),
    isNew ? [] : store.listRejected(uid).then((all) => all.filter((m) => m.record_id === id)),
    store.getMeta(`last_neighborhood:${uid}`),
  ]);
  if (!isNew && (!record || record.deleted)) {
    mount(main, h('h1', {}, 'Entry not found'), h('p', {}, 'It may have been deleted.'));
    return;
  }
  // A rejected edit is shown as the worker wrote it, to be fixed and saved again.
  const values = { ...(record ? record.data : {}), ...Object.assign({}, ...rejected.map((m) => m.data || {})) };
  if (isNew && app.presetNeighborhood) values.neighborhood_id = app.presetNeighborhood;
  app.presetNeighborhood = null;
  const built = spec.build(values, { neighborhoods, uid, lastUsed });
  const message = h('p', { class: 'form-message', role: 'status' });
  const form = h('form', { novalidate: true, class: 'entry' },
    built.controls, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save')),
    message);
  form.addEventListener('input', () => { app.dirty = true; });
  form.addEventListener('change', () => { app.dirty = true; });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fields = built.read();
    const errors = spec.validate(fields);
    showErrors(form, errors);
    if (Object.keys(errors).length) {
      message.textContent = `Check: ${Object.keys(errors).join(', ').replace(/_/g, ' ')}.`;
      form.querySelector('[aria-invalid="true"]')?.focus();
      return;
    }
    const started = performance.now();
    let savedId;
    try {
      savedId = await store.saveRecord(uid, spec.collection, isNew ? null : id, fields);
    } catch (error) {
      // Storage full or blocked: the transaction rolled back; the entry stays in the form.
      message.textContent = `Not saved: this phone refused to store it (${error && error.name ? error.name : error}). `
        + 'Your entry is still here; free some space or save unsent entries as a file, then try again.';
      return;
    }
    self.fieldbookMetrics.saves.push(performance.now() - started);
    await store.setMeta(`last_neighborhood:${uid}`, fields.neighborhood_id);
    app.flashAt = Date.now();
    app.flash = `${spec.noun} saved on this phone.`;
    app.lastSavedId = savedId;
    await app.saved();
    app.go('#/');
  });

  const notes = [];
  if (record && record.data.needs_review) {
    notes.push(h('p', { class: 'notice' }, 'This entry was edited in two places. Both versions are kept; a lead will review it.'));
  }
  if (rejected.length) {
    notes.push(h('p', { class: 'notice warn' }, 'The server did not accept this entry. Fix the marked fields and save again.'));
  }
  const remove = isNew ? null : deleteControls(app, spec, id);
  mount(main, h('h1', {}, isNew ? spec.title : spec.editTitle), notes, form, remove);
  const errors = Object.assign({}, ...rejected.map((m) => m.errors || {}));
  const rest = showErrors(form, errors);
  if (Object.keys(rest).length) {
    notes.push(h('p', { class: 'error' }, Object.entries(rest).map(([k, v]) => `${k}: ${v}`).join('; ')));
    main.insertBefore(notes[notes.length - 1], form);
  }
}

function deleteControls(app, spec, id) {
  const confirmBox = h('div', { class: 'confirm', hidden: true },
    h('p', {}, `Delete this ${spec.noun.toLowerCase()}? A lead can still see it in the history.`),
    h('button', {
      type: 'button', class: 'danger',
      onclick: async () => {
        await store.deleteRecord(app.user.id, spec.collection, id);
        app.flashAt = Date.now();
        app.flash = `${spec.noun} deleted.`;
        await app.saved();
        app.go('#/entries');
      },
    }, 'Yes, delete'),
    h('button', { type: 'button', class: 'secondary', onclick: () => { confirmBox.hidden = true; } }, 'Cancel'));
  return h('section', { class: 'danger-zone', 'aria-label': 'Delete' },
    h('button', { type: 'button', class: 'secondary', onclick: () => { confirmBox.hidden = false; } }, 'Delete'),
    confirmBox);
}
