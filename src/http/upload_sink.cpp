#include "http/upload_sink.h"

#include <fstream>

#include "http/api_error.h"

namespace motcua::http {

namespace {

constexpr std::size_t kMaxFieldNameBytes = 128;

// Decodes one UTF-8 code point at s[i]; returns its length, 0 if the sequence is invalid (overlong,
// surrogate, beyond U+10FFFF, or cut short).
std::size_t utf8_next(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = b(0);
  std::size_t len;
  if (c < 0x80) {
    cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    len = 2, cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3, cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4, cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(k) & 0x3F);
  }
  if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}

// Characters that must not reach a stored name: controls (C0, DEL, C1) and the bidirectional
// overrides/isolates that make "hoadon\u202Efdp.exe" display as "hoadonexe.pdf".
bool is_unwanted(char32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0xFEFF;
}

// The longest prefix of s no longer than max bytes that ends on a character boundary (s is valid UTF-8).
std::string_view utf8_prefix(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

std::string sanitize_filename(std::string_view raw, std::size_t max_bytes) {
  const std::size_t slash = raw.find_last_of("/\\");
  if (slash != std::string_view::npos) raw.remove_prefix(slash + 1);
  std::string clean;
  for (std::size_t i = 0; i < raw.size();) {
    char32_t cp = 0;
    const std::size_t len = utf8_next(raw, i, cp);
    if (len == 0) {
      ++i;  // drop an invalid byte
      continue;
    }
    if (!is_unwanted(cp)) clean.append(raw.substr(i, len));
    i += len;
  }
  // Leading dots hide files, trailing dots and spaces are dropped by Windows on download.
  const std::size_t b = clean.find_first_not_of(" .");
  if (b == std::string::npos) return "tep-dinh-kem";
  clean = clean.substr(b, clean.find_last_not_of(" .") - b + 1);
  if (clean.size() > max_bytes) {
    const std::size_t dot = clean.rfind('.');
    const std::size_t ext_len = dot == std::string::npos ? 0 : clean.size() - dot;
    if (ext_len > 0 && ext_len <= 16 && ext_len < max_bytes) {
      clean = std::string(utf8_prefix(clean.substr(0, dot), max_bytes - ext_len)) + clean.substr(dot);
    } else {
      clean = std::string(utf8_prefix(clean, max_bytes));
    }
  }
  return clean;
}

// ---- UploadSink ----

UploadSink::UploadSink(storage::BlobStore& store, UploadLimits limits, std::uint64_t keep_content_bytes)
    : store_(store), limits_(std::move(limits)), keep_content_bytes_(keep_content_bytes) {}

void UploadSink::refuse(int status, std::string code, std::string vi, std::string en) {
  writer_.reset();  // removes the temp file of the part in flight
  std::vector<FieldError> fields;
  if (!part_.name.empty()) fields.push_back({part_.name, vi, en});
  throw ApiError(status, std::move(code), std::move(vi), std::move(en), std::move(fields));
}

void UploadSink::on_part_begin(const PartHeaders& headers) {
  part_ = headers;
  bool name_ok = part_.name.size() <= kMaxFieldNameBytes;
  for (unsigned char c : part_.name) name_ok = name_ok && c >= 0x20 && c != 0x7F;
  if (!name_ok) {
    part_.name = "";
    refuse(400, "malformed_multipart", "Tên trường trong biểu mẫu không hợp lệ", "Invalid form field name");
  }
  writer_.reset();
  head_.clear();
  content_.clear();
  type_checked_ = false;
  field_value_.clear();
  if (!part_.filename) {
    if (result_.fields.count(part_.name))
      refuse(400, "duplicate_field", "Trường \"" + part_.name + "\" bị lặp lại",
             "Field \"" + part_.name + "\" appears more than once");
    return;
  }
  // A file input left blank is sent as filename="" with no content: it is simply not a file.
  skip_part_ = part_.filename->empty();
  if (skip_part_) return;
  filename_ = sanitize_filename(*part_.filename, limits_.max_filename_bytes);
  // Refuse a forbidden extension now, before the client streams megabytes of it.
  const std::string ext = domain::extension_of(filename_);
  if (domain::check_file_type(ext, "", domain::FileType::unknown, limits_.allowed_extensions) ==
      domain::TypeVerdict::extension_not_allowed)
    refuse(415, "unsupported_file_type",
           "Tệp \"" + filename_ + "\" có định dạng không được chấp nhận. Định dạng cho phép: " +
               join(limits_.allowed_extensions),
           "File \"" + filename_ + "\" is of a type that is not accepted. Allowed: " +
               join(limits_.allowed_extensions));
  writer_.emplace(store_.writer(limits_.max_file_bytes));
}

void UploadSink::on_part_data(std::string_view chunk) {
  if (chunk.empty()) return;
  if (!part_.filename) {
    if (field_value_.size() + chunk.size() > limits_.max_field_bytes)
      refuse(413, "field_too_large",
             "Trường \"" + part_.name + "\" vượt quá dung lượng tối đa " + size_label(limits_.max_field_bytes),
             "Field \"" + part_.name + "\" exceeds the maximum size of " + size_label(limits_.max_field_bytes));
    field_value_.append(chunk);
    return;
  }
  if (skip_part_)
    refuse(400, "malformed_multipart", "Tệp tải lên thiếu tên tệp", "An uploaded file has no file name");
  if (head_.size() < domain::kSniffBytes)
    head_.append(chunk.substr(0, domain::kSniffBytes - head_.size()));
  if (keep_content_bytes_ > 0) {
    if (writer_->size() + chunk.size() <= keep_content_bytes_) {
      content_.append(chunk);
    } else {
      keep_content_bytes_ = 0;  // too big to keep: this request keeps no content any more
      std::string().swap(content_);
    }
  }
  try {
    writer_->write(chunk);
  } catch (const storage::BlobTooLarge&) {
    refuse(413, "file_too_large",
           "Tệp \"" + filename_ + "\" vượt quá dung lượng tối đa " + size_label(limits_.max_file_bytes),
           "File \"" + filename_ + "\" exceeds the maximum size of " + size_label(limits_.max_file_bytes));
  }
  // As soon as enough is seen, refuse a wrong type instead of storing the rest of it.
  if (!type_checked_ && head_.size() >= domain::kSniffBytes) check_type_or_throw();
}

void UploadSink::check_type_or_throw() {
  type_checked_ = true;
  const auto sniffed = domain::sniff_file_type(head_);
  const std::string ext = domain::extension_of(filename_);
  switch (domain::check_file_type(ext, part_.content_type, sniffed, limits_.allowed_extensions,
                                  limits_.accept_generic_declared_type)) {
    case domain::TypeVerdict::ok: return;
    case domain::TypeVerdict::extension_not_allowed:
      refuse(415, "unsupported_file_type",
             "Tệp \"" + filename_ + "\" có định dạng không được chấp nhận. Định dạng cho phép: " +
                 join(limits_.allowed_extensions),
             "File \"" + filename_ + "\" is of a type that is not accepted. Allowed: " +
                 join(limits_.allowed_extensions));
    case domain::TypeVerdict::content_mismatch:
      refuse(415, "file_content_mismatch",
             "Nội dung tệp \"" + filename_ + "\" không phải là tệp ." + ext + " hợp lệ",
             "The content of \"" + filename_ + "\" is not a valid ." + ext + " file");
    case domain::TypeVerdict::declared_mismatch:
      refuse(415, "file_content_mismatch",
             "Kiểu tệp khai báo (" + part_.content_type + ") không khớp với tệp \"" + filename_ + "\"",
             "The declared type (" + part_.content_type + ") does not match the file \"" + filename_ + "\"");
  }
}

void UploadSink::on_part_end() {
  if (!part_.filename) {
    result_.fields.emplace(part_.name, std::move(field_value_));
    field_value_.clear();
    return;
  }
  if (skip_part_) return;
  if (writer_->size() == 0)
    refuse(400, "empty_file", "Tệp \"" + filename_ + "\" rỗng", "File \"" + filename_ + "\" is empty");
  if (!type_checked_) check_type_or_throw();
  const storage::BlobRef ref = writer_->commit();
  writer_.reset();
  const std::string ext = domain::extension_of(filename_);
  result_.files.push_back(StoredFile{part_.name, filename_, part_.content_type,
                                     std::string(domain::served_mime(ext, domain::sniff_file_type(head_))),
                                     ref.sha256, ref.size, std::move(content_)});
  content_.clear();
  head_.clear();
}

// ---- UploadReceiver and whole-body helpers ----

namespace {
MultipartLimits parser_limits(const UploadLimits& l) {
  return MultipartLimits{l.max_parts, l.max_part_header_bytes, l.max_request_bytes};
}
}  // namespace

UploadReceiver::UploadReceiver(std::string_view content_type, storage::BlobStore& store, UploadLimits limits,
                               std::uint64_t keep_content_bytes)
    : sink_(store, limits, keep_content_bytes), parser_(content_type, sink_, parser_limits(limits)) {}

UploadResult UploadReceiver::finish() {
  parser_.finish();
  return sink_.take_result();
}

UploadResult receive_upload(std::string_view content_type, std::string_view body, storage::BlobStore& store,
                            const UploadLimits& limits) {
  UploadReceiver rx(content_type, store, limits);
  rx.feed(body);
  return rx.finish();
}

UploadResult receive_upload_file(std::string_view content_type, const std::filesystem::path& body_file,
                                 storage::BlobStore& store, const UploadLimits& limits) {
  UploadReceiver rx(content_type, store, limits);
  read_spooled_body(body_file, [&rx](const char* data, std::size_t size) { rx.feed(data, size); });
  return rx.finish();
}

UploadResult receive_upload(const Request& req, storage::BlobStore& store, const UploadLimits& limits,
                            std::uint64_t keep_content_bytes) {
  UploadReceiver rx(req.header("Content-Type").value_or(""), store, limits, keep_content_bytes);
  if (req.body_file.empty())
    rx.feed(req.body);
  else
    read_spooled_body(req.body_file, [&rx](const char* data, std::size_t size) { rx.feed(data, size); });
  return rx.finish();
}

void read_spooled_body(const std::filesystem::path& body_file,
                       const std::function<void(const char*, std::size_t)>& feed) {
  std::ifstream in(body_file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open spooled body " + body_file.string());
  std::string buf(256 * 1024, '\0');
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    if (in.gcount() > 0) feed(buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw std::runtime_error("cannot read spooled body " + body_file.string());
}

}  // namespace motcua::http
