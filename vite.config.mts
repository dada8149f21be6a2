import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is built to static files that both the Electron custom protocol and the
// browser host serve; relative asset paths work under either origin.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
