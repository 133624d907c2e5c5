// Sync protocol 1: push the outbox in order and in batches, then pull until has_more is false.
// Success is reported only after the server's answer was read AND committed to IndexedDB.
// One tab syncs at a time (Web Locks); failures back off with jitter.

import { ApiError, request } from './api.js';
import { ensureSession } from './session.js';
import * as store from './store.js';

const PROTOCOL = 1;
const MAX_BATCH = 500;
const PULL_LIMIT = 1000;
export const LOCK = 'fieldbook-sync';
const BASE_DELAY = 5000;
const MAX_DELAY = 5 * 60 * 1000;
const SIGNED_OUT = 'Your session ended. Sign in again to send your entries; they stay on this phone.';
export const TIMER_MS = 3 * 60 * 1000;

export class Syncer extends EventTarget {
  constructor() {
    super();
    this.user = null;
    this.failures = 0;
    this.retryTimer = null;
    this.running = null;
    this.again = false;
    this.status = { phase: 'idle', message: '', retryAt: null };
    this.batchSize = MAX_BATCH;
  }

  setUser(user) {
    this.user = user;
    this.paused = false;
    this.failures = 0;
    clearTimeout(this.retryTimer);
  }

  // Signed out by the server: keep the user for the status, send nothing until signed in.
  pause(user) {
    this.user = user;
    this.paused = true;
    this.report('signed_out', SIGNED_OUT);
  }

  report(phase, message = '', extra = {}) {
    this.status = { phase, message, retryAt: null, ...extra };
    this.dispatchEvent(new CustomEvent('status', { detail: this.status }));
  }

  // Runs one sync; asked while one runs in this tab, it runs once more right after (a save
  // made during a sync's pull is sent now, not at the next timer). Never rejects.
  sync(reason = 'manual') {
    // After a 401 nothing is sent until the worker signs in again (no loop of refusals).
    if (!this.user || this.paused) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.#guarded(reason);
      } while (this.again && this.status.phase === 'ok');
    })().finally(() => { this.running = null; });
    return this.running;
  }

  async #guarded(reason) {
    clearTimeout(this.retryTimer);
    if (!navigator.onLine) {
      this.report('offline', 'Offline: entries are kept on this phone and sent when online.');
      return;
    }
    const run = () => this.#run(reason);
    if (!navigator.locks) return run();
    await navigator.locks.request(LOCK, { ifAvailable: true }, async (lock) => {
      if (!lock) {
        this.report('busy', 'Another tab is syncing right now.');
        this.#retryIn(BASE_DELAY);
        return;
      }
      await run();
    });
  }

  async #run() {
    const user = this.user;
    const started = performance.now();
    this.report('syncing', 'Syncing…');
    try {
      const deviceId = await store.deviceId();
      await ensureSession(user);
      const pushed = await this.#push(user, deviceId);
      await this.#pull(user, deviceId);
      const at = new Date().toISOString();
      await store.setMeta(`last_sync:${user.id}`, at);
      this.failures = 0;
      // Read by benchmarks/pwa.py: the time of the last successful sync, push to last pull page.
      self.fieldbookMetrics = { ...(self.fieldbookMetrics || {}), lastSyncMs: performance.now() - started };
      const bad = pushed.rejected || 0;
      const note = bad ? ` ${bad} ${bad === 1 ? 'entry needs' : 'entries need'} your attention.` : '';
      this.report('ok', `Synced.${note}`, { lastSuccess: at });
      this.dispatchEvent(new CustomEvent('synced', { detail: pushed }));
    } catch (error) {
      this.#failed(error);
    }
  }

  async #push(user, deviceId) {
    const totals = {};
    let csrfRetried = false;
    for (;;) {
      const batch = await store.nextBatch(user.id, this.batchSize);
      if (batch.length === 0) return totals;
      const mutations = batch.map((m) => {
        const out = {
          mutation_id: m.mutation_id, collection: m.collection, record_id: m.record_id,
          op: m.op, base_rev: m.base_rev, edited_at: m.edited_at,
        };
        if (m.op === 'upsert') out.data = m.data;
        return out;
      });
      let body;
      try {
        body = await request('/api/v1/sync/push', {
          method: 'POST', body: { protocol: PROTOCOL, device_id: deviceId, mutations },
        });
      } catch (error) {
        if (error instanceof ApiError && error.status === 413 && this.batchSize > 1) {
          this.batchSize = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        if (error instanceof ApiError && error.status === 403 && error.body?.error === 'csrf' && !csrfRetried) {
          csrfRetried = true; // the token changed (signed in again in another tab): fetch it once
          await ensureSession(user, true);
          continue;
        }
        throw error;
      }
      if (!body || !Array.isArray(body.results)) throw new ApiError(0, 'the push answer was malformed');
      const counts = await store.applyPushResults(user.id, batch, body.results);
      if (Object.keys(counts).length === 0) {
        // Nothing of the batch was answered: resending it now would loop; fail and retry later.
        throw new ApiError(0, 'the push answer did not cover the entries sent');
      }
      for (const [k, v] of Object.entries(counts)) totals[k] = (totals[k] || 0) + v;
      this.dispatchEvent(new CustomEvent('changed'));
    }
  }

  async #pull(user, deviceId) {
    const page = (cursor) => {
      const query = new URLSearchParams({ limit: String(PULL_LIMIT), device_id: deviceId });
      if (cursor) query.set('cursor', cursor);
      const answer = request(`/api/v1/sync/pull?${query}`);
      answer.catch(() => {}); // awaited below; a prefetched page may be dropped on failure
      return answer;
    };
    let changed = false;
    let next = page(await store.getMeta(`cursor:${user.id}`));
    for (;;) {
      const body = await next;
      if (body && body.reset) {
        await store.resetPulled(user.id);
        next = page(null);
        continue;
      }
      if (!body || !Array.isArray(body.changes)) throw new ApiError(0, 'the pull answer was malformed');
      // The next page downloads while this one is written; each page commits with its cursor.
      if (body.has_more) next = page(body.cursor);
      await store.applyPullPage(user.id, body.changes, body.cursor);
      changed = changed || body.changes.length > 0;
      if (!body.has_more) break;
    }
    // One redraw at the end: screens read every record, so not once per page.
    if (changed) this.dispatchEvent(new CustomEvent('changed'));
  }

  #failed(error) {
    const status = error instanceof ApiError ? error.status : 0;
    if (status === 401) {
      this.paused = true;
      this.report('signed_out', SIGNED_OUT);
      this.dispatchEvent(new CustomEvent('signed-out'));
      return;
    }
    if (status === 409) {
      this.report('upgrade', 'This app is older than the server. Update it to send your entries; they stay on this phone.');
      this.dispatchEvent(new CustomEvent('upgrade-required'));
      return;
    }
    this.failures += 1;
    const delay = Math.min(MAX_DELAY, BASE_DELAY * 2 ** (this.failures - 1));
    const jittered = Math.round(delay / 2 + Math.random() * (delay / 2));
    const retryAt = new Date(Date.now() + jittered);
    const what = status ? `the server answered ${status} (${error.message})` : error.message || 'unknown error';
    this.report('failed', `Sync failed: ${what}.`, { retryAt: retryAt.toISOString() });
    this.#retryIn(jittered);
  }

  #retryIn(ms) {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.sync('retry'), ms);
  }
}
