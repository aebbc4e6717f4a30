// The hardened pod every workload the hooks deploy runs as (agents and tool
// servers alike): non-root, read-only root filesystem, no capabilities, no
// privilege escalation, RuntimeDefault seccomp. Stated once so the kinds cannot
// drift apart. Keys are in sorted order: hook answers are canonical JSON.

/** The pods run as this non-root user so runAsNonRoot holds for images with a named USER too. */
export const POD_UID = 65532;

/** Every container's securityContext. */
export const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
};

/** The pod's securityContext (fsGroup lets the non-root user read mounted volumes). */
export const POD_SECURITY = {
  fsGroup: POD_UID,
  runAsGroup: POD_UID,
  runAsNonRoot: true,
  runAsUser: POD_UID,
  seccompProfile: { type: 'RuntimeDefault' },
};
