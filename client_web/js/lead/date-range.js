/**
 * The report's date range: presets (this week, last 4 weeks) and custom Start/End inputs.
 *
 * Weeks start on Monday. A range is a pair of local dates, both included, as the API takes them.
 */

import { h } from './dom.js';
import { addDays, isoDate, parseDate } from './format.js';

export function mondayOf(date) {
  const day = (date.getDay() + 6) % 7; // Monday 0 .. Sunday 6
  return addDays(new Date(date.getFullYear(), date.getMonth(), date.getDate()), -day);
}

export function thisWeek(today = new Date()) {
  const monday = mondayOf(today);
  return { preset: 'week', start: isoDate(monday), end: isoDate(addDays(monday, 6)) };
}

/** The current week and the three before it. */
export function lastFourWeeks(today = new Date()) {
  const monday = mondayOf(today);
  return {
    preset: '4weeks',
    start: isoDate(addDays(monday, -21)),
    end: isoDate(addDays(monday, 6)),
  };
}

/** Weeks the weekly chart shows: at least 4, back to the range's start, at most 26. */
export function weeksToShow(range, today = new Date()) {
  const back = Math.round((mondayOf(today) - mondayOf(parseDate(range.start))) / (7 * 864e5)) + 1;
  return Math.min(26, Math.max(4, back));
}

/**
 * The range controls; `onChange(range)` runs for a preset or a submitted custom range.
 * `draft` (an object kept by the caller) holds dates typed but not yet shown, so that a redraw
 * of the screen (the app redraws after a sync) does not undo the typing.
 */
export function rangeControls(range, onChange, draft = {}) {
  const input = (name) => {
    const el = h('input', {
      type: 'date',
      id: `lead-${name}`,
      name,
      value: draft[name] ?? range[name],
      required: true,
    });
    el.addEventListener('input', () => {
      draft[name] = el.value;
    });
    return el;
  };
  const start = input('start');
  const end = input('end');
  const error = h('p', { class: 'lead-error', role: 'alert' });
  const preset = (label, make, key) =>
    h('button', {
      type: 'button',
      class: 'lead-preset',
      'aria-pressed': range.preset === key ? 'true' : 'false',
      onclick: () => onChange(make()),
      text: label,
    });
  const form = h(
    'form',
    {
      class: 'lead-range',
      'aria-label': 'Date range',
      onsubmit: (event) => {
        event.preventDefault();
        if (!start.value || !end.value || start.value > end.value) {
          error.textContent = 'Start must be a date on or before End.';
          return;
        }
        error.textContent = '';
        onChange({ preset: 'custom', start: start.value, end: end.value });
      },
    },
    h(
      'div',
      { class: 'lead-presets' },
      preset('This week', thisWeek, 'week'),
      preset('Last 4 weeks', lastFourWeeks, '4weeks'),
    ),
    h(
      'div',
      { class: 'lead-custom' },
      h('label', { for: 'lead-start' }, h('span', { text: 'Start' }), start),
      h('label', { for: 'lead-end' }, h('span', { text: 'End' }), end),
      h('button', { type: 'submit', text: 'Show' }),
    ),
    error,
  );
  return form;
}
