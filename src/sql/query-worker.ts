/** Entry of the worker thread that runs one `query` job and posts its outcome back. */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob, type QueryJob } from './query-job.js';

parentPort?.postMessage(await runJob(workerData as QueryJob));
