// Phiếu A, B and C on the phone, built from the downloaded rule set's code lists, read back into
// the engine's input shape (household_to_dict) for classify.js and for the server.

import { h, localToday } from "./dom.js";

const INCOMES = ["crops", "livestock", "forestry", "fishery", "salt_making", "wages", "non_farm_business", "other", "production_costs", "social_allowances"];
const MEMBER_FLAGS = ["health_insured", "attending_school", "labour_contract", "disabled", "social_allowance", "serious_illness", "stunted", "underweight"];

const options = (labels, chosen, empty) => [
  empty ? h("option", { value: "" }, empty) : null,
  ...Object.entries(labels).map(([code, label]) => h("option", { value: code, selected: code === chosen }, label)),
];

function select(name, label, labels, chosen, empty) {
  return h("div", { class: "field" }, h("label", { for: name }, label), h("select", { id: name, name }, options(labels, chosen, empty)));
}

function ticks(name, label, labels, chosen = []) {
  return h(
    "fieldset",
    { class: "field" },
    h("legend", {}, label),
    Object.entries(labels).map(([code, text]) =>
      h("label", { class: "tick" }, h("input", { type: "checkbox", name, value: code, checked: chosen.includes(code) }), ` ${text}`),
    ),
  );
}

function yesNo(name, label, T, chosen) {
  return h(
    "fieldset",
    { class: "field yes-no" },
    h("legend", {}, label),
    h("label", {}, h("input", { type: "radio", name, value: "yes", checked: chosen === true }), ` ${T.yes}`),
    h("label", {}, h("input", { type: "radio", name, value: "no", checked: chosen === false }), ` ${T.no}`),
  );
}

function number(name, label, value, attrs = {}) {
  return h("div", { class: "field" }, h("label", { for: name }, label), h("input", { id: name, name, inputmode: "decimal", value: value ?? "", ...attrs }));
}

const part = (title, ...children) => h("details", { class: "card part", open: true }, h("summary", {}, title), ...children);

/** The survey form; `saved` (a previous draft's answers) fills it again. */
export function surveyForm(T, ruleSet, village, household, saved = null) {
  const b = saved?.phieu_b || {};
  const dwelling = b.dwelling || {};
  const codes = (name) => ruleSet.codes[name]?.labels || {};
  const savedMembers = new Map((saved?.members || []).map((member) => [member.member_id, member]));
  const phieuA = ruleSet.phieu_a
    ? part(T.phieu_a, ticks("phieu_a", T.phieu_a_ticks, ruleSet.phieu_a.labels, saved?.phieu_a?.ticked || []))
    : null;
  const table = ruleSet.score_table;
  const b1 = table
    ? part(
        T.b1_title,
        Object.entries(table.item_labels).map(([item, label]) =>
          select(`b1-${item}`, label, table.answer_labels[item] || {}, b.b1?.items?.[item], T.choose),
        ),
        number("b1_total", T.b1_total, b.b1?.form_total),
      )
    : null;
  const members = household.members.map((member) => {
    const answers = savedMembers.get(String(member.id)) || {};
    const prefix = `m${member.id}`;
    return h(
      "details",
      { class: "card member-answers" },
      h("summary", {}, `${member.full_name} (${member.birth_date.slice(0, 4)})`),
      MEMBER_FLAGS.map((flag) => yesNo(`${prefix}-${flag}`, T[`member_${flag}`], T, answers[flag] ?? (flag === "health_insured" ? true : false))),
      select(`${prefix}-school_level`, T.member_school_level, codes("school_level"), answers.school_level, T.not_attending),
      select(`${prefix}-education_level`, T.member_education_level, codes("education_level"), answers.education_level || "none"),
      ticks(`${prefix}-certificates`, T.member_certificates, codes("certificate"), answers.certificates || []),
      select(`${prefix}-employment`, T.member_employment, codes("employment"), answers.employment || "outside_labour_force"),
    );
  });
  return h(
    "form",
    { id: "survey-form", novalidate: true },
    h("div", { class: "card" }, yesNo("farm_household", T.farm_household, T, saved?.farm_household ?? false)),
    phieuA,
    part(
      T.phieu_b,
      select("wall", T.wall, codes("material"), dwelling.wall, T.choose),
      select("pillar", T.pillar, codes("material"), dwelling.pillar, T.choose),
      select("roof", T.roof, codes("material"), dwelling.roof, T.choose),
      number("floor_area", T.floor_area, dwelling.floor_area_m2),
      select("water_source", T.water_source, codes("water_source"), b.water_source, T.choose),
      select("latrine", T.latrine, codes("latrine"), b.latrine, T.choose),
      ticks("telecom_used", T.telecom_used, codes("telecom"), b.telecom_used || []),
      ticks("devices", T.devices, codes("device"), b.devices || []),
      yesNo("hears_loudspeaker", T.hears_loudspeaker, T, b.hears_loudspeaker ?? false),
      ruleSet.codes.waste_handling ? select("waste_handling", T.waste_handling, codes("waste_handling"), b.waste_handling, T.choose) : null,
    ),
    h("h2", {}, T.members_answers),
    members,
    b1,
    part(T.phieu_c, INCOMES.map((name) => number(`income-${name}`, T[`income_${name}`], saved?.phieu_c?.[name], { placeholder: "0" }))),
    h("div", { class: "sticky-foot" }, h("button", { type: "submit", class: "primary" }, T.save_survey)),
  );
}

