/** `kyso-agent doctor` — placeholder until the checks land. */
export async function run(_args: string[]): Promise<number> {
  process.stderr.write('doctor: not implemented yet\n');
  return 2;
}
