#!/usr/bin/env node
// Entry of `npx kyso-agent`: the bundle produced by `npm run build`.
require('../dist/kyso-agent.cjs');
