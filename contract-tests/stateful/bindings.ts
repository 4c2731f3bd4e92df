/**
 * Device bindings of one user as a model: which of a few devices the user is bound to. Binding a
 * device of the product succeeds, an unknown did fails (listed in `failed`); unbinding succeeds
 * only for a bound device; an unknown app is 5016, an unknown user 5017; the binding-user search
 * by did lists the user exactly when it is bound. Teardown restores the starting bindings.
 */
import fc from 'fast-check';
import type { GizwitsEnterpriseClient } from '../../generated/gizwits-enterprise/client.js';
import type { IrLocation } from '../../generator/ir/types.js';
import { expectError, expectSuccess } from './expect.js';
import { expectThat, type StatefulModel } from './model.js';

export const BINDING_CODES = { appidNotFound: 5016, uidNotFound: 5017 } as const;

export interface BindingsReal {
  client: GizwitsEnterpriseClient;
  productKey: string;
  uid: string;
  appid: string;
}

export interface BindingsModel {
  dids: readonly string[];
  bound: Map<string, boolean>;
  initial: ReadonlyMap<string, boolean>;
}

type BindingCommand = fc.AsyncCommand<BindingsModel, BindingsReal>;

const UNKNOWN_DID = 'unknown-did-0000000000';

export function bindingsModel(options: { client: GizwitsEnterpriseClient; productKey: string; uid: string; appid: string; dids: readonly string[]; location: IrLocation }): StatefulModel<BindingsModel, BindingsReal> {
  const real: BindingsReal = { client: options.client, productKey: options.productKey, uid: options.uid, appid: options.appid };
  const dids = options.dids.slice(0, 4);
  const picks = fc.array(fc.nat({ max: 100 }), { minLength: 1, maxLength: 3 });
  return {
    name: 'bindings',
    protocol: 'rest',
    location: options.location,
    commands: [
      fc.tuple(picks, fc.boolean()).map(([p, unknown]) => new ChangeBindings(CHANGES.bind, p, unknown)),
      fc.tuple(picks, fc.boolean()).map(([p, unknown]) => new ChangeBindings(CHANGES.unbind, p, unknown)),
      fc.nat({ max: 100 }).map((p) => new SearchByDid(p)),
      fc.stringMatching(/^[0-9a-f]{32}$/).map((appid) => new BindUnknownApp(appid)),
      fc.stringMatching(/^[0-9a-f]{32}$/).map((uid) => new BindUnknownUser(uid)),
    ],
    async setup() {
      const bound = new Map<string, boolean>();
      for (const did of dids) bound.set(did, await isBound(real, did));
      return { model: { dids, bound, initial: new Map(bound) }, real };
    },
    async verify(model) {
      for (const [i, did] of model.dids.entries()) await new SearchByDid(i).run(model, real);
    },
    async teardown(model) {
      for (const did of dids) {
        const now = await isBound(real, did);
        const wanted = model.initial.get(did) ?? false;
        if (now === wanted) continue;
        await (wanted ? CHANGES.bind : CHANGES.unbind).send(real, [did]);
      }
    },
  };
}

async function isBound(r: BindingsReal, did: string): Promise<boolean> {
  const page = await r.client.getV1ProductsProductKeyUsersSearch({ path: { product_key: r.productKey }, query: { type: 'did', val: did, limit: 1000 } });
  return page.objects.some((u) => u.uid === r.uid);
}

function chosen(m: BindingsModel, picks: readonly number[], withUnknown: boolean): string[] {
  const dids = [...new Set(picks.map((p) => m.dids[p % m.dids.length] as string))];
  return withUnknown ? [...dids, UNKNOWN_DID] : dids;
}

interface Lists {
  success: string[];
  failed: string[];
}

/** Binding or unbinding: the same call shape, each with its own prediction and model update. */
interface BindingChange {
  name: 'bind' | 'unbind';
  send(r: BindingsReal, dids: string[]): Promise<Lists>;
  predict(m: BindingsModel, dids: string[]): Lists;
  /** Whether a device in `success` is bound afterwards. */
  bound: boolean;
}

