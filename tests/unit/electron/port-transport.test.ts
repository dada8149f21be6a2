import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../src-shared/client';
import type { CallMessage } from '../../../src-shared/protocol';
import { createPortTransport, type PortLike } from '../../../src-main/electron/port-transport';

/** Node's MessagePort with the DOM-style `onmessage` the preload's port has. */
function domStyle(port: MessagePort): PortLike {
  let handler: ((event: { data: unknown }) => void) | null = null;
  port.on('message', (data: unknown) => handler?.({ data }));
  return {
    postMessage: (message) => port.postMessage(message),
    get onmessage() {
      return handler;
    },
    set onmessage(next) {
      handler = next;
    },
    start: () => port.start(),
    close: () => port.close(),
  };
}

const channels: MessageChannel[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

/** A stand-in core on the far end: echoes each call's input and can push events. */
function fakeCore() {
  const channel = new MessageChannel();
  channels.push(channel);
  const calls: CallMessage[] = [];
  channel.port2.on('message', (message: CallMessage) => {
    calls.push(message);
    channel.port2.postMessage({ kind: 'result', id: message.id, result: { ok: true, value: message.input } });
  });
  return { windowEnd: domStyle(channel.port1), calls, push: (message: unknown) => channel.port2.postMessage(message) };
}

describe('the preload transport', () => {
  it('holds calls made before the port arrives and sends them in order once it does', async () => {
    const transport = createPortTransport();
    const client = createApiClient(transport);
    const first = client.policies.get({ id: 'a' });
    const second = client.policies.get({ id: 'b' });
    const core = fakeCore();
    transport.attach(core.windowEnd);
    await expect(first).resolves.toEqual({ ok: true, value: { id: 'a' } });
    await expect(second).resolves.toEqual({ ok: true, value: { id: 'b' } });
    expect(core.calls.map((call) => call.input)).toEqual([{ id: 'a' }, { id: 'b' }]);
  });

  it('delivers core events to listeners and ignores anything that is not a core message', async () => {
    const transport = createPortTransport();
    const client = createApiClient(transport);
    const core = fakeCore();
    transport.attach(core.windowEnd);
    const seen: unknown[] = [];
    client.events.on('data.changed', (payload) => seen.push(payload));
    core.push({ kind: 'bogus', name: 'data.changed', payload: 1 });
    core.push(null);
    core.push({ kind: 'event', name: 'data.changed', payload: { table: 'policies', ids: ['p1'] } });
    await expect.poll(() => seen).toEqual([{ table: 'policies', ids: ['p1'] }]);
  });

  it('switches to a new port and closes the old one', async () => {
    const transport = createPortTransport();
    const client = createApiClient(transport);
    const before = fakeCore();
    transport.attach(before.windowEnd);
    await client.policies.get({ id: 'x' });
    const after = fakeCore();
    transport.attach(after.windowEnd);
    await expect(client.policies.get({ id: 'y' })).resolves.toEqual({ ok: true, value: { id: 'y' } });
    expect(before.calls).toHaveLength(1);
    expect(after.calls).toHaveLength(1);
  });
});
