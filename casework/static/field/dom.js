// Small helpers shared by the field app's screens.

/** An element with attributes (on* attributes become listeners) and children. */
export const h = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, "");
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
};

const two = (n) => String(n).padStart(2, "0");

/** dd/mm/yyyy hh:mm in the phone's time. */
export const vnDateTime = (value) => {
  const day = new Date(value);
  return `${two(day.getDate())}/${two(day.getMonth() + 1)}/${day.getFullYear()} ${two(day.getHours())}:${two(day.getMinutes())}`;
};

/** Today on the phone's calendar (not UTC's) as yyyy-mm-dd: an entry at 6 a.m. in Hà Giang is today's. */
export const localToday = () => {
  const now = new Date();
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
};

/** ISO yyyy-mm-dd -> dd/mm/yyyy, as the user typed it; anything else as it is. */
export const isoToVn = (iso) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ""));
  return match ? `${match[3]}/${match[2]}/${match[1]}` : String(iso || "");
};

/** dd/mm/yyyy (or yyyy) -> ISO yyyy-mm-dd and its precision; null when it is no real date. */
export function parseVnDate(text) {
  const cleaned = String(text || "").trim();
  if (/^\d{4}$/.test(cleaned)) return { iso: `${cleaned}-01-01`, precision: "year" };
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cleaned);
  if (!match) return null;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return { iso: `${year}-${two(month)}-${two(day)}`, precision: "day" };
}
