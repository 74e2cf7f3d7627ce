// The phone's encrypted store: IndexedDB records sealed with AES-GCM under a key derived from the
// user's PIN (PBKDF2-SHA-256, 310,000 rounds, a random salt), held in memory only while unlocked.
//
// Plain in IndexedDB: the salt, a sealed check value (to tell a wrong PIN), the count of failed
// PINs, the wipe setting and the time the phone last reached the server. Everything personal
// (households, surveys, meetings, photos, the outbox) is sealed, one record at a time.

const DB_NAME = "rasoat-field";
const ROUNDS = 310000;
const CHECK = "rasoat-field-check";
export const MAX_FAILED_PINS = 10;
const DAY_MS = 24 * 3600 * 1000;

let database = null;
let key = null;

function request(idbRequest) {
  return new Promise((resolve, reject) => {
    idbRequest.onsuccess = () => resolve(idbRequest.result);
    idbRequest.onerror = () => reject(idbRequest.error);
  });
}

async function open() {
  if (database) return database;
  const opening = indexedDB.open(DB_NAME, 1);
  opening.onupgradeneeded = () => {
    const db = opening.result;
    db.createObjectStore("meta");
    db.createObjectStore("records");
    db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
  };
  database = await request(opening);
  return database;
}

async function tx(storeName, mode, work) {
  const db = await open();
  const transaction = db.transaction(storeName, mode);
  const done = new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
  const result = await work(transaction.objectStore(storeName));
  await done;
  return result;
}

export const getMeta = (name) => tx("meta", "readonly", (store) => request(store.get(name)));
export const setMeta = (name, value) => tx("meta", "readwrite", (store) => request(store.put(value, name)));

async function derive(pin, salt) {
  const material = await crypto.subtle.importKey("raw", new TextEncoder().encode(pin), "PBKDF2", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations: ROUNDS },
    material,
    { name: "AES-GCM", length: 256 },
    false,
    ["encrypt", "decrypt"],
  );
}

async function seal(value, withKey = key) {
  if (!withKey) throw new Error("locked");
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const plain = new TextEncoder().encode(JSON.stringify(value));
  const data = new Uint8Array(await crypto.subtle.encrypt({ name: "AES-GCM", iv }, withKey, plain));
  return { iv, data };
}

async function unseal(sealed, withKey = key) {
  if (!withKey) throw new Error("locked");
  const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.iv }, withKey, sealed.data);
  return JSON.parse(new TextDecoder().decode(plain));
}

export const hasPin = async () => Boolean(await getMeta("salt"));
export const isUnlocked = () => key !== null;
export const lock = () => {
  key = null;
};

/** Set the PIN on a phone that has none: a new salt, a new key, an empty store. */
export async function createPin(pin) {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const fresh = await derive(pin, salt);
  await setMeta("check", await seal(CHECK, fresh));
  await setMeta("salt", salt);
  await setMeta("failed", 0);
  await setMeta("last_contact", Date.now());
  key = fresh;
}

/** Unlock with the PIN; false for a wrong one. Too many wrong PINs wipe the phone's data. */
export async function unlock(pin) {
  const salt = await getMeta("salt");
  const candidate = await derive(pin, salt);
  try {
    if ((await unseal(await getMeta("check"), candidate)) !== CHECK) throw new Error("check");
  } catch {
    const failed = ((await getMeta("failed")) || 0) + 1;
    await setMeta("failed", failed);
    if (failed >= MAX_FAILED_PINS) await wipe();
    return false;
  }
  await setMeta("failed", 0);
  key = candidate;
  return true;
}

export const failedPins = async () => (await getMeta("failed")) || 0;

/** Delete everything the app keeps on the phone and forget the key. */
export async function wipe() {
  key = null;
  if (database) database.close();
  database = null;
  await request(indexedDB.deleteDatabase(DB_NAME));
}

/** Wipe when the phone has not reached the server for the configured number of days. */
export async function wipeIfStale(now = Date.now()) {
  if (!(await hasPin())) return false;
  const days = (await getMeta("wipe_after_days")) || 7;
  const last = (await getMeta("last_contact")) || 0;
  if (now - last > days * DAY_MS) {
    await wipe();
    return true;
  }
  return false;
}

export async function daysLeft(now = Date.now()) {
  const days = (await getMeta("wipe_after_days")) || 7;
  const last = (await getMeta("last_contact")) || now;
  return Math.max(0, Math.ceil((last + days * DAY_MS - now) / DAY_MS));
}

export const touchContact = () => setMeta("last_contact", Date.now());

// ---- Sealed records ----------------------------------------------------------------------------

export async function put(id, value) {
  const sealed = await seal(value);
  await tx("records", "readwrite", (store) => request(store.put(sealed, id)));
}

export async function get(id) {
  const sealed = await tx("records", "readonly", (store) => request(store.get(id)));
  return sealed === undefined ? undefined : unseal(sealed);
}

export async function remove(id) {
  await tx("records", "readwrite", (store) => request(store.delete(id)));
}

/** Every record whose id starts with `prefix`, as [id, value] pairs in id order. */
export async function list(prefix) {
  const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`);
  const [ids, sealed] = await tx("records", "readonly", async (store) => [
    await request(store.getAllKeys(range)),
    await request(store.getAll(range)),
  ]);
  return Promise.all(ids.map(async (id, index) => [id, await unseal(sealed[index])]));
}

// ---- The outbox: changes waiting to be sent, in the order they were made ------------------------

export async function enqueue(change) {
  const sealed = await seal(change);
  return tx("outbox", "readwrite", (store) => request(store.add({ sealed })));
}

export async function outbox() {
  const rows = await tx("outbox", "readonly", (store) => request(store.getAll()));
  return Promise.all(rows.map(async (row) => ({ seq: row.seq, ...(await unseal(row.sealed)) })));
}

export const waiting = () => tx("outbox", "readonly", (store) => request(store.count()));

export async function dequeue(seq) {
  await tx("outbox", "readwrite", (store) => request(store.delete(seq)));
}

export async function replace(seq, change) {
  const sealed = await seal(change);
  await tx("outbox", "readwrite", (store) => request(store.put({ seq, sealed })));
}
