// The poverty-standard engine on the phone: workflow/standards/classify.py in JavaScript.
//
// It reads a rule set exported by workflow/standards/export.py (GET /field/rules/<id>.json) and a
// household in the shape of household_to_dict (workflow/standards/inputs.py), and returns the
// class, the path that decided it, the indicators with their members and sentences, the
// deprivation count, the scores and the reasons, word for word as the server would.
// tests/casework/field/test_classify_js.py compares the two on thousands of generated households.
// Plain ES module, no dependency.

export class InvalidAnswer extends Error {
  constructor(question, problem) {
    super(`${question}: ${problem}`);
    this.question = question;
    this.problem = problem;
  }
}

const unknownCode = (question, code) => new InvalidAnswer(question, `unknown answer code ${JSON.stringify(code)}`);

const POOR = "poor";
const NEAR_POOR = "near_poor";
const NOT_POOR = "not_poor";
const ALS = "average_living_standard";
const UNDETERMINED = "undetermined";
const LISTED = [POOR, NEAR_POOR];
const NOT_LISTED = [NOT_POOR, ALS];

// ---- Vietnamese numbers (workflow/numbers.py) ----------------------------------------------------

export function grouped(amount) {
  const sign = amount < 0 ? "-" : "";
  const digits = String(Math.abs(amount));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
}

export const money = (amount, unit = "đồng") => grouped(amount) + (unit ? ` ${unit}` : "");

// Python's f"{value:.2f}" rounds the exact binary value half to even; toFixed rounds ties up.
function fixed2(value) {
  const size = Math.abs(value);
  let text = size.toFixed(2);
  // A tie needs a third decimal of 5 and nothing after it: only then read the exact expansion.
  const [whole, fraction] = size.toFixed(3).endsWith("5") ? size.toFixed(100).split(".") : ["", "9"];
  if (/^50*$/.test(fraction.slice(2))) {
    const kept = BigInt(whole + fraction.slice(0, 2));
    const digits = (kept % 2n === 0n ? kept : kept + 1n).toString().padStart(3, "0");
    text = `${digits.slice(0, -2)}.${digits.slice(-2)}`;
  }
  return (value < 0 || Object.is(value, -0) ? "-" : "") + text;
}

export function decimal(value) {
  return fixed2(value).replace(/0+$/, "").replace(/\.$/, "").replace(".", ",");
}

// ---- Ages ----------------------------------------------------------------------------------------

function parseDay(text) {
  const [year, month, day] = text.split("-").map(Number);
  return { year, month, day };
}

function memberAges(household, ruleSet) {
  const on = parseDay(household.reference_date);
  const onMonths = on.year * 12 + on.month;
  const [assumedMonth, assumedDay] = ruleSet.year_only_birthday.month_day;
  let assumed = false;
  const ages = household.members.map((member) => {
    let birth = parseDay(member.birth_date);
    if (member.birth_year_only) {
      birth = { year: birth.year, month: assumedMonth, day: assumedDay };
      assumed = true;
    }
    const months = onMonths - birth.year * 12 - birth.month - (on.day < birth.day ? 1 : 0);
    if (months < 0) throw new RangeError(`born ${member.birth_date}, after the reference date`);
    return months;
  });
  return [ages, assumed];
}

// ---- Inputs with the engine's defaults (inputs.py) ------------------------------------------------

const MEMBER_DEFAULTS = {
  birth_year_only: false,
  health_insured: true,
  stunted: false,
  underweight: false,
  untreated_illness: false,
  attending_school: false,
  school_level: null,
  education_level: "none",
  certificates: [],
  employment: "outside_labour_force",
  labour_contract: false,
  disabled: false,
  serious_illness: false,
  social_allowance: false,
};

const PHIEU_C_FIELDS = [
  "crops", "livestock", "forestry", "fishery", "salt_making", "wages", "non_farm_business", "other",
];

function normalise(data) {
  if (!data.members || data.members.length === 0) throw new InvalidAnswer("members", "a household has at least one member");
  const ids = data.members.map((member) => String(member.member_id));
  if (new Set(ids).size !== ids.length) throw new InvalidAnswer("members", "member ids must be unique within a household");
  return {
    reference_date: data.reference_date,
    area_type: data.area_type,
    scoring_region: data.scoring_region ?? null,
    farm_household: Boolean(data.farm_household),
    members: data.members.map((member) => ({ ...MEMBER_DEFAULTS, ...member, member_id: String(member.member_id) })),
    phieu_a: data.phieu_a ?? null,
    phieu_b: data.phieu_b ?? null,
    income_per_capita: data.income_per_capita ?? null,
    phieu_c: data.phieu_c ?? null,
  };
}

// ---- Code lists ------------------------------------------------------------------------------------

function codeList(ruleSet, name) {
  const list = ruleSet.codes[name];
  return {
    known: new Set(Object.keys(list.labels)),
    withFlag: (flag) => new Set(Object.keys(list.flags).filter((code) => list.flags[code][flag] === true)),
    labels: list.labels,
  };
}

