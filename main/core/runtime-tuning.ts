/**
 * Process-wide V8 tuning for a long-running desk process.
 *
 * Under a burst (a catch-up of 100k events) V8 grows its young generation up to
 * 16 MB per semi-space and keeps it: resident memory then sits ~20-30 MB higher
 * for the rest of the day although the live heap is flat. A desk is latency- and
 * memory-sensitive, not allocation-throughput-bound, so the young generation is
 * kept at its starting size. Measured in bench/desk-ingest.bench.ts.
 */
import v8 from 'node:v8';

let applied = false;

export function applyDeskRuntimeTuning(): void {
  if (applied) return;
  applied = true;
  // Read by V8 whenever it considers growing new space, so setting it at run time works
  // (unlike --max-semi-space-size, which is fixed when the heap is configured).
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}
