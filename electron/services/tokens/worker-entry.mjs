// Plain-JS entry of the token worker: registers tsx in this thread (loader hooks of the
// parent are not inherited by workers on every Node version), then runs the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./token-worker.ts');
