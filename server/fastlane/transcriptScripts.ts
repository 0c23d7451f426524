// The cluster transcript's atomic steps in Redis, as Lua scripts (redisTranscriptStore.ts explains
// the keys): save a turn (and keep its file's list bounded), read a file's latest turns in one trip,
// and end the turns left streaming by a node that stopped.
import { script } from '../cluster/scripts';

/**
 * KEYS turn, path list, streaming; ARGV id, rec, out, outcome, info, msg, seq, created, node, keep,
 * ttl ms, turn key prefix. The first save sets its creation time and lists it; later saves update.
 */
export const SAVE_TURN = script(
  3,
  `local fresh = redis.call('EXISTS', KEYS[1]) == 0
redis.call('HSET', KEYS[1], 'rec', ARGV[2], 'out', ARGV[3], 'outcome', ARGV[4], 'info', ARGV[5],
  'msg', ARGV[6], 'seq', ARGV[7], 'node', ARGV[9])
if fresh then
  redis.call('HSET', KEYS[1], 'created', ARGV[8])
  redis.call('ZADD', KEYS[2], ARGV[8], ARGV[1])
  local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[10])
  if over > 0 then
    for _, old in ipairs(redis.call('ZRANGE', KEYS[2], 0, over - 1)) do
      redis.call('DEL', ARGV[12] .. old)
      redis.call('HDEL', KEYS[3], old)
    end
    redis.call('ZREMRANGEBYRANK', KEYS[2], 0, over - 1)
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[11])
redis.call('PEXPIRE', KEYS[2], ARGV[11])
if ARGV[4] == 'streaming' then redis.call('HSET', KEYS[3], ARGV[1], ARGV[9])
else redis.call('HDEL', KEYS[3], ARGV[1]) end
return 1`,
);

/** KEYS path list; ARGV limit, turn key prefix, fields… → per turn, newest first, its fields. */
export const READ_TURNS = script(
  1,
  `local rows = {}
for _, id in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1)) do
  rows[#rows + 1] = redis.call('HMGET', ARGV[2] .. id, unpack(ARGV, 3, #ARGV))
end
return rows`,
);

/**
 * KEYS streaming; ARGV self node ('' for none), its message, turn key prefix, alive key prefix,
 * message for a dead node (%s: its id) → how many turns became interrupted. Touches only turns of
 * `self` and of nodes whose alive key is gone.
 */
export const END_STREAMING = script(
  1,
  `local all = redis.call('HGETALL', KEYS[1])
local ended = 0
for i = 1, #all, 2 do
  local id, node = all[i], all[i + 1]
  local message = nil
  if node == ARGV[1] then message = ARGV[2]
  elseif redis.call('EXISTS', ARGV[4] .. node) == 0 then message = string.format(ARGV[5], node) end
  if message then
    local key = ARGV[3] .. id
    if redis.call('HGET', key, 'outcome') == 'streaming' then
      redis.call('HSET', key, 'outcome', 'interrupted', 'msg', message)
      redis.call('HINCRBY', key, 'seq', 1)
      ended = ended + 1
    end
    redis.call('HDEL', KEYS[1], id)
  end
end
return ended`,
);
