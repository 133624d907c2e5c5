// The IndexedDB schema and its upgrades, in one place, plus a promise wrapper for transactions.
// Every store is keyed by user id first: on a shared phone one user's entries are never read
// for another, and signing out deletes only what the server can give again (app.js).

const NAME = 'fieldbook';
const VERSION = 1;

// Each step upgrades from version i to i + 1; never edit a released step, add one.
const UPGRADES = [
  (db) => {
    db.createObjectStore('meta', { keyPath: 'key' });
    const records = db.createObjectStore('records', { keyPath: ['user_id', 'collection', 'id'] });
    records.createIndex('by_user_collection', ['user_id', 'collection']);
    records.createIndex('by_user', 'user_id');
    const outbox = db.createObjectStore('outbox', { keyPath: 'n', autoIncrement: true });
    outbox.createIndex('by_user', 'user_id');
    outbox.createIndex('by_record', ['user_id', 'record_id']);
    const rejected = db.createObjectStore('rejected', { keyPath: 'mutation_id' });
    rejected.createIndex('by_user', 'user_id');
  },
];

let opening = null;

export function openDB() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const request = indexedDB.open(NAME, VERSION);
      request.onupgradeneeded = (event) => {
        for (let v = event.oldVersion; v < VERSION; v += 1) UPGRADES[v](request.result, request.transaction);
      };
      request.onsuccess = () => {
        const db = request.result;
        // Another tab opened a newer schema: let it upgrade, this tab reloads on next start.
        db.onversionchange = () => { db.close(); opening = null; };
        resolve(db);
      };
      request.onerror = () => { opening = null; reject(request.error); };
      request.onblocked = () => console.warn('IndexedDB upgrade waits for another tab to close');
    });
  }
  return opening;
}

// Runs fn(stores) in one transaction; resolves with fn's result once the transaction COMMITTED
// (oncomplete), so a caller never reports saved what the browser could still roll back.
// Durability is strict by default (a worker's entry must survive a crash); data that can be
// pulled again may pass 'relaxed'.
export async function transact(names, mode, fn, durability = 'strict') {
  const db = await openDB();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(names, mode, { durability });
    const stores = Object.fromEntries(names.map((n) => [n, tx.objectStore(n)]));
    let result;
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
    Promise.resolve()
      .then(() => fn(stores, tx))
      .then((value) => { result = value; }, (error) => { tx.abort(); reject(error); });
  });
}

// An IDBRequest as a promise (inside a transaction: await it before the transaction ends).
export function req(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}
