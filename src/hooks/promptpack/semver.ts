import { bareVersion } from './spec.js';

// Semantic Versioning 2.0.0 precedence (section 11), used to order
// status.versions[]. No semver library is installed and the rule is short.
// Versions that precedence calls equal (they differ only in build metadata,
// or in a leading "v") are then ordered by their text, so the order is total
// and the status deterministic. Text that is not a version sorts last.

interface Parsed {
  core: [string, string, string];
  pre: string[];
}

const PATTERN = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function parse(version: string): Parsed | undefined {
  const m = PATTERN.exec(bareVersion(version));
  if (!m) return undefined;
  return { core: [m[1]!, m[2]!, m[3]!], pre: m[4] ? m[4].split('.') : [] };
}

// Numbers of any size, compared as digit strings (SemVer forbids leading zeros,
// so the longer string is the larger number).
function compareNumeric(a: string, b: string): number {
  if (a.length !== b.length) return Math.sign(a.length - b.length);
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareIdentifiers(a: string, b: string): number {
  const numA = /^\d+$/.test(a);
  const numB = /^\d+$/.test(b);
  if (numA && numB) return compareNumeric(a, b);
  if (numA !== numB) return numA ? -1 : 1; // numeric identifiers rank below alphanumeric ones
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrecedence(a: Parsed, b: Parsed): number {
  for (let i = 0; i < 3; i++) {
    const d = compareNumeric(a.core[i]!, b.core[i]!);
    if (d !== 0) return d;
  }
  // A pre-release ranks below its release: 1.0.0-rc.1 < 1.0.0.
  if (a.pre.length === 0 || b.pre.length === 0) return Math.sign(b.pre.length - a.pre.length);
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const d = compareIdentifiers(a.pre[i]!, b.pre[i]!);
    if (d !== 0) return d;
  }
  return Math.sign(a.pre.length - b.pre.length);
}

/** Total order: semver precedence, then plain text; non-versions last. */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (pa && pb) {
    const d = comparePrecedence(pa, pb);
    if (d !== 0) return d;
  } else if (pa || pb) {
    return pa ? -1 : 1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
