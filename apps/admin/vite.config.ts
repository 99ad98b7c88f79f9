import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API serves the built console itself; in development Vite serves it and forwards GraphQL
// (HTTP and the graphql-ws WebSocket) to a locally running API.
const apiUrl = process.env.CONDUIT_API_URL ?? 'http://localhost:4000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: apiUrl, changeOrigin: true, ws: true },
    },
  },
});
