import { packageConfig } from '../../tsup.base.js';

// The conformance suite is its own entry so that production users never load vitest.
export default packageConfig(
  { index: 'src/index.ts', conformance: 'src/conformance.ts' },
  { external: ['vitest'] },
);
