// Hashing an uploaded file without keeping it: the public "does my file match?" check of /verify/{code}
// takes one file part, streams it through SHA-256 and throws the bytes away. Nothing reaches the blob store
// or any other disk than the request's own spool file, so anyone may upload any type of file.
//
// Exactly one non-empty file part, in any field; no other fields. Errors are ApiError: 415/400 from the
// multipart parser, 413 over limits.max_file_bytes, 422 on "file" for no file, two files, or a text field.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "http/http.h"
#include "http/upload_limits.h"

namespace motcua::http {

struct HashedUpload {
  std::string filename;  // sanitised (upload_sink.h sanitize_filename)
  std::string sha256;    // 64 lower-case hex digits
  std::uint64_t size = 0;
};

HashedUpload hash_upload(std::string_view content_type, std::string_view body, const UploadLimits& limits = {});
// The same for a body spooled to a file (upload routes), read in bounded pieces.
HashedUpload hash_upload_file(std::string_view content_type, const std::filesystem::path& body_file,
                              const UploadLimits& limits = {});
// An upload route's body, spooled (req.body_file) or in memory (req.body).
HashedUpload hash_upload(const Request& req, const UploadLimits& limits = {});

}  // namespace motcua::http
