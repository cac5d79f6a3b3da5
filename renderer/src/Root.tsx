// The tree the page renders: one definition for the build's prerender (prerender-entry.tsx)
// and the page's hydration (main.tsx), which must produce the same markup.
import { StrictMode } from 'react';
import { App } from './App';

export function Root() {
  return (
    <StrictMode>
      <App />
    </StrictMode>
  );
}