const sortedIds = (found) => (found.length ? [...found].sort() : null);
const surveyOf = (household) => {
  if (household.phieu_b === null) throw new InvalidAnswer("phieu_b", "household-level answers are missing");
  return household.phieu_b;
};
const flag = (params, key, fallback) => (key in params ? params[key] : fallback);

// ---- Indicator evaluators (indicators.py): null when not deprived, else the member ids ------------

function retirementLimit(workingAge, sex, year) {
  const steps = workingAge.retirement_months[sex];
  if (steps === undefined) return undefined;
  let months = steps[0][1];
  for (const [fromYear, stepMonths] of steps) {
    if (fromYear > year) break;
    months = stepMonths;
  }
  return months;
}

const EVALUATORS = {
  employment(params, ruleSet) {
    const statuses = codeList(ruleSet, "employment");
    const deprived = statuses.withFlag("deprived");
    const needsContract = statuses.withFlag("needs_contract");
    const minMonths = ruleSet.working_age.min_age * 12;
    return (household, ages) => {
      const found = [];
      const year = parseDay(household.reference_date).year;
      household.members.forEach((member, index) => {
        const status = member.employment;
        if (!deprived.has(status) && !needsContract.has(status)) {
          if (!statuses.known.has(status)) throw unknownCode("employment", status);
          return;
        }
        if (!deprived.has(status) && member.labour_contract) return;
        const limit = retirementLimit(ruleSet.working_age, member.sex, year);
        if (limit === undefined) throw unknownCode("sex", member.sex);
        if (minMonths <= ages[index] && ages[index] < limit) found.push(member.member_id);
      });
      return sortedIds(found);
    };
  },
  dependents(params) {
    const childBelow = params.child_under_age * 12;
    const elderlyFrom = params.elderly_from_age * 12;
    const illnessCounts = flag(params, "serious_illness", false);
    return (household, ages) => {
      const found = household.members
        .filter((member, index) => {
          const months = ages[index];
          return (
            months < childBelow ||
            (illnessCounts && member.serious_illness) ||
            ((months >= elderlyFrom || member.disabled) && (member.social_allowance || !params.allowance_required))
          );
        })
        .map((member) => member.member_id);
      return found.length * 100 > params.share_above_percent * household.members.length ? [...found].sort() : null;
    };
  },
  nutrition(params) {
    const childBelow = params.child_under_age * 12;
    return (household, ages) =>
      sortedIds(
        household.members
          .filter((member, index) => (member.stunted || member.underweight) && ages[index] < childBelow)
          .map((member) => member.member_id),
      );
  },
  health_insurance(params) {
    const fromMonths = params.from_age * 12;
    return (household, ages) =>
      sortedIds(
        household.members
          .filter((member, index) => !member.health_insured && ages[index] >= fromMonths)
          .map((member) => member.member_id),
      );
  },
  health_service_access() {
    return (household) =>
      sortedIds(household.members.filter((member) => member.untreated_illness).map((member) => member.member_id));
  },
  adult_education(params, ruleSet) {
    const levels = ruleSet.codes.education_level;
    const certificates = codeList(ruleSet, "certificate").known;
    const bands = params.age_bands.map((band) => [
      band.from_age * 12,
      (band.to_age + 1) * 12,
      levels.flags[band.min_level].rank,
      new Set(band.accepted_certificates),
    ]);
    const youngest = Math.min(...bands.map((band) => band[0]));
    const oldest = Math.max(...bands.map((band) => band[1]));
    return (household, ages) => {
      const found = [];
      household.members.forEach((member, index) => {
        const months = ages[index];
        if (months < youngest || months >= oldest || member.attending_school) return;
        const flags = levels.flags[member.education_level];
        if (flags === undefined) throw unknownCode("education_level", member.education_level);
        const unknown = member.certificates.filter((code) => !certificates.has(code));
        if (unknown.length) throw unknownCode("certificates", [...new Set(unknown)].sort());
        for (const [start, end, minRank, accepted] of bands) {
          if (start <= months && months < end) {
            if (flags.rank < minRank && !member.certificates.some((code) => accepted.has(code))) {
              found.push(member.member_id);
            }
            break;
          }
        }
      });
      return sortedIds(found);
    };
  },
  child_school_attendance(params, ruleSet) {
    const schoolLevels = codeList(ruleSet, "school_level").known;
    const start = params.from_age * 12;
    const end = (params.to_age + 1) * 12;
    const acceptedByAge = new Map();
    for (const band of params.levels_by_age || []) {
      for (let age = band.from_age; age <= band.to_age; age += 1) {
        const accepted = acceptedByAge.get(age) || new Set();
        band.levels.forEach((level) => accepted.add(level));
        acceptedByAge.set(age, accepted);
      }
    }
    return (household, ages) => {
      const found = [];
      household.members.forEach((member, index) => {
        const months = ages[index];
        if (!(start <= months && months < end)) return;
        if (member.attending_school && params.check_level) {
          if (!schoolLevels.has(member.school_level)) throw unknownCode("school_level", member.school_level);
          if (acceptedByAge.get(Math.floor(months / 12)).has(member.school_level)) return;
        } else if (member.attending_school) {
          return;
        }
        found.push(member.member_id);
      });
      return sortedIds(found);
    };
  },
  housing_quality(params, ruleSet) {
    const materials = codeList(ruleSet, "material");
    const durable = materials.withFlag("durable");
    return (household) => {
      const { wall, pillar, roof } = surveyOf(household).dwelling;
      const parts = [wall, pillar, roof];
      if (parts.some((code) => !materials.known.has(code))) {
        throw unknownCode("material", [...new Set(parts.filter((code) => !materials.known.has(code)))].sort());
      }
      const nonDurable = parts.filter((code) => !durable.has(code)).length;
      return nonDurable >= params.min_non_durable ? [] : null;
    };
  },
  housing_area(params) {
    const below = Number(params.min_m2_per_person);
    return (household) => (surveyOf(household).dwelling.floor_area_m2 < below * household.members.length ? [] : null);
  },
  water_source: singleCode("water_source", "safe", (survey) => survey.water_source),
  hygienic_latrine: singleCode("latrine", "hygienic", (survey) => survey.latrine),
  waste_treatment: singleCode("waste_handling", "safe", (survey) => survey.waste_handling ?? null),
  telecom_use: codeSet("telecom", "counts", (survey) => survey.telecom_used),
  information_access: codeSet("device", "counts", (survey) => survey.devices),
};

