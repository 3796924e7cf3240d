// The upload glue: multipart parts → blobs, with type and size rules. Suite name MultipartUpload so
// that the multipart filter (Multipart*) runs it too.
#include "http/upload_sink.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "http/api_error.h"

namespace fs = std::filesystem;
using motcua::http::ApiError;
using motcua::http::receive_upload;
using motcua::http::receive_upload_file;
using motcua::http::sanitize_filename;
using motcua::http::UploadLimits;
using motcua::http::UploadReceiver;
using motcua::storage::BlobStore;
using motcua::storage::sha256_hex;

namespace {

const std::string kCt = "multipart/form-data; boundary=XyZ";
const std::string kPdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n";
const std::string kPng = std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16) + std::string(100, '\x01');
const std::string kExe = std::string("MZ\x90\0\x03\0\0\0", 8) + "This program cannot be run in DOS mode";

std::string file_part(const std::string& field, const std::string& filename, const std::string& type,
                      const std::string& data) {
  return "--XyZ\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename + "\"\r\n" +
         (type.empty() ? "" : "Content-Type: " + type + "\r\n") + "\r\n" + data + "\r\n";
}
std::string field_part(const std::string& field, const std::string& value) {
  return "--XyZ\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n" + value + "\r\n";
}
const std::string kEnd = "--XyZ--\r\n";

class MultipartUpload : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("motcua-upload-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    store_.emplace(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::size_t temp_count() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_ / "blobs" / "tmp")) ++n;
    return n;
  }
  ApiError refusal(const std::string& body, const UploadLimits& limits = {}) {
    try {
      receive_upload(kCt, body, *store_, limits);
    } catch (const ApiError& e) {
      EXPECT_EQ(temp_count(), 0u) << "a refused part must not leave its temp file";
      return e;
    }
    ADD_FAILURE() << "expected a refusal";
    return ApiError(0, "", "", "");
  }

  fs::path dir_;
  std::optional<BlobStore> store_;
};

}  // namespace

TEST_F(MultipartUpload, StoresFilesByHashAndCollectsFields) {
  const std::string body = field_part("thu_tuc", "1.001234") +
                           file_part("tp1", "Đơn đề nghị.pdf", "application/pdf", kPdf) +
                           file_part("tp1", "trang 2.pdf", "", kPdf + " ") +
                           file_part("tp2", "ảnh.PNG", "image/png", kPng) + kEnd;
  // Chunked one byte at a time: the same as a spooled or streamed body.
  UploadReceiver rx(kCt, *store_);
  for (char c : body) rx.feed(&c, 1);
  const auto up = rx.finish();
  ASSERT_EQ(up.files.size(), 3u);
  EXPECT_EQ(up.fields.at("thu_tuc"), "1.001234");
  EXPECT_EQ(up.files[0].field, "tp1");
  EXPECT_EQ(up.files[0].filename, "Đơn đề nghị.pdf");
  EXPECT_EQ(up.files[0].declared_type, "application/pdf");
  EXPECT_EQ(up.files[0].sniffed_type, "application/pdf");
  EXPECT_EQ(up.files[0].sha256, sha256_hex(kPdf));
  EXPECT_EQ(up.files[0].size, kPdf.size());
  EXPECT_EQ(up.files[1].field, "tp1");
  EXPECT_EQ(up.files[1].declared_type, "");
  EXPECT_EQ(up.files[2].sniffed_type, "image/png");
  for (const auto& f : up.files) EXPECT_TRUE(store_->verify(f.sha256));
  EXPECT_EQ(temp_count(), 0u);
}

TEST_F(MultipartUpload, RenamedExeIsRefusedWithTheFieldName) {
  const ApiError e = refusal(file_part("tp3", "hoadon.pdf", "application/pdf", kExe) + kEnd);
  EXPECT_EQ(e.status(), 415);
  EXPECT_EQ(e.code(), "file_content_mismatch");
  ASSERT_EQ(e.fields().size(), 1u);
  EXPECT_EQ(e.fields()[0].field, "tp3");
  EXPECT_NE(e.message_vi().find("hoadon.pdf"), std::string::npos);
  EXPECT_NE(e.message_en().find("not a valid .pdf"), std::string::npos);
  EXPECT_FALSE(store_->exists(sha256_hex(kExe)));
}

