// Entry of every Node pool thread (node-pool.ts): registers tsx in this thread, then imports the
// TypeScript thread script named in workerData.entry. Plain .mjs because a new thread cannot load .ts
// before tsx is registered in it (execArgv --import tsx does not reach worker threads on every Node 20).
// Messages posted meanwhile wait in the port's queue until the script attaches its listener.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