function singleCode(listName, flagName, read) {
  return (params, ruleSet) => {
    const codes = codeList(ruleSet, listName);
    const good = codes.withFlag(flagName);
    return (household) => {
      const answer = read(surveyOf(household));
      if (answer === null || answer === undefined) {
        throw new InvalidAnswer(listName, "answer missing; this rule set asks it");
      }
      if (!codes.known.has(answer)) throw unknownCode(listName, answer);
      return good.has(answer) ? null : [];
    };
  };
}

function codeSet(listName, flagName, read) {
  return (params, ruleSet) => {
    const codes = codeList(ruleSet, listName);
    const counted = codes.withFlag(flagName);
    const loudspeakerCounts = flag(params, "loudspeaker_counts", false);
    return (household) => {
      const survey = surveyOf(household);
      const answers = read(survey);
      const unknown = answers.filter((code) => !codes.known.has(code));
      if (unknown.length) throw unknownCode(listName, [...new Set(unknown)].sort());
      if (answers.some((code) => counted.has(code)) || (loudspeakerCounts && survey.hears_loudspeaker)) return null;
      return [];
    };
  };
}

// Evaluators are built once per rule set, as the Python loader does.
const built = new WeakMap();

function evaluatorsOf(ruleSet) {
  let evaluators = built.get(ruleSet);
  if (!evaluators) {
    evaluators = ruleSet.indicators.map((spec) => EVALUATORS[spec.evaluator](spec.params, ruleSet));
    built.set(ruleSet, evaluators);
  }
  return evaluators;
}

// ---- Scores (scoring.py) ------------------------------------------------------------------------

function screenPhieuA(criteria, answers) {
  const ticked = [...new Set(answers.ticked || [])];
  if (!ticked.length) return ["continue_to_b", []];
  const unknown = ticked.filter((code) => !(code in criteria.groups));
  if (unknown.length) throw unknownCode("phieu_a", unknown.sort());
  for (const [group, minTicked] of criteria.stop_rules) {
    const matched = ticked.filter((code) => criteria.groups[code] === group);
    if (matched.length >= minTicked) return ["stop_not_poor", matched.sort()];
  }
  return ["continue_to_b", []];
}

function scoreB1(table, b1, household) {
  const items = Object.entries(b1.items || {});
  if (!items.length) {
    if (b1.form_total === null || b1.form_total === undefined) {
      throw new InvalidAnswer("b1", "B1Input needs itemised answers or the form total");
    }
    return [b1.form_total, "form_total"];
  }
  if (table === null) throw new InvalidAnswer("b1", "this rule set has no B1 score table; give the form total");
  const column = household.area_type === "urban" ? table.urban_column : household.scoring_region;
  const points = table.points[column || ""];
  if (points === undefined) throw unknownCode("scoring_region", column);
  if (items.length !== Object.keys(points).length) {
    const given = new Set(items.map(([item]) => item));
    const missing = Object.keys(points).filter((item) => !given.has(item)).sort();
    throw new InvalidAnswer("b1", `every item must be answered once; missing ${JSON.stringify(missing)}`);
  }
  let total = table.base[column || ""];
  for (const [item, answer] of items.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const answers = points[item];
    if (answers === undefined) throw unknownCode("b1 item", item);
    const value = answers[answer];
    if (value === undefined) throw unknownCode(`b1 item ${item}`, answer);
    total += value;
  }
  return [total, "itemised"];
}

function phieuCIncome(form, net) {
  const total = PHIEU_C_FIELDS.reduce((sum, key) => sum + (form[key] || 0), 0);
  return net ? total - (form.production_costs || 0) : total;
}

// ---- The decision (classify.py) --------------------------------------------------------------------

const forArea = (line, area) => (area === "rural" ? line.rural : line.urban);

