// sync: AgentRuntime + related objects → desired children + status. Pure.
// When anything stops a correct rollout (invalid spec, missing or refused
// dependency, KEDA not enabled…) the observed children are re-emitted as last
// applied — Metacontroller deletes any child left out — and the status says why.

import { builtSorted } from '../../shared/canonical-json.js';
import { sha256 } from '../../shared/sha256.js';
import type { CompositeSyncResponse, KubeObject } from '../metacontroller.js';
import { SpecReader } from '../request/spec-reader.js';
import { findObject, objectsOf } from '../shared/objects.js';
import { CHILD_KINDS, notEnabledMessage, optionalKinds } from './child-kinds.js';
import { T } from './constants.js';
import { readAgentRequest } from './request.js';
import { resolveSpec, type AgentSpec, type GatewayParent, type GatewayRouteSpec } from './spec.js';
// Resolve the dependencies: each returns a plan or a Problem.
import { clusterConfig, images } from './resolve/cluster-config.js';
import { checkFunctionSchemas } from './resolve/function-schemas.js';
import { resolvePack, type PackPlan, type PackResult, type PackVersion } from './resolve/promptpack.js';
import { resolveProvider, type ProviderPlan } from './resolve/provider.js';
import { resolvePeers, type Peer } from './resolve/peers.js';
import { checkSecrets } from './resolve/secrets.js';
import { resolveTools, type ToolsPlan } from './resolve/tools.js';
import { resolveGateways, throughAiGateway, type GatewaysPlan } from './resolve/gateways.js';
import { resolveRoute } from './resolve/route.js';
// Build one child each.
import { buildHpa, buildScaledObject } from './children/autoscaling.js';
import { agentJson, buildConfigMap, configFiles, functionJson, mountedText } from './children/configmap.js';
import { buildDeployment } from './children/deployment.js';
import { buildHttpRoute, externalURL } from './children/httproute.js';
import { childNames } from './children/names.js';
import { keptChildren, ordered } from './children/kept.js';
import { buildPdb } from './children/pdb.js';
import { planReplicas } from './children/replicas.js';
import { buildService, stickySeconds } from './children/service.js';
import { buildNetworkPolicy } from './children/networkpolicy.js';
// The status.
import type { Problem } from './status/problems.js';
import { gate, linkedResources, missingDependencies, runsWithout } from './status/dependencies.js';
import { buildStatus, type HealthyDependencies } from './status/status.js';

