/**
 * Entry of the preparation worker's bundle (agent/build.mjs embeds it in the agent's bundle): the bundled font
 * first, since a bundle has no font file beside it, then the worker body, which runs the task in workerData.
 */
import './bundled-font';
import '../server/preparation-worker';