function gateOf(rule, area) {
  return Math.max(...rule.bands.map((band) => forArea(band.up_to, area)));
}

function decide(rule, area, value, deprivations, denominator = 1) {
  for (const [index, band] of rule.bands.entries()) {
    if (value > forArea(band.up_to, area) * denominator) continue;
    if (band.min_deprivations === 0) return [band.result, index];
    if (deprivations === null) return [null, null];
    if (deprivations >= band.min_deprivations) return [band.result, index];
  }
  return [NOT_POOR, null];
}

function actualIncome(household, ruleSet) {
  if (household.phieu_c !== null) {
    return [phieuCIncome(household.phieu_c, ruleSet.phieu_c_net_income.value), 12 * household.members.length];
  }
  if (household.income_per_capita !== null) return [household.income_per_capita, 1];
  return null;
}

function povertyGate(household, ruleSet, stopped, b1, count, actual) {
  const area = household.area_type;
  if (stopped) return [NOT_POOR, null, "phieu_a"];
  for (const path of ruleSet.paths.classify) {
    if (path === "score_b1" && b1 !== null && ruleSet.b1_rule !== null) {
      return [...decide(ruleSet.b1_rule, area, b1, count), "score_b1"];
    }
    if (path === "income" && actual !== null && ruleSet.income_rule !== null) {
      return [...decide(ruleSet.income_rule, area, actual[0], count, actual[1]), "income"];
    }
  }
  if (household.income_per_capita !== null && ruleSet.income_rule !== null) {
    return [...decide(ruleSet.income_rule, area, household.income_per_capita, count), "income"];
  }
  if (household.phieu_c !== null && actual !== null && ruleSet.income_rule !== null) {
    const above = actual[0] > gateOf(ruleSet.income_rule, area) * actual[1];
    return [above ? NOT_POOR : null, null, "phieu_c"];
  }
  return [null, null, "none"];
}

function within(range, area, actual) {
  if (range === null || actual === null) return false;
  const [numerator, denominator] = actual;
  if (numerator > forArea(range.up_to, area) * denominator) return false;
  return range.above === null || numerator > forArea(range.above, area) * denominator;
}

const MOVEMENTS = {
  "poor poor": "existing_poor",
  "poor near_poor": "poor_to_near_poor",
  "poor other": "exited_poor",
  "near_poor poor": "near_poor_to_poor",
  "near_poor near_poor": "existing_near_poor",
  "near_poor other": "exited_near_poor",
  "other poor": "new_poor",
  "other near_poor": "new_near_poor",
  "other other": "remains_not_poor",
};

export function movement(previous, current, formerlyPoor = false) {
  if (current === UNDETERMINED && previous !== UNDETERMINED) return "undetermined";
  if (previous === UNDETERMINED || current === UNDETERMINED) {
    throw new RangeError("an undetermined class is never recognised; pass the recognised one");
  }
  const group = (value) => (value === POOR || value === NEAR_POOR ? value : "other");
  const found = MOVEMENTS[`${group(previous)} ${group(current)}`];
  return found === "new_poor" && formerlyPoor ? "re_poor" : found;
}

/**
 * Classify one household (household_to_dict's shape) under one exported rule set.
 * `previousClass` is the class recognised at the start of the period (null: not on the list).
 * Throws InvalidAnswer for answers the rule set cannot read.
 */
export function classify(data, ruleSet, previousClass = null, formerlyPoor = false) {
  const household = normalise(data);
  let screen = null;
  let matched = [];
  if (household.phieu_a !== null && ruleSet.phieu_a !== null) {
    [screen, matched] = screenPhieuA(ruleSet.phieu_a, household.phieu_a);
  }
  const stopped = screen === "stop_not_poor";
  let outcomes = null;
  let count = null;
  let b1 = null;
  let b1Source = null;
  let yearOnly = false;
  if (household.phieu_b !== null && !stopped) {
    const [ages, assumed] = memberAges(household, ruleSet);
    yearOnly = assumed;
    outcomes = evaluatorsOf(ruleSet).map((evaluate) => evaluate(household, ages));
    count = outcomes.filter((members) => members !== null).length;
    if (household.phieu_b.b1) [b1, b1Source] = scoreB1(ruleSet.score_table, household.phieu_b.b1, household);
  }
  const actual = actualIncome(household, ruleSet);
  const [poverty, bandIndex, basis] = povertyGate(household, ruleSet, stopped, b1, count, actual);
  const area = household.area_type;
  const alsChecked = Boolean(
    !LISTED.includes(poverty) && household.farm_household && actual !== null && ruleSet.average_living_standard !== null,
  );
  let householdClass;
  if (poverty !== null && LISTED.includes(poverty)) householdClass = poverty;
  else if (alsChecked && within(ruleSet.average_living_standard, area, actual)) householdClass = ALS;
  else householdClass = poverty === null ? UNDETERMINED : poverty;
  const liwChecked = NOT_LISTED.includes(householdClass) && actual !== null && ruleSet.low_income_worker !== null;
  const result = {
    household,
    ruleSet,
    class: householdClass,
    basis,
    band_index: bandIndex,
    outcomes,
    deprivation_count: count,
    score_b2: count === null ? null : count * ruleSet.b2_points.value,
    score_b1: b1,
    score_b1_source: b1Source,
    phieu_a_result: screen,
    phieu_a_matched: matched,
    actual_income: actual,
    income_per_capita: actual === null ? null : Math.floor((2 * actual[0] + actual[1]) / (2 * actual[1])),
    low_income_worker: liwChecked && within(ruleSet.low_income_worker, area, actual),
    previous_class: previousClass,
    movement: movement(previousClass, householdClass, formerlyPoor),
  };
  const usage = {
    phieuA: screen !== null,
    indicators: count !== null,
    basis,
    itemisedB1: b1Source === "itemised",
    phieuCIncome: household.phieu_c !== null,
    averageLivingStandard: alsChecked,
    lowIncomeWorker: liwChecked,
    yearOnlyBirth: yearOnly,
  };
  result.unverified = unverified(ruleSet, usage);
  result.income_for_information = actual !== null && basis !== "income" && informs(ruleSet, "income");
  result.indicators = indicatorResults(result);
  result.reasons = explain(result);
  return result;
}

