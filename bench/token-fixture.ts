/** Creates a throwaway SoftHSM token for a benchmark run and prints where it is (the bench removes it). */
import { createTestToken } from '../test/fixtures/token';

createTestToken().then((t) => {
  process.stdout.write(
    JSON.stringify({
      dir: t.dir,
      confPath: t.confPath,
      modulePath: t.modulePath,
      pin: t.pin,
      intermediatePath: t.intermediatePath,
    }),
  );
});
