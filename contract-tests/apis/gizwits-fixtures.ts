/**
 * Real resources of a Gizwits target for the samples to aim at: devices (did, mac) and binding
 * users (uid) found by searching, and a device group of the run's own: a child of the root
 * group (the root is created when the product has none). `cleanup` empties and deletes what
 * was created.
 */
import { GizwitsEnterpriseClient } from '../../generated/gizwits-enterprise/client.js';
import type { Discovery, DiscoveryTarget } from './api.js';

const PAGE = 50;

export async function discoverGizwits(target: DiscoveryTarget): Promise<Discovery> {
  const productKey = target.credentials.product_key ?? '';
  const client = new GizwitsEnterpriseClient({ baseUrl: target.baseUrl, credentials: target.credentials, timeoutMs: target.timeoutMs, fetch: target.fetch });
  const path = { product_key: productKey };
  const records: Record<string, string>[] = [];
  const notes: string[] = [];
  const created: string[] = [];

  const attempt = async (what: string, work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      notes.push(`fixtures: could not ${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await attempt('search devices', async () => {
    const page = await client.getV1ProductsProductKeyDevicesSearch({ path, query: { limit: PAGE } });
    for (const device of page.objects) records.push(device.mac === undefined ? { did: device.did } : { did: device.did, mac: device.mac });
  });
  await attempt('search binding users', async () => {
    const page = await client.getV1ProductsProductKeyUsersSearch({ path, query: { limit: PAGE } });
    for (const user of page.objects) records.push({ uid: user.uid });
  });
  await attempt('create a device group', async () => {
    const tree = await client.getV1ProductsProductKeyDeviceGroups({ path });
    let root = Object.entries(tree).find(([, parent]) => parent === '')?.[0];
    if (root === undefined) {
      root = (await client.postV1ProductsProductKeyDeviceGroups({ path })).gid;
      created.push(root);
    }
    const child = (await client.postV1ProductsProductKeyDeviceGroups({ path, body: { parent_gid: root } })).gid;
    created.push(child);
    records.push({ gid: child });
  });

  return {
    records,
    notes,
    async cleanup() {
      for (const gid of created.reverse()) {
        await attempt(`delete device group ${gid}`, async () => {
          const { macs } = await client.getV1ProductsProductKeyDeviceGroupsGid({ path: { ...path, gid } });
          for (let i = 0; i < macs.length; i += 1000) {
            await client.putV1ProductsProductKeyDeviceGroupsGid({ path: { ...path, gid }, body: { action: 'unassign', macs: macs.slice(i, i + 1000) } });
          }
          await client.deleteV1ProductsProductKeyDeviceGroupsGid({ path: { ...path, gid } });
        });
      }
      return [...notes];
    },
  };
}
