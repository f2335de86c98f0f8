/** esbuild's `binary` loader turns these imports into their bytes (see agent/build.mjs). */
declare module '*.ttf' {
  const bytes: Uint8Array;
  export default bytes;
}
