// The field app: PIN lock, villages taken offline, households, surveys with the live class,
// village meetings, photos and GPS, and the outbox. Plain ES modules, no build step.

import * as store from "./store.js";
import { h, vnDateTime } from "./dom.js";
import { classify, CLASS_LABELS } from "./classify.js";
import { surveyForm, readSurvey, surveyBody } from "./survey.js";
import { memberForm, readMember, meetingForm, watchMeetingDay, readMeeting, meetingBody, photoPicker, askPosition, photoBody } from "./forms.js";
import { syncNow, conflictsOf, resolveConflict, toBody } from "./sync.js";

const T = JSON.parse(document.getElementById("field-strings").textContent);
const URLS = JSON.parse(document.getElementById("field-urls").textContent);
const main = document.getElementById("screen");
const state = { session: null, village: null, ruleSet: null };

const vnDate = vnDateTime;

function show(...nodes) {
  main.replaceChildren(...nodes);
  window.scrollTo(0, 0);
  refreshStatus();
}

function message(text, kind = "info") {
  const box = document.getElementById("message");
  box.textContent = text;
  box.className = `message ${kind}`;
  box.hidden = !text;
}

// ---- Status bar ---------------------------------------------------------------------------------

export async function refreshStatus() {
  const online = navigator.onLine;
  document.getElementById("signal").textContent = online ? T.online : T.offline;
  document.getElementById("signal").className = online ? "badge online" : "badge offline";
  if (!store.isUnlocked()) return;
  const count = await store.waiting();
  document.getElementById("waiting").textContent = T.waiting.replace("%(n)s", count);
  const last = await store.getMeta("last_sync");
  document.getElementById("last-sync").textContent = last ? T.last_sync.replace("%(when)s", vnDate(last)) : T.never_synced;
}

// ---- PIN ----------------------------------------------------------------------------------------

async function lockScreen() {
  const first = !(await store.hasPin());
  const pin = h("input", { id: "pin", type: "password", inputmode: "numeric", autocomplete: "off", minlength: 6, maxlength: 12, required: true });
  const again = h("input", { id: "pin-again", type: "password", inputmode: "numeric", autocomplete: "off", maxlength: 12 });
  const error = h("p", { class: "field-error", id: "pin-error", role: "alert" });
  const form = h(
    "form",
    { class: "card", novalidate: true },
    h("h1", {}, first ? T.set_pin_title : T.unlock_title),
    h("p", {}, first ? T.set_pin_help : T.unlock_help),
    h("label", { for: "pin" }, T.pin_label),
    pin,
    first ? [h("label", { for: "pin-again" }, T.pin_again_label), again] : null,
    error,
    h("button", { type: "submit", class: "primary" }, first ? T.set_pin_button : T.unlock_button),
    first ? null : h("button", { type: "button", class: "link", onclick: forgotPin }, T.forgot_pin),
  );
  pin.addEventListener("input", () => {
    error.textContent = "";
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    if (!/^\d{6,12}$/.test(pin.value)) {
      error.textContent = T.pin_digits;
      return;
    }
    if (first) {
      if (pin.value !== again.value) {
        error.textContent = T.pin_mismatch;
        return;
      }
      await store.createPin(pin.value);
    } else if (!(await store.unlock(pin.value))) {
      const failed = await store.failedPins();
      error.textContent = (await store.hasPin())
        ? T.pin_wrong.replace("%(n)s", store.MAX_FAILED_PINS - failed)
        : T.pin_wiped;
      return;
    }
    await home();
  });
  show(form);
  pin.focus();
}

async function forgotPin() {
  if (!window.confirm(T.forgot_pin_confirm)) return;
  await store.wipe();
  message(T.wiped, "success");
  await lockScreen();
}

// ---- Home: what is on the phone, download, sync, sign out ----------------------------------------

async function loadSession() {
  if (!navigator.onLine) return null;
  try {
    const response = await fetch(URLS.session, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok || !response.headers.get("Content-Type")?.includes("json")) return null;
    state.session = await response.json();
    await store.setMeta("wipe_after_days", state.session.wipe_after_days);
    return state.session;
  } catch {
    return null;
  }
}

