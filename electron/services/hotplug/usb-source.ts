// USB attach/detach events from the `usb` package, behind a small interface so the monitor
// can be tested with an injected event source. Returns null where USB events are not
// available (package not loadable, no USB bus): the monitor then polls the slot list.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface UsbDeviceEvent {
  vendorId: number;
  productId: number;
}

export interface UsbEventSource {
  onAttach(listener: (device: UsbDeviceEvent) => void): void;
  onDetach(listener: (device: UsbDeviceEvent) => void): void;
  /** Removes the listeners (lets the process exit). */
  close(): void;
}

interface UsbDevice {
  deviceDescriptor: { idVendor: number; idProduct: number };
}

interface UsbModule {
  usb: {
    on(event: 'attach' | 'detach', listener: (device: UsbDevice) => void): void;
    removeAllListeners(event: 'attach' | 'detach'): void;
  };
  getDeviceList(): UsbDevice[];
}

function describe(device: UsbDevice): UsbDeviceEvent {
  return { vendorId: device.deviceDescriptor.idVendor, productId: device.deviceDescriptor.idProduct };
}

/** Why USB events are unavailable, or null when they are. */
export function usbUnavailableReason(): string | null {
  // libusb on Linux needs the usbfs device tree; containers and VMs often have none.
  if (process.platform === 'linux' && !existsSync('/dev/bus/usb')) return 'no USB bus (/dev/bus/usb is missing)';
  return null;
}

export function loadUsbEventSource(): { source: UsbEventSource | null; reason: string | null } {
  const unavailable = usbUnavailableReason();
  if (unavailable) return { source: null, reason: unavailable };
  let usb: UsbModule;
  try {
    usb = createRequire(import.meta.url)('usb') as UsbModule;
    usb.getDeviceList();
  } catch (error) {
    return { source: null, reason: `the usb package could not be used: ${error instanceof Error ? error.message : String(error)}` };
  }
  return {
    reason: null,
    source: {
      onAttach: (listener) => usb.usb.on('attach', (device) => listener(describe(device))),
      onDetach: (listener) => usb.usb.on('detach', (device) => listener(describe(device))),
      close: () => {
        usb.usb.removeAllListeners('attach');
        usb.usb.removeAllListeners('detach');
      },
    },
  };
}
