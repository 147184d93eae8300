// Builds the meeting app into dist/ (served by `meet serve` at /) and copies the SDK test page
// (../public, with the SDK that `npm run build` in ../ compiles into it) to dist/test/.
import { cpSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const testPage = fileURLToPath(new URL('../public', import.meta.url));
const outDir = fileURLToPath(new URL('./dist', import.meta.url));
// `npm run dev` talks to a `meet serve` running on this address.
const devServer = process.env.MEET_DEV_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  build: { outDir, emptyOutDir: true, target: 'es2020', sourcemap: true },
  server: {
    fs: { allow: ['..'] },
    proxy: {
      '/api': devServer,
      '/rtc': { target: devServer.replace(/^http/, 'ws'), ws: true },
    },
  },
  plugins: [
    {
      name: 'meet-test-page',
      apply: 'build',
      closeBundle() {
        if (existsSync(testPage)) cpSync(testPage, `${outDir}/test`, { recursive: true });
      },
    },
  ],
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
