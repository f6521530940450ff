import { defineScript } from './redis-script';

/*
 * The budget scripts. A window is one hash (`spent`, `reserved`, and one field per live
 * reservation `r:<id>` = its held nano-dollars) plus a sorted set of reservation leases
 * (member `<id>`, score = when the lease ends, ms). Amounts are integer nano-dollars, written
 * with HINCRBY from strings so Lua never formats a large number (Lua numbers are doubles).
 * The server's clock (TIME, https://redis.io/docs/latest/commands/time/) dates the leases, so
 * instances with skewed clocks agree; scripts may call TIME since Redis replicates their
 * effects, not the script (https://redis.io/docs/latest/develop/programmability/eval-intro/).
 */

/**
 * Ends the leases that are over: the held amount goes back to the window and the reservation
 * becomes `x:<id>`, which a late settle still counts as spend (a lease only frees the budget
 * an instance that died left held; it never forgets a real cost). Sets `now` (ms).
 */
const RECLAIM_EXPIRED = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, id in ipairs(expired) do
  local held = redis.call('HGET', KEYS[1], 'r:' .. id)
  if held then
    redis.call('HDEL', KEYS[1], 'r:' .. id)
    if held ~= '0' then redis.call('HINCRBY', KEYS[1], 'reserved', '-' .. held) end
    redis.call('HSET', KEYS[1], 'x:' .. id, '1')
  end
end
if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now) end
local spent = tonumber(redis.call('HGET', KEYS[1], 'spent') or '0')
local reserved = tonumber(redis.call('HGET', KEYS[1], 'reserved') or '0')
`;

/**
 * Reserve: check `spent + reserved + amount <= limit` and hold `amount`, in one step.
 * KEYS: window hash, lease set. ARGV: amount (nano), limit (nano), reservation id,
 * lease ms, window TTL s (0: never expires).
 * Returns `{1}` when held, `{0, spent + reserved}` when the amount does not fit.
 */
export const reserveScript = defineScript(`${RECLAIM_EXPIRED}
local amount = tonumber(ARGV[1])
if spent + reserved + amount > tonumber(ARGV[2]) then
  return {0, spent + reserved}
end
if ARGV[1] ~= '0' then redis.call('HINCRBY', KEYS[1], 'reserved', ARGV[1]) end
redis.call('HSET', KEYS[1], 'r:' .. ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[3])
local ttl = tonumber(ARGV[5])
if ttl > 0 then
  redis.call('EXPIRE', KEYS[1], ttl)
  redis.call('EXPIRE', KEYS[2], ttl)
end
return {1}
`);

/**
 * Settle: replace a reservation by the real cost, once. A second settle of the same id, or of
 * an id this window never held (or a window that expired), changes nothing.
 * KEYS: window hash, lease set. ARGV: reservation id, actual cost (nano).
 * Returns 1 when settled now, 0 when there was nothing to settle.
 */
export const settleScript = defineScript(`
local held = redis.call('HGET', KEYS[1], 'r:' .. ARGV[1])
if held then
  redis.call('HDEL', KEYS[1], 'r:' .. ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
  if held ~= '0' then redis.call('HINCRBY', KEYS[1], 'reserved', '-' .. held) end
elseif redis.call('HDEL', KEYS[1], 'x:' .. ARGV[1]) == 0 then
  return 0
end
if ARGV[2] ~= '0' then redis.call('HINCRBY', KEYS[1], 'spent', ARGV[2]) end
return 1
`);

/**
 * Usage: spent and reserved of a window, after ending the leases that are over.
 * KEYS: window hash, lease set. Returns `{spent, reserved}` (nano).
 */
export const usageScript = defineScript(`${RECLAIM_EXPIRED}
return {spent, reserved}
`);
