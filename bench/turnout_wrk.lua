-- Turnout submissions with wrk (a load generator in C): see bench/turnout_load.py
-- (--tool wrk). The same traffic as bench/locustfile.py, but from fewer connections
-- each sending more often (delay() below; a connection's first request goes at once,
-- so 300 of them would start with one burst); the holders' tokens and areas come from
-- TURNOUT_WRK_TOKENS (lines "key<TAB>area=voters,area=voters,..."), and the figures
-- rise through the reporting slots (a quarter of the list each), so every request
-- should be accepted. wrk has no per-connection hook: each of its threads sends the
-- figures of its share of the holders in turn.

local SLOTS = { "09:00", "11:00", "15:00", "19:00" }
local threads, counter = {}, 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  table.insert(threads, thread)
end

local function split(text, separator)
  local parts = {}
  for part in string.gmatch(text, "([^" .. separator .. "]+)") do
    table.insert(parts, part)
  end
  return parts
end

function init(args)
  local count = tonumber(os.getenv("TURNOUT_WRK_THREADS"))
  local seconds = tonumber(os.getenv("TURNOUT_SLOT_SECONDS"))
  election = os.getenv("TURNOUT_ELECTION")
  slot_seconds, started = seconds, os.time()
  holders, sent, next_holder = {}, {}, 1
  local line_number = 0
  for line in io.lines(os.getenv("TURNOUT_WRK_TOKENS")) do
    line_number = line_number + 1
    if (line_number - 1) % count == index - 1 then
      local key, list = line:match("^(%S+)\t(%S+)$")
      local areas = {}
      for _, pair in ipairs(split(list, ",")) do
        local area, voters = pair:match("^(.+)=(%d+)$")
        table.insert(areas, { area, tonumber(voters) })
      end
      table.insert(holders, { key = key, areas = areas, next = 1 })
    end
  end
  failures = 0
  mean_delay = tonumber(os.getenv("TURNOUT_WRK_DELAY_MS"))
end

function request()
  local holder = holders[next_holder]
  next_holder = next_holder % #holders + 1
  local area, voters = holder.areas[holder.next][1], holder.areas[holder.next][2]
  holder.next = holder.next % #holder.areas + 1
  local slot = math.min(#SLOTS - 1, math.floor((os.time() - started) / slot_seconds))
  local low, high = math.floor(voters * slot / 4), math.floor(voters * (slot + 1) / 4)
  local key = area .. "@" .. slot
  local value = math.min(high, (sent[key] or low) + math.random(1, 20))
  sent[key] = value
  local body = string.format(
    '{"area": "%s", "slot": "%s", "voters_voted": %d}', area, SLOTS[slot + 1], value
  )
  return wrk.format("POST", "/bau-cu/" .. election .. "/api/tien-do/", {
    ["Authorization"] = "Token " .. holder.key,
    ["Content-Type"] = "application/json",
    ["Host"] = "127.0.0.1",
  }, body)
end

-- Waits averaging TURNOUT_WRK_DELAY_MS, spread at random so that the connections
-- do not stay in step.
function delay()
  return mean_delay * (0.5 + math.random())
end

function response(status, headers, body)
  if status ~= 200 then
    failures = failures + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("failures")
  end
  io.write(string.format(
    "WRK requests=%d seconds=%.3f failed=%d errors=%d p50=%.1f p95=%.1f p99=%.1f max=%.1f\n",
    summary.requests, summary.duration / 1e6, failed,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000
  ))
end
