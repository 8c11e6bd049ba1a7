import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';

/**
 * Loaded into a benchmarked process (`--expose-gc --import ./bench/heapProbe.ts`): on SIGUSR2 it
 * collects garbage and writes the heap in use to BENCH_HEAP_FILE, so the bench can tell memory per
 * conversation without sharing the process, with the TCP sockets open (so it can tell when the
 * process has noticed its clients gone). With BENCH_HEAP_SNAPSHOT=dir it also writes a heap
 * snapshot there each time (open two in Chrome's DevTools and compare them).
 */
const file = process.env['BENCH_HEAP_FILE'];
const snapshots = process.env['BENCH_HEAP_SNAPSHOT'];
const collect = (globalThis as { gc?: () => void }).gc;
if (file && collect) {
  let taken = 0;
  process.on('SIGUSR2', () => {
    collect();
    collect();
    const heapUsed = process.memoryUsage().heapUsed;
    const tcpSockets = process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;
    if (snapshots) v8.writeHeapSnapshot(path.join(snapshots, `heap-${process.pid}-${++taken}.heapsnapshot`));
    // Renamed into place: the bench reads the file as soon as it exists.
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ heapUsed, tcpSockets }));
    fs.renameSync(`${file}.tmp`, file);
  });
}
