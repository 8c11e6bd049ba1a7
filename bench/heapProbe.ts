import fs from 'node:fs';

/**
 * Loaded into a benchmarked process (`--expose-gc --import ./bench/heapProbe.ts`): on SIGUSR2 it
 * collects garbage and writes the heap in use to BENCH_HEAP_FILE, so the bench can tell memory per
 * conversation without sharing the process.
 */
const file = process.env['BENCH_HEAP_FILE'];
const collect = (globalThis as { gc?: () => void }).gc;
if (file && collect) {
  process.on('SIGUSR2', () => {
    collect();
    collect();
    fs.writeFileSync(file, JSON.stringify({ heapUsed: process.memoryUsage().heapUsed }));
  });
}
