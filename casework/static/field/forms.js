// Smaller forms of the field app: a new member, the village meeting's votes, dwelling photos and GPS.
// Each checks its input on the phone and puts the message beside the field, as the web forms do.

import { h, isoToVn, localToday, parseVnDate } from "./dom.js";

const RELATIONSHIPS = ["spouse", "child", "parent", "grandparent", "grandchild", "sibling", "child_in_law", "other"];
const ACTIVITIES = ["employed", "not_employed", "in_school"];
// The minutes' categories of people present (the API's Attendance, casework/vocabulary.py ATTENDANCE_LABELS).
const ATTENDANCE = ["steering", "poverty_officer", "village_head", "party_cell", "mass_organisations", "surveyors", "reviewed_households", "other_households"];

function field(T, name, label, input) {
  return h("div", { class: "field" }, h("label", { for: name }, label), input, h("p", { class: "field-error", id: `${name}-error` }));
}

function fail(form, name, text) {
  const box = form.querySelector(`#${name}-error`);
  if (box) box.textContent = text;
  form.querySelector(`#${name}`)?.setAttribute("aria-invalid", "true");
}

function clear(form) {
  form.querySelectorAll(".field-error").forEach((box) => {
    box.textContent = "";
  });
  form.querySelectorAll("[aria-invalid]").forEach((input) => input.removeAttribute("aria-invalid"));
}

// ---- A new member -----------------------------------------------------------------------------------

export function memberForm(T, save, read) {
  const select = (name, codes) => h("select", { id: name, name }, codes.map((code) => h("option", { value: code }, T[`${name}_${code}`])));
  const form = h(
    "form",
    { class: "card", id: "member-form", novalidate: true },
    h("h2", {}, T.add_member_title),
    field(T, "full_name", T.full_name, h("input", { id: "full_name", name: "full_name", autocomplete: "off", maxlength: 120 })),
    field(T, "sex", T.sex, select("sex", ["male", "female"])),
    field(T, "birth_date", T.birth_date, h("input", { id: "birth_date", name: "birth_date", inputmode: "numeric", placeholder: "dd/mm/yyyy" })),
    field(T, "relationship", T.relationship, select("relationship", RELATIONSHIPS)),
    field(T, "activity", T.activity, select("activity", ACTIVITIES)),
    h("button", { type: "submit" }, T.add_member_button),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear(form);
    const member = read(form, T);
    if (member.errors) {
      Object.entries(member.errors).forEach(([name, text]) => fail(form, name, text));
      return;
    }
    await save(member);
  });
  return form;
}

export function readMember(form, T) {
  const value = (name) => form.elements.namedItem(name).value.trim();
  const errors = {};
  const name = value("full_name");
  if (!name) errors.full_name = T.required;
  const born = parseVnDate(value("birth_date"));
  if (!born) errors.birth_date = T.date_format;
  else if (born.iso > localToday()) errors.birth_date = T.date_future;
  if (Object.keys(errors).length) return { errors };
  return {
    id: null,
    full_name: name,
    sex: value("sex"),
    birth_date: born.iso,
    birth_date_precision: born.precision,
    relationship_to_head: value("relationship"),
    activity_status: value("activity"),
    id_document_type: "none",
  };
}

// ---- The village meeting ------------------------------------------------------------------------------

