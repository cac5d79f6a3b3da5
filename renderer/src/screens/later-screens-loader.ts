// Loads the chunk of the screens after the first (./later-screens.ts) once, and lets a
// component wait for it. The wizard starts the load as soon as its first screen is on the
// page, so by the time a step changes the screens are there and render at once, without a
// Suspense fallback that would blank the wizard (and drop focus) for a frame.
import { useEffect, useState } from 'react';
import type * as Screens from './later-screens';

export type LaterScreens = typeof Screens;

let loaded: LaterScreens | null = null;
let loading: Promise<LaterScreens> | null = null;

export function loadLaterScreens(): Promise<LaterScreens> {
  loading ??= import('./later-screens').then((screens) => (loaded = screens));
  return loading;
}

/** The later screens, or null until their chunk has loaded (the caller shows a placeholder). */
export function useLaterScreens(): LaterScreens | null {
  const [screens, setScreens] = useState(loaded);
  useEffect(() => {
    if (screens) return;
    let live = true;
    void loadLaterScreens().then((s) => live && setScreens(s));
    return () => {
      live = false;
    };
  }, [screens]);
  return screens;
}
