// Node-only helpers (the app itself stays web-standard).

export { createBatchedStdoutWriter } from './node/batched-stdout';
export { answerClientErrors } from './node/client-errors';
export { createUndiciFetch, type UndiciFetchOptions } from './node/undici-fetch';
