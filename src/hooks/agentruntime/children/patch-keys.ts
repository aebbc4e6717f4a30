// The strategic-merge rules of the PodSpec lists, from the Kubernetes OpenAPI
// (`x-kubernetes-patch-strategy: merge` + `x-kubernetes-patch-merge-key`).
// A list not named here is atomic: a patch replaces it whole (tolerations,
// envFrom, args, command, readinessGates…), as the API server does. Maps always
// merge key by key. `item` names the type of the list's elements when they
// hold merge lists of their own.

export type PatchType = 'PodSpec' | 'Container' | 'Leaf';

export interface MergeList {
  mergeKey: string;
  item: PatchType;
}

const CONTAINERS: MergeList = { mergeKey: 'name', item: 'Container' };
const byName: MergeList = { mergeKey: 'name', item: 'Leaf' };

export const MERGE_LISTS: Record<PatchType, Record<string, MergeList>> = {
  PodSpec: {
    containers: CONTAINERS,
    initContainers: CONTAINERS,
    ephemeralContainers: CONTAINERS,
    // patch strategy "merge,retainKeys": `$retainKeys` in an item is honoured (pod-patch.ts).
    volumes: byName,
    imagePullSecrets: byName,
    resourceClaims: byName,
    schedulingGates: byName,
    hostAliases: { mergeKey: 'ip', item: 'Leaf' },
    topologySpreadConstraints: { mergeKey: 'topologyKey', item: 'Leaf' },
  },
  Container: {
    env: byName,
    ports: { mergeKey: 'containerPort', item: 'Leaf' },
    volumeMounts: { mergeKey: 'mountPath', item: 'Leaf' },
    volumeDevices: { mergeKey: 'devicePath', item: 'Leaf' },
  },
  Leaf: {},
};

/**
 * The fields of core/v1 PodSpec and Container (EphemeralContainer adds
 * targetContainerName), from the same OpenAPI. The schema validator admits
 * unknown fields and the API server drops them with a warning, so a typo or a
 * Deployment field such as `replicas` in spec.podSpec would vanish silently:
 * pod-custom.ts refuses them by name instead.
 */
export const POD_SPEC_FIELDS: ReadonlySet<string> = new Set(
  (
    'activeDeadlineSeconds affinity automountServiceAccountToken containers dnsConfig dnsPolicy enableServiceLinks ' +
    'ephemeralContainers hostAliases hostIPC hostNetwork hostPID hostUsers hostname imagePullSecrets initContainers ' +
    'nodeName nodeSelector os overhead preemptionPolicy priority priorityClassName readinessGates resourceClaims ' +
    'resources restartPolicy runtimeClassName schedulerName schedulingGates securityContext serviceAccount ' +
    'serviceAccountName setHostnameAsFQDN shareProcessNamespace subdomain terminationGracePeriodSeconds tolerations ' +
    'topologySpreadConstraints volumes'
  ).split(' '),
);

export const CONTAINER_FIELDS: ReadonlySet<string> = new Set(
  (
    'args command env envFrom image imagePullPolicy lifecycle livenessProbe name ports readinessProbe resizePolicy ' +
    'resources restartPolicy securityContext startupProbe stdin stdinOnce targetContainerName terminationMessagePath ' +
    'terminationMessagePolicy tty volumeDevices volumeMounts workingDir'
  ).split(' '),
);
