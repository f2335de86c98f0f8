import { KysoError } from '@kyso/shared';
import { discoverModules, loadModule, type Pkcs11Module, type TokenSession } from '../token';

/**
 * The module and token a CLI command works on: `--module` or the first known vendor module found on this
 * machine, and `--token LABEL` or the first initialised token.
 */
export function openCliToken(
  modulePath: string | undefined,
  label: string | undefined,
): { module: Pkcs11Module; session: TokenSession } {
  const path = modulePath ?? discoverModules()[0]?.path;
  if (!path)
    throw new KysoError('MODULE_NOT_FOUND', { reason: 'no --module given and no known token driver installed' });
  const module = loadModule(path);
  try {
    return { module, session: module.openToken(label === undefined ? {} : { label }) };
  } catch (error) {
    module.close();
    throw error;
  }
}
