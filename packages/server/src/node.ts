// Node-only helpers (the app itself stays web-standard).

export { createBatchedStdoutWriter } from './node/batched-stdout';
export { createUndiciFetch, type UndiciFetchOptions } from './node/undici-fetch';
