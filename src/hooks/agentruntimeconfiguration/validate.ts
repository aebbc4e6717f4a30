import { isObject } from '../../shared/json.js';
import { QUANTITY } from '../../shared/quantity.js';
import { SpecReader } from '../request/spec-reader.js';
import { readGatewayParent, type GatewayParent } from '../agentruntime/spec.js';
import { readGatewayNames, type GatewayNames } from '../gateway/refs.js';

// What makes an AgentRuntimeConfiguration usable, and what it sets. Every
// field is optional (a namespace configuration refines only what it sets), but
// a field that is set must be usable, or agents would fail later with a less
// helpful error. Read once: this configuration's own status and the agents it
// configures (agentruntime/resolve/cluster-config.ts) take the same reading.

/** The fields a configuration sets (only meaningful when it has no problem). */
export interface ConfigurationSettings {
  defaultFramework?: string;
  facadeImage?: string;
  frameworkImages: Record<string, string>;
  prometheusServerAddress?: string;
  gatewayParent?: GatewayParent;
  gateways: GatewayNames;
  defaultResources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
}

export interface ConfigurationReading {
  problems: string[];
  settings: ConfigurationSettings;
}

// Framework keys are used in labels and env values: keep them DNS-label-like.
const FRAMEWORK_KEY = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// An image reference has no whitespace and no scheme; registry/name:tag@digest are all allowed.
const IMAGE_REF = /^[^\s:/][^\s]*$/;

export function specProblems(raw: unknown): string[] {
  return readConfiguration(raw).problems;
}

export function readConfiguration(raw: unknown): ConfigurationReading {
  const settings: ConfigurationSettings = { frameworkImages: {}, gateways: {} };
  if (raw === undefined || raw === null) return { problems: [], settings };
  // Every field read through SpecReader: a wrong type is recorded with its path, never passed over.
  const r = new SpecReader();
  if (!isObject(raw)) {
    r.fail('spec', 'expected object');
    return { problems: r.errors, settings };
  }
  const defaultFramework = r.string(raw, 'defaultFramework', 'spec');
  if (defaultFramework !== undefined) {
    if (defaultFramework.trim() === '') r.fail('spec.defaultFramework', 'must be a non-empty string');
    else if (!FRAMEWORK_KEY.test(defaultFramework)) r.fail('spec.defaultFramework', `"${defaultFramework}" must be lower-case letters, digits and "-"`);
    else settings.defaultFramework = defaultFramework;
  }

  const images = r.object(raw, 'images', 'spec');
  if (images && images.facade !== undefined) settings.facadeImage = image(r, images.facade, 'spec.images.facade');
  const frameworks = r.object(images, 'frameworks', 'spec.images');
  for (const [key, value] of Object.entries(frameworks ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!FRAMEWORK_KEY.test(key)) r.fail(`spec.images.frameworks`, `key "${key}" must be lower-case letters, digits and "-"`);
    const ref = image(r, value, `spec.images.frameworks.${key}`);
    if (ref !== undefined) settings.frameworkImages[key] = ref;
  }

  const address = r.string(r.object(raw, 'keda', 'spec'), 'prometheusServerAddress', 'spec.keda');
  if (address !== undefined && !isHttpUrl(address)) r.fail('spec.keda.prometheusServerAddress', 'must be an http(s) URL');
  else if (address !== undefined) settings.prometheusServerAddress = address;

  // The default Gateway of agents' HTTPRoutes, read as the agents read their own.
  const parent = readGatewayParent(r, r.object(raw, 'gatewayRoute', 'spec'), 'spec.gatewayRoute');
  if (parent) settings.gatewayParent = parent;
  settings.gateways = readGatewayNames(r, raw, 'spec');

  const resources = r.object(raw, 'defaultResources', 'spec');
  if (resources) settings.defaultResources = {};
  for (const part of ['requests', 'limits'] as const) {
    const values = r.object(resources, part, 'spec.defaultResources');
    if (values && settings.defaultResources) settings.defaultResources[part] = values as Record<string, string | number>;
    for (const [name, q] of Object.entries(values ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
      const text = typeof q === 'number' ? String(q) : typeof q === 'string' ? q.trim() : '';
      if (!QUANTITY.test(text)) r.fail(`spec.defaultResources.${part}.${name}`, `"${String(q)}" is not a quantity (e.g. 500m, 1Gi)`);
    }
  }
  return { problems: r.errors, settings };
}

/** The image reference `value` names, or undefined (and a problem) when it names none. */
function image(r: SpecReader, value: unknown, field: string): string | undefined {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text) r.fail(field, 'must be a non-empty image reference');
  else if (!IMAGE_REF.test(text) || text.includes('://')) r.fail(field, `"${text}" is not an image reference`);
  else return text;
  return undefined;
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