const informs = (ruleSet, basis) => ruleSet.paths.inform.includes(basis) && !ruleSet.paths.classify.includes(basis);

// ---- What a result relied on that is not confirmed (rule_set.py RuleSet._relied_on) -------------

function unverified(ruleSet, usage) {
  const items = [];
  if (usage.phieuA && ruleSet.phieu_a !== null) items.push([`phieu_a:${ruleSet.phieu_a.id}`, ruleSet.phieu_a.verified]);
  if (usage.indicators) {
    items.push(["b2_points", ruleSet.b2_points.verified]);
    for (const spec of ruleSet.indicators) {
      items.push([`indicator:${spec.id}`, spec.verified]);
      for (const name of spec.uses) {
        const shared = name === "working_age" ? ruleSet.working_age : ruleSet.codes[name.replace(/^codes:/, "")];
        items.push([name, shared.verified]);
      }
    }
  }
  if (usage.yearOnlyBirth) items.push(["year_only_birthday", ruleSet.year_only_birthday.verified]);
  let rule = null;
  if (usage.basis === "score_b1") rule = ruleSet.b1_rule;
  else if (usage.basis === "income" || usage.basis === "phieu_c") rule = ruleSet.income_rule;
  if (rule !== null) {
    const b1 = rule.measure === "score_b1";
    items.push([`rule:${b1 ? "b1" : "income"}`, rule.verified]);
    for (const band of rule.bands) items.push([`${b1 ? "b1_line" : "line"}:${band.up_to.name}`, band.up_to.verified]);
  }
  if (usage.basis === "income" && ruleSet.paths.classify.includes("income")) items.push(["paths", ruleSet.paths.verified]);
  if (usage.itemisedB1 && ruleSet.score_table !== null) {
    items.push([`score_table:${ruleSet.score_table.id}`, ruleSet.score_table.verified]);
  }
  const rangeItems = (name, range) => {
    items.push([`rule:${name}`, range.verified], [`line:${range.up_to.name}`, range.up_to.verified]);
    if (range.above !== null) items.push([`line:${range.above.name}`, range.above.verified]);
  };
  if (usage.averageLivingStandard && ruleSet.average_living_standard !== null) {
    rangeItems("average_living_standard", ruleSet.average_living_standard);
  }
  if (usage.phieuCIncome) items.push(["phieu_c_net_income", ruleSet.phieu_c_net_income.verified]);
  if (usage.lowIncomeWorker && ruleSet.low_income_worker !== null) rangeItems("low_income_worker", ruleSet.low_income_worker);
  return [...new Set(items.filter(([, verified]) => !verified).map(([name]) => name))].sort();
}

// ---- Reasons (reasons.py) ---------------------------------------------------------------------------

export const CLASS_LABELS = {
  poor: "hộ nghèo",
  near_poor: "hộ cận nghèo",
  not_poor: "hộ không nghèo",
  average_living_standard: "hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình",
  undetermined: "chưa xác định được",
};

export const MOVEMENT_LABELS = {
  new_poor: "hộ nghèo phát sinh mới",
  re_poor: "hộ tái nghèo",
  existing_poor: "hộ nghèo cũ tiếp tục là hộ nghèo",
  near_poor_to_poor: "hộ cận nghèo trở thành hộ nghèo",
  poor_to_near_poor: "hộ nghèo thoát nghèo, trở thành hộ cận nghèo",
  exited_poor: "hộ thoát nghèo",
  new_near_poor: "hộ cận nghèo phát sinh mới",
  existing_near_poor: "hộ cận nghèo cũ tiếp tục là hộ cận nghèo",
  exited_near_poor: "hộ thoát cận nghèo",
  remains_not_poor: "không thuộc danh sách hộ nghèo, hộ cận nghèo",
  undetermined: "chưa xác định",
};

const AREA_LABELS = { rural: "khu vực nông thôn", urban: "khu vực thành thị" };

