import type { Behaviour } from './behaviour.js';
import type { Exchange } from './exchange.js';
import { sendRaw } from './http-response.js';
import type { Protocol } from './protocol.js';
import { planReply } from './reply-plan.js';
import { sleep } from './sleep.js';

/** Carries out one behaviour for a chat/messages request in the given protocol's wire format. */
export async function runBehaviour(
  exchange: Exchange,
  behaviour: Behaviour,
  protocol: Protocol,
): Promise<void> {
  switch (behaviour.kind) {
    case 'drop':
      exchange.drop();
      return;
    case 'hang':
      // Leave the response open; the client's abort or close() ends it.
      return;
    case 'raw':
      sendRaw(exchange.res, behaviour.status, behaviour.body, behaviour.headers);
      return;
    case 'error':
      await sleep(behaviour.delayMs);
      if (!exchange.isGone()) protocol.error(exchange, behaviour);
      return;
    case 'reply':
      await sleep(behaviour.delayMs);
      if (!exchange.isGone())
        await protocol.reply(exchange, planReply(behaviour, exchange.record.body));
      return;
    case 'stream-fail':
      await protocol.streamFail(exchange, behaviour);
      return;
  }
}