async function home() {
  await refreshStatus();
  const villages = await store.list("village:");
  const session = state.session || (await loadSession());
  const left = await store.daysLeft();
  const picker = h(
    "select",
    { id: "village-choice" },
    (session?.villages || []).map((village) => h("option", { value: village.id }, village.name)),
  );
  const download = session
    ? h(
        "section",
        { class: "card" },
        h("h2", {}, T.download_title),
        h("label", { for: "village-choice" }, T.village_label),
        picker,
        h("button", { type: "button", class: "primary", onclick: () => downloadVillage(picker.value) }, T.download_button),
      )
    : h("section", { class: "card muted" }, h("p", {}, navigator.onLine ? T.sign_in_first : T.no_signal_download), navigator.onLine ? h("a", { href: URLS.login }, T.sign_in) : null);
  show(
    download,
    h(
      "section",
      { class: "card" },
      h("h2", {}, T.on_phone_title),
      villages.length
        ? h("ul", { class: "list" }, villages.map(([, data]) => h("li", {}, h("button", { type: "button", class: "row", onclick: () => villageScreen(data.village.id) }, h("strong", {}, data.village.name), h("span", {}, T.taken_at.replace("%(when)s", vnDate(data.taken_at)).replace("%(n)s", data.households.length))))))
        : h("p", {}, T.nothing_on_phone),
      h("p", { class: "hint" }, T.wipe_notice.replace("%(n)s", left)),
    ),
    h(
      "section",
      { class: "card" },
      await outboxList(villages),
      h("button", { type: "button", class: "primary", id: "sync-button", onclick: runSync }, T.sync_button),
      h("button", { type: "button", class: "danger", onclick: signOut }, T.sign_out_button),
    ),
  );
}

/** What waits to be sent, oldest first, each with the household it is about and why it has not gone. */
async function outboxList(villages) {
  const changes = await store.outbox();
  if (!changes.length) return null;
  const heads = new Map(villages.flatMap(([, data]) => data.households.map((item) => [item.id, item.head_name])));
  const villageNames = new Map(villages.map(([, data]) => [data.village.id, data.village.name]));
  return h(
    "details",
    { class: "outbox" },
    h("summary", {}, T.outbox_title),
    h(
      "ol",
      {},
      changes.map((change) => {
        const about = change.kind === "meeting" ? villageNames.get(change.village_id) : heads.get(change.household_id);
        const problem = change.conflict ? T.outbox_conflict : change.last_error?.problem?.errors?.[0]?.message;
        return h(
          "li",
          {},
          `${T[`outbox_${change.kind}`]}: ${about || ""} · ${vnDate(change.entered_at)}`,
          problem ? h("span", { class: "hint" }, ` — ${problem}`) : null,
        );
      }),
    ),
  );
}

async function downloadVillage(villageId) {
  message(T.downloading);
  try {
    const response = await fetch(URLS.village.replace("0", villageId), { credentials: "same-origin" });
    if (!response.ok) throw new Error(String(response.status));
    const data = await response.json();
    const rules = await fetch(URLS.rules.replace("__id__", data.rule_set.id)).then((r) => r.json());
    await store.put(`rules:${rules.id}`, rules);
    await store.put(`village:${data.village.id}`, data);
    await ensureToken();
    await store.touchContact();
    message(T.downloaded.replace("%(n)s", data.households.length), "success");
    await villageScreen(data.village.id);
  } catch {
    message(T.download_failed, "error");
  }
}

async function ensureToken() {
  if (await store.get("token")) return;
  const response = await fetch(URLS.token, {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-CSRFToken": state.session.csrf_token },
  });
  if (response.ok) await store.put("token", (await response.json()).token);
}