function explain(result) {
  const lines = [
    ...phieuAReasons(result),
    ...scoreReasons(result),
    ...gateReasons(result),
    ...informationReasons(result),
    ...incomeStatusReasons(result),
  ];
  lines.push(`Kết luận: ${CLASS_LABELS[result.class]}.`);
  if (result.movement !== null) lines.push(`So với kết quả đã được công nhận: ${MOVEMENT_LABELS[result.movement]}.`);
  return lines;
}

function phieuAReasons(result) {
  const criteria = result.ruleSet.phieu_a;
  if (result.phieu_a_result === "stop_not_poor" && criteria !== null) {
    const ticked = result.phieu_a_matched.map((code) => criteria.labels[code]).join("; ");
    return [`Phiếu A: hộ có đặc điểm dừng rà soát (${ticked}) → không khảo sát Phiếu B.`];
  }
  if (result.phieu_a_result === "continue_to_b") {
    return ["Phiếu A: hộ không có đặc điểm dừng rà soát → tiếp tục khảo sát Phiếu B."];
  }
  if (result.household.phieu_a !== null) {
    return [`${result.ruleSet.title} chưa có tiêu chí Phiếu A; Phiếu A không được xét.`];
  }
  return [];
}

function scoreReasons(result) {
  const labels = result.ruleSet.labels;
  const lines = [];
  if (result.deprivation_count !== null) {
    const deprived = result.indicators.filter((item) => item.deprived).map((item) => item.label.toLowerCase());
    const listed = deprived.length ? `: ${deprived.join(", ")}` : "";
    lines.push(
      `Hộ thiếu hụt ${result.deprivation_count}/${result.indicators.length} chỉ số` +
        ` (${labels.score_b2 ?? "B2"} = ${result.score_b2})${listed}.`,
    );
  }
  const survey = result.household.phieu_b;
  const b1Input = survey !== null ? survey.b1 ?? null : null;
  const b1Label = labels.score_b1 ?? "B1";
  if (result.score_b1_source === "itemised" && b1Input !== null) {
    const name = result.ruleSet.score_table !== null ? result.ruleSet.score_table.id : "";
    lines.push(`${b1Label} = ${result.score_b1}, tính theo bảng điểm ${name}.`);
    const total = b1Input.form_total ?? null;
    if (total !== null && total !== result.score_b1) {
      lines.push(`Tổng điểm ghi trên phiếu (${total}) khác điểm tính lại; dùng điểm tính lại.`);
    }
  } else if (result.score_b1_source === "form_total") {
    lines.push(`${b1Label} = ${result.score_b1}, theo tổng điểm ghi trên phiếu.`);
  }
  return lines;
}

function gateReasons(result) {
  const { ruleSet, household } = result;
  const area = household.area_type;
  if (result.basis === "score_b1" && ruleSet.b1_rule !== null && result.score_b1 !== null) {
    const measure = `${ruleSet.labels.score_b1 ?? "B1"} = ${result.score_b1} điểm`;
    return [bandSentence(ruleSet.b1_rule, result, measure, String)];
  }
  if (result.basis === "income" && ruleSet.income_rule !== null && result.actual_income !== null) {
    if (household.phieu_c === null && household.income_per_capita !== null) {
      const measure = `Thu nhập bình quân ${money(household.income_per_capita)}/người/tháng`;
      return [bandSentence(ruleSet.income_rule, result, measure, money)];
    }
    return [pathSentence(result), bandSentence(ruleSet.income_rule, result, actualSentence(result), money)];
  }
  if (result.basis === "phieu_c" && ruleSet.income_rule !== null && result.actual_income !== null) {
    const gate = gateOf(ruleSet.income_rule, area);
    const measure = actualSentence(result);
    if (result.class === UNDETERMINED) {
      return [`${measure} không vượt ${money(gate)} (${AREA_LABELS[area]}) → cần rà soát bằng Phiếu B.`];
    }
    return [`${measure} vượt ${money(gate)} (${AREA_LABELS[area]}) → không thuộc hộ nghèo, hộ cận nghèo.`];
  }
  if (result.basis === "none") {
    if (result.score_b1 !== null && ruleSet.b1_rule === null) {
      return [`${ruleSet.title} chưa có ngưỡng điểm B1 nên không xác định được hộ nghèo theo điểm B1.`];
    }
    return ["Chưa có điểm B1, thu nhập bình quân hoặc Phiếu C để xác định hộ nghèo, hộ cận nghèo."];
  }
  return [];
}

function pathSentence(result) {
  if (result.ruleSet.b1_rule === null) {
    return (
      "Xếp loại theo thu nhập trực tiếp (Phiếu C): bộ chuẩn chưa có bảng điểm B1 chính thức" +
      " nên thu nhập trực tiếp là cách xác định hộ nghèo, hộ cận nghèo."
    );
  }
  return "Xếp loại theo thu nhập trực tiếp (Phiếu C), theo phương pháp của bộ chuẩn đang áp dụng.";
}

function informationReasons(result) {
  if (result.actual_income === null || result.basis === "phieu_c" || !informs(result.ruleSet, "income")) return [];
  if (result.basis === "income") return [];
  return [`Để tham khảo: ${actualSentence(result)}; thu nhập này không dùng để xếp loại theo bộ chuẩn này.`];
}

