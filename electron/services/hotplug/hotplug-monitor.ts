// Watches for tokens being inserted and removed. USB attach/detach of a known token vendor
// triggers a rescan (after a short settle delay: the middleware needs a moment to see the
// token); where USB events are unavailable the slot list is polled instead. The rescan
// itself (TokenService.rescan) re-initializes the module when no session is open and emits
// the typed token events.
import { isTokenVendor } from './token-vendors';
import { loadUsbEventSource, type UsbDeviceEvent, type UsbEventSource } from './usb-source';

export interface Rescannable {
  rescan(): Promise<unknown>;
}

export interface HotplugOptions {
  /** 'auto' uses USB events when available, else polling. */
  mode?: 'auto' | 'usb' | 'polling';
  /** Injected USB event source (tests); default: the `usb` package. */
  usbSource?: UsbEventSource | null;
  /** Slot-list polling interval in ms (default 2000). */
  pollIntervalMs?: number;
  /** Delay between a USB event and the rescan in ms (default 500). */
  settleMs?: number;
  /** Extra vendor IDs to react to. */
  extraVendorIds?: number[];
  /** Rescan failures (module gone, device error); the monitor keeps running. */
  onError?: (error: unknown) => void;
  /** One line on the chosen mode. */
  log?: (message: string) => void;
}

export class HotplugMonitor {
  readonly mode: 'usb' | 'polling';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly usb: UsbEventSource | null;

  constructor(
    private readonly target: Rescannable,
    private readonly options: HotplugOptions = {},
  ) {
    const mode = options.mode ?? 'auto';
    let usb: UsbEventSource | null = null;
    let reason: string | null = null;
    if (mode !== 'polling') {
      if (options.usbSource !== undefined) usb = options.usbSource;
      else ({ source: usb, reason } = loadUsbEventSource());
      if (!usb && mode === 'usb') throw new Error(`USB events are unavailable: ${reason ?? 'no event source'}`);
    }
    this.usb = usb;
    this.mode = usb ? 'usb' : 'polling';
    options.log?.(
      this.mode === 'usb'
        ? 'Watching USB attach/detach events for tokens.'
        : `Polling the token slot list every ${this.pollInterval} ms${reason ? ` (USB events unavailable: ${reason})` : ''}.`,
    );
  }

  private get pollInterval(): number {
    return this.options.pollIntervalMs ?? 2000;
  }

  start(): void {
    if (this.usb) {
      const onEvent = (device: UsbDeviceEvent) => {
        if (isTokenVendor(device.vendorId, this.options.extraVendorIds)) this.schedule(this.options.settleMs ?? 500);
      };
      this.usb.onAttach(onEvent);
      this.usb.onDetach(onEvent);
    } else {
      this.schedule(this.pollInterval);
    }
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.rescanNow().finally(() => {
        if (!this.usb) this.schedule(this.pollInterval);
      });
    }, delay);
    // The monitor alone must not keep a CLI process alive.
    this.timer.unref();
  }

  /** Runs one rescan now; concurrent requests coalesce into one follow-up rescan. */
  async rescanNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      // Bounded: at most one follow-up per burst of requests.
      for (let round = 0; round < 2 && !this.stopped; round++) {
        this.again = false;
        try {
          await this.target.rescan();
        } catch (error) {
          this.options.onError?.(error);
        }
        if (!this.again) break;
      }
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.usb?.close();
    await this.running;
  }
}
