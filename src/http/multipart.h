// A streaming multipart/form-data push parser (RFC 7578 over RFC 2046).
//
// The body is pushed in chunks of any size (one byte at a time works) with feed(), then finish().
// Memory is bounded by the header limit: part bodies are never buffered, they go straight to the
// sink. So the same parser serves a body already in a std::string, a body spooled to a file, and
// chunks straight off the socket.
//
// Errors are http::ApiError: 400 malformed_multipart, 413 payload_too_large, 415 for a Content-Type
// that is not multipart/form-data. After any exception (its own or the sink's) the parser is dead and
// every later call throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/upload_limits.h"

namespace motcua::http {

struct PartHeaders {
  std::string name;                     // Content-Disposition name="…" (never empty)
  std::optional<std::string> filename;  // present ⇔ a file part; filename*= wins over filename=
  std::string content_type;             // declared media type, lower case, no parameters; "" if absent
};

// What the parser calls, in order: (begin data* end)* . Any of them may throw (an ApiError to refuse).
class MultipartSink {
 public:
  virtual ~MultipartSink() = default;
  virtual void on_part_begin(const PartHeaders& headers) = 0;
  virtual void on_part_data(std::string_view chunk) = 0;
  virtual void on_part_end() = 0;
};

struct MultipartLimits {
  std::size_t max_parts = kDefaultMaxParts;
  std::size_t max_header_bytes = kDefaultMaxPartHeaderBytes;  // per part
  std::uint64_t max_total_bytes = kDefaultMaxRequestBytes;    // everything fed
};

// The boundary of a multipart/form-data Content-Type (quoted or not). Throws 415 for another media
// type, 400 for a missing or invalid boundary (RFC 2046: 1–70 chars from a fixed set, no trailing space).
std::string multipart_boundary(std::string_view content_type);

class MultipartParser {
 public:
  MultipartParser(std::string_view content_type, MultipartSink& sink, MultipartLimits limits = {});

  void feed(const char* data, std::size_t size);
  void feed(std::string_view s) { feed(s.data(), s.size()); }
  // Throws 400 unless the close delimiter has been seen.
  void finish();

  std::size_t parts() const { return parts_; }
  std::uint64_t bytes_fed() const { return total_; }

 private:
  enum class State { preamble, after_delimiter, close_dash, padding, expect_lf, headers, body, epilogue, failed };

  void run(const char* p, const char* end);
  const char* scan_delimiter(const char* p, const char* end, bool emit);
  const char* after_delimiter(const char* p, const char* end);
  const char* read_headers(const char* p, const char* end);
  void begin_part();
  [[noreturn]] void malformed(std::string vi, std::string en) const;

  MultipartSink& sink_;
  MultipartLimits limits_;
  std::string delimiter_;  // "\r\n--" + boundary
  State state_ = State::preamble;
  std::size_t matched_ = 0;  // bytes of delimiter_ matched at the end of earlier chunks (not yet emitted)
  std::string header_buf_;
  std::string part_name_;  // of the part being read, for error messages
  std::size_t parts_ = 0;
  std::uint64_t total_ = 0;
};

}  // namespace motcua::http
