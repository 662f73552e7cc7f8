import { defineConfig } from 'vite';

// Relative asset paths so the built files work wherever `softpower serve --web DIR` serves them.
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // ECharts is most of the weight: its own file, cached apart from the app's code.
        manualChunks: { echarts: ['echarts'] },
      },
    },
  },
  server: {
    // `npm run dev` next to a running `softpower serve` (port 8765 by default).
    proxy: { '/api': 'http://127.0.0.1:8765' },
  },
});
