// Every wizard screen after the first, as one lazily loaded chunk: the first screen (server and
// login) is all a cold start has to parse before it can paint; the rest arrives while the
// administrator types the password (see ./later-screens-loader.ts).
export { EntriesScreen } from './EntriesScreen';
export { CancelledScreen, FinishScreen } from './FinishScreen';
export { ModeScreen } from './ModeScreen';
export { ReviewScreen } from './ReviewScreen';
export { TokensScreen } from './TokensScreen';
export { TrustScreen } from './TrustScreen';
