import '@testing-library/jest-dom/vitest';
import { loadAllLanguages, setupI18n } from '$lib/i18n';

// Every component test renders in Spanish, the source language; the other three are loaded
// beforehand so that a test switching language sees it at once, as the app does once loaded.
await loadAllLanguages();
await setupI18n('es');
