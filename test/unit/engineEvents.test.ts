import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type EngineEvent, parseEngineEvents } from '../../electron/engine/docker/eventLines.ts';
import { stackOfEvent } from '../../electron/engine/status/stackOfEvent.ts';

const LABEL = 'io.branchyard.stack';

describe('engine events', () => {
  it('parses JSON lines split anywhere, including inside a multi-byte character', () => {
    const got: EngineEvent[] = [];
    const feed = parseEngineEvents((e) => got.push(e));
    const text = `${JSON.stringify({ Type: 'container', Action: 'start', Actor: { Attributes: { name: 'wé€b' } } })}\n{"Type":"network","Action":"create"}\n`;
    const bytes = new TextEncoder().encode(text);
    for (let i = 0; i < bytes.length; i += 7) feed(bytes.subarray(i, i + 7));
    assert.equal(got.length, 2);
    assert.equal(got[0].Actor?.Attributes?.name, 'wé€b');
    assert.equal(got[1].Type, 'network');
  });

  it('skips a line that is not JSON and goes on', () => {
    const got: EngineEvent[] = [];
    const feed = parseEngineEvents((e) => got.push(e));
    feed(new TextEncoder().encode('garbage\n{"Type":"container"}\n'));
    assert.deepEqual(got, [{ Type: 'container' }]);
  });

  it('finds the stack of container and network events', () => {
    assert.equal(stackOfEvent({ Type: 'container', Action: 'die', Actor: { Attributes: { [LABEL]: 'shop-main' } } }, LABEL), 'shop-main');
    assert.equal(stackOfEvent({ Type: 'container', Action: 'die', Actor: { Attributes: { name: 'other' } } }, LABEL), undefined);
    assert.equal(stackOfEvent({ Type: 'network', Action: 'destroy', Actor: { Attributes: { name: 'shop-main_default' } } }, LABEL), 'shop-main');
    assert.equal(stackOfEvent({ Type: 'network', Action: 'connect', Actor: { Attributes: { name: 'shop-main_default' } } }, LABEL), undefined);
    assert.equal(stackOfEvent({ Type: 'network', Action: 'create', Actor: { Attributes: { name: 'bridge' } } }, LABEL), undefined);
  });
});
