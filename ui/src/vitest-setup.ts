import '@testing-library/jest-dom/vitest';
import { setupI18n } from '$lib/i18n';

// Every component test renders in Spanish, the source language.
setupI18n('es');
