/** `kyso-agent config [--config FILE] [--json]`: the effective configuration and where each value came from. */
import { loadConfigForCommand } from '../config';
import { CONFIG } from './commands';
import { parseCommand } from './options';

export async function run(args: string[]): Promise<number> {
  const { values } = parseCommand(CONFIG, args);
  const loaded = loadConfigForCommand({ userFile: values.config });
  if (!loaded) return 1;
  if (values.json) {
    process.stdout.write(`${JSON.stringify(loaded, null, 2)}\n`);
    return 0;
  }
  const { files, config, sources, locked } = loaded;
  process.stdout.write(`user file:    ${files.user}${files.userFound ? '' : ' (not present)'}\n`);
  process.stdout.write(`managed file: ${files.managed}${files.managedFound ? '' : ' (not present)'}\n\n`);
  for (const key of Object.keys(config) as (keyof typeof config)[]) {
    const lock = locked.includes(key) ? ', locked' : '';
    process.stdout.write(`${key} = ${JSON.stringify(config[key])}  [${sources[key]}${lock}]\n`);
  }
  return 0;
}
