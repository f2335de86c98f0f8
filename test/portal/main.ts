/** `npm start -w test` (and the root `npm start`): the demo portal on a fixed port, data kept in .kyso-demo/. */
import { join } from 'node:path';
import { DEMO_USER, startPortal } from './server';

const port = Number(process.env.KYSO_PORTAL_PORT ?? 8080);
const dataDir = process.env.KYSO_PORTAL_DATA ?? join(process.cwd(), '.kyso-demo', 'portal');
const portal = await startPortal({ port, dataDir, nssDir: process.env.KYSO_PORTAL_NSSDIR });
process.stdout.write(
  `Cổng thông tin demo (Quản lý văn bản và điều hành): ${portal.url}\n` +
    `Đăng nhập: ${DEMO_USER.username} / ${DEMO_USER.password}\nDữ liệu: ${dataDir}\n`,
);
const stop = () => void portal.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
