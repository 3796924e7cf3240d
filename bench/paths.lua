-- wrk script: GET each path of a file in turn (one a line), so every request reads another row or query instead
-- of one cached answer. Arguments after "--": the file, then optionally a Cookie header value (a session).
--   wrk ... http://127.0.0.1:PORT -s bench/paths.lua -- paths.txt ["motcua_sid=..."]
local paths = {}
local at = 1
local threads = 0
local headers = {}

function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  assert(#paths > 0, "no paths in " .. args[1])
  if args[2] and args[2] ~= "" then headers["Cookie"] = args[2] end
  -- The suite runs wrk -t2: each thread starts at its own half, so the first #paths requests visit every path once
  -- (the lookup's first pass reads pages no other request has brought into the cache).
  at = math.floor((thread_no - 1) * #paths / 2) % #paths + 1
end

function request()
  local p = paths[at]
  at = at % #paths + 1
  return wrk.format("GET", p, headers)
end
