/**
 * What the lead chose on the screen (range, sort, selected neighborhood, unsent note drafts).
 *
 * The app redraws its screens when a sync brings changes; kept here, at module level, a redraw
 * neither resets the lead's choices nor loses a half-written review note. Reset for another user.
 */

const state = { userId: undefined };

function reset(userId) {
  state.userId = userId;
  state.range = null;
  state.rangeDraft = {};
  state.sort = { key: null, direction: null };
  state.selected = null;
  state.drafts = new Map();
}

/** The view state of `user`, fresh when a different user signs in on this page. */
export function viewState(user) {
  const id = user?.id ?? null;
  if (state.userId !== id) reset(id);
  return state;
}