function bandSentence(rule, result, measure, show) {
  const area = result.household.area_type;
  const where = AREA_LABELS[area];
  const count = result.deprivation_count;
  let top = rule.bands[0].up_to;
  for (const band of rule.bands) if (forArea(band.up_to, area) > forArea(top, area)) top = band.up_to;
  if (result.band_index === null && result.class === UNDETERMINED) {
    return (
      `${measure} không vượt ${top.label} ${show(forArea(top, area))} (${where})` +
      " nhưng chưa có thông tin thiếu hụt (Phiếu B) → chưa xác định."
    );
  }
  if (result.band_index === null) {
    return `${measure}, vượt ${top.label} ${show(forArea(top, area))} (${where}) → không nghèo, không xét thiếu hụt.`;
  }
  const band = rule.bands[result.band_index];
  let sentence = `${measure}, không vượt ${band.up_to.label} ${show(forArea(band.up_to, area))} (${where})`;
  if (band.min_deprivations) {
    sentence += ` và thiếu hụt ${count} chỉ số (từ ${band.min_deprivations} chỉ số trở lên)`;
  } else {
    const sameLine = rule.bands
      .slice(0, result.band_index)
      .filter((earlier) => forArea(earlier.up_to, area) >= forArea(band.up_to, area))
      .map((earlier) => earlier.min_deprivations);
    if (sameLine.length && count !== null) sentence += ` và thiếu hụt ${count} chỉ số (dưới ${Math.min(...sameLine)} chỉ số)`;
  }
  return `${sentence} → ${CLASS_LABELS[band.result]}.`;
}

function actualSentence(result) {
  const [numerator, denominator] = result.actual_income;
  const perCapita = money(result.income_per_capita || 0);
  if (result.household.phieu_c !== null) {
    const members = Math.floor(denominator / 12);
    return (
      `Thu nhập thực tế bình quân ${perCapita}/người/tháng` + ` (${money(numerator)} trong 12 tháng, ${members} nhân khẩu)`
    );
  }
  return `Thu nhập bình quân ${perCapita}/người/tháng`;
}

function incomeStatusReasons(result) {
  const { ruleSet, household } = result;
  const area = household.area_type;
  const lines = [];
  const band = ruleSet.average_living_standard;
  const listed = LISTED.includes(result.class);
  if (household.farm_household && band !== null && result.actual_income !== null && !listed) {
    const above = band.above !== null ? `trên ${money(forArea(band.above, area))} ` : "";
    const span = `${above}đến ${money(forArea(band.up_to, area))} (${AREA_LABELS[area]})`;
    if (result.class === ALS) lines.push(`${actualSentence(result)}, trong khoảng ${span} → hộ có mức sống trung bình.`);
    else lines.push(`${actualSentence(result)}, ngoài khoảng ${span} → không thuộc hộ có mức sống trung bình.`);
  } else if (household.phieu_c !== null && !household.farm_household && band !== null) {
    lines.push("Hộ không sinh sống bằng nông, lâm, ngư, diêm nghiệp → không xét hộ có mức sống trung bình.");
  }
  const worker = ruleSet.low_income_worker;
  if (result.low_income_worker && worker !== null) {
    lines.push(
      `${actualSentence(result)}, không vượt ${money(forArea(worker.up_to, area))} (${AREA_LABELS[area]})` +
        " và hộ không thuộc hộ nghèo, hộ cận nghèo → người lao động trong hộ đạt điều kiện thu nhập" +
        " của người lao động có thu nhập thấp.",
    );
  }
  return lines;
}

// ---- One sentence per indicator (reasons.indicator_reason) ---------------------------------------

function indicatorResults(result) {
  if (result.outcomes === null) return [];
  return result.ruleSet.indicators.map((spec, index) => {
    const members = result.outcomes[index];
    const item = {
      id: spec.id,
      number: spec.number,
      label: spec.label,
      dimension_label: spec.dimension_label,
      deprived: members !== null,
      members: members || [],
    };
    item.reason = indicatorReason(result.ruleSet, spec, item, result.household);
    return item;
  });
}

const memberPhrase = (ids) => `thành viên ${ids.join(", ")}`;
const saying = (what, item) => (item.deprived ? `Có ${what} (${memberPhrase(item.members)}).` : `Không có ${what}.`);

function membersText(template) {
  return (ruleSet, spec, item) =>
    saying(
      template.replace(/\{(\w+)\}/g, (_, key) => String(Math.trunc(Number(spec.params[key])))),
      item,
    );
}

function coded(listName, read, bad, good) {
  return (ruleSet, spec, item, household) => {
    const code = read(household);
    const label = ruleSet.codes[listName].labels[code || ""] ?? (code || "");
    return `${item.deprived ? bad : good} (${label}).`;
  };
}