async function runSync() {
  if (!navigator.onLine) {
    message(T.no_signal_sync, "error");
    return;
  }
  message(T.syncing);
  const outcome = await syncNow(await store.get("token"));
  await refreshStatus();
  if (outcome.conflicts) message(T.sync_conflicts.replace("%(n)s", outcome.conflicts), "error");
  else if (outcome.failed) message(T.sync_failed.replace("%(n)s", outcome.sent).replace("%(m)s", outcome.failed), "error");
  else message(T.synced.replace("%(n)s", outcome.sent), "success");
  if (outcome.conflicts) await conflictScreen();
  else await refreshOutbox();
}

/** The home screen's list of waiting changes, redrawn in place after a sync (the rest of the screen stays). */
async function refreshOutbox() {
  const shown = document.querySelector("details.outbox");
  if (!shown) return;
  const fresh = await outboxList(await store.list("village:"));
  if (fresh) shown.replaceWith(fresh);
  else shown.remove();
}

/** The phone's API token stops working on the server before the phone forgets it (when there is signal). */
async function revokeToken(csrf) {
  const secret = await store.get("token");
  if (!secret || !csrf || !navigator.onLine) return;
  await fetch(URLS.revoke, {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-CSRFToken": csrf, Authorization: `Bearer ${secret}` },
  }).catch(() => null);
}

async function signOut() {
  const count = await store.waiting();
  if (count && !window.confirm(T.sign_out_unsent.replace("%(n)s", count))) return;
  const token = state.session?.csrf_token || (await loadSession())?.csrf_token;
  await revokeToken(token);
  await store.wipe();
  if (token && navigator.onLine) {
    const form = h("form", { method: "post", action: URLS.logout }, h("input", { type: "hidden", name: "csrf_token", value: token }));
    document.body.append(form);
    form.submit();
  } else {
    message(T.wiped, "success");
    await lockScreen();
  }
}

// ---- A village, a household -----------------------------------------------------------------------

async function villageData(villageId) {
  const data = await store.get(`village:${villageId}`);
  state.village = data;
  state.ruleSet = await store.get(`rules:${data.rule_set.id}`);
  return data;
}

async function villageScreen(villageId) {
  const data = await villageData(villageId);
  const drafts = new Map((await store.list(`survey:${villageId}:`)).map(([, survey]) => [survey.household_id, survey]));
  show(
    h("p", {}, h("button", { type: "button", class: "link", onclick: home }, T.back)),
    h("h1", {}, data.village.name),
    h("p", { class: "hint" }, T.taken_at.replace("%(when)s", vnDate(data.taken_at)).replace("%(n)s", data.households.length)),
    h("button", { type: "button", class: "primary", onclick: () => meetingScreen(villageId) }, T.meeting_button),
    h(
      "ul",
      { class: "list" },
      data.households.map((household) => {
        const draft = drafts.get(household.id);
        return h(
          "li",
          {},
          h(
            "button",
            { type: "button", class: "row", onclick: () => householdScreen(villageId, household.id) },
            h("strong", {}, household.head_name || T.no_head),
            h("span", {}, `${household.members.length} ${T.persons} · ${household.current_address}`),
            draft ? h("span", { class: `badge class-${draft.result_class}` }, CLASS_LABELS[draft.result_class]) : null,
          ),
        );
      }),
    ),
  );
}

