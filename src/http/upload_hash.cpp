#include "http/upload_hash.h"

#include <sodium.h>

#include <optional>
#include <stdexcept>

#include "http/api_error.h"
#include "http/multipart.h"
#include "http/upload_sink.h"

namespace motcua::http {

namespace {

ApiError file_error(std::string vi, std::string en) {
  return ApiError::validation({{"file", std::move(vi), std::move(en)}});
}

class HashSink : public MultipartSink {
 public:
  explicit HashSink(const UploadLimits& limits) : limits_(limits) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
  }

  void on_part_begin(const PartHeaders& h) override {
    if (!h.filename)
      throw file_error("Chỉ gửi tệp cần đối chiếu, không kèm trường \"" + h.name.substr(0, 64) + "\"",
                       "Send only the file to check, not the field \"" + h.name.substr(0, 64) + "\"");
    in_file_ = !h.filename->empty();  // an <input type=file> left blank
    if (!in_file_) return;
    if (done_) throw file_error("Mỗi lần chỉ đối chiếu một tệp", "Check one file at a time");
    out_.filename = sanitize_filename(*h.filename, limits_.max_filename_bytes);
    crypto_hash_sha256_init(&state_);
  }

  void on_part_data(std::string_view chunk) override {
    if (!in_file_) {
      if (!chunk.empty()) throw file_error("Tệp tải lên thiếu tên tệp", "The uploaded file has no file name");
      return;
    }
    out_.size += chunk.size();
    if (out_.size > limits_.max_file_bytes)
      throw ApiError(413, "file_too_large", "Tệp vượt quá dung lượng tối đa " + size_label(limits_.max_file_bytes),
                     "The file exceeds the maximum size of " + size_label(limits_.max_file_bytes),
                     {{"file", "Tệp quá lớn", "File too large"}});
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(chunk.data()), chunk.size());
  }

  void on_part_end() override {
    if (!in_file_) return;
    if (out_.size == 0) throw file_error("Tệp rỗng", "The file is empty");
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&state_, h);
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned char b : h) {
      out_.sha256 += kHex[b >> 4];
      out_.sha256 += kHex[b & 0xF];
    }
    done_ = true;
    in_file_ = false;
  }

  HashedUpload take() {
    if (!done_) throw file_error("Chưa chọn tệp để đối chiếu", "No file was sent to check");
    return std::move(out_);
  }

 private:
  const UploadLimits& limits_;
  crypto_hash_sha256_state state_{};
  HashedUpload out_;
  bool in_file_ = false;
  bool done_ = false;
};

MultipartLimits parser_limits(const UploadLimits& l) {
  return MultipartLimits{l.max_parts, l.max_part_header_bytes, l.max_request_bytes};
}

}  // namespace

HashedUpload hash_upload(std::string_view content_type, std::string_view body, const UploadLimits& limits) {
  HashSink sink(limits);
  MultipartParser parser(content_type, sink, parser_limits(limits));
  parser.feed(body);
  parser.finish();
  return sink.take();
}

HashedUpload hash_upload_file(std::string_view content_type, const std::filesystem::path& body_file,
                              const UploadLimits& limits) {
  HashSink sink(limits);
  MultipartParser parser(content_type, sink, parser_limits(limits));
  read_spooled_body(body_file, [&parser](const char* data, std::size_t size) { parser.feed(data, size); });
  parser.finish();
  return sink.take();
}

HashedUpload hash_upload(const Request& req, const UploadLimits& limits) {
  const std::string content_type = req.header("Content-Type").value_or("");
  return req.body_file.empty() ? hash_upload(content_type, req.body, limits)
                               : hash_upload_file(content_type, req.body_file, limits);
}

}  // namespace motcua::http
