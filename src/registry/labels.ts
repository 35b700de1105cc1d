/** Label selectors: a selector matches when every key/value it names is present on the labels. */

export type Labels = Readonly<Record<string, string>>;

/** True when `selector` ⊆ `labels`. An empty or absent selector matches everything. */
export function selectorMatches(selector: Labels | undefined, labels: Labels | undefined): boolean {
  if (!selector) return true;
  for (const k of Object.keys(selector)) {
    if (!labels || labels[k] !== selector[k]) return false;
  }
  return true;
}

export function isEmptySelector(selector: Labels | undefined): boolean {
  return !selector || Object.keys(selector).length === 0;
}

/** Parses `k=v[,k=v]` as written on command lines. */
export function parseLabelList(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const t = part.trim();
    if (!t) continue;
    const i = t.indexOf('=');
    if (i <= 0) throw new Error(`label "${t}" is not of the form key=value`);
    out[t.slice(0, i).trim()] = t.slice(i + 1).trim();
  }
  return out;
}