async function householdScreen(villageId, householdId) {
  const data = await villageData(villageId);
  const household = data.households.find((item) => item.id === householdId);
  const photos = (await store.get(`photos:${householdId}`)) || [];
  const photoList = h(
    "div",
    { class: "photos" },
    photos.map((photo) =>
      h(
        "figure",
        {},
        h("img", { src: photo.data, alt: T.photo_alt }),
        h("figcaption", {}, photo.position ? T.gps_at.replace("%(lat)s", photo.position.latitude.toFixed(5)).replace("%(lon)s", photo.position.longitude.toFixed(5)).replace("%(m)s", photo.position.accuracy_m) : T.gps_none),
      ),
    ),
  );
  const addMember = memberForm(T, async (member) => {
    const before = structuredClone(household);
    household.members.push(member);
    await store.put(`village:${villageId}`, data);
    await store.enqueue(householdChange(household, before));
    message(T.member_added.replace("%(name)s", member.full_name), "success");
    await householdScreen(villageId, householdId);
  }, readMember);
  const picker = photoPicker(T, async (photo) => {
    photos.push(photo);
    await store.put(`photos:${householdId}`, photos);
    await store.enqueue({ kind: "photo", household_id: householdId, body: photoBody(photo), entered_at: new Date().toISOString(), key: crypto.randomUUID() });
    await householdScreen(villageId, householdId);
  }, askPosition);
  const received = await store.getMeta(`server_survey:${householdId}`);
  show(
    h("p", {}, h("button", { type: "button", class: "link", onclick: () => villageScreen(villageId) }, T.back)),
    h("h1", {}, household.head_name || T.no_head),
    h("p", { class: "hint" }, household.current_address),
    received?.class_label
      ? h("p", { class: "server-result", id: "server-result" }, T.server_result.replace("%(class)s", lowerFirst(received.class_label)).replace("%(when)s", vnDate(received.received_at)))
      : null,
    h("button", { type: "button", class: "primary", onclick: () => surveyScreen(villageId, householdId) }, T.survey_button),
    h("h2", {}, T.members_title),
    h("ul", { class: "list" }, household.members.map((member) => h("li", { class: "member" }, member.full_name, h("span", { class: "hint" }, ` · ${member.birth_date.slice(0, 4)}`)))),
    addMember,
    h("h2", {}, T.photos_title),
    photoList,
    picker,
  );
}

/** "Hộ nghèo" inside a sentence: "…: hộ nghèo." */
const lowerFirst = (text) => text.charAt(0).toLocaleLowerCase(document.documentElement.lang || "vi") + text.slice(1);

/** A household change for the outbox: the whole household as the API's PUT takes it, with the version read. */
function householdChange(household, before) {
  return {
    kind: "household",
    key: crypto.randomUUID(),
    household_id: household.id,
    base_version: household.version,
    before,
    body: toBody(household),
    entered_at: new Date().toISOString(),
  };
}

// ---- Survey with the live class ------------------------------------------------------------------

async function surveyScreen(villageId, householdId) {
  const data = await villageData(villageId);
  const household = data.households.find((item) => item.id === householdId);
  const draftId = `survey:${villageId}:${householdId}`;
  const draft = await store.get(draftId);
  const result = h("section", { class: "card result", id: "live-result" });
  const form = surveyForm(T, state.ruleSet, data.village, household, draft?.answers);
  const chip = h("p", { class: "class", id: "live-class", "aria-live": "polite" });
  form.querySelector("button[type=submit]").before(h("div", { class: "live-bar" }, h("span", { class: "hint" }, T.live_class), chip));
  const update = () => {
    const answers = readSurvey(form, state.ruleSet, data.village, household);
    try {
      const outcome = classify(answers, state.ruleSet, null);
      chip.className = `class class-${outcome.class}`;
      chip.textContent = CLASS_LABELS[outcome.class];
      result.replaceChildren(
        h("h2", {}, T.live_reasons),
        outcome.deprivation_count === null ? null : h("p", {}, T.deprivations.replace("%(n)s", outcome.deprivation_count).replace("%(total)s", outcome.indicators.length)),
        // The phone does not know the class recognised before: the movement sentence would guess.
        h("ol", { class: "reasons" }, outcome.reasons.slice(0, -1).map((reason) => h("li", {}, reason))),
      );
      return [answers, outcome];
    } catch {
      chip.className = "class";
      chip.textContent = T.survey_incomplete;
      result.replaceChildren(h("h2", {}, T.live_reasons), h("p", { class: "field-error" }, T.survey_incomplete));
      return [answers, null];
    }
  };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const [answers, outcome] = update();
    const survey = {
      household_id: householdId,
      answers,
      result_class: outcome ? outcome.class : "undetermined",
      rule_set: state.ruleSet.id,
      rule_set_digest: state.ruleSet.digest,
      entered_at: new Date().toISOString(),
    };
    await store.put(draftId, survey);
    const body = surveyBody(survey, household, data.period_year);
    await store.enqueue({ kind: "survey", key: crypto.randomUUID(), household_id: householdId, body, entered_at: survey.entered_at });
    message(T.survey_saved, "success");
    await villageScreen(villageId);
  });
  show(
    h("p", {}, h("button", { type: "button", class: "link", onclick: () => householdScreen(villageId, householdId) }, T.back)),
    h("h1", {}, T.survey_title.replace("%(name)s", household.head_name || "")),
    form,
    result,
  );
  update();
}

