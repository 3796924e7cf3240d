// Receiving a dossier's attachments: multipart parts → content-addressed blobs, with the type and size
// rules of http/upload_limits.h.
//
// Each file part streams into a BlobWriter while its first bytes are kept for type sniffing; at the
// part's end the type is checked and the blob committed. Non-file fields (≤ 64 KiB) are collected in a
// map. The result is returned only when the whole body parsed; if anything fails, the caller gets an
// ApiError and no list, so nothing from this request gets referenced. Blobs already committed by
// earlier parts stay on disk as unreferenced orphans (content-addressed, so harmless; see
// storage/blob_store.h). The in-flight part's temp file is removed.
//
// How a handler uses it (body in memory, spooled to a file, or chunks off the socket):
//
//   UploadReceiver rx(req.header("Content-Type").value_or(""), blobs);   // 415/400 if not multipart
//   rx.feed(chunk);  ...  rx.feed(chunk);                                // any chunk sizes
//   UploadResult up = rx.finish();                                       // 400 if truncated
//   // then, in ONE database transaction: the dossier row + one row per up.files[i]; then 201.
//
// or, for an upload route's request (body in memory or spooled, see http::ServerOptions::upload_memory_bytes):
// receive_upload(req, blobs); for a body in hand: receive_upload(content_type, body, blobs).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/file_type.h"
#include "http/http.h"
#include "http/multipart.h"
#include "http/upload_limits.h"
#include "storage/blob_store.h"

namespace motcua::http {

struct StoredFile {
  std::string field;          // the form field, e.g. the dossier component key ("tp1")
  std::string filename;       // original name, sanitised (see sanitize_filename)
  std::string declared_type;  // the part's Content-Type as sent ("" if none)
  std::string sniffed_type;   // the MIME type of the detected content; serve downloads as this
  std::string sha256;         // the blob's name in the store
  std::uint64_t size = 0;
  // The file's bytes when it is at most the receiver's keep_content_bytes (else empty): what a caller
  // reads back (e.g. a PDF's page count) without re-reading the blob from disk.
  std::string content;
};

struct UploadResult {
  std::vector<StoredFile> files;              // in body order; a field may carry several files
  std::map<std::string, std::string> fields;  // non-file fields; a repeated field name is refused
};

// The last path component, without control characters or invalid UTF-8, trimmed of spaces and dots at
// the ends, cut to max_bytes on a character boundary keeping the extension; "tep-dinh-kem" if nothing
// is left.
std::string sanitize_filename(std::string_view raw, std::size_t max_bytes = kDefaultMaxFilenameBytes);

class UploadSink : public MultipartSink {
 public:
  explicit UploadSink(storage::BlobStore& store, UploadLimits limits = {}, std::uint64_t keep_content_bytes = 0);

  void on_part_begin(const PartHeaders& headers) override;
  void on_part_data(std::string_view chunk) override;
  void on_part_end() override;

  UploadResult take_result() { return std::move(result_); }

 private:
  void check_type_or_throw();
  [[noreturn]] void refuse(int status, std::string code, std::string vi, std::string en);

  storage::BlobStore& store_;
  UploadLimits limits_;
  UploadResult result_;
  PartHeaders part_;
  std::string filename_;                      // sanitised, for the current file part
  std::optional<storage::BlobWriter> writer_;  // set while a file part is being received
  std::string head_;                          // the first kSniffBytes of the current file
  std::uint64_t keep_content_bytes_ = 0;
  std::string content_;                       // the current file's bytes while ≤ keep_content_bytes_
  bool type_checked_ = false;
  bool skip_part_ = false;                    // an empty <input type=file> (filename="" and no bytes)
  std::string field_value_;
};

// Parser + sink, for feeding a body piece by piece.
class UploadReceiver {
 public:
  UploadReceiver(std::string_view content_type, storage::BlobStore& store, UploadLimits limits = {},
                 std::uint64_t keep_content_bytes = 0);
  void feed(const char* data, std::size_t size) { parser_.feed(data, size); }
  void feed(std::string_view s) { parser_.feed(s); }
  UploadResult finish();

 private:
  UploadSink sink_;
  MultipartParser parser_;
};

UploadResult receive_upload(std::string_view content_type, std::string_view body, storage::BlobStore& store,
                            const UploadLimits& limits = {});
// Feeds a spooled body to `feed` in 256 KiB pieces (bounded memory whatever its size).
void read_spooled_body(const std::filesystem::path& body_file, const std::function<void(const char*, std::size_t)>& feed);
// Reads the spooled body in 256 KiB pieces (bounded memory whatever its size).
UploadResult receive_upload_file(std::string_view content_type, const std::filesystem::path& body_file,
                                 storage::BlobStore& store, const UploadLimits& limits = {});
// An upload route's body, whichever way the server received it: req.body_file when it was spooled, else
// req.body. Files of at most keep_content_bytes come back with their bytes (StoredFile::content).
UploadResult receive_upload(const Request& req, storage::BlobStore& store, const UploadLimits& limits = {},
                            std::uint64_t keep_content_bytes = 0);

}  // namespace motcua::http
