// A gateway's spec read defensively (SpecReader): every wrong type is reported
// in the status (Ready False, InvalidSpec) instead of failing the hook.

import { isObject } from '../../shared/json.js';
import { SpecReader } from '../request/spec-reader.js';

export type PortRef = string | number;

export interface GatewaySpecView {
  className?: string;
  url?: string;
  service?: { name: string; port?: PortRef };
  serviceSelector?: { matchLabels: Record<string, string>; port?: PortRef };
  egressCIDRs: string[];
  errors: string[];
}

const URL_FORM = /^https?:\/\/[^\s/]+(\/\S*)?$/;

function port(r: SpecReader, parent: Record<string, unknown>, path: string): PortRef | undefined {
  const v = parent.port;
  if (v === undefined || v === null) return undefined;
  if ((typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 65536) || (typeof v === 'string' && v !== '')) return v;
  r.fail(`${path}.port`, 'expected a port name or a number 1-65535');
  return undefined;
}

export function readGatewaySpec(raw: unknown): GatewaySpecView {
  const r = new SpecReader();
  if (raw !== undefined && raw !== null && !isObject(raw)) r.fail('spec', 'expected object');
  const spec = isObject(raw) ? raw : {};
  const view: GatewaySpecView = { egressCIDRs: r.strings(spec, 'egressCIDRs', 'spec') ?? [], errors: r.errors };
  const className = r.string(spec, 'className', 'spec');
  if (className) view.className = className;

  const url = r.string(spec, 'url', 'spec');
  if (url !== undefined) {
    if (URL_FORM.test(url) && URL.canParse(url)) view.url = url.replace(/\/+$/, '');
    else r.fail('spec.url', `"${url}" is not an http(s) URL`);
  }
  const service = r.object(spec, 'service', 'spec');
  if (service) {
    const name = r.string(service, 'name', 'spec.service');
    if (!name) r.fail('spec.service.name', 'required');
    else view.service = { name, ...optionalPort(port(r, service, 'spec.service')) };
  }
  const selector = r.object(spec, 'serviceSelector', 'spec');
  if (selector) {
    const matchLabels = r.stringMap(selector, 'matchLabels', 'spec.serviceSelector');
    if (!matchLabels || Object.keys(matchLabels).length === 0) r.fail('spec.serviceSelector.matchLabels', 'needs at least one label');
    else view.serviceSelector = { matchLabels, ...optionalPort(port(r, selector, 'spec.serviceSelector')) };
  }
  const set = [url !== undefined, service !== undefined, selector !== undefined].filter(Boolean).length;
  if (set > 1) r.fail('spec', 'set exactly one of url, service and serviceSelector');
  return view;
}

function optionalPort(p: PortRef | undefined): { port?: PortRef } {
  return p === undefined ? {} : { port: p };
}
