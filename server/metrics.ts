/**
 * Gateway counters: plain numbers on the hot path (an increment per flush, not
 * per socket), exported as JSON on /v2/realtime/metrics and as Prometheus text
 * on /metrics through prom-client collectors that read the same numbers.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export class GatewayMetrics {
  connections = 0;
  subscriptions = 0;
  orgs = 0;
  eventsPublished = 0;
  eventsDelivered = 0;
  slowConsumerDisconnects = 0;
  replayedEvents = 0;
  resyncs = 0;
  upgradeRejected = 0;
  tokenExpiredCloses = 0;
  commandsAccepted = 0;
  commandsRejected = 0;
  readonly startedAt = Date.now();

  toJSON(): Record<string, number> {
    return {
      connections: this.connections,
      subscriptions: this.subscriptions,
      orgs: this.orgs,
      eventsPublished: this.eventsPublished,
      eventsDelivered: this.eventsDelivered,
      slowConsumerDisconnects: this.slowConsumerDisconnects,
      replayedEvents: this.replayedEvents,
      resyncs: this.resyncs,
      upgradeRejected: this.upgradeRejected,
      tokenExpiredCloses: this.tokenExpiredCloses,
      commandsAccepted: this.commandsAccepted,
      commandsRejected: this.commandsRejected,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
    };
  }
}

type NumericKey = {
  [K in keyof GatewayMetrics]: GatewayMetrics[K] extends number ? K : never;
}[keyof GatewayMetrics];

const GAUGES: [NumericKey, string, string][] = [
  ['connections', 'frontdesk_connections', 'Open desk WebSocket connections'],
  ['subscriptions', 'frontdesk_upstream_subscriptions', 'Upstream log subscriptions held by this node'],
  ['orgs', 'frontdesk_orgs', 'Organisations with connections on this node'],
];

const COUNTERS: [NumericKey, string, string][] = [
  ['eventsPublished', 'frontdesk_events_published_total', 'Events appended through this node'],
  ['eventsDelivered', 'frontdesk_events_delivered_total', 'Event frames written to desk sockets'],
  ['slowConsumerDisconnects', 'frontdesk_slow_consumer_disconnects_total', 'Connections closed 1013 for exceeding the send budget'],
  ['replayedEvents', 'frontdesk_replayed_events_total', 'Event frames sent while replaying missed events'],
  ['resyncs', 'frontdesk_resyncs_total', 'resync frames sent'],
  ['upgradeRejected', 'frontdesk_upgrade_rejected_total', 'Stream upgrades refused before the handshake'],
  ['tokenExpiredCloses', 'frontdesk_token_expired_closes_total', 'Connections closed 4401 on token expiry'],
  ['commandsAccepted', 'frontdesk_commands_accepted_total', 'Desk commands that appended events'],
  ['commandsRejected', 'frontdesk_commands_rejected_total', 'Desk commands answered 4xx'],
];

export function prometheusRegistry(m: GatewayMetrics): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const [key, name, help] of GAUGES) {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(m[key]);
      },
    });
  }
  for (const [key, name, help] of COUNTERS) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(m[key]);
      },
    });
  }
  return registry;
}
