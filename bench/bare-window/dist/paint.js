// Two animation frames after the page is shown, report the first paint (the same as Despacho's
// UI does when DESPACHO_EXIT_AFTER_FIRST_PAINT=1).
requestAnimationFrame(() =>
  requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke('first_paint', { screen: 'bare' })),
);
