// Node-only helpers (the app itself stays web-standard).

export { createBatchedStdoutWriter } from './node/batched-stdout';
export { answerClientErrors } from './node/client-errors';
// How the CLI serves the app on Node (`answerClientErrors` included); for embedders too.
export { type NodeServable, type ServeNodeOptions, serveNode } from './node/serve-node';
export { createUndiciFetch, type UndiciFetchOptions } from './node/undici-fetch';
// Storage for Node: the embedded SQLite file, PostgreSQL and Redis (the CLI opens them this way).
export {
  describeStores,
  openServerStores,
  type StoreLocation,
} from './stores/open-server-stores';
