/**
 * Coverage bands: how far a neighborhood is from its weekly promise, for colour and legend.
 *
 * Colour is never the only signal: every shape's label and the table carry the ratio in words.
 */

export const BANDS = [
  { key: 'low', label: 'Under 50% of target' },
  { key: 'mid', label: '50–99% of target' },
  { key: 'met', label: '100% or more' },
  { key: 'none', label: 'No target' },
];

/** The band key of a coverage ratio (null: no target). */
export function bandOf(ratio) {
  if (ratio === null || ratio === undefined) return 'none';
  if (ratio < 0.5) return 'low';
  if (ratio < 1) return 'mid';
  return 'met';
}
