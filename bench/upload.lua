-- wrk script: one 200 KB PDF per request, made unique by overwriting its fixed-width slot so every request stores
-- a new blob. Arguments after "--": the PDF, then either
--   motcua COOKIE CSRF DRAFTS_FILE  -> POST /api/dossiers/{id}/attachments, multipart, cycling over the drafts;
--   nginx                           -> PUT /put/<unique>.pdf (nginx WebDAV writes it to a file; the baseline).
local SLOT = "%MOTCUA-UNIQ-0000000000000000"
local head, tail, mode, drafts = nil, nil, nil, {}
local at, n = 1, 0
local headers = {}
local threads = 0
local BOUNDARY = "motcuaBenchBoundary7d1f"

function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

function init(args)
  local f = assert(io.open(args[1], "rb"))
  local pdf = f:read("*a")
  f:close()
  local s, e = pdf:find(SLOT, 1, true)
  assert(s, "no uniqueness slot in " .. args[1])
  head, tail = pdf:sub(1, s - 1), pdf:sub(e + 1)
  mode = args[2]
  if mode == "motcua" then
    headers["Cookie"] = args[3]
    headers["X-CSRF-Token"] = args[4]
    headers["Content-Type"] = "multipart/form-data; boundary=" .. BOUNDARY
    for line in io.lines(args[5]) do
      if line ~= "" then drafts[#drafts + 1] = line end
    end
    at = (thread_no * 61) % #drafts + 1
    head = "--" .. BOUNDARY .. "\r\nContent-Disposition: form-data; name=\"giay_to_1\"; filename=\"ban-quet.pdf\"\r\n" ..
           "Content-Type: application/pdf\r\n\r\n" .. head
    tail = tail .. "\r\n--" .. BOUNDARY .. "--\r\n"
  else
    headers["Content-Type"] = "application/pdf"
  end
end

function request()
  n = n + 1
  local uniq = string.format("%%MOTCUA-UNIQ-%04d%012d", thread_no, n)
  local body = head .. uniq .. tail
  if mode == "motcua" then
    local id = drafts[at]
    at = at % #drafts + 1
    return wrk.format("POST", "/api/dossiers/" .. id .. "/attachments", headers, body)
  end
  return wrk.format("PUT", "/put/" .. string.sub(uniq, 14) .. ".pdf", headers, body)
end
