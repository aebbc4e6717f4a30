import { dig, digNonEmptyString, digObject, isObject } from '../../shared/json.js';
import { QUANTITY } from '../../shared/quantity.js';

// What makes an AgentRuntimeConfiguration usable. Every field is optional (a
// namespace configuration refines only what it sets), but a field that is set
// must be usable, or agents would fail later with a less helpful error.

// Framework keys are used in labels and env values: keep them DNS-label-like.
const FRAMEWORK_KEY = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// An image reference has no whitespace and no scheme; registry/name:tag@digest are all allowed.
const IMAGE_REF = /^[^\s:/][^\s]*$/;

export function specProblems(spec: unknown): string[] {
  const problems: string[] = [];
  if (spec !== undefined && spec !== null && !isObject(spec)) return ['spec must be an object'];

  const defaultFramework = dig(spec, 'defaultFramework');
  if (defaultFramework !== undefined && !digNonEmptyString(defaultFramework)) {
    problems.push('defaultFramework must be a non-empty string');
  } else if (typeof defaultFramework === 'string' && !FRAMEWORK_KEY.test(defaultFramework)) {
    problems.push(`defaultFramework "${defaultFramework}" must be lower-case letters, digits and "-"`);
  }

  const images = dig(spec, 'images');
  if (images !== undefined && !isObject(images)) problems.push('images must be an object');
  const facade = dig(images, 'facade');
  if (facade !== undefined) checkImage(facade, 'images.facade', problems);
  const frameworks = dig(images, 'frameworks');
  if (frameworks !== undefined) {
    const map = digObject(frameworks);
    if (!map) problems.push('images.frameworks must be a map of framework type to image');
    for (const [key, image] of Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!FRAMEWORK_KEY.test(key)) problems.push(`images.frameworks key "${key}" must be lower-case letters, digits and "-"`);
      checkImage(image, `images.frameworks.${key}`, problems);
    }
  }

  const address = dig(spec, 'keda', 'prometheusServerAddress');
  if (address !== undefined) {
    const text = digNonEmptyString(address);
    if (!text || !isHttpUrl(text)) problems.push('keda.prometheusServerAddress must be an http(s) URL');
  }

  for (const part of ['requests', 'limits'] as const) {
    const values = dig(spec, 'defaultResources', part);
    if (values === undefined) continue;
    if (!isObject(values)) {
      problems.push(`defaultResources.${part} must be a map of resource name to quantity`);
      continue;
    }
    for (const [name, q] of Object.entries(values).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const text = typeof q === 'number' ? String(q) : typeof q === 'string' ? q.trim() : '';
      if (!QUANTITY.test(text)) problems.push(`defaultResources.${part}.${name} "${String(q)}" is not a quantity (e.g. 500m, 1Gi)`);
    }
  }
  return problems;
}

function checkImage(value: unknown, field: string, problems: string[]): void {
  const text = digNonEmptyString(value);
  if (!text) problems.push(`${field} must be a non-empty image reference`);
  else if (!IMAGE_REF.test(text) || text.includes('://')) problems.push(`${field} "${text}" is not an image reference`);
}

// Every AgentRuntime sync checks the cluster's configurations again, with the
// same few addresses each time; URL parsing was the largest part of that.
const urlVerdicts = new Map<string, boolean>();

function isHttpUrl(text: string): boolean {
  let ok = urlVerdicts.get(text);
  if (ok === undefined) {
    try {
      const u = new URL(text);
      ok = u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      ok = false;
    }
    if (urlVerdicts.size >= 256) urlVerdicts.clear();
    urlVerdicts.set(text, ok);
  }
  return ok;
}
