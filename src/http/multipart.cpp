#include "http/multipart.h"

#include <cstring>
#include <vector>

#include "http/api_error.h"
#include "http/header_params.h"

namespace motcua::http {

namespace {

// RFC 2046 §5.1.1 bcharsnospace. None of them is CR, which the delimiter search relies on.
bool is_bchar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::strchr("'()+_,-./:=?", c) != nullptr && c != '\0';
}

[[noreturn]] void bad(std::string vi, std::string en, const std::string& field = {}) {
  std::vector<FieldError> fields;
  if (!field.empty()) fields.push_back({field, vi, en});
  throw ApiError(400, "malformed_multipart", "Nội dung tải lên không hợp lệ: " + vi,
                 "Malformed multipart body: " + en, std::move(fields));
}

[[noreturn]] void too_large(std::string vi, std::string en, const std::string& field = {}) {
  std::vector<FieldError> fields;
  if (!field.empty()) fields.push_back({field, vi, en});
  throw ApiError(413, "payload_too_large", std::move(vi), std::move(en), std::move(fields));
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool is_token_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

}  // namespace

std::string multipart_boundary(std::string_view content_type) {
  const auto hv = parse_header_value(content_type);
  if (!hv && lower(content_type.substr(0, 19)) == "multipart/form-data")
    bad("Content-Type không hợp lệ", "malformed Content-Type");
  if (!hv || hv->value != "multipart/form-data")
    throw ApiError(415, "unsupported_media_type", "Yêu cầu tải tệp phải có Content-Type multipart/form-data",
                   "File uploads must be sent as multipart/form-data");
  const std::string* b = hv->param("boundary");
  if (!b || b->empty())
    bad("thiếu tham số boundary trong Content-Type", "the Content-Type has no boundary parameter");
  bool ok = b->size() <= 70 && b->back() != ' ';
  for (char c : *b) ok = ok && (is_bchar(c) || c == ' ');
  if (!ok) bad("tham số boundary không hợp lệ", "invalid boundary parameter");
  return *b;
}

MultipartParser::MultipartParser(std::string_view content_type, MultipartSink& sink, MultipartLimits limits)
    : sink_(sink), limits_(limits), delimiter_("\r\n--" + multipart_boundary(content_type)) {
  // The body may start with the dash-boundary itself: behave as if a CRLF preceded it.
  matched_ = 2;
}

void MultipartParser::malformed(std::string vi, std::string en) const { bad(vi, en, part_name_); }

void MultipartParser::feed(const char* data, std::size_t size) {
  if (state_ == State::failed)
    bad("không thể tiếp tục sau một lỗi trước đó", "cannot continue after an earlier error", part_name_);
  try {
    total_ += size;
    if (total_ > limits_.max_total_bytes)
      too_large("Dung lượng tải lên vượt quá giới hạn " + size_label(limits_.max_total_bytes),
                "The upload exceeds the limit of " + size_label(limits_.max_total_bytes), part_name_);
    run(data, data + size);
  } catch (...) {
    state_ = State::failed;  // whatever threw (us or the sink), the stream position is lost
    throw;
  }
}

void MultipartParser::finish() {
  const State s = state_;
  state_ = State::failed;
  switch (s) {
    case State::epilogue:
      state_ = State::epilogue;
      return;
    case State::failed:
      bad("không thể tiếp tục sau một lỗi trước đó", "cannot continue after an earlier error", part_name_);
    case State::preamble:
      bad("không tìm thấy dòng phân cách (boundary) nào", "no boundary delimiter found in the body");
    default:
      malformed("nội dung bị cắt cụt, thiếu dòng phân cách kết thúc",
                "the body is truncated (no closing boundary)");
  }
}

void MultipartParser::run(const char* p, const char* end) {
  while (p < end) {
    switch (state_) {
      case State::preamble: p = scan_delimiter(p, end, false); break;
      case State::body: p = scan_delimiter(p, end, true); break;
      case State::after_delimiter:
      case State::close_dash:
      case State::padding:
      case State::expect_lf: p = after_delimiter(p, end); break;
      case State::headers: p = read_headers(p, end); break;
      case State::epilogue: return;  // RFC 2046: the epilogue is ignored
      case State::failed: return;
    }
  }
}

// Looks for delimiter_ ("\r\n--boundary") in [p, end), with matched_ bytes of it already matched at
// the end of earlier chunks. Bytes that cannot belong to a delimiter are passed to the sink (emit) or
// dropped (preamble); a possible delimiter start at the end of the chunk is held back in matched_.
// Because '\r' occurs only at index 0 of delimiter_, a held-back match is always a prefix of it, so it
// needs no buffer, and after a mismatch the next candidate can only start at the next '\r'.
const char* MultipartParser::scan_delimiter(const char* p, const char* end, bool emit) {
  const std::size_t dn = delimiter_.size();
  auto found = [&] {
    matched_ = 0;
    if (emit) sink_.on_part_end();
    part_name_.clear();
    state_ = State::after_delimiter;
  };
  if (matched_ > 0) {  // continue a match carried over from the previous chunk
    std::size_t k = 0;
    while (p + k < end && matched_ + k < dn && p[k] == delimiter_[matched_ + k]) ++k;
    if (matched_ + k == dn) {
      found();
      return p + k;
    }
    if (p + k == end) {
      matched_ += k;
      return end;
    }
    // Not a delimiter after all: the held-back bytes were data. Re-scan from p (p[0..k) are not '\r').
    if (emit) sink_.on_part_data(std::string_view(delimiter_.data(), matched_));
    matched_ = 0;
  }
  const char* run = p;  // start of bytes not yet emitted: one on_part_data call per chunk if possible
  while (true) {
    const char* q = static_cast<const char*>(std::memchr(p, '\r', static_cast<std::size_t>(end - p)));
    if (!q) {
      if (emit && end > run) sink_.on_part_data(std::string_view(run, static_cast<std::size_t>(end - run)));
      return end;
    }
    const std::size_t avail = static_cast<std::size_t>(end - q);
    std::size_t k = 0;
    while (k < avail && k < dn && q[k] == delimiter_[k]) ++k;
    if (k == dn || k == avail) {
      if (emit && q > run) sink_.on_part_data(std::string_view(run, static_cast<std::size_t>(q - run)));
      if (k == dn) {
        found();
        return q + k;
      }
      matched_ = k;  // a possible delimiter runs past the chunk end
      return end;
    }
    p = q + 1;
  }
}

// After "--boundary": either "--" (close delimiter) or optional transport padding and CRLF. Anything
// else means the boundary text occurred inside content, which RFC 2046 forbids senders to do.
const char* MultipartParser::after_delimiter(const char* p, const char* end) {
  auto junk = [this] { malformed("dòng phân cách bị theo sau bởi ký tự lạ", "a boundary is followed by junk"); };
  while (p < end) {
    const char c = *p++;
    switch (state_) {
      case State::after_delimiter:
        if (c == '-') state_ = State::close_dash;
        else if (c == ' ' || c == '\t') state_ = State::padding;
        else if (c == '\r') state_ = State::expect_lf;
        else junk();
        break;
      case State::close_dash:
        if (c != '-') junk();
        state_ = State::epilogue;
        return p;
      case State::padding:
        if (c == '\r') state_ = State::expect_lf;
        else if (c != ' ' && c != '\t') junk();
        break;
      case State::expect_lf:
        if (c != '\n') malformed("dòng phân cách phải kết thúc bằng CRLF", "a boundary line must end with CRLF");
        if (++parts_ > limits_.max_parts)
          too_large("Quá nhiều phần dữ liệu trong một yêu cầu (tối đa " + std::to_string(limits_.max_parts) + ")",
                    "Too many parts in one request (at most " + std::to_string(limits_.max_parts) + ")");
        header_buf_.clear();
        state_ = State::headers;
        return p;
      default: return p;
    }
  }
  return p;
}

const char* MultipartParser::read_headers(const char* p, const char* end) {
  while (p < end) {
    const char c = *p++;
    if (header_buf_.size() >= limits_.max_header_bytes)
      too_large("Tiêu đề của một phần dữ liệu quá lớn (tối đa " + size_label(limits_.max_header_bytes) + ")",
                "A part's headers are too large (at most " + size_label(limits_.max_header_bytes) + ")");
    header_buf_.push_back(c);
    if (c != '\n') continue;
    const std::size_t n = header_buf_.size();
    if (n < 2 || header_buf_[n - 2] != '\r')
      malformed("dòng tiêu đề phải kết thúc bằng CRLF", "part header lines must end with CRLF");
    if (n == 2 || (n >= 4 && header_buf_.compare(n - 4, 4, "\r\n\r\n") == 0)) {
      begin_part();
      return p;
    }
  }
  return p;
}

void MultipartParser::begin_part() {
  // Split into lines (the block ends with CRLF CRLF, or is a lone CRLF); join folded lines.
  std::vector<std::string> lines;
  std::string_view rest(header_buf_);
  while (!rest.empty()) {
    const std::size_t eol = rest.find("\r\n");
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 2);
    if (line.empty()) break;
    if (line.find_first_of("\r\n") != std::string_view::npos)
      malformed("dòng tiêu đề chứa CR hoặc LF lẻ", "a header line contains a bare CR or LF");
    if ((line[0] == ' ' || line[0] == '\t') && !lines.empty()) {
      lines.back() += ' ';
      lines.back() += line.substr(1);
    } else {
      lines.emplace_back(line);
    }
  }
  std::optional<HeaderValue> disposition;
  PartHeaders h;
  for (const auto& line : lines) {
    const std::size_t colon = line.find(':');
    bool ok = colon != std::string::npos && colon > 0;
    for (std::size_t i = 0; ok && i < colon; ++i) ok = is_token_char(line[i]);
    if (!ok) malformed("dòng tiêu đề không hợp lệ", "malformed header line");
    const std::string name = lower(std::string_view(line).substr(0, colon));
    const std::string_view value = std::string_view(line).substr(colon + 1);
    if (name == "content-disposition") {
      if (disposition) malformed("Content-Disposition bị lặp lại", "duplicate Content-Disposition");
      disposition = parse_header_value(value);
      if (!disposition) malformed("Content-Disposition không hợp lệ", "malformed Content-Disposition");
    } else if (name == "content-type") {
      auto ct = parse_header_value(value);
      if (!ct) malformed("Content-Type của phần dữ liệu không hợp lệ", "malformed part Content-Type");
      h.content_type = ct->value;
    } else if (name == "content-transfer-encoding") {
      // RFC 7578 §4.7: deprecated; only identity encodings make sense for binary-safe HTTP.
      const auto v = parse_header_value(value);
      if (!v || (v->value != "7bit" && v->value != "8bit" && v->value != "binary"))
        malformed("không hỗ trợ Content-Transfer-Encoding này", "unsupported Content-Transfer-Encoding");
    }  // other part headers are ignored (RFC 7578 §4.8)
  }
  if (!disposition || disposition->value != "form-data")
    malformed("phần dữ liệu thiếu Content-Disposition: form-data", "a part has no Content-Disposition: form-data");
  const std::string* name = disposition->param("name");
  if (!name || name->empty()) malformed("phần dữ liệu thiếu tên trường (name)", "a part has no field name");
  h.name = *name;
  part_name_ = *name;
  if (const std::string* ext = disposition->param("filename*")) {
    auto decoded = decode_ext_value(*ext);
    if (!decoded) malformed("tên tệp (filename*) mã hoá không hợp lệ", "invalid filename* encoding");
    h.filename = std::move(*decoded);
  } else if (const std::string* fn = disposition->param("filename")) {
    h.filename = *fn;
  }
  header_buf_.clear();
  matched_ = 0;
  state_ = State::body;
  sink_.on_part_begin(h);
}

}  // namespace motcua::http