TEST_F(MultipartUpload, ForbiddenExtensionIsRefusedBeforeItsBytes) {
  const ApiError e = refusal(file_part("tp1", "setup.exe", "application/octet-stream", kExe) + kEnd);
  EXPECT_EQ(e.status(), 415);
  EXPECT_EQ(e.code(), "unsupported_file_type");
  EXPECT_NE(e.message_vi().find("pdf, jpg"), std::string::npos);
  EXPECT_EQ(refusal(file_part("tp1", "noext", "", kPdf) + kEnd).status(), 415);
}

TEST_F(MultipartUpload, DeclaredTypeMustAgree) {
  const ApiError e = refusal(file_part("tp1", "a.pdf", "image/png", kPdf) + kEnd);
  EXPECT_EQ(e.status(), 415);
  EXPECT_NE(e.message_en().find("declared type (image/png)"), std::string::npos);
}

TEST_F(MultipartUpload, SizeLimitsAre413) {
  UploadLimits limits;
  limits.max_file_bytes = 1000;
  EXPECT_NO_THROW(receive_upload(kCt, file_part("tp1", "a.pdf", "", kPdf + std::string(1000 - kPdf.size(), ' ')) + kEnd,
                                 *store_, limits));
  ApiError e = refusal(file_part("tp1", "b.pdf", "", kPdf + std::string(1001 - kPdf.size(), ' ')) + kEnd, limits);
  EXPECT_EQ(e.status(), 413);
  EXPECT_EQ(e.code(), "file_too_large");
  EXPECT_NE(e.message_en().find("1000 byte"), std::string::npos);

  limits.max_field_bytes = 10;
  e = refusal(field_part("ghi_chu", std::string(11, 'x')) + kEnd, limits);
  EXPECT_EQ(e.status(), 413);
  EXPECT_EQ(e.fields()[0].field, "ghi_chu");

  limits = {};
  limits.max_request_bytes = 50;
  EXPECT_EQ(refusal(file_part("tp1", "a.pdf", "", kPdf) + kEnd, limits).status(), 413);
  EXPECT_EQ(UploadLimits{}.max_file_bytes, 20u * 1024 * 1024);  // the documented default
}

TEST_F(MultipartUpload, BlankFileInputIsSkippedButAnEmptyFileIsRefused) {
  const auto up = receive_upload(kCt, file_part("tp9", "", "application/octet-stream", "") + kEnd, *store_);
  EXPECT_TRUE(up.files.empty());
  EXPECT_EQ(refusal(file_part("tp1", "a.pdf", "", "") + kEnd).code(), "empty_file");
  EXPECT_EQ(refusal(file_part("tp1", "", "", kPdf) + kEnd).status(), 400);
}

TEST_F(MultipartUpload, RepeatedFieldIsRefused) {
  EXPECT_EQ(refusal(field_part("a", "1") + field_part("a", "2") + kEnd).code(), "duplicate_field");
}

TEST_F(MultipartUpload, FailureAfterACommittedPartReturnsNothing) {
  // The first file is committed (an orphan blob now: no row will reference it); the request fails.
  const ApiError e = refusal(file_part("tp1", "a.pdf", "", kPdf) + file_part("tp2", "b.png", "", kExe) + kEnd);
  EXPECT_EQ(e.status(), 415);
  EXPECT_EQ(e.fields()[0].field, "tp2");
  EXPECT_TRUE(store_->exists(sha256_hex(kPdf)));  // documented: harmless, content-addressed
}

TEST_F(MultipartUpload, TruncatedBodyFailsAtFinish) {
  UploadReceiver rx(kCt, *store_);
  rx.feed(file_part("tp1", "a.pdf", "", kPdf));  // no close delimiter
  EXPECT_THROW(rx.finish(), ApiError);
}

