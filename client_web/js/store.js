// The local replica: records, the outbox and rejected mutations of ONE user, over db.js.
// A save writes the record and its outbox mutation in one transaction: an entry is never
// saved without the mutation that will send it, nor sent without being saved.

import { req, transact } from './db.js';
import { isoNow, uuid } from './util.js';

const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export async function getMeta(key, fallback = null) {
  const row = await transact(['meta'], 'readonly', ({ meta }) => req(meta.get(key)));
  return row ? row.value : fallback;
}

export function setMeta(key, value) {
  return transact(['meta'], 'readwrite', ({ meta }) => req(meta.put({ key, value })));
}

export async function deviceId() {
  let id = await getMeta('device_id');
  if (!id) {
    id = uuid();
    await setMeta('device_id', id);
  }
  return id;
}

export function listRecords(uid, collection, { withDeleted = false } = {}) {
  return transact(['records'], 'readonly', async ({ records }) => {
    const all = await req(records.index('by_user_collection').getAll([uid, collection]));
    return withDeleted ? all : all.filter((r) => !r.deleted);
  });
}

export function getRecord(uid, collection, id) {
  return transact(['records'], 'readonly', ({ records }) => req(records.get([uid, collection, id])));
}

function pendingFor(outbox, uid, id) {
  return req(outbox.index('by_record').getAll([uid, id]));
}

// Saves an entry (new when id is null). Resolves with {id, committedAt} after the commit.
export async function saveRecord(uid, collection, id, fields) {
  const recordId = id || uuid();
  await transact(['records', 'outbox', 'rejected'], 'readwrite', async ({ records, outbox, rejected }) => {
    const existing = await req(records.get([uid, collection, recordId]));
    const pending = await pendingFor(outbox, uid, recordId);
    const chained = pending.length > 0;
    const mutation = {
      user_id: uid, mutation_id: uuid(), collection, record_id: recordId, op: 'upsert',
      edited_at: isoNow(), base_rev: null, chained: false, attempted: false,
    };
    let data = fields;
    if (existing && (existing.rev != null || chained)) {
      // An update sends only the fields changed since what the server (or the queue) has.
      const base = chained ? existing.data : existing.server || {};
      data = Object.fromEntries(Object.entries(fields).filter(([k, v]) => !same(base[k], v)));
      mutation.base_rev = chained ? null : existing.rev;
      mutation.chained = chained;
    }
    const record = existing || { user_id: uid, collection, id: recordId, rev: null, server: null };
    record.data = { ...(existing ? existing.data : {}), ...fields, worker_id: uid };
    record.deleted = false;
    record.local_edited_at = mutation.edited_at;
    // A saved fix replaces the rejected mutations of this record.
    for (const bad of await req(rejected.index('by_user').getAll(uid))) {
      if (bad.record_id === recordId) rejected.delete(bad.mutation_id);
    }
    if (Object.keys(data).length > 0) {
      mutation.data = data;
      outbox.add(mutation);
      record.pending = pending.length + 1;
    }
    records.put(record);
  });
  return recordId;
}

export async function deleteRecord(uid, collection, id) {
  await transact(['records', 'outbox', 'rejected'], 'readwrite', async ({ records, outbox, rejected }) => {
    const record = await req(records.get([uid, collection, id]));
    if (!record) return;
    const pending = await pendingFor(outbox, uid, id);
    for (const bad of await req(rejected.index('by_user').getAll(uid))) {
      if (bad.record_id === id) rejected.delete(bad.mutation_id);
    }
    if (record.rev == null && pending.every((m) => !m.attempted)) {
      // Never reached the server: forgetting it here is the whole delete.
      for (const m of pending) outbox.delete(m.n);
      records.delete([uid, collection, id]);
      return;
    }
    outbox.add({
      user_id: uid, mutation_id: uuid(), collection, record_id: id, op: 'delete',
      edited_at: isoNow(), base_rev: pending.length ? null : record.rev,
      chained: pending.length > 0, attempted: false,
    });
    records.put({ ...record, deleted: true, pending: pending.length + 1 });
  });
}

export function pendingCount(uid) {
  return transact(['outbox'], 'readonly', ({ outbox }) => req(outbox.index('by_user').count(uid)));
}

export function listOutbox(uid) {
  return transact(['outbox'], 'readonly', ({ outbox }) => req(outbox.index('by_user').getAll(uid)));
}

export function listRejected(uid) {
  return transact(['rejected'], 'readonly', ({ rejected }) => req(rejected.index('by_user').getAll(uid)));
}

// The next batch to push, in order; it stops before a record's second mutation, whose base_rev
// is the rev the first one produces (known only once its answer is read).
export function nextBatch(uid, max) {
  return transact(['outbox', 'records'], 'readwrite', async ({ outbox, records }) => {
    const queued = await req(outbox.index('by_user').getAll(uid, max));
    const batch = [];
    const seen = new Set();
    for (const m of queued) {
      if (seen.has(m.record_id)) break;
      seen.add(m.record_id);
      if (m.chained) {
        const record = await req(records.get([uid, m.collection, m.record_id]));
        m.base_rev = record ? record.rev : null;
      }
      m.attempted = true;
      outbox.put(m);
      batch.push(m);
    }
    return batch;
  });
}

