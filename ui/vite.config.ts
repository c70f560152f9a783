import { sveltekit } from '@sveltejs/kit/vite';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit(), svelteTesting()],
	clearScreen: false,
	// The first screen waited for 25 module files over the app's custom protocol, half of them
	// under 1 kB: each request costs a round trip to the app process. Rollup merges chunks under
	// 10 kB into the chunks that import them: 13 files, +7 kB; the first contentful paint came
	// ~40 ms sooner (issue 9, docs/PERFORMANCE.md).
	build: {
		rollupOptions: {
			output: {
				experimentalMinChunkSize: 10_000,
				// One chunk per language loaded on demand (its main file and every domain's); without
				// it, small start-up modules were merged into foreign-language files, loaded at start.
				manualChunks: (id) => /\/i18n\/(domains\/[^/]+\/)?(en|pt|fr)\.json$/.exec(id)?.[2]
			}
		}
	},
	server: { port: 5173, strictPort: true },
	test: {
		environment: 'jsdom',
		include: ['src/**/*.test.ts'],
		setupFiles: ['./src/vitest-setup.ts']
	}
});