export function meetingForm(T, village, surveyed, saved = null) {
  const input = (name, attrs = {}) => h("input", { id: name, name, value: saved?.[name] ?? "", ...attrs });
  const names = new Map(village.households.map((household) => [household.id, household.head_name]));
  const votes = surveyed.map((survey) => {
    const vote = saved?.votes?.find((item) => item.household_id === survey.household_id) || {};
    const count = (kind) =>
      h("label", { class: "count" }, T[`vote_${kind}`], h("input", { name: `vote-${survey.household_id}-${kind}`, inputmode: "numeric", value: vote[kind] ?? "" }));
    return h(
      "fieldset",
      { class: "card vote", "data-household": survey.household_id },
      h("legend", {}, names.get(survey.household_id) || ""),
      count("agree"),
      count("disagree"),
      count("abstain"),
      h("p", { class: "field-error", id: `vote-${survey.household_id}-error` }),
    );
  });
  return h(
    "form",
    { id: "meeting-form", novalidate: true },
    h(
      "div",
      { class: "card" },
      field(T, "held_on", T.held_on, input("held_on", { inputmode: "numeric", placeholder: "dd/mm/yyyy", value: isoToVn(saved?.held_on) })),
      field(T, "started_at", T.started_at, input("started_at", { type: "time" })),
      field(T, "ended_at", T.ended_at, input("ended_at", { type: "time" })),
      field(T, "venue", T.venue, input("venue", { maxlength: 200 })),
      field(T, "chair", T.chair, input("chair", { maxlength: 120 })),
      field(T, "secretary", T.secretary, input("secretary", { maxlength: 120 })),
      lateReason(T, saved),
    ),
    h(
      "fieldset",
      { class: "card attendance", id: "attendees" },
      h("legend", {}, T.attendees),
      ATTENDANCE.map((key) =>
        h("label", { class: "count" }, T[`attend_${key}`], h("input", { name: `attend_${key}`, inputmode: "numeric", value: saved?.attendance?.[key] ?? "" })),
      ),
      h("p", { class: "field-error", id: "attendees-error" }),
    ),
    h("h2", {}, T.votes_title),
    votes.length ? votes : h("p", { class: "hint" }, T.no_surveys_yet),
    h("button", { type: "submit", class: "primary sticky" }, T.save_meeting),
  );
}

/** "Lý do nhập bù", shown once the meeting's day is a past one: minutes typed days after the meeting need
 * the reason the commune's rules ask for (the server says when; its message then shows in the outbox). */
function lateReason(T, saved) {
  const box = field(T, "late_reason", T.late_reason, h("textarea", { id: "late_reason", name: "late_reason", maxlength: 1000, rows: 2 }, saved?.late_reason ?? ""));
  box.append(h("p", { class: "hint" }, T.late_reason_hint));
  box.hidden = !isPastDay(saved?.held_on);
  return box;
}

const isPastDay = (iso) => Boolean(iso) && iso < localToday();

/** Show "Lý do nhập bù" while the typed meeting day is a past one. */
export function watchMeetingDay(form) {
  const toggle = () => {
    const held = parseVnDate((form.elements.namedItem("held_on")?.value || "").trim());
    form.querySelector("#late_reason").closest(".field").hidden = !(held && held.precision === "day" && isPastDay(held.iso));
  };
  form.elements.namedItem("held_on").addEventListener("input", toggle);
  toggle();
}

export function readMeeting(form) {
  const T = JSON.parse(document.getElementById("field-strings").textContent);
  clear(form);
  const value = (name) => (form.elements.namedItem(name)?.value || "").trim();
  const errors = {};
  const held = parseVnDate(value("held_on"));
  if (!held || held.precision !== "day") errors.held_on = T.date_format;
  else if (held.iso > localToday()) errors.held_on = T.date_future;
  for (const name of ["started_at", "ended_at", "venue", "chair", "secretary"]) if (!value(name)) errors[name] = T.required;
  if (!errors.ended_at && !errors.started_at && value("ended_at") <= value("started_at")) errors.ended_at = T.end_after_start;
  const counts = ATTENDANCE.map((key) => [key, value(`attend_${key}`)]);
  const attendance = Object.fromEntries(counts.map(([key, text]) => [key, text === "" ? 0 : Number(text)]));
  let attendees = Object.values(attendance).reduce((sum, count) => sum + count, 0);
  if (counts.some(([, text]) => text !== "" && !/^\d+$/.test(text))) errors.attendees = T.count_required;
  else if (attendees < 1) errors.attendees = T.attendance_required;
  if (errors.attendees) attendees = null;
  const votes = [...form.querySelectorAll("fieldset.vote")].map((box) => {
    const id = Number(box.dataset.household);
    const count = (kind) => {
      const text = value(`vote-${id}-${kind}`);
      return text === "" ? 0 : /^\d+$/.test(text) ? Number(text) : NaN;
    };
    const vote = { household_id: id, agree: count("agree"), disagree: count("disagree"), abstain: count("abstain") };
    const cast = vote.agree + vote.disagree + vote.abstain;
    if (Number.isNaN(cast)) errors[`vote-${id}`] = T.count_required;
    else if (attendees !== null && cast > attendees) errors[`vote-${id}`] = T.too_many_votes.replace("%(cast)s", cast).replace("%(n)s", attendees);
    return vote;
  });
  if (Object.keys(errors).length) {
    Object.entries(errors).forEach(([name, text]) => fail(form, name, text));
    return { error: T.fix_fields };
  }
  return {
    held_on: held.iso,
    started_at: value("started_at"),
    ended_at: value("ended_at"),
    venue: value("venue"),
    chair: value("chair"),
    secretary: value("secretary"),
    late_reason: isPastDay(held.iso) ? value("late_reason") : "",
    attendance,
    attendees,
    votes,
  };
}

