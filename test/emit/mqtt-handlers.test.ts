import { beforeAll, describe, expect, it } from 'vitest';
import { responderCodes } from '../../generator/emit/mqtt-handlers/error-roles.js';
import { mqttHandlersEmitter } from '../../generator/emit/mqtt-handlers/index.js';
import { printFile } from '../../generator/emit/print.js';
import type { IrSpec } from '../../generator/ir/types.js';
import { GENERATION_TIMEOUT_MS, generateDji } from '../mqtt/helpers/generated-dji.js';
import { irOf, specDir } from './fixtures.js';

let dji: IrSpec;
beforeAll(async () => {
  dji = await irOf(`${specDir}/dji-dock-organization.asyncapi.yaml`);
});

function withRoles(roles: unknown): IrSpec {
  return { ...dji, document: { ...dji.document, 'x-error-roles': roles } };
}

const METHODS = ['airport_bind_status', 'airport_organization_bind', 'airport_organization_get'];

describe('responderCodes (x-error-roles)', () => {
  it('maps requestInvalid to malformed and reads single codes and per-method codes', () => {
    expect(responderCodes(withRoles({ requestInvalid: 1, unknownMethod: 2, handlerFailed: { airport_organization_get: 3, airport_bind_status: 4 } }), METHODS)).toEqual({
      all: { malformed: 1, unknownMethod: 2 },
      methods: [
        ['airport_bind_status', { handlerFailed: 4 }],
        ['airport_organization_get', { handlerFailed: 3 }],
      ],
    });
    expect(responderCodes(withRoles({ requestInvalid: { airport_bind_status: 5 }, handlerFailed: 6 }), METHODS)).toEqual({
      all: { handlerFailed: 6 },
      methods: [['airport_bind_status', { malformed: 5 }]],
    });
  });

  it('ignores what it cannot use: no extension, non-integer codes, unknown methods, a per-method unknownMethod', () => {
    const none = { all: {}, methods: [] };
    expect(responderCodes(withRoles(undefined), METHODS)).toEqual(none);
    expect(responderCodes(withRoles([1, 2]), METHODS)).toEqual(none);
    expect(
      responderCodes(withRoles({ requestInvalid: '200001', unknownMethod: { airport_bind_status: 1 }, handlerFailed: { nope: 1, airport_bind_status: 1.5 } }), METHODS),
    ).toEqual(none);
  });
});

describe('mqtt-handlers emitter', () => {
  it("generates the spec's x-error-roles as the handlers' reply codes", async () => {
    const roles = dji.document['x-error-roles'] as { requestInvalid: number; unknownMethod: number; handlerFailed: Record<string, number> };
    const g = await generateDji();
    try {
      expect(g.modules.cloudHandlerErrorCodes).toEqual({ malformed: roles.requestInvalid, unknownMethod: roles.unknownMethod });
      expect(g.modules.cloudHandlerMethodErrorCodes).toEqual(
        Object.fromEntries(Object.entries(roles.handlerFailed).map(([method, code]) => [method, { handlerFailed: code }])),
      );
      expect(g.modules.cloudHandlerTopics).toEqual([
        {
          requestTopic: dji.methods[0]!.request.channel.address,
          replyTopic: dji.methods[0]!.reply.channel.address,
          qos: { subscribe: dji.methods[0]!.qos.subscribe, reply: dji.methods[0]!.qos.reply },
          methods: dji.methods.map((m) => m.name).sort(),
        },
      ]);
    } finally {
      await g.remove();
    }
  }, GENERATION_TIMEOUT_MS);

  it('is deterministic whatever the order of the IR methods', () => {
    const text = printFile(mqttHandlersEmitter.emit(dji)[0]!);
    expect(printFile(mqttHandlersEmitter.emit({ ...dji, methods: [...dji.methods].reverse() })[0]!)).toBe(text);
  });
});