const CHANGES = {
  bind: {
    name: 'bind',
    send: (r, dids) => r.client.postV1ProductsProductKeyDevicesBindings({ path: { product_key: r.productKey }, body: { uid: r.uid, appid: r.appid, dids } }),
    predict: (_m, dids) => ({ success: dids.filter((d) => d !== UNKNOWN_DID), failed: dids.filter((d) => d === UNKNOWN_DID) }),
    bound: true,
  },
  unbind: {
    name: 'unbind',
    send: (r, dids) => r.client.deleteV1ProductsProductKeyDevicesBindings({ path: { product_key: r.productKey }, body: { uid: r.uid, appid: r.appid, dids } }),
    predict: (m, dids) => ({ success: dids.filter((d) => m.bound.get(d) === true), failed: dids.filter((d) => m.bound.get(d) !== true) }),
    bound: false,
  },
} as const satisfies Record<string, BindingChange>;

class ChangeBindings implements BindingCommand {
  private dids: string[] = [];
  constructor(
    private readonly change: BindingChange,
    private readonly picks: number[],
    private readonly withUnknown: boolean,
  ) {}
  check = (m: Readonly<BindingsModel>) => m.dids.length > 0;
  async run(m: BindingsModel, r: BindingsReal) {
    this.dids = chosen(m, this.picks, this.withUnknown);
    const answer = await expectSuccess(`${this.change.name} ${this.dids.length} device(s)`, this.change.send(r, this.dids));
    const expected = this.change.predict(m, this.dids);
    expectLists(this.change.name, expected, answer);
    for (const did of expected.success) m.bound.set(did, this.change.bound);
  }
  toString = () => `${this.change.name}(${this.dids.join(', ') || this.picks.join(',')})`;
}

class SearchByDid implements BindingCommand {
  private did = '';
  constructor(private readonly pick: number) {}
  check = (m: Readonly<BindingsModel>) => m.dids.length > 0;
  async run(m: BindingsModel, r: BindingsReal) {
    this.did = m.dids[this.pick % m.dids.length] as string;
    const listed = await isBound(r, this.did);
    const expected = m.bound.get(this.did) === true;
    expectThat(listed === expected, () => `the binding users of ${this.did} ${listed ? 'include' : 'do not include'} user ${r.uid}; the model says it is ${expected ? '' : 'not '}bound`);
  }
  toString = () => `searchBindingUsers(${this.did || `#${this.pick}`})`;
}

class BindUnknownApp implements BindingCommand {
  constructor(private readonly appid: string) {}
  check = (m: Readonly<BindingsModel>) => m.dids.length > 0;
  run = (m: BindingsModel, r: BindingsReal) =>
    this.appid === r.appid
      ? Promise.resolve()
      : expectError(`bind with unknown appid ${this.appid}`, [BINDING_CODES.appidNotFound], r.client.postV1ProductsProductKeyDevicesBindings({ path: { product_key: r.productKey }, body: { uid: r.uid, appid: this.appid, dids: [m.dids[0] as string] } }));
  toString = () => `bindWithUnknownApp(${this.appid.slice(0, 8)})`;
}

class BindUnknownUser implements BindingCommand {
  constructor(private readonly uid: string) {}
  check = (m: Readonly<BindingsModel>) => m.dids.length > 0;
  run = (m: BindingsModel, r: BindingsReal) =>
    this.uid === r.uid
      ? Promise.resolve()
      : expectError(`bind with unknown uid ${this.uid}`, [BINDING_CODES.uidNotFound], r.client.postV1ProductsProductKeyDevicesBindings({ path: { product_key: r.productKey }, body: { uid: this.uid, appid: r.appid, dids: [m.dids[0] as string] } }));
  toString = () => `bindWithUnknownUser(${this.uid.slice(0, 8)})`;
}

function expectLists(what: string, expected: Lists, answer: Lists): void {
  const same = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
  expectThat(
    same(answer.success, expected.success) && same(answer.failed, expected.failed),
    () => `${what}: answered success [${answer.success.join(', ')}] failed [${answer.failed.join(', ')}], the model predicts success [${expected.success.join(', ')}] failed [${expected.failed.join(', ')}]`,
  );
}
