// The always-visible status: online or not, pending count, last successful sync, what failed
// and when it retries, and the one "Sync now" button.

import { formatTime } from '../util.js';
import { clear, h } from './dom.js';

export function renderStatus(el, { online, pending, rejected, lastSuccess, status, onSync }) {
  const retry = status.retryAt ? ` Next try ${formatTime(status.retryAt)}.` : '';
  clear(el).append(
    h('p', { class: 'status-line' },
      h('span', { class: online ? 'badge ok' : 'badge off' }, online ? 'Online' : 'Offline'),
      h('span', { 'data-testid': 'pending' }, `Pending: ${pending}`),
      rejected ? h('span', { class: 'warn' }, `Needs fixing: ${rejected}`) : null,
      h('span', { 'data-testid': 'last-sync' }, `Last sync: ${formatTime(lastSuccess)}`)),
    h('p', { class: `sync-message ${status.phase}`, 'data-testid': 'sync-message' },
      `${status.message || ''}${retry}`),
    h('button', { type: 'button', class: 'sync', onclick: onSync, disabled: status.phase === 'syncing' },
      'Sync now'),
  );
}
