// Fuzzes the streaming multipart parser: arbitrary bytes after a fixed boundary, fed in chunks whose
// sizes come from the input itself. Any input must parse or throw ApiError (never crash, hang, or
// throw anything else), and the parts seen must not depend on the chunking: the same bytes fed whole
// must give the same events.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/api_error.h"
#include "http/multipart.h"

using motcua::http::ApiError;
using motcua::http::MultipartParser;
using motcua::http::MultipartSink;
using motcua::http::PartHeaders;

namespace {

struct CountingSink : MultipartSink {
  int open = 0;
  std::size_t parts = 0, bytes = 0;
  std::uint64_t digest = 1469598103934665603ull;  // FNV-1a over names and data: order-sensitive
  void mix(std::string_view s) {
    for (unsigned char c : s) digest = (digest ^ c) * 1099511628211ull;
  }
  void on_part_begin(const PartHeaders& h) override {
    if (open != 0 || h.name.empty()) std::abort();
    open = 1;
    ++parts;
    mix(h.name);
    mix("\x01");
    if (h.filename) mix(*h.filename);
  }
  void on_part_data(std::string_view c) override {
    if (open != 1 || c.empty()) std::abort();
    bytes += c.size();
    mix(c);
  }
  void on_part_end() override {
    if (open != 1) std::abort();
    open = 0;
    mix("\x02");
  }
};

const char* kCt = "multipart/form-data; boundary=fuzzB";

// Returns whether the parse succeeded; the sink holds what was seen up to the end or the error.
bool parse(std::string_view body, std::string_view splits, CountingSink& sink) {
  motcua::http::MultipartLimits limits{.max_parts = 16, .max_header_bytes = 512, .max_total_bytes = 1 << 20};
  MultipartParser p(kCt, sink, limits);
  try {
    std::size_t at = 0, k = 0;
    while (at < body.size()) {
      std::size_t n = splits.empty() ? body.size() : static_cast<unsigned char>(splits[k++ % splits.size()]) % 64 + 1;
      if (n > body.size() - at) n = body.size() - at;
      p.feed(body.data() + at, n);
      at += n;
    }
    p.finish();
    return true;
  } catch (const ApiError& e) {
    if (e.status() != 400 && e.status() != 413) std::abort();
    if (e.to_response().body.find("\"message_vi\"") == std::string::npos) std::abort();
    return false;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The first up to 8 bytes choose the chunk sizes; the rest is the body.
  const std::size_t nsplit = size < 8 ? size : 8;
  std::string_view splits(reinterpret_cast<const char*>(data), nsplit);
  std::string_view body(reinterpret_cast<const char*>(data) + nsplit, size - nsplit);
  CountingSink chunked, whole;
  const bool ok1 = parse(body, splits, chunked);
  const bool ok2 = parse(body, {}, whole);
  if (ok1 != ok2) std::abort();
  if (ok1 && (chunked.digest != whole.digest || chunked.parts != whole.parts || chunked.bytes != whole.bytes))
    std::abort();
  if (ok1 && chunked.open != 0) std::abort();
  return 0;
}