TEST_F(MultipartUpload, SpooledBodyFile) {
  const fs::path spool = dir_ / "body.spool";
  const std::string big_pdf = kPdf + std::string(600 * 1024, 'p');
  std::ofstream(spool, std::ios::binary) << file_part("tp1", "lon.pdf", "application/pdf", big_pdf) << kEnd;
  const auto up = receive_upload_file(kCt, spool, *store_);
  ASSERT_EQ(up.files.size(), 1u);
  EXPECT_EQ(up.files[0].sha256, sha256_hex(big_pdf));
  EXPECT_EQ(up.files[0].size, big_pdf.size());
}

// An upload route's request: the server hands small bodies over in memory, large ones spooled; both
// store the same blob, and files up to keep_content_bytes come back with their bytes.
TEST_F(MultipartUpload, RequestInMemoryOrSpooledAndKeptContent) {
  const std::string big_pdf = kPdf + std::string(600 * 1024, 'p');
  const std::string body = file_part("tp1", "nho.pdf", "application/pdf", kPdf) +
                           file_part("tp2", "lon.pdf", "application/pdf", big_pdf) + kEnd;
  motcua::http::Request in_memory;
  in_memory.headers["Content-Type"] = kCt;
  in_memory.body = body;
  const auto a = receive_upload(in_memory, *store_, {}, 1024);
  ASSERT_EQ(a.files.size(), 2u);
  EXPECT_EQ(a.files[0].content, kPdf);  // kept: at most 1024 bytes
  EXPECT_TRUE(a.files[1].content.empty());  // too big to keep
  EXPECT_EQ(a.files[1].sha256, sha256_hex(big_pdf));

  motcua::http::Request spooled;
  spooled.headers["Content-Type"] = kCt;
  spooled.body_file = (dir_ / "body.spool").string();
  std::ofstream(spooled.body_file, std::ios::binary) << body;
  const auto b = receive_upload(spooled, *store_);
  ASSERT_EQ(b.files.size(), 2u);
  EXPECT_EQ(b.files[0].sha256, a.files[0].sha256);
  EXPECT_EQ(b.files[1].sha256, a.files[1].sha256);
  EXPECT_TRUE(b.files[0].content.empty());  // nothing kept unless asked
  EXPECT_EQ(temp_count(), 0u);
}

TEST_F(MultipartUpload, NotMultipartIs415) {
  try {
    UploadReceiver rx("application/json", *store_);
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 415);
  }
}

TEST(MultipartUploadFilename, Sanitised) {
  EXPECT_EQ(sanitize_filename("../../etc/passwd.pdf"), "passwd.pdf");
  EXPECT_EQ(sanitize_filename("C:\\Users\\An\\Giấy tờ.pdf"), "Giấy tờ.pdf");
  EXPECT_EQ(sanitize_filename("a\r\nb\tc\x7F.pdf"), "abc.pdf");
  EXPECT_EQ(sanitize_filename("hoadon\u202Efdp.exe"), "hoadonfdp.exe");  // no right-to-left override
  EXPECT_EQ(sanitize_filename("bad\xC3\x28utf8\xFF.pdf"), "bad(utf8.pdf");
  EXPECT_EQ(sanitize_filename("  .hidden.pdf. "), "hidden.pdf");
  EXPECT_EQ(sanitize_filename("..."), "tep-dinh-kem");
  EXPECT_EQ(sanitize_filename(""), "tep-dinh-kem");
  // Cut on a character boundary, keeping the extension.
  std::string long_name;
  for (int i = 0; i < 100; ++i) long_name += "đ";  // 2 bytes each
  const std::string cut = sanitize_filename(long_name + ".pdf", 51);
  EXPECT_EQ(cut, std::string(long_name.substr(0, 46)) + ".pdf");
  EXPECT_LE(cut.size(), 51u);
}
