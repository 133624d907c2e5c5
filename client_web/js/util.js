// Small helpers: ids, times with the device's offset, formatting.

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const pad = (n) => String(n).padStart(2, '0');

// ISO 8601 with the device's offset (DESIGN: times carry an offset; the server keeps the instant).
export function isoLocal(date) {
  const off = -date.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const abs = Math.abs(off);
  return `${localDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
    + `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export const isoNow = () => isoLocal(new Date());

export function localDate(date) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// The value of an <input type="datetime-local"> for a date, and back.
export const toInputValue = (date) => `${localDate(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
export const fromInputValue = (value) => (value ? new Date(value) : null);

export function formatTime(iso) {
  if (!iso) return 'never';
  const d = new Date(iso);
  const today = localDate(d) === localDate(new Date());
  const time = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return today ? `today ${time}` : `${d.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${time}`;
}

export const words = (code) => String(code || '').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

export function startOfWeek(date = new Date()) {
  const d = new Date(date.getFullYear(), date.getMonth(), date.getDate());
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7)); // Monday
  return d;
}