export function sync(body: unknown, now: Date): CompositeSyncResponse {
  const req = readAgentRequest(body, 'sync');
  const { name, namespace, related, children: observed } = req;
  const reader = new SpecReader();
  const spec = resolveSpec(req.subject.spec, reader);
  const problems: Problem[] = [];
  const healthy: HealthyDependencies = {};
  if (reader.errors.length > 0) {
    problems.push({ condition: 'Ready', reason: 'InvalidSpec', message: `invalid spec: ${reader.errors.join('; ')}`, severity: 'failed' });
  }

  const cfg = clusterConfig(related, namespace);
  const imgs = images(spec, cfg);
  const withRuntime = spec.facade.handler === 'runtime';
  // framework custom without image is already an InvalidSpec (the schema's CEL rule).
  if (withRuntime && imgs.problem && imgs.framework !== 'custom') {
    problems.push({ condition: 'Ready', reason: 'FrameworkImageMissing', message: imgs.problem, severity: 'failed' });
  }

  // Without a pack name the spec reader has already said so (InvalidSpec):
  // PromptPackReady stays NotEvaluated rather than repeating it.
  const pack: PackResult | undefined = spec.promptPackRef.name ? resolvePack(spec, related, namespace) : undefined;
  if (pack && 'problem' in pack) problems.push(pack.problem);
  else if (pack) healthy.PromptPackReady = { reason: 'Resolved', message: pack.plan.message };

  let provider: ProviderPlan | undefined;
  if (withRuntime) {
    const res = resolveProvider(spec, related, namespace);
    if ('problem' in res) problems.push(res.problem);
    else {
      provider = res.plan;
      healthy.ProviderReady = { reason: 'Resolved', message: res.plan.message };
    }
  } else {
    healthy.ProviderReady = { reason: 'NotRequired', message: `facade handler ${spec.facade.handler} calls no provider` };
  }

  const gateways = resolveGateways(spec, cfg, related, namespace);
  if (gateways.problem) problems.push(gateways.problem);
  else if (gateways.healthy) healthy.GatewaysReady = gateways.healthy;
  if (provider && gateways.plan.used.ai) provider = throughAiGateway(provider, gateways.plan.used.ai);

  const tools = resolveTools(spec, related, namespace);
  if (tools.problem) problems.push(tools.problem);
  else healthy.ToolRegistryReady = tools.plan;

  const peers = resolvePeers(spec, related, namespace);
  if (peers.problem) problems.push(peers.problem);
  else if (peers.healthy) healthy.PeersReady = peers.healthy;

  const secrets = checkSecrets(spec, related, namespace);
  problems.push(...secrets.problems);
  // A cross-namespace Provider's credential copy rolls the pods like any Secret they read.
  if (provider?.credentialCopy) secrets.revisions[provider.credentialCopy.name] = provider.credentialCopy.revision;

  if (spec.mode === 'function') {
    for (const message of checkFunctionSchemas(spec)) problems.push({ condition: 'Ready', reason: 'InvalidSchema', message, severity: 'failed' });
  }
  // An optional kind (ScaledObject: KEDA) the spec asks for but the controller does not declare.
  for (const k of optionalKinds) {
    if (k.optional.wanted(spec) && !req.childTypes.has(k.key)) {
      problems.push({ condition: 'Ready', reason: k.optional.reason, message: notEnabledMessage(k), severity: 'failed' });
    }
  }

  const { route, gatewayParent, problem: routeProblem } = resolveRoute(spec, gateways.plan.used.agent, cfg.gatewayParent, req.childTypes.has(CHILD_KINDS.httpRoute.key));
  if (routeProblem) problems.push(routeProblem);

  const observedDeployments = new Map(objectsOf(observed, T.deployment).map((d) => [d.metadata.name, d] as const));
  const observedStable = observedDeployments.get(childNames(name).stable);
  let children: KubeObject[];
  let kept = false;
  // The dependency gate (status/dependencies.ts): what holds the rollout back,
  // and what a new agent is deployed without (waitForDependencies false).
  const gateInput = { spec, running: observedStable && runsWithout(observedStable) };
  let g = gate(problems, gateInput);
  // Without a pack name the spec is invalid (a `failed` problem holds): `pack` is then undefined.
  const desired =
    g.holding.length === 0 && pack
      ? desiredChildren({
          name,
          namespace,
          spec,
          pack: 'plan' in pack ? pack.plan : undefined,
          tools: tools.plan,
          provider,
          missing: missingDependencies(g, spec, namespace),
          gateways: gateways.plan,
          imgs,
          resources: spec.runtime.resources ?? cfg.defaultResources,
          prometheus: cfg.prometheusServerAddress,
          secretRevisions: secrets.revisions,
          observedStable,
          peers: peers.peers,
          gatewayParent,
          route,
        })
      : undefined;
  if (desired && 'invalid' in desired) {
    problems.push({ condition: 'Ready', reason: 'InvalidPodSpec', message: desired.invalid, severity: 'failed' });
    g = gate(problems, gateInput);
  }
  if (desired && 'children' in desired) {
    children = desired.children;
  } else {
    children = keptChildren(observed);
    kept = children.length > 0;
    // Egress stays limited while the rollout is held, to what resolved so far.
    if (kept && gateways.plan.enforced) {
      const np = networkPolicy(name, namespace, spec, gateways.plan, tools.plan);
      children = ordered([...children.filter((c) => c.kind !== np.kind), np]);
    }
  }

  const status = buildStatus({
    name,
    namespace,
    problems,
    healthy,
    children,
    observedDeployments,
    observedService: findObject(observed, T.service, childNames(name).service),
    exposed: spec.agentNetwork.expose,
    // Named once the route exists; the Gateway's own status says whether it accepted it.
    ...(findObject(observed, T.httpRoute, childNames(name).httpRoute) && route ? { externalURL: externalURL(route) } : {}),
    kept,
    gate: g,
    linked: linkedResources(spec, related, namespace, gateways.plan.refs),
    observedStatus: req.subject.status,
    now,
  });
  // Every builder writes its keys in sorted order and sorts what it takes from
  // the request, so the answer is canonical as built (sorted-output.test.ts).
  return builtSorted({ children, status }) as CompositeSyncResponse;
}

