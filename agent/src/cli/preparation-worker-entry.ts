/**
 * Entry of the preparation worker's bundle (agent/build.mjs embeds it in the agent's bundle): the worker body
 * with the bundled font (a bundle has no font file beside it), for the role its workerData names.
 */
import { workerData } from 'node:worker_threads';
import { isPreparationWorker, runPreparationWorker } from '../server/preparation-worker';
import { bundledAppearanceFont } from './bundled-font';

if (isPreparationWorker(workerData)) runPreparationWorker(bundledAppearanceFont());
