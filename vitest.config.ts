// Test runner settings: tests live in test/, RTL and synthesis suites set their own long timeouts.
// The run gets a private temp folder that must be empty at the end (test/setup/temp_guard.ts).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    globalSetup: ['test/setup/temp_guard.ts'],
    setupFiles: ['test/setup/remove_temps.ts'],
  },
});