// ---- Village meeting --------------------------------------------------------------------------------

async function meetingScreen(villageId) {
  const data = await villageData(villageId);
  const surveyed = (await store.list(`survey:${villageId}:`)).map(([, survey]) => survey);
  const saved = await store.get(`meeting:${villageId}`);
  const form = meetingForm(T, data, surveyed, saved);
  watchMeetingDay(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const meeting = readMeeting(form);
    if (meeting.error) {
      message(meeting.error, "error");
      return;
    }
    const sent = meetingBody(meeting, data);
    if (sent === null) {
      message(T.meeting_no_case, "error");
      return;
    }
    meeting.entered_at = new Date().toISOString();
    await store.put(`meeting:${villageId}`, meeting);
    const change = { kind: "meeting", key: crypto.randomUUID(), village_id: villageId, run_id: sent.run_id, body: sent.body, entered_at: meeting.entered_at };
    // The meeting corrected (say a refused one given its late reason) replaces the copy still waiting to be sent.
    const waiting = (await store.outbox()).find((item) => item.kind === "meeting" && item.village_id === villageId);
    if (waiting) await store.replace(waiting.seq, change);
    else await store.enqueue(change);
    message(T.meeting_saved, "success");
    await villageScreen(villageId);
  });
  show(
    h("p", {}, h("button", { type: "button", class: "link", onclick: () => villageScreen(villageId) }, T.back)),
    h("h1", {}, T.meeting_title),
    form,
  );
}

// ---- Conflicts: both versions, field by field ---------------------------------------------------------

async function conflictScreen() {
  const conflicts = await conflictsOf(await store.get("token"), T);
  const sections = conflicts.map((conflict) => {
    const form = h(
      "form",
      { class: "card conflict" },
      h("h2", {}, T.conflict_title.replace("%(name)s", conflict.label)),
      h("p", { class: "hint" }, T.conflict_help),
      h(
        "table",
        {},
        h("thead", {}, h("tr", {}, h("th", {}, T.conflict_field), h("th", {}, T.conflict_phone), h("th", {}, T.conflict_server))),
        h(
          "tbody",
          {},
          conflict.fields.map((field, index) =>
            h(
              "tr",
              {},
              h("th", { scope: "row" }, field.label),
              h("td", {}, h("label", {}, h("input", { type: "radio", name: `f${index}`, value: "phone", checked: field.suggested === "phone" }), ` ${field.phone ?? "—"}`)),
              h("td", {}, h("label", {}, h("input", { type: "radio", name: `f${index}`, value: "server", checked: field.suggested === "server" }), ` ${field.server ?? "—"}`)),
            ),
          ),
        ),
      ),
      h("button", { type: "submit", class: "primary" }, T.conflict_apply),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const choices = conflict.fields.map((field, index) => form.querySelector(`input[name=f${index}]:checked`).value);
      await resolveConflict(conflict, choices);
      message(T.conflict_resolved, "success");
      await runSync();
    });
    return form;
  });
  show(h("h1", {}, T.conflicts_title), ...sections, h("button", { type: "button", class: "link", onclick: home }, T.back));
}

// ---- Start --------------------------------------------------------------------------------------------

async function start() {
  window.addEventListener("online", async () => {
    await refreshStatus();
    if (store.isUnlocked() && (await store.waiting())) await runSync();
  });
  window.addEventListener("offline", refreshStatus);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(URLS.worker, { scope: URLS.scope }).catch(() => {});
  }
  if (await store.wipeIfStale()) message(T.wiped_stale, "error");
  await refreshStatus();
  await lockScreen();
}

start();
