// Entry of the history backfill worker thread. Worker threads do not inherit the TypeScript loader the
// server runs under (tsx), so the worker registers it before it loads the TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./backfillWorker.ts');
