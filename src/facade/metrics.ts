import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { FixedHistogram, Tally } from './tally.js';

// The facade's Prometheus metrics, in a Registry of its own (exported so
// function mode can register its metrics next to these). Every series carries
// agent and namespace so one Prometheus can tell agents apart; KEDA's default
// trigger sums omnia_agent_connections_active by them.

export interface FacadeMetrics {
  registry: Registry;
  labels: { agent: string; namespace: string };
  connectionsActive: Gauge<'agent' | 'namespace'>;
  connectionsTotal: Counter<'agent' | 'namespace'>;
  sessionsActive: Gauge<'agent' | 'namespace'>;
  requestsTotal: Counter<'agent' | 'namespace' | 'status'>;
  requestDuration: FixedHistogram;
  messagesReceived: Counter<'agent' | 'namespace'>;
  messagesSent: Counter<'agent' | 'namespace'>;
  /**
   * Adds omnia_agent_session_store_bytes, read from `accounted` at every scrape:
   * for a store that holds its sessions in this process (memory).
   */
  trackStoreBytes(accounted: () => number): void;
  /**
   * The per-message series, bound to this agent's labels and counted without
   * prom-client on the hot path (see tally.ts); exact on every read.
   */
  bound: {
    /** A WebSocket connection opened / closed: omnia_agent_connections_active and _total, read at scrape time. */
    connections: { opened(): void; closed(): void };
    messagesReceived: { inc(): void };
    messagesSent: { inc(): void };
    requests: Record<'ok' | 'error', { inc(): void }>;
    durations: Record<'ok' | 'error', { observe(v: number): void }>;
  };
}

export function createFacadeMetrics(agent: string, namespace: string, opts: { processMetrics?: boolean } = {}): FacadeMetrics {
  const registry = new Registry();
  const l = ['agent', 'namespace'] as const;
  const labels = { agent, namespace };
  // prom-client runs a metric's collect() before every read of it: the tallies are folded in there.
  const tallies = { connections: [] as Tally[], received: [] as Tally[], sent: [] as Tally[], requests: [] as Tally[] };
  const flush = (list: Tally[]) => () => list.forEach((t) => t.flush());
  // Open connections, set into the gauge on every read: no label hashing per connection.
  let active = 0;
  const m: FacadeMetrics = {
    registry,
    labels,
    connectionsActive: new Gauge({
      name: 'omnia_agent_connections_active',
      help: 'Open WebSocket connections',
      labelNames: l,
      registers: [registry],
      collect() {
        this.set(labels, active);
      },
    }),
    connectionsTotal: new Counter({
      name: 'omnia_agent_connections_total',
      help: 'WebSocket connections accepted',
      labelNames: l,
      registers: [registry],
      collect: flush(tallies.connections),
    }),
    sessionsActive: new Gauge({ name: 'omnia_agent_sessions_active', help: 'Sessions attached to an open connection', labelNames: l, registers: [registry] }),
    requestsTotal: new Counter({
      name: 'omnia_agent_requests_total',
      help: 'Conversation turns by outcome (ok, error)',
      labelNames: [...l, 'status'],
      registers: [registry],
      collect: flush(tallies.requests),
    }),
    requestDuration: new FixedHistogram(
      'omnia_agent_request_duration_seconds',
      'Time from a client message to its done or error',
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registry,
    ),
    messagesReceived: new Counter({
      name: 'omnia_agent_messages_received_total',
      help: 'Client frames received',
      labelNames: l,
      registers: [registry],
      collect: flush(tallies.received),
    }),
    messagesSent: new Counter({ name: 'omnia_agent_messages_sent_total', help: 'Server messages sent', labelNames: l, registers: [registry], collect: flush(tallies.sent) }),
    bound: undefined as unknown as FacadeMetrics['bound'],
    trackStoreBytes(accounted) {
      new Gauge({
        name: 'omnia_agent_session_store_bytes',
        help: 'Bytes the memory session store accounts to its sessions (bounded by OMNIA_MAX_STORE_BYTES)',
        labelNames: l,
        registers: [registry],
        collect() {
          this.set(labels, accounted());
        },
      });
    },
  };
  const tally = (list: Tally[], counter: Counter<string>, lbl: Record<string, string>) => {
    const t = new Tally(counter, lbl);
    list.push(t);
    return t;
  };
  const accepted = tally(tallies.connections, m.connectionsTotal, labels);
  m.bound = {
    connections: {
      opened() {
        active++;
        accepted.inc();
      },
      closed() {
        active--;
      },
    },
    messagesReceived: tally(tallies.received, m.messagesReceived, labels),
    messagesSent: tally(tallies.sent, m.messagesSent, labels),
    requests: {
      ok: tally(tallies.requests, m.requestsTotal, { ...labels, status: 'ok' }),
      error: tally(tallies.requests, m.requestsTotal, { ...labels, status: 'error' }),
    },
    durations: {
      ok: m.requestDuration.bind({ ...labels, status: 'ok' }),
      error: m.requestDuration.bind({ ...labels, status: 'error' }),
    },
  };
  // Start every series at zero so dashboards and KEDA see the agent before its first connection.
  m.connectionsActive.set(labels, 0);
  m.connectionsTotal.inc(labels, 0);
  m.sessionsActive.set(labels, 0);
  m.messagesReceived.inc(labels, 0);
  m.messagesSent.inc(labels, 0);
  if (opts.processMetrics) collectDefaultMetrics({ register: registry });
  return m;
}
