/** `import path from './x.iife.ts?script'`: crxjs builds the file as one self-contained script and gives its path. */
declare module '*?script' {
  const path: string;
  export default path;
}
