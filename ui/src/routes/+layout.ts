// A single-page app: Tauri serves the static build, and every screen renders in the window.
export const ssr = false;
export const prerender = false;
