/** How figures, dates and times read on the lead's screens. */

const DAY_MS = 24 * 60 * 60 * 1000;

/** `YYYY-MM-DD` of a Date in the browser's local time (the API's dates are local dates). */
export function isoDate(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A local Date at midnight from `YYYY-MM-DD`. */
export function parseDate(text) {
  const [y, m, d] = text.split('-').map(Number);
  return new Date(y, m - 1, d);
}

export function addDays(date, days) {
  const copy = new Date(date);
  copy.setDate(copy.getDate() + days);
  return copy;
}

/** A coverage ratio as a percentage; null (no target) reads as "no target". */
export function percent(ratio) {
  if (ratio === null || ratio === undefined) return 'no target';
  return `${Math.round(ratio * 100)}%`;
}

export function number(value) {
  if (value === null || value === undefined) return '—';
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export function dateTime(iso) {
  if (!iso) return 'never';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function shortDate(text) {
  if (!text) return '—';
  const date = text.length === 10 ? parseDate(text) : new Date(text);
  return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** Whole days from an instant to `now`; null when there is no instant. */
export function daysSince(iso, now = new Date()) {
  if (!iso) return null;
  return Math.max(0, Math.floor((now - new Date(iso)) / DAY_MS));
}

export function daysLabel(days) {
  if (days === null) return 'never';
  if (days === 0) return 'today';
  return days === 1 ? '1 day' : `${days} days`;
}

/** `snake_case` to words, for enum values shown as text. */
export function words(value) {
  const text = String(value ?? '').replaceAll('_', ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