function counted(listName, bad, good) {
  return (ruleSet, spec, item, household) => {
    const codes = ruleSet.codes[listName];
    const counting = Object.keys(codes.flags).filter((code) => codes.flags[code].counts === true).sort();
    let answers = [];
    if (household.phieu_b !== null) {
      answers = listName === "telecom" ? household.phieu_b.telecom_used : household.phieu_b.devices;
    }
    const countedText = counting.map((code) => codes.labels[code]).join(", ");
    const used = counting.filter((code) => answers.includes(code)).map((code) => codes.labels[code]).join(", ");
    return (item.deprived ? bad : good).replace("{counted}", countedText).replace("{used}", used || "loa truyền thanh");
  };
}

const surveyAnswer = (name) => (household) => {
  const value = household.phieu_b === null ? null : household.phieu_b[name];
  return typeof value === "string" ? value : null;
};

const INDICATOR_TEXTS = {
  employment: (ruleSet, spec, item) =>
    saying("thành viên trong độ tuổi lao động thất nghiệp hoặc làm công không có hợp đồng lao động", item),
  dependents: (ruleSet, spec, item, household) => {
    const share = Math.trunc(spec.params.share_above_percent);
    if (item.deprived) {
      return `Người phụ thuộc ${item.members.length}/${household.members.length} nhân khẩu, trên ${share}% (${memberPhrase(item.members)}).`;
    }
    return `Tỷ lệ người phụ thuộc không vượt quá ${share}% số nhân khẩu.`;
  },
  nutrition: membersText("trẻ em dưới {child_under_age} tuổi bị suy dinh dưỡng thấp còi hoặc nhẹ cân"),
  health_insurance: membersText("thành viên từ {from_age} tuổi trở lên không có bảo hiểm y tế"),
  health_service_access: membersText("thành viên ốm đau nhưng không đi khám chữa bệnh"),
  adult_education: (ruleSet, spec, item) => {
    const bands = spec.params.age_bands;
    const youngest = Math.min(...bands.map((band) => band.from_age));
    const oldest = Math.max(...bands.map((band) => band.to_age));
    return saying(
      `thành viên từ ${youngest} đến ${oldest} tuổi không đi học và chưa đạt trình độ giáo dục, đào tạo theo độ tuổi`,
      item,
    );
  },
  child_school_attendance: membersText(
    "trẻ em từ {from_age} đến {to_age} tuổi không được đi học đúng bậc, cấp học phù hợp với độ tuổi",
  ),
  housing_quality: (ruleSet, spec, item, household) => {
    const dwelling = household.phieu_b.dwelling;
    const materials = ruleSet.codes.material;
    const parts = [["tường", dwelling.wall], ["cột", dwelling.pillar], ["mái", dwelling.roof]];
    const weak = parts
      .filter(([, code]) => materials.flags[code].durable !== true)
      .map(([name, code]) => `${name}: ${materials.labels[code]}`);
    if (item.deprived) {
      return `Nhà ở không bền chắc: ${weak.length}/3 kết cấu chính bằng vật liệu không bền chắc (${weak.join("; ")}).`;
    }
    return `Nhà ở không thuộc loại không bền chắc (${weak.length}/3 kết cấu chính bằng vật liệu không bền chắc).`;
  },
  housing_area: (ruleSet, spec, item, household) => {
    const perPerson = household.phieu_b.dwelling.floor_area_m2 / household.members.length;
    const comparison = item.deprived ? "dưới" : "không dưới";
    return `Diện tích nhà ở bình quân ${decimal(perPerson)} m²/người, ${comparison} ${decimal(spec.params.min_m2_per_person)} m²/người.`;
  },
  water_source: coded(
    "water_source",
    surveyAnswer("water_source"),
    "Hộ không tiếp cận được nguồn nước sinh hoạt hợp vệ sinh",
    "Hộ sử dụng nguồn nước sinh hoạt hợp vệ sinh",
  ),
  hygienic_latrine: coded(
    "latrine",
    surveyAnswer("latrine"),
    "Hộ không sử dụng nhà tiêu hợp vệ sinh",
    "Hộ sử dụng nhà tiêu hợp vệ sinh",
  ),
  waste_treatment: coded(
    "waste_handling",
    surveyAnswer("waste_handling"),
    "Rác thải sinh hoạt của hộ chưa được thu gom, xử lý hợp vệ sinh",
    "Rác thải sinh hoạt của hộ được thu gom, xử lý hợp vệ sinh",
  ),
  telecom_use: counted(
    "telecom",
    "Không thành viên nào sử dụng dịch vụ được tính ({counted}).",
    "Hộ có thành viên sử dụng dịch vụ được tính ({used}).",
  ),
  information_access: counted(
    "device",
    "Hộ không có phương tiện nào trong số: {counted}; và không nghe được hệ thống loa truyền thanh.",
    "Hộ có phương tiện tiếp cận thông tin ({used}) hoặc nghe được hệ thống loa truyền thanh.",
  ),
};

function indicatorReason(ruleSet, spec, item, household) {
  const describe = INDICATOR_TEXTS[spec.evaluator];
  if (!describe) return `${spec.label}: ${item.deprived ? "thiếu hụt" : "không thiếu hụt"}.`;
  return describe(ruleSet, spec, item, household);
}
