// Sending the outbox to the JSON API (/api/v1), in order, each change once.
//
// Every change carries its Idempotency-Key (a retry after a lost answer changes nothing twice), the
// version it was made on (If-Match: a household changed on the server meanwhile answers 409 and is
// never overwritten), the phone's entry time and the fact it was typed offline. A change that fails
// stays in the outbox; later changes of the same record wait behind it, other records go on.

import * as store from "./store.js";

const API = "/api/v1";
const MEMBER_FIELDS = ["full_name", "sex", "birth_date", "relationship_to_head", "activity_status"];

/** The household as the API's PUT takes it (HouseholdIn), from the API's answer or the phone's copy. */
export function toBody(household) {
  return {
    village_id: household.village_id,
    permanent_address: household.permanent_address,
    current_address: household.current_address,
    members: household.members.map((member) => ({
      ...(member.id ? { id: member.id } : {}),
      full_name: member.full_name,
      sex: member.sex,
      birth_date: member.birth_date_precision === "year" ? member.birth_date.slice(0, 4) : member.birth_date,
      ethnicity_code: member.ethnicity_code ?? null,
      relationship_to_head: member.relationship_to_head,
      activity_status: member.activity_status,
      id_document_type: member.id_document_type || "none",
      id_issue_date: member.id_issue_date ?? null,
      id_issuer: member.id_issuer ?? null,
    })),
  };
}

function headers(token, change, extra = {}) {
  return {
    Authorization: `Bearer ${token}`,
    "Content-Type": "application/json",
    Accept: "application/json",
    "Accept-Language": document.documentElement.lang || "vi",
    "Idempotency-Key": change.key,
    "X-Entered-Offline": "1",
    "X-Entered-At": change.entered_at,
    ...extra,
  };
}

// Where each kind of change goes: a household's PUT, a survey (a new one, or the draft it completes), a
// village meeting of the run its cases belong to, a photo of the dwelling.
async function requestFor(change, token) {
  const send = (url, method, body, extra = {}) => [url, { method, headers: headers(token, change, extra), body: JSON.stringify(body) }];
  if (change.kind === "household") {
    return send(`${API}/households/${change.household_id}`, "PUT", change.body, { "If-Match": `"${change.base_version}"` });
  }
  if (change.kind === "survey") {
    const draft = await store.getMeta(`server_survey:${change.household_id}`);
    if (draft && draft.status === "draft") return send(`${API}/surveys/${draft.id}`, "PUT", change.body, { "If-Match": `"${draft.version}"` });
    return send(`${API}/surveys`, "POST", change.body);
  }
  if (change.kind === "meeting") return send(`${API}/runs/${change.run_id}/villages/${change.village_id}/meetings`, "POST", change.body);
  return send(`${API}/households/${change.household_id}/photos`, "POST", change.body);
}

// Changes of one record go in order; a record's waiting change never holds up another record's, except
// that a meeting waits while a survey has not gone (its households must be surveyed on the server first).
const recordOf = (change) => `${change.kind}:${change.kind === "meeting" ? change.village_id : change.household_id}`;
const waitsForSurveys = (change, blocked) => change.kind === "meeting" && [...blocked].some((record) => record.startsWith("survey:"));

async function applied(change, answer) {
  if (change.kind === "survey") {
    await store.setMeta(`server_survey:${change.household_id}`, {
      id: answer.id,
      version: answer.version,
      status: answer.status,
      class_label: answer.classification?.class_label ?? null, // what the commune's records now say
      received_at: Date.now(),
    });
  }
  if (change.kind !== "household") return;
  for (const [id, village] of await store.list("village:")) {
    const index = village.households.findIndex((item) => item.id === answer.id);
    if (index >= 0) {
      village.households[index] = { ...answer, open_case: village.households[index].open_case };
      await store.put(id, village);
    }
  }
}

let running = null;

/** Send what waits; returns counts of sent, failed and conflicting changes. One sync at a time: the signal's
 * return and the button may ask together, and each change must go once. */
export function syncNow(token) {
  running ??= sendAll(token).finally(() => {
    running = null;
  });
  return running;
}

