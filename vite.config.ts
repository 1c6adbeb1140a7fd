import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` proxies the API and socket.io to a server started separately (`npm run serve`).
const target = process.env.GIGAWATT_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist/client', emptyOutDir: true, chunkSizeWarningLimit: 1200 },
  server: {
    proxy: {
      '/api': target,
      '/healthz': target,
      '/metrics': target,
      '/socket.io': { target, ws: true },
    },
  },
});