interface DesiredInput {
  name: string;
  namespace: string;
  spec: AgentSpec;
  /** Undefined when deployed without the PromptPack (waitForDependencies false). */
  pack?: PackPlan;
  tools: ToolsPlan;
  /** Undefined when deployed without the Provider, or the handler calls none. */
  provider?: ProviderPlan;
  /** OMNIA_MISSING_DEPENDENCIES: what the pods are deployed without and cannot serve without. */
  missing: string[];
  gateways: GatewaysPlan;
  imgs: ReturnType<typeof images>;
  resources?: Record<string, unknown>;
  prometheus: string;
  secretRevisions: Record<string, string>;
  observedStable?: KubeObject;
  peers: readonly Peer[];
  /** Set when this answer routes the agent through a Gateway, with the route's settings. */
  gatewayParent?: GatewayParent;
  route?: GatewayRouteSpec;
}

/** The children, or why the pod customisation cannot apply (then nothing new is rolled out). */
function desiredChildren(d: DesiredInput): { children: KubeObject[] } | { invalid: string } {
  const { name, namespace, spec } = d;
  const agent = agentJson(name, namespace, spec, d.peers);
  const fn = functionJson(name, spec);
  const replicas = planReplicas(spec, d.observedStable, d.pack?.canary?.weight);

  const files = configFiles(agent, d.tools.tools, fn);
  // Everything that should restart pods when it changes but is not itself in the
  // pod template. Names and revisions only — never a secret value. agent, tools
  // and the function schemas count through the ConfigMap files the pods mount:
  // hashing those bytes costs no second serialisation of the same data.
  const mounted = mountedText(files);
  // The rest is built here and in provider.ts/secrets.ts with keys in a fixed
  // order, so plain JSON.stringify is deterministic without a sorting pass.
  const hashed = (pack: PackVersion | undefined): string =>
    sha256(
      `${mounted}\0${JSON.stringify({
        pack: pack ? { contentHash: pack.contentHash, key: pack.key, version: pack.version } : null,
        provider: d.provider
          ? // The allow-list is checked here and never reaches the pods: changing it rolls nothing.
            { apiKey: d.provider.apiKey ?? null, credentialRevision: d.provider.credentialRevision, settings: { ...d.provider.settings, models: undefined } }
          : null,
        secretRevisions: d.secretRevisions,
      })}`,
      'hex',
    );

  const toolGateway = d.gateways.used.tool?.url;
  const base = { name, namespace, spec, images: d.imgs, resources: d.resources, provider: d.provider, peers: d.peers, missing: d.missing, ...(toolGateway ? { toolGateway } : {}) };
  const pack = d.pack;
  const canary = pack?.canary && replicas.canary !== undefined ? { pack: pack.canary, replicas: replicas.canary } : undefined;
  const versions = [...(pack ? [pack.stable.version] : []), ...(canary ? [canary.pack.version] : [])];
  const stable = buildDeployment({ ...base, track: 'stable', pack: pack?.stable, replicas: replicas.stable, configHash: hashed(pack?.stable) });
  if ('invalid' in stable) return stable;
  const children: KubeObject[] = [buildConfigMap(name, files), stable.deployment];
  // agentNetwork.expose: false — nothing reaches the agent: no Service, no route.
  if (spec.agentNetwork.expose) {
    children.push(buildService(name, spec.facade.port, spec.promptPackRef.name, versions, stickySeconds(spec, replicas.multiple)));
  }
  if (d.route && d.gatewayParent) children.push(buildHttpRoute(name, d.route, d.gatewayParent, spec.facade.port));
  if (canary) {
    const built = buildDeployment({ ...base, track: 'canary', pack: canary.pack, replicas: canary.replicas, configHash: hashed(canary.pack) });
    if ('invalid' in built) return built;
    children.push(built.deployment);
  }
  const a = spec.runtime.autoscaling;
  if (a.enabled && a.type === 'hpa') children.push(buildHpa(name, spec));
  if (CHILD_KINDS.scaledObject.optional.wanted(spec)) children.push(buildScaledObject(name, namespace, spec, d.prometheus));
  // Pods deployed without a dependency never turn Ready: a budget would then
  // allow no eviction at all and block node drains, with no capacity to protect.
  if (replicas.multiple && d.missing.length === 0) children.push(buildPdb(name));
  if (d.gateways.enforced) children.push(networkPolicy(name, namespace, spec, d.gateways, d.tools));
  return { children: ordered(children) };
}

function networkPolicy(name: string, namespace: string, spec: AgentSpec, gateways: GatewaysPlan, tools: ToolsPlan): KubeObject {
  return buildNetworkPolicy({ name, namespace, gateways, toolEndpoints: tools.tools.map((t) => t.endpoint), peers: spec.agentNetwork.access });
}
