/**
 * The appearance font as the bundle (and the single binary) carries it inside itself: esbuild's binary loader
 * turns this import into the file's bytes (agent/build.mjs), since no font file exists beside a bundled agent.
 * Each entry that draws or measures text (sign, the preparation worker) makes one AppearanceFont at start-up.
 */
import fontBytes from '../../assets/fonts/LiberationSerif-Regular.ttf';
import { AppearanceFont } from '../signing';

export function bundledAppearanceFont(): AppearanceFont {
  return new AppearanceFont(fontBytes);
}
