/**
 * Entry of the single binary: refuse a tampered environment before any agent code is evaluated, then run the
 * CLI. `require` (not `import`) keeps the order: esbuild hoists imports above statements.
 */
import { guardSeaStart } from './sea-guard';

const refused = guardSeaStart();
if (refused !== undefined) {
  process.exit(refused);
} else {
  require('../cli/main');
}
