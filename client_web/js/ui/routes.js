// The screens by hash route: #/<name>/<args>.

import { attentionScreen } from './attention.js';
import { entriesScreen } from './entries.js';
import { homeScreen } from './home.js';
import { mediationForm } from './mediation-form.js';
import { neighborhoodsScreen } from './neighborhoods.js';
import { settingsScreen, signOutScreen } from './settings.js';
import { signInScreen } from './sign-in.js';
import { teamScreen } from './team.js';
import { visitForm } from './visit-form.js';

export const routes = {
  '': homeScreen,
  signin: signInScreen,
  visit: visitForm,
  mediation: mediationForm,
  entries: entriesScreen,
  neighborhoods: neighborhoodsScreen,
  attention: attentionScreen,
  settings: settingsScreen,
  signout: signOutScreen,
  team: teamScreen,
};
