// Fieldbook's entry point.
import { start } from './app.js';

start().catch((error) => {
  // Without IndexedDB (a private window, storage blocked) nothing could be kept: say so.
  const main = document.getElementById('main');
  main.textContent = `Fieldbook cannot start on this browser: ${error && error.message ? error.message : error}. `
    + 'Entries could not be kept here; try a normal (not private) window.';
});
