/** The suite's configuration with scripts/suite-cost/setup.mjs first (see scripts/suite-cost.mjs). */
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config.ts';

const setupFiles = ['scripts/suite-cost/setup.mjs', ...(base.test?.setupFiles ?? [])];
export default mergeConfig(
  { ...base, test: { ...base.test, setupFiles: [] } },
  defineConfig({ test: { setupFiles } }),
);
