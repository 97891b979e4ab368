/** Vite's `?raw` imports (a file's text), for the tests that read web/src sources the way the app does. */
declare module "*?raw" {
  const text: string;
  export default text;
}