// ---- Photos of the dwelling, GPS with consent -----------------------------------------------------------

const MAX_SIDE = 1280;

/** Shrink a photo on the phone: at most 1280 px on its longer side, JPEG at 0.7 (a few hundred kB). */
export async function compress(file) {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  return { data: canvas.toDataURL("image/jpeg", 0.7), width: canvas.width, height: canvas.height };
}

export function askPosition() {
  return new Promise((resolve) => {
    if (!navigator.geolocation) {
      resolve(null);
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) =>
        resolve({
          latitude: position.coords.latitude,
          longitude: position.coords.longitude,
          accuracy_m: Math.round(position.coords.accuracy),
          at: new Date(position.timestamp).toISOString(),
        }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  });
}

export function photoPicker(T, save, locate) {
  const file = h("input", { id: "photo", name: "photo", type: "file", accept: "image/*", capture: "environment" });
  const consent = h("input", { id: "gps-consent", type: "checkbox" });
  const note = h("p", { class: "hint", id: "photo-note" });
  const form = h(
    "form",
    { class: "card", id: "photo-form" },
    h("label", { for: "photo" }, T.photo_label),
    file,
    h("label", { class: "tick" }, consent, ` ${T.gps_consent}`),
    note,
    h("button", { type: "submit" }, T.photo_button),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!file.files.length) {
      note.textContent = T.photo_missing;
      return;
    }
    note.textContent = T.photo_working;
    const photo = await compress(file.files[0]);
    photo.taken_at = new Date().toISOString();
    photo.gps_consent = consent.checked;
    photo.position = consent.checked ? await locate() : null;
    if (consent.checked && photo.position === null) note.textContent = T.gps_unavailable;
    await save(photo);
  });
  return form;
}

/** The meeting as the API's MeetingIn takes it, with the run and the open case of each household voted on;
 * null when no household voted on has a case waiting for the meeting (nothing the server could record). */
export function meetingBody(meeting, village) {
  const cases = new Map(village.households.map((household) => [household.id, household.open_case]));
  const votes = meeting.votes.filter((vote) => cases.get(vote.household_id));
  if (!votes.length) return null;
  return {
    run_id: cases.get(votes[0].household_id).run_id,
    body: {
      held_on: meeting.held_on,
      started_at: meeting.started_at,
      ended_at: meeting.ended_at,
      venue: meeting.venue,
      chair: meeting.chair,
      secretary: meeting.secretary,
      attendance: meeting.attendance,
      late_reason: meeting.late_reason || "",
      votes: votes.map((vote) => ({
        case_id: cases.get(vote.household_id).id,
        agree_count: vote.agree,
        disagree_count: vote.disagree,
        abstain_count: vote.abstain,
      })),
    },
  };
}

/** A photo as the API's PhotoIn takes it: the JPEG, when it was taken, the position only with consent. */
export function photoBody(photo) {
  const position = photo.gps_consent ? photo.position : null;
  return {
    data: photo.data,
    taken_at: photo.taken_at,
    gps_consent: Boolean(photo.gps_consent),
    latitude: position ? position.latitude : null,
    longitude: position ? position.longitude : null,
    accuracy_m: position ? position.accuracy_m : null,
  };
}
