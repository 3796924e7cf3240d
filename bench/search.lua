-- wrk script: the public procedure search, GET /api/procedures?q=…, cycling through Vietnamese queries with and
-- without diacritics (the same words both ways, so both spellings are measured), one page of 20.
local queries = {
  "đăng ký tạm trú", "dang ky tam tru", "khai sinh", "khai sinh cho trẻ em", "chứng thực bản sao",
  "chung thuc ban sao", "hộ kinh doanh", "ho kinh doanh", "cấp giấy phép", "cap giay phep", "kết hôn", "ket hon",
  "đất đai", "dat dai", "thay đổi nội dung", "thay doi noi dung",
}
local at = 1
local threads = 0

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

function init(args)
  at = (thread_no * 7) % #queries + 1  -- threads start apart
end

function request()
  local q = queries[at]
  at = at % #queries + 1
  return wrk.format("GET", "/api/procedures?q=" .. encode(q))
end
