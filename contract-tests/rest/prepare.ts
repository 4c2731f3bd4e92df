/**
 * From a generated sample to the request the run sends: prose constraints applied (valid samples),
 * real identifiers put in (most samples), then the wire form checked against the spec's validators
 * so a "valid" request is valid and an "invalid" one still breaks the spec once serialised.
 */
import type { IrOperation } from '../../generator/ir/types.js';
import type { InvalidSample, RequestSample } from '../../generator/runtime/samples.js';
import type { RestApi } from '../apis/api.js';
import type { RestRequest } from '../checks/types.js';
import type { Disposable, Disposables } from './disposables.js';
import { seededRandom, type KnownValues } from './known-values.js';
import { invalidParts, toWire } from './wire.js';

/** Share of samples that get real identifiers; the rest keep their random ones (and reach "not found" answers). */
const SUBSTITUTION_SHARE = 0.8;

export type Prepared = { ok: true; request: RestRequest } | { ok: false; reason: string };

export interface PrepareContext {
  api: RestApi;
  known: KnownValues;
  disposables: Disposables;
  nowSeconds: () => number;
}

export function prepareValid(context: PrepareContext, op: IrOperation, sample: RequestSample, roll: number): Prepared {
  const random = seededRandom(roll);
  const refined = context.api.refineValid ? context.api.refineValid(op, sample, context.nowSeconds()) : sample;
  let disposable: Disposable | undefined;
  const candidates: RequestSample[] = [];
  if (random() < SUBSTITUTION_SHARE) {
    if (op.method === 'delete') {
      disposable = context.disposables.take(op.id);
      candidates.push(disposable ? withDisposable(refined, disposable) : context.known.substitute(refined, random, { scopeOnly: true }));
    } else {
      candidates.push(context.known.substitute(refined, random));
    }
  }
  candidates.push(refined, sample);
  let reason = '';
  for (const [i, candidate] of candidates.entries()) {
    const wire = toWire(op, candidate);
    if (!wire.ok) {
      reason = wire.reason;
      continue;
    }
    const broken = invalidParts(op, context.api.validators[op.id], wire.request);
    if (broken.length === 0) {
      // A resource taken for a candidate that was not sent goes back to the pool.
      if (disposable && i > 0) context.disposables.giveBack(disposable);
      return { ok: true, request: wire.request };
    }
    reason = `its ${broken.join(', ')} fail(s) the spec's validators once serialised`;
  }
  if (disposable) context.disposables.giveBack(disposable);
  return { ok: false, reason: `valid sample not sendable: ${reason}` };
}

export function prepareInvalid(context: PrepareContext, op: IrOperation, sample: InvalidSample, roll: number): Prepared {
  const random = seededRandom(roll);
  const candidates: RequestSample[] = [];
  if (random() < SUBSTITUTION_SHARE) {
    candidates.push(context.known.substitute(sample, random, { keep: sample.violation, scopeOnly: op.method === 'delete' }));
  }
  candidates.push(sample);
  let reason = '';
  for (const candidate of candidates) {
    const wire = toWire(op, candidate);
    if (!wire.ok) {
      reason = wire.reason;
      continue;
    }
    if (invalidParts(op, context.api.validators[op.id], wire.request).length > 0) return { ok: true, request: wire.request };
    reason = `the broken value (${sample.violation.description}) is valid once serialised`;
  }
  return { ok: false, reason };
}

function withDisposable(sample: RequestSample, disposable: Disposable): RequestSample {
  const next: RequestSample = { ...sample, path: { ...sample.path, ...disposable.pathParams } };
  if (disposable.body !== undefined) {
    next.body = structuredClone(disposable.body);
    next.contentType ??= 'application/json';
  }
  return next;
}
