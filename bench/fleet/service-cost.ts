// What one agent child costs the API server on a quiet control plane: POSTs of
// ConfigMaps, ClusterIP Services and headless Services (the ClusterIP is
// allocated by writing an IPAddress object), one at a time and 10 at a time,
// each measured from the client: the time each POST took (median, p95) and the
// whole batch. bench/fleet.md, "What bounds the lag".
//   npx tsx bench/fleet/service-cost.ts [--n 60]
import { startControlPlane } from '../../test/cluster/support/control-plane.js';
import { Api } from './api.js';

const i = process.argv.indexOf('--n');
const N = Math.min(500, Math.max(20, i > 0 ? Number(process.argv[i + 1]) : 60));

const plane = await startControlPlane({ kwok: false, direct: true });
try {
  const api = new Api(plane.apiserverUrl, plane.runDir);
  await api.ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'cost' } });
  const service = (name: string, headless: boolean) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { ports: [{ name: 'facade', port: 8080, protocol: 'TCP', targetPort: 'facade' }], selector: { app: name }, type: 'ClusterIP', ...(headless ? { clusterIP: 'None' } : {}) },
  });
  const kinds: Record<string, (name: string) => [string, unknown]> = {
    configmap: (name) => ['/api/v1/namespaces/cost/configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: 'b' } }],
    'service (ClusterIP)': (name) => ['/api/v1/namespaces/cost/services', service(name, false)],
    'service (headless)': (name) => ['/api/v1/namespaces/cost/services', service(name, true)],
  };
  const rows = [];
  for (const width of [1, 10]) {
    for (const [k, [kind, body]] of Object.entries(kinds).entries()) {
      const took: number[] = [];
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: width }, async () => {
          while (next < N) {
            const [path, object] = body(`k${k}-${width}-${next++}`);
            const t = performance.now();
            await api.ok('POST', path, object);
            took.push(performance.now() - t);
          }
        }),
      );
      took.sort((a, b) => a - b);
      const ms = (v: number) => Math.round(v * 10) / 10;
      rows.push({ kind, atOnce: width, posts: N, batchMs: ms(performance.now() - t0), medianMs: ms(took[N >> 1]!), p95Ms: ms(took[Math.floor(N * 0.95)]!) });
    }
  }
  console.log(JSON.stringify({ benchmark: 'API server cost of an agent child', rows }, null, 2));
} finally {
  await plane.stop();
}
