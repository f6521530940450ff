import type { ErrorBehaviour, StreamFailBehaviour } from './behaviour.js';
import type { Exchange } from './exchange.js';
import type { ReplyPlan } from './reply-plan.js';

/** How one provider fake renders replies, errors and mid-stream failures on the wire. */
export interface Protocol {
  /** Rejects requests the real API would reject before any behaviour runs; false if it did. */
  validate(exchange: Exchange): boolean;
  reply(exchange: Exchange, plan: ReplyPlan): Promise<void>;
  error(exchange: Exchange, behaviour: ErrorBehaviour): void;
  streamFail(exchange: Exchange, behaviour: StreamFailBehaviour): Promise<void>;
}

/** Whether the client asked for server-sent events. */
export function wantsStream(exchange: Exchange): boolean {
  return exchange.record.body?.stream === true;
}
