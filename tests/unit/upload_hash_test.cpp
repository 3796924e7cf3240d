// Hashing an uploaded file for the public "does my file match?" check of /verify/{code}: one file, any type,
// nothing stored. Suite name MultipartHash so the multipart filter (Multipart*) runs it too.
#include "http/upload_hash.h"

#include <gtest/gtest.h>

#include "http/api_error.h"
#include "storage/blob_store.h"

using motcua::http::ApiError;
using motcua::http::hash_upload;
using motcua::http::UploadLimits;

namespace {

const std::string kCt = "multipart/form-data; boundary=XyZ";
const std::string kEnd = "--XyZ--\r\n";

std::string file_part(const std::string& field, const std::string& filename, const std::string& data) {
  return "--XyZ\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename +
         "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + "\r\n";
}

std::pair<int, std::string> error_of(const std::string& body, const UploadLimits& limits = {}) {
  try {
    hash_upload(kCt, body, limits);
  } catch (const ApiError& e) {
    return {e.status(), e.fields().empty() ? e.code() : e.fields()[0].field};
  }
  return {0, ""};
}

TEST(MultipartHash, HashesAnyFileWithoutStoringIt) {
  const std::string exe = std::string("MZ\x90\0", 4) + "whatever a tampered file is";
  const auto up = hash_upload(kCt, file_part("file", "ket-qua.exe", exe) + kEnd);
  EXPECT_EQ(up.sha256, motcua::storage::sha256_hex(exe));
  EXPECT_EQ(up.size, exe.size());
  EXPECT_EQ(up.filename, "ket-qua.exe");
}

TEST(MultipartHash, RequestBodyInMemory) {
  // Small upload bodies reach the route in Request::body (no spool file); the answer is the same.
  motcua::http::Request req;
  req.headers["Content-Type"] = kCt;
  req.body = file_part("file", "ket-qua.pdf", "%PDF-1.4 x") + kEnd;
  const auto up = hash_upload(req);
  EXPECT_EQ(up.sha256, motcua::storage::sha256_hex("%PDF-1.4 x"));
  EXPECT_EQ(up.filename, "ket-qua.pdf");
}

TEST(MultipartHash, ExactlyOneNonEmptyFile) {
  EXPECT_EQ(error_of(kEnd.substr(0, 5) + "\r\n"), std::make_pair(400, std::string("malformed_multipart")));
  EXPECT_EQ(error_of(file_part("file", "", "") + kEnd), std::make_pair(422, std::string("file")));  // blank input
  EXPECT_EQ(error_of(file_part("file", "a.pdf", "") + kEnd), std::make_pair(422, std::string("file")));
  EXPECT_EQ(error_of(file_part("file", "a.pdf", "1") + file_part("file", "b.pdf", "2") + kEnd),
            std::make_pair(422, std::string("file")));
  EXPECT_EQ(error_of("--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n" + kEnd),
            std::make_pair(422, std::string("file")));
}

TEST(MultipartHash, SizeLimitIsTheUploadFileLimit) {
  UploadLimits small;
  small.max_file_bytes = 10;
  EXPECT_EQ(error_of(file_part("file", "a.pdf", std::string(11, 'x')) + kEnd, small).first, 413);
  EXPECT_EQ(hash_upload(kCt, file_part("file", "a.pdf", std::string(10, 'x')) + kEnd, small).size, 10u);
}

}  // namespace
