/**
 * The bundle (and the single binary) carries the appearance font inside itself: a file path relative to the
 * source tree does not exist once esbuild has bundled the agent.
 */
import fontBytes from '../../assets/fonts/LiberationSerif-Regular.ttf';
import { setAppearanceFont } from '../pdf';

setAppearanceFont(fontBytes);
