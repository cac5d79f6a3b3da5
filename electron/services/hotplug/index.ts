// Public surface of hot-plug: start watching for tokens for a TokenService (or anything
// with rescan()). Events arrive through TokenService.on().
import { HotplugMonitor, type HotplugOptions, type Rescannable } from './hotplug-monitor';

export { HotplugMonitor, type HotplugOptions, type Rescannable } from './hotplug-monitor';
export { TOKEN_VENDORS, isTokenVendor } from './token-vendors';
export type { UsbDeviceEvent, UsbEventSource } from './usb-source';

/** Creates and starts a monitor; call stop() on shutdown. */
export function watchTokens(target: Rescannable, options: HotplugOptions = {}): HotplugMonitor {
  const monitor = new HotplugMonitor(target, options);
  monitor.start();
  return monitor;
}
