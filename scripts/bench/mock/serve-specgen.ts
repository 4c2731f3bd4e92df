/**
 * Bench target: the specgen Gizwits mock with its defaults (request and response validation on),
 * in a process of its own. Prints one JSON line: the URL and the request to measure (device
 * details with a valid token). The quota is lifted so no answer is a 403.
 */
import { startGizwitsMock } from '../../../contract-tests/mock/gizwits/index.js';

const mock = await startGizwitsMock({ quotaPerHour: Number.MAX_SAFE_INTEGER });
const { product_key, enterprise_id, enterprise_secret, product_secret } = mock.credentials;
const issued = await fetch(`${mock.url}/v1/products/${product_key}/access_token`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ enterprise_id, enterprise_secret, product_secret }),
});
const { token } = (await issued.json()) as { token: string };
const mac = mock.state.world.products[0]!.devices[0]!.mac;
process.stdout.write(JSON.stringify({ url: mock.url, path: `/v1/products/${product_key}/device_detail?mac=${mac}`, headers: { authorization: `token ${token}` } }) + '\n');
process.once('SIGTERM', () => void mock.close().then(() => process.exit(0)));
