// Where things are inside the agent pod: the ports its containers listen on, the
// directories the hook mounts and the file/key names inside them. The hooks
// build the Deployment from these; the facade and runtime use them as the
// defaults of their env variables (pod-env.ts), so both sides agree by import.

/** Container ports. The facade port is also spec.facade.port's default. */
export const PORTS = {
  facade: 8080,
  /** /healthz, /readyz, /metrics of the facade. */
  health: 8081,
  /** The runtime's protocol (/v1/*), on loopback only: the facade is its one client. */
  runtime: 9000,
  /** The runtime's /healthz and /readyz on every address, for the kubelet's probes. */
  runtimeHealth: 9001,
} as const;

/** The facade reaches the runtime container over the pod's loopback. */
export const RUNTIME_ADDRESS = `http://127.0.0.1:${PORTS.runtime}`;

/** Mount points (all read-only, except the emptyDir /tmp: the root filesystem is read-only). */
export const MOUNTS = {
  /** The `<name>-config` ConfigMap: agent.json, tools.json, function.json (files.ts). */
  config: '/etc/omnia/config',
  /** The PromptPack version ConfigMap (runtime container only). */
  pack: '/etc/omnia/pack',
  /** The facade's API-key Secret. */
  auth: '/etc/omnia/auth',
  /** The JWT public-key Secret. */
  jwt: '/etc/omnia/jwt',
  /** The agent network's shared token (both containers). */
  peer: '/etc/omnia/peer',
  tmp: '/tmp',
} as const;

/** The pack file's name when nothing names another (a PromptPack version's `key`). */
export const DEFAULT_PACK_FILE = 'pack.json';

export function packPath(key: string): string {
  return `${MOUNTS.pack}/${key}`;
}

/**
 * Secret keys the pod reads and the file names they are mounted as. The JWT key
 * is always mounted under one file name, whatever Secret key holds it.
 */
export const SECRET_FILES = {
  /** spec.session.storeRef Secret: key of the store URL (a secretKeyRef, not a file). */
  storeUrlKey: 'url',
  /** spec.facade.auth.apiKeysSecretRef: Secret key = file name under MOUNTS.auth. */
  apiKeys: 'api-keys',
  /** spec.facade.auth.jwt.publicKeySecretRef: file name under MOUNTS.jwt, and the Secret key when `key` is absent. */
  jwtPublicKey: 'public-key.pem',
  /** spec.agentNetwork.peerCredentialSecretRef: the Secret key when `key` is absent, and the file name under MOUNTS.peer. */
  peerToken: 'peer-token',
} as const;

export const API_KEYS_PATH = `${MOUNTS.auth}/${SECRET_FILES.apiKeys}`;
export const JWT_PUBLIC_KEY_PATH = `${MOUNTS.jwt}/${SECRET_FILES.jwtPublicKey}`;
export const PEER_TOKEN_PATH = `${MOUNTS.peer}/${SECRET_FILES.peerToken}`;
