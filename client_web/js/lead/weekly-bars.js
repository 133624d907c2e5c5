/**
 * Weekly visits per neighborhood as small inline SVG bar charts, with the weekly target as a line.
 *
 * Each chart is an image with a text alternative listing every week's count and the target, and
 * each bar has a title, so the numbers are there without the picture.
 */

import { h, s, section } from './dom.js';
import { shortDate } from './format.js';

const WIDTH = 280;
const HEIGHT = 72;
const TOP = 6;

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function chart(row) {
  const weeks = row.weeks || [];
  const target = row.target_visits_per_week ?? 0;
  const most = Math.max(1, target, ...weeks.map((w) => w.visits || 0));
  const y = (value) => TOP + (HEIGHT - TOP) * (1 - value / most);
  const slot = WIDTH / Math.max(1, weeks.length);
  const bars = weeks.map((week, i) => {
    const met = target > 0 && week.visits >= target;
    return s(
      'rect',
      {
        x: (i * slot + slot * 0.15).toFixed(1),
        y: y(week.visits || 0).toFixed(1),
        width: (slot * 0.7).toFixed(1),
        height: (HEIGHT - y(week.visits || 0)).toFixed(1),
        class: met ? 'lead-bar lead-bar-met' : 'lead-bar',
      },
      s('title', { text: `Week of ${shortDate(week.start)}: ${week.visits} visits` }),
    );
  });
  const line =
    target > 0
      ? s('line', {
          x1: '0',
          x2: String(WIDTH),
          y1: y(target).toFixed(1),
          y2: y(target).toFixed(1),
          class: 'lead-target-line',
        })
      : null;
  const counts = weeks.map((w) => `${shortDate(w.start)}: ${w.visits}`).join(', ');
  const label = `${row.name}, visits per week: ${counts || 'none'}; target ${target || 'none'} a week`;
  return h(
    'figure',
    { class: 'lead-weekly-chart' },
    s(
      'svg',
      {
        viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
        role: 'img',
        'aria-label': label,
        preserveAspectRatio: 'none',
      },
      s('line', {
        x1: '0',
        x2: String(WIDTH),
        y1: String(HEIGHT),
        y2: String(HEIGHT),
        class: 'lead-axis',
      }),
      bars,
      line,
    ),
    h(
      'figcaption',
      {},
      h('span', { class: 'lead-weekly-name', text: row.name }),
      h('span', { class: 'lead-muted', text: ` ${captionText(weeks, target)}` }),
    ),
  );
}

function captionText(weeks, target) {
  const total = (field) => weeks.reduce((sum, w) => sum + (w[field] || 0), 0);
  const goal = target ? `${target} a week` : 'none';
  const visits = plural(total('visits'), 'visit');
  const when = `${total('night_visits')} at night, ${total('weekend_visits')} at weekends`;
  return `${visits} (${when}) in ${weeks.length} weeks · target ${goal}`;
}

/** The weekly section from `GET /reports/weekly`, or a message when it could not be read. */
export function weeklyBars(weekly, error) {
  const card = section('Weekly visits', 'lead-weekly');
  if (!weekly) {
    card.append(h('p', { class: 'lead-muted', text: `Weekly figures: ${error || 'not loaded'}.` }));
    return card;
  }
  card.append(
    h('p', {
      class: 'lead-muted',
      text: 'Bars: visits each week (oldest first); line: the weekly target.',
    }),
  );
  card.append(...(weekly.neighborhoods || []).map(chart));
  return card;
}
