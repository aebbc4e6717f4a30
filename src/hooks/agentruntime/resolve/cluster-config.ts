// Effective AgentRuntimeConfiguration for one agent: built-in fallbacks, refined
// by the one in the controller's namespace, refined by the one in the agent's
// namespace (first by name wins in each; an invalid winner applies nothing). AgentRuntime fields override all of it
// (see images()).

import type { ObjectMap } from '../../metacontroller.js';
import { specProblems } from '../../agentruntimeconfiguration/validate.js';
import { objectsOf } from '../../shared/objects.js';
import { dig, isObject, type Json } from '../../../shared/json.js';
import { CONTROLLER_NAMESPACE, DEFAULT_FRAMEWORK, DEFAULT_IMAGE, DEFAULT_PROMETHEUS, T } from '../constants.js';
import { SpecReader } from '../../request/spec-reader.js';
import { readGatewayParent, type AgentSpec, type GatewayParent } from '../spec.js';
import { readGatewayNames, type GatewayNames } from '../../gateway/refs.js';

export interface ClusterConfig {
  defaultFramework: string;
  facadeImage: string;
  frameworkImages: Record<string, string>;
  prometheusServerAddress: string;
  defaultResources?: Json;
  /** The Gateway agents' HTTPRoutes attach to when their gatewayRoute names none. */
  gatewayParent?: GatewayParent;
  /** Default gateway names, role by role (resolve/gateways.ts applies them). */
  gateways: GatewayNames;
}

export function clusterConfig(related: ObjectMap, namespace: string): ClusterConfig {
  const cfg: ClusterConfig = {
    defaultFramework: DEFAULT_FRAMEWORK,
    facadeImage: DEFAULT_IMAGE,
    frameworkImages: { [DEFAULT_FRAMEWORK]: DEFAULT_IMAGE },
    prometheusServerAddress: DEFAULT_PROMETHEUS,
    gateways: {},
  };
  const all = objectsOf(related, T.arc);
  const namespaces = namespace === CONTROLLER_NAMESPACE ? [CONTROLLER_NAMESPACE] : [CONTROLLER_NAMESPACE, namespace];
  for (const ns of namespaces) {
    // objectsOf sorts by namespace/name, so the first match is the first by name.
    const arc = all.find((o) => o.metadata.namespace === ns && !o.metadata.deletionTimestamp);
    // The configuration's own status says an invalid spec is "not applied"
    // (Effective=False); agreeing with it, the level above stays in force and the
    // later ones by name stay shadowed rather than silently taking over.
    if (arc && specProblems(arc.spec).length === 0) refine(cfg, arc.spec);
  }
  return cfg;
}

/** Apply the well-typed fields of one configuration's spec; ill-typed ones are skipped (its own hook reports them). */
function refine(cfg: ClusterConfig, spec: unknown): void {
  const str = (...keys: string[]): string | undefined => {
    const v = dig(spec, ...keys);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  cfg.defaultFramework = str('defaultFramework') ?? cfg.defaultFramework;
  cfg.facadeImage = str('images', 'facade') ?? cfg.facadeImage;
  const frameworks = dig(spec, 'images', 'frameworks');
  if (isObject(frameworks)) {
    for (const [k, v] of Object.entries(frameworks)) if (typeof v === 'string' && v !== '') cfg.frameworkImages[k] = v;
  }
  cfg.prometheusServerAddress = str('keda', 'prometheusServerAddress') ?? cfg.prometheusServerAddress;
  const parent = readGatewayParent(new SpecReader(), dig(spec, 'gatewayRoute') as Json | undefined, 'spec.gatewayRoute');
  if (parent) cfg.gatewayParent = parent;
  for (const [role, name] of Object.entries(readGatewayNames(new SpecReader(), isObject(spec) ? spec : undefined, 'spec'))) {
    cfg.gateways[role as keyof GatewayNames] = name;
  }
  const res = dig(spec, 'defaultResources');
  if (isResources(res)) cfg.defaultResources = res;
}

/** `{requests?, limits?}` maps of quantities; anything else would make an invalid Deployment. */
function isResources(value: unknown): value is Json {
  if (!isObject(value)) return false;
  return Object.entries(value).every(
    ([k, v]) =>
      (k === 'requests' || k === 'limits') &&
      isObject(v) &&
      Object.values(v).every((q) => typeof q === 'string' || typeof q === 'number'),
  );
}

export interface Images {
  framework: string;
  facade: string;
  /** Undefined with a reason when the framework has no image. */
  runtime?: string;
  problem?: string;
}

/**
 * facade.image / framework.image win over the configuration's defaults; without
 * framework.image, framework.version is the tag of the configured image.
 */
export function images(spec: AgentSpec, cfg: ClusterConfig): Images {
  const framework = spec.framework.type ?? cfg.defaultFramework;
  const facade = spec.facade.image ?? cfg.facadeImage;
  const configured = framework === 'custom' ? undefined : cfg.frameworkImages[framework];
  const version = spec.framework.version;
  const runtime = spec.framework.image ?? (configured && version ? withTag(configured, version) : configured);
  if (runtime) return { framework, facade, runtime };
  const problem =
    framework === 'custom'
      ? 'framework type custom requires spec.framework.image'
      : `framework type "${framework}" has no image: set spec.framework.image or map it in an AgentRuntimeConfiguration (spec.images.frameworks)`;
  return { framework, facade, problem };
}

/**
 * `image` with its tag or digest replaced by `tag`. The tag is what follows the
 * last `:` after the last `/` (a registry's `host:port/` is not a tag).
 */
export function withTag(image: string, tag: string): string {
  const bare = image.split('@')[0]!;
  const slash = bare.lastIndexOf('/');
  const colon = bare.lastIndexOf(':');
  return `${colon > slash ? bare.slice(0, colon) : bare}:${tag}`;
}