function settle(record, status, m, result) {
  record.pending = Math.max(0, (record.pending || 1) - 1);
  if (status === 'rejected') return;
  if (result.rev != null) record.rev = result.rev;
  if (status === 'conflict' && result.record) {
    record.rev = result.record.rev;
    record.server = result.record.data;
    if (record.pending === 0) {
      record.deleted = !!result.record.deleted;
      if (result.record.data) record.data = result.record.data;
    }
  } else if (m.op === 'upsert') {
    record.server = { ...(record.server || {}), ...m.data };
  }
}

// Applies a push answer: accepted mutations leave the outbox, rejected ones go to the worker.
export function applyPushResults(uid, batch, results) {
  return transact(['outbox', 'records', 'rejected'], 'readwrite', async ({ outbox, records, rejected }) => {
    const byId = new Map(batch.map((m) => [m.mutation_id, m]));
    const counts = {};
    for (const result of results) {
      const m = byId.get(result.mutation_id);
      const known = ['applied', 'duplicate', 'merged', 'conflict', 'rejected'];
      if (!m || !known.includes(result.status)) continue;
      counts[result.status] = (counts[result.status] || 0) + 1;
      outbox.delete(m.n);
      if (result.status === 'rejected') {
        rejected.put({ ...m, errors: result.errors || {}, rejected_at: isoNow() });
      }
      const key = [uid, m.collection, m.record_id];
      const record = await req(records.get(key));
      if (!record) continue;
      settle(record, result.status, m, result);
      if (record.deleted && record.pending === 0 && result.status !== 'rejected') records.delete(key);
      else records.put(record);
    }
    return counts;
  });
}

// Applies one pull page and moves the cursor in the same transaction.
export function applyPullPage(uid, changes, cursor) {
  return transact(['records', 'meta', 'outbox'], 'readwrite', async ({ records, meta, outbox }) => {
    const queued = new Set((await req(outbox.index('by_user').getAll(uid))).map((m) => m.record_id));
    for (const c of changes) {
      const key = [uid, c.collection, c.record_id];
      const existing = queued.has(c.record_id) ? await req(records.get(key)) : null;
      if (existing && existing.pending > 0) {
        // Unsent local edits stay on screen; the server's copy is kept beside them.
        existing.rev = c.rev;
        existing.server = c.data;
        records.put(existing);
      } else if (c.deleted) {
        records.delete(key);
      } else {
        records.put({
          user_id: uid, collection: c.collection, id: c.record_id, rev: c.rev,
          deleted: false, data: c.data, server: c.data, pending: 0,
        });
      }
    }
    meta.put({ key: `cursor:${uid}`, value: cursor });
  }, 'relaxed');
}

// Drops what was pulled and keeps everything not yet accepted by the server: used for the
// protocol's "reset" and on sign-out (a lost phone shows nobody the team's data). A record is
// kept while a mutation of it is queued or rejected, even if its pending count says otherwise.
export function resetPulled(uid) {
  const stores = ['records', 'meta', 'outbox', 'rejected'];
  return transact(stores, 'readwrite', async ({ records, meta, outbox, rejected }) => {
    const unsent = new Set();
    for (const m of await req(outbox.index('by_user').getAll(uid))) unsent.add(m.record_id);
    for (const m of await req(rejected.index('by_user').getAll(uid))) unsent.add(m.record_id);
    for (const r of await req(records.index('by_user').getAll(uid))) {
      if (r.rev != null && !(r.pending > 0) && !unsent.has(r.id)) {
        records.delete([uid, r.collection, r.id]);
      }
    }
    meta.delete(`cursor:${uid}`);
  });
}

// Forgets a rejected mutation on the worker's explicit request.
export function discardRejected(uid, mutationId) {
  return transact(['rejected', 'records'], 'readwrite', async ({ rejected, records }) => {
    const bad = await req(rejected.get(mutationId));
    if (!bad || bad.user_id !== uid) return;
    rejected.delete(mutationId);
    const key = [uid, bad.collection, bad.record_id];
    const record = await req(records.get(key));
    if (!record) return;
    if (record.rev == null && !(record.pending > 0)) records.delete(key);
    else if (record.server && !(record.pending > 0)) records.put({ ...record, data: record.server, deleted: false });
  });
}

// Everything of this user the server has not accepted: the "save as a file" content.
export async function unsentExport(uid) {
  return transact(['outbox', 'rejected', 'records'], 'readonly', async ({ outbox, rejected, records }) => {
    const mutations = await req(outbox.index('by_user').getAll(uid));
    const bad = await req(rejected.index('by_user').getAll(uid));
    const ids = new Set([...mutations, ...bad].map((m) => `${m.collection}/${m.record_id}`));
    const all = await req(records.index('by_user').getAll(uid));
    return {
      exported_at: isoNow(), user_id: uid, outbox: mutations, rejected: bad,
      records: all.filter((r) => ids.has(`${r.collection}/${r.id}`)),
    };
  });
}
