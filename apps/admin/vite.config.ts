import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API serves the built console itself; in development Vite serves it and forwards GraphQL
// (HTTP and the graphql-ws WebSocket) to a locally running API.
const apiUrl = process.env.CONDUIT_API_URL ?? 'http://localhost:4000';

export default defineConfig({
  plugins: [react()],
  // The console checks event patterns and filters with the API's own code, from libs/shared's
  // sources (browser-safe: no Node built-ins). Import its files (`@conduit/shared/events/patterns`),
  // not the index, which also brings the event catalogue's examples and schemas.
  resolve: {
    alias: [
      { find: /^@conduit\/shared$/, replacement: fileURLToPath(new URL('../../libs/shared/src/index.ts', import.meta.url)) },
      { find: /^@conduit\/shared\/(.*)$/, replacement: `${fileURLToPath(new URL('../../libs/shared/src/', import.meta.url))}$1` },
    ],
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: apiUrl, changeOrigin: true, ws: true },
    },
  },
});