const value = (form, name) => form.elements.namedItem(name)?.value ?? "";
const checked = (form, name) => [...form.querySelectorAll(`input[name="${name}"]:checked`)].map((input) => input.value);
const yes = (form, name) => form.querySelector(`input[name="${name}"]:checked`)?.value === "yes";

/** Money as typed on the phone: "1.500.000", "1500000" or "1 500 000"; empty is 0. */
export function money(text) {
  const cleaned = String(text || "").replace(/[ .]/g, "");
  return /^\d+$/.test(cleaned) ? Number(cleaned) : 0;
}

/** The answers in household_to_dict's shape; Phiếu B only once its required answers are there. */
export function readSurvey(form, ruleSet, village, household) {
  const area = Number(String(value(form, "floor_area")).replace(",", "."));
  const dwellingDone = ["wall", "pillar", "roof", "water_source", "latrine"].every((name) => value(form, name)) && area > 0;
  let b1 = null;
  const table = ruleSet.score_table;
  if (table) {
    const items = Object.fromEntries(Object.keys(table.item_labels).map((item) => [item, value(form, `b1-${item}`)]).filter(([, answer]) => answer));
    const complete = Object.keys(items).length === Object.keys(table.item_labels).length;
    const total = value(form, "b1_total").trim();
    if (complete || total) b1 = { items: complete ? items : {}, form_total: total ? Number(total) : null };
  }
  const incomes = Object.fromEntries(INCOMES.map((name) => [name, money(value(form, `income-${name}`))]));
  const anyIncome = INCOMES.some((name) => value(form, `income-${name}`).trim());
  return {
    reference_date: localToday(),
    area_type: village.area_type || "rural",
    scoring_region: village.scoring_region,
    farm_household: yes(form, "farm_household"),
    members: household.members.map((member) => {
      const prefix = `m${member.id}`;
      const flags = Object.fromEntries(MEMBER_FLAGS.map((flag) => [flag, yes(form, `${prefix}-${flag}`)]));
      return {
        member_id: String(member.id),
        birth_date: member.birth_date,
        sex: member.sex,
        birth_year_only: member.birth_date_precision === "year",
        ...flags,
        school_level: value(form, `${prefix}-school_level`) || null,
        education_level: value(form, `${prefix}-education_level`) || "none",
        certificates: checked(form, `${prefix}-certificates`).sort(),
        employment: value(form, `${prefix}-employment`) || "outside_labour_force",
      };
    }),
    phieu_a: ruleSet.phieu_a ? { ticked: checked(form, "phieu_a").sort() } : null,
    phieu_b: dwellingDone
      ? {
          dwelling: { wall: value(form, "wall"), pillar: value(form, "pillar"), roof: value(form, "roof"), floor_area_m2: area },
          water_source: value(form, "water_source"),
          latrine: value(form, "latrine"),
          telecom_used: checked(form, "telecom_used").sort(),
          devices: checked(form, "devices").sort(),
          hears_loudspeaker: yes(form, "hears_loudspeaker"),
          waste_handling: value(form, "waste_handling") || null,
          b1,
        }
      : null,
    income_per_capita: null,
    phieu_c: anyIncome ? incomes : null,
  };
}

/** The day (YYYY-MM-DD, the phone's local calendar) of an ISO time: a step's date is the day it was typed. */
export function entryDay(iso) {
  const when = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${when.getFullYear()}-${pad(when.getMonth() + 1)}-${pad(when.getDate())}`;
}

const yesNoText = (flag) => (flag ? "yes" : "no");

/** The phone's answers as the API's SurveyIn takes them: the survey page's own fields, for the household's
 * open case, dated the day they were typed; complete when the phone could classify the household. */
export function surveyBody(survey, household, periodYear) {
  const a = survey.answers;
  const b = a.phieu_b;
  const answers = { farm_household: yesNoText(a.farm_household) };
  if (a.phieu_a) answers.phieu_a = a.phieu_a.ticked;
  if (b) {
    Object.assign(answers, { wall: b.dwelling.wall, pillar: b.dwelling.pillar, roof: b.dwelling.roof, floor_area: String(b.dwelling.floor_area_m2) });
    Object.assign(answers, { water_source: b.water_source, latrine: b.latrine, telecom_used: b.telecom_used, devices: b.devices });
    answers.hears_loudspeaker = yesNoText(b.hears_loudspeaker);
    if (b.waste_handling) answers.waste_handling = b.waste_handling;
    if (b.b1?.form_total !== null && b.b1?.form_total !== undefined) answers.b1_total = b.b1.form_total;
  }
  if (a.phieu_c) INCOMES.forEach((name) => { answers[`income_${name}`] = String(a.phieu_c[name]); });
  const members = a.members.map((member) => ({
    member_id: Number(member.member_id),
    ...Object.fromEntries(MEMBER_FLAGS.map((flag) => [flag, yesNoText(member[flag])])),
    school_level: member.school_level || "",
    education_level: member.education_level,
    certificates: member.certificates,
    employment: member.employment,
  }));
  const items = Object.entries(b?.b1?.items || {}).map(([item_code, answer]) => ({ item_code, answer }));
  const openCase = household.open_case;
  return {
    household_id: household.id,
    ...(openCase ? { case_id: openCase.id } : { standalone: true }),
    period_year: periodYear,
    reference_date: entryDay(survey.entered_at),
    answers,
    members,
    b1_items: items,
    complete: survey.result_class !== "undetermined",
  };
}