async function sendAll(token) {
  const outcome = { sent: 0, failed: 0, conflicts: 0 };
  if (!token) {
    outcome.failed = await store.waiting();
    return outcome;
  }
  const blocked = new Set();
  for (const change of await store.outbox()) {
    const record = recordOf(change);
    if (blocked.has(record) || change.conflict || waitsForSurveys(change, blocked)) {
      blocked.add(record);
      outcome[change.conflict ? "conflicts" : "failed"] += 1;
      continue;
    }
    let response;
    try {
      const [url, init] = await requestFor(change, token);
      response = await fetch(url, { ...init, credentials: "omit" });
    } catch {
      outcome.failed += (await store.waiting()) - outcome.sent - outcome.failed - outcome.conflicts;
      return outcome; // the signal went again: everything stays queued
    }
    if (response.ok) {
      const answer = await response.json().catch(() => null);
      if (answer) await applied(change, answer);
      await store.dequeue(change.seq);
      outcome.sent += 1;
      continue;
    }
    blocked.add(record);
    const problem = await response.json().catch(() => null);
    if (response.status === 409 && change.kind === "household") {
      await store.replace(change.seq, { ...strip(change), conflict: true });
      outcome.conflicts += 1;
    } else {
      await store.replace(change.seq, { ...strip(change), last_error: { status: response.status, problem } });
      outcome.failed += 1;
    }
  }
  if (outcome.failed === 0 && outcome.conflicts === 0) await store.setMeta("last_sync", Date.now());
  if (outcome.sent) await store.touchContact();
  return outcome;
}

const strip = (change) => {
  const { seq, ...rest } = change;
  return rest;
};

// ---- Conflicts ------------------------------------------------------------------------------------------

function memberLabel(member) {
  return member ? `${member.full_name} (${String(member.birth_date).slice(0, 4)})` : null;
}

/** The fields in which the phone's change and the server's household differ, with their values. */
export function differences(change, server, labels) {
  const phone = change.body;
  const before = change.before ? toBody(change.before) : null;
  const serverBody = toBody(server);
  const fields = [];
  const add = (path, label, mine, theirs, old) => {
    if (JSON.stringify(mine) === JSON.stringify(theirs)) return;
    const changedHere = old === undefined || JSON.stringify(mine) !== JSON.stringify(old);
    fields.push({ path, label, phone: mine, server: theirs, suggested: changedHere ? "phone" : "server" });
  };
  for (const name of ["permanent_address", "current_address"]) {
    add(name, labels[name], phone[name], serverBody[name], before?.[name]);
  }
  const serverMembers = new Map(serverBody.members.map((member) => [member.id, member]));
  const beforeMembers = new Map((before?.members || []).map((member) => [member.id, member]));
  phone.members.forEach((member, index) => {
    if (!member.id) {
      add(`new:${index}`, labels.new_member, memberLabel(member), null, null);
      return;
    }
    const theirs = serverMembers.get(member.id);
    const old = beforeMembers.get(member.id);
    if (!theirs) {
      add(`member:${member.id}`, labels.member, memberLabel(member), null, old ? memberLabel(old) : undefined);
      return;
    }
    for (const name of MEMBER_FIELDS) {
      add(`member:${member.id}:${name}`, `${member.full_name}: ${labels[name]}`, member[name], theirs[name], old?.[name]);
    }
  });
  for (const theirs of serverBody.members) {
    if (!phone.members.some((member) => member.id === theirs.id)) {
      add(`member:${theirs.id}`, labels.member, null, memberLabel(theirs), beforeMembers.has(theirs.id) ? memberLabel(beforeMembers.get(theirs.id)) : null);
    }
  }
  return fields;
}

/** Every household change the server refused as stale, with the server's version to compare. */
export async function conflictsOf(token, labels) {
  const found = [];
  for (const change of await store.outbox()) {
    if (!change.conflict) continue;
    const response = await fetch(`${API}/households/${change.household_id}`, { headers: { Authorization: `Bearer ${token}`, Accept: "application/json" }, credentials: "omit" });
    if (!response.ok) continue;
    const server = await response.json();
    found.push({ change, server, label: server.head_name || "", fields: differences(change, server, labels) });
  }
  return found;
}

/** Build the change again on the server's version, taking each field from the side the user chose. */
export async function resolveConflict(conflict, choices) {
  const { change, server } = conflict;
  const body = toBody(server);
  const phoneMembers = change.body.members;
  conflict.fields.forEach((field, index) => {
    if (choices[index] !== "phone") return;
    const [kind, id, name] = field.path.split(":");
    if (kind === "new") body.members.push(phoneMembers[Number(id)]);
    else if (kind === "member" && name) body.members.find((member) => member.id === Number(id))[name] = field.phone;
    else if (kind === "member") {
      const mine = phoneMembers.find((member) => member.id === Number(id));
      body.members = body.members.filter((member) => member.id !== Number(id));
      if (mine) body.members.push(mine);
    } else body[field.path] = field.phone;
  });
  const resolved = { ...strip(change), body, base_version: server.version, before: server, conflict: false, key: crypto.randomUUID() };
  await store.replace(change.seq, resolved);
}
