-- wrk script: the public lookup by dossier code, GET /api/tracking/{code}, cycling through the codes in the
-- file given after "--" (bench/load_data.py writes them) so each request reads another row.
local codes = {}
local at = 1
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then codes[#codes + 1] = line end
  end
  at = (thread_no * 61) % #codes + 1  -- threads start apart
end

function request()
  local code = codes[at]
  at = at % #codes + 1
  return wrk.format("GET", "/api/tracking/" .. code)
end
