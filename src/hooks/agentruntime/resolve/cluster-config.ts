// Effective AgentRuntimeConfiguration for one agent: built-in fallbacks, refined
// by the one in the controller's namespace, refined by the one in the agent's
// namespace (first by name wins in each; an invalid winner applies nothing). AgentRuntime fields override all of it
// (see images()).

import type { ObjectMap } from '../../metacontroller.js';
import { readConfiguration, type ConfigurationSettings } from '../../agentruntimeconfiguration/validate.js';
import { objectsOf } from '../../shared/objects.js';
import type { Json } from '../../../shared/json.js';
import { CONTROLLER_NAMESPACE, DEFAULT_FRAMEWORK, DEFAULT_IMAGE, DEFAULT_PROMETHEUS, T } from '../constants.js';
import type { AgentSpec, GatewayParent } from '../spec.js';
import type { GatewayNames } from '../../gateway/refs.js';

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
    const read = arc && readConfiguration(arc.spec);
    if (read && read.problems.length === 0) refine(cfg, read.settings);
  }
  return cfg;
}

/** What one valid configuration sets replaces the level below it, field by field (frameworks and gateways key by key). */
function refine(cfg: ClusterConfig, set: ConfigurationSettings): void {
  cfg.defaultFramework = set.defaultFramework ?? cfg.defaultFramework;
  cfg.facadeImage = set.facadeImage ?? cfg.facadeImage;
  Object.assign(cfg.frameworkImages, set.frameworkImages);
  cfg.prometheusServerAddress = set.prometheusServerAddress ?? cfg.prometheusServerAddress;
  if (set.gatewayParent) cfg.gatewayParent = set.gatewayParent;
  Object.assign(cfg.gateways, set.gateways);
  if (set.defaultResources) cfg.defaultResources = set.defaultResources;
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
