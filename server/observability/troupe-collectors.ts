// Metrics read at scrape time from counters the runtime and the pipeline engine already keep
// (runtime.stats(), pipeline stats): nothing is added to their hot paths, and a
// scrape costs O(busy actors + pipeline operators), never O(resident actors).
import { Counter, Gauge, type Registry } from 'prom-client';
import type { RuntimeMetrics } from '../runtime/metrics.ts';
import type { Troupe } from '../troupe.ts';

export interface MetricsSource {
  troupe: Troupe;
  /** Connected socket.io clients (the HTTP server knows them). */
  socketClients?: () => number;
}

/** A counter mirroring a monotonic number kept elsewhere. */
function mirrorCounter(registry: Registry, name: string, help: string, read: () => number | undefined) {
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      const value = read();
      this.reset();
      if (value !== undefined) this.inc(value);
    },
  });
}

function mirrorGauge(registry: Registry, name: string, help: string, read: () => number | undefined) {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      const value = read();
      if (value !== undefined) this.set(value);
    },
  });
}

export function registerTroupeCollectors(registry: Registry, current: () => MetricsSource | null): void {
  const runtime = () => current()?.troupe.runtime;
  const counter = (name: string, help: string, field: keyof RuntimeMetrics) =>
    mirrorCounter(registry, name, help, () => runtime()?.stats().counters[field]);

  counter(
    'troupe_actor_activations_total',
    'Activations completed (state loaded, onActivate ran).',
    'activationsTotal',
  );
  counter(
    'troupe_actor_activation_failures_total',
    'Activations that failed (load or onActivate).',
    'activationFailures',
  );
  counter(
    'troupe_actor_deactivations_total',
    'Deactivations (idle, evicted, manual, shutdown).',
    'deactivationsTotal',
  );
  counter(
    'troupe_mailbox_rejections_total',
    'Messages rejected because a mailbox was full (OVERLOADED).',
    'rejectedOverloaded',
  );
  counter('troupe_ask_timeouts_total', 'Asks that passed their deadline (TIMEOUT).', 'timeouts');
  counter('troupe_alarms_fired_total', 'Durable alarms delivered (retries included).', 'alarmsFired');
  mirrorCounter(
    registry,
    'troupe_commit_batches_total',
    'Group commits (one storage transaction each).',
    () => runtime()?.stats().commits.batches,
  );
  mirrorCounter(
    registry,
    'troupe_commit_failures_total',
    'Group commits that failed.',
    () => runtime()?.stats().commits.failures,
  );

  mirrorGauge(
    registry,
    'troupe_actor_resident',
    'Activations resident in memory.',
    () => runtime()?.stats().residentActivations,
  );
  mirrorGauge(
    registry,
    'troupe_mailbox_depth',
    'Messages queued in all mailboxes.',
    () => runtime()?.stats().mailboxDepth,
  );
  mirrorGauge(
    registry,
    'troupe_scheduler_ready',
    'Actors ready to run, waiting for the scheduler.',
    () => runtime()?.stats().schedulerReady,
  );
  mirrorGauge(registry, 'troupe_socket_clients', 'Connected socket.io clients (live views).', () =>
    current()?.socketClients?.(),
  );

  registerPipelineCollectors(registry, current);
}

function registerPipelineCollectors(registry: Registry, current: () => MetricsSource | null): void {
  const pipelines = () => current()?.troupe.pipelines.all() ?? [];
  new Counter({
    name: 'troupe_pipeline_events_total',
    help: 'Events into and out of each pipeline operator (operator = "<index>-<kind>").',
    labelNames: ['pipeline', 'operator', 'direction'],
    registers: [registry],
    collect() {
      this.reset(); // deleted pipelines disappear
      for (const pipeline of pipelines()) {
        pipeline.stats.operators.forEach((op, index) => {
          const operator = `${index}-${pipeline.plans[index]?.op.kind ?? 'unknown'}`;
          this.inc({ pipeline: pipeline.id, operator, direction: 'in' }, op.eventsIn);
          this.inc({ pipeline: pipeline.id, operator, direction: 'out' }, op.eventsOut);
        });
      }
    },
  });
  const perPipeline = (
    name: string,
    help: string,
    read: (p: ReturnType<typeof pipelines>[number]) => number,
  ) =>
    new Counter({
      name,
      help,
      labelNames: ['pipeline'],
      registers: [registry],
      collect() {
        this.reset();
        for (const pipeline of pipelines()) this.inc({ pipeline: pipeline.id }, read(pipeline));
      },
    });
  perPipeline(
    'troupe_pipeline_published_total',
    'Events accepted by pipelines.publish.',
    (p) => p.stats.published,
  );
  perPipeline(
    'troupe_pipeline_rejected_total',
    'Events rejected at intake (TOO_MANY_REQUESTS).',
    (p) => p.stats.rejected,
  );
  perPipeline(
    'troupe_pipeline_sink_outputs_total',
    'Results appended to the pipeline sink.',
    (p) => p.stats.sinkOutputs,
  );
}
