// A control plane that stays up for iterating on one scenario file:
//   npx tsx test/cluster/support/dev-plane.ts        (prints the info file; Ctrl-C stops it)
//   OMNIA_CLUSTER_DEV=<info file> npx vitest run --config vitest.cluster.config.ts test/cluster/<file>
// Scenario files create their namespaces, so a second run needs a fresh plane.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startControlPlane } from './control-plane.js';
import { clusterInfo, serveControl } from './global-setup.js';

const plane = await startControlPlane({ kwok: true, nodes: 2 });
const control = await serveControl(plane);
const info = join(plane.runDir, 'cluster-info.json');
writeFileSync(info, JSON.stringify(clusterInfo(plane, control.url), null, 2));
console.log(`control plane up; OMNIA_CLUSTER_DEV=${info} KUBECONFIG=${plane.kubeconfig}`);
process.once('SIGINT', () => void control.stop().then(() => plane.stop()).then(() => process.exit(0)));
