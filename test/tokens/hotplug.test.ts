// Hot-plug: slot-list polling against real SoftHSM tokens (no USB bus in CI), and the USB
// path with an injected attach/detach event source.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenEvent } from '../../shared/tokens/types';
import { HotplugMonitor } from '../../electron/services/hotplug/hotplug-monitor';
import type { UsbDeviceEvent, UsbEventSource } from '../../electron/services/hotplug/usb-source';
import type { TokenService } from '../../electron/services/tokens/token-service';
import { startDemoTokenService, stopDemoTokenService, removeToken, type DemoTokens } from '../helpers/softhsm';

let store: DemoTokens;
let service: TokenService;

beforeAll(async () => { ({ store, service } = await startDemoTokenService()); });
afterAll(() => stopDemoTokenService(store, service));

/** Resolves with the first event matching, or rejects after timeoutMs (bounded wait). */
function nextEvent(predicate: (event: TokenEvent) => boolean, timeoutMs = 10_000): Promise<TokenEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('no matching token event in time'));
    }, timeoutMs);
    const off = service.on((event) => {
      if (!predicate(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

class FakeUsb implements UsbEventSource {
  attach: Array<(d: UsbDeviceEvent) => void> = [];
  detach: Array<(d: UsbDeviceEvent) => void> = [];
  closed = false;
  onAttach(listener: (d: UsbDeviceEvent) => void) {
    this.attach.push(listener);
  }
  onDetach(listener: (d: UsbDeviceEvent) => void) {
    this.detach.push(listener);
  }
  close() {
    this.closed = true;
  }
}

describe('hot-plug by polling the slot list (real SoftHSM)', () => {
  it('falls back to polling without a USB bus, and emits removed / inserted / several-tokens', async () => {
    const lines: string[] = [];
    const monitor = new HotplugMonitor(service, { pollIntervalMs: 100, log: (line) => lines.push(line), usbSource: null });
    expect(monitor.mode).toBe('polling');
    expect(lines[0]).toContain('Polling the token slot list every 100 ms');
    monitor.start();
    try {
      const removed = nextEvent((e) => e.type === 'token-removed');
      const reinsert = await removeToken(store, 'SAST-3');
      expect(await removed).toMatchObject({ type: 'token-removed', label: 'SAST-3' });

      const inserted = nextEvent((e) => e.type === 'token-inserted');
      const several = nextEvent((e) => e.type === 'several-tokens');
      await reinsert();
      expect(await inserted).toMatchObject({ type: 'token-inserted', token: { label: 'SAST-3' } });
      const warning = await several;
      expect(warning.type === 'several-tokens' && warning.tokens.length).toBe(4);
    } finally {
      await monitor.stop();
    }
  });
});

describe('hot-plug by USB events (injected source)', () => {
  it('rescans after attach/detach of a known token vendor only, and closes the source on stop', async () => {
    const usb = new FakeUsb();
    let rescans = 0;
    const monitor = new HotplugMonitor({ rescan: async () => void rescans++ }, { usbSource: usb, settleMs: 10 });
    expect(monitor.mode).toBe('usb');
    monitor.start();
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    for (const listener of usb.attach) listener({ vendorId: 0x046d, productId: 0xc077 }); // a mouse
    await wait(60);
    expect(rescans).toBe(0);

    for (const listener of usb.attach) listener({ vendorId: 0x0529, productId: 0x0620 }); // SafeNet eToken
    await wait(60);
    expect(rescans).toBe(1);

    for (const listener of usb.detach) listener({ vendorId: 0x0529, productId: 0x0620 });
    await wait(60);
    expect(rescans).toBe(2);

    await monitor.stop();
    expect(usb.closed).toBe(true);
  });

  it('requires a USB source in usb mode and reports rescan errors without stopping', async () => {
    expect(() => new HotplugMonitor({ rescan: async () => undefined }, { mode: 'usb', usbSource: null })).toThrow(/USB events are unavailable/);
    const errors: unknown[] = [];
    let calls = 0;
    const monitor = new HotplugMonitor(
      {
        rescan: async () => {
          calls++;
          throw new Error('module gone');
        },
      },
      { mode: 'polling', pollIntervalMs: 20, onError: (e) => errors.push(e) },
    );
    monitor.start();
    for (let i = 0; i < 50 && calls < 3; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    await monitor.stop();
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(errors.length).toBe(calls);
  });
});
