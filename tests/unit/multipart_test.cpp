#include "http/multipart.h"

#include <gtest/gtest.h>

#include "http/api_error.h"

using motcua::http::ApiError;
using motcua::http::multipart_boundary;
using motcua::http::MultipartLimits;
using motcua::http::MultipartParser;
using motcua::http::MultipartSink;
using motcua::http::PartHeaders;

namespace {

// Records the calls as text; consecutive data chunks are merged so that the record does not depend on
// how the body was chunked, and the number of data calls is counted separately.
struct RecordingSink : MultipartSink {
  std::string log;
  std::size_t data_calls = 0;
  bool in_data = false;
  void on_part_begin(const PartHeaders& h) override {
    log += "[begin name=" + h.name + " filename=" + (h.filename ? "<" + *h.filename + ">" : "none") +
           " type=" + h.content_type + "]";
  }
  void on_part_data(std::string_view c) override {
    EXPECT_FALSE(c.empty());
    log.append(c);
    ++data_calls;
  }
  void on_part_end() override { log += "[end]"; }
};

const std::string kCt = "multipart/form-data; boundary=----WebKitFormBoundaryX7a";
const std::string kB = "------WebKitFormBoundaryX7a";  // "--" + boundary

// A realistic browser body: preamble, a text field, a binary file holding near-delimiters, an empty
// file, a part with transport padding after its boundary, and an epilogue.
std::string sample_body() {
  std::string bin = "\x89PNG\r\n\x1A\n";
  bin += std::string("\0\r\n--", 5) + "\r\n-" + "\r\n------WebKitFormBoundaryX7" + "\r" + "\n\n--" + kB.substr(2) +
         "\r\r\n" + kB.substr(0, kB.size() - 1) + "b  trailing";  // never the full CRLF--boundary
  return "This is a preamble that clients may send.\r\n" + kB +
         "\r\nContent-Disposition: form-data; name=\"ho_ten\"\r\n\r\nNguyễn Văn A\r\n" + kB +
         "\r\nContent-Disposition: form-data; name=\"tp1\"; filename=\"anh.png\"\r\nContent-Type: image/png\r\n\r\n" +
         bin + "\r\n" + kB + " \t\r\nContent-Disposition: form-data; name=\"tp2\"; filename=\"\"\r\n" +
         "Content-Type: application/octet-stream\r\n\r\n\r\n" + kB + "--\r\nepilogue " + kB + " ignored\r\n";
}

std::string parse_all(const std::string& ct, const std::string& body, MultipartLimits limits = {}) {
  RecordingSink sink;
  MultipartParser p(ct, sink, limits);
  p.feed(body);
  p.finish();
  return sink.log;
}

ApiError error_of(const std::string& ct, const std::string& body, MultipartLimits limits = {}) {
  try {
    parse_all(ct, body, limits);
  } catch (const ApiError& e) {
    return e;
  }
  ADD_FAILURE() << "expected an ApiError";
  return ApiError(0, "", "", "");
}

}  // namespace

TEST(Multipart, ParsesABrowserBody) {
  const std::string bin_check = sample_body();
  const std::string log = parse_all(kCt, bin_check);
  EXPECT_EQ(log.find("[begin name=ho_ten filename=none type=]Nguyễn Văn A[end]"), 0u) << log;
  EXPECT_NE(log.find("[begin name=tp1 filename=<anh.png> type=image/png]\x89PNG"), std::string::npos);
  EXPECT_NE(log.find("  trailing[end][begin name=tp2 filename=<> type=application/octet-stream][end]"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("preamble"), std::string::npos);
  EXPECT_EQ(log.find("epilogue"), std::string::npos);
}

TEST(Multipart, EverySplitPointGivesTheSameResult) {
  const std::string body = sample_body();
  const std::string expected = parse_all(kCt, body);
  for (std::size_t i = 0; i <= body.size(); ++i) {
    RecordingSink sink;
    MultipartParser p(kCt, sink);
    p.feed(body.data(), i);
    p.feed(body.data() + i, body.size() - i);
    p.finish();
    ASSERT_EQ(sink.log, expected) << "split at " << i;
  }
}

TEST(Multipart, EveryPairOfSplitPointsGivesTheSameResult) {
  const std::string body = sample_body();
  const std::string expected = parse_all(kCt, body);
  for (std::size_t i = 0; i <= body.size(); ++i)
    for (std::size_t j = i; j <= body.size(); j += 3) {
      RecordingSink sink;
      MultipartParser p(kCt, sink);
      p.feed(body.data(), i);
      p.feed(body.data() + i, j - i);
      p.feed(body.data() + j, body.size() - j);
      p.finish();
      ASSERT_EQ(sink.log, expected) << "splits at " << i << ", " << j;
    }
}

TEST(Multipart, OneByteChunksGiveTheSameResult) {
  const std::string body = sample_body();
  RecordingSink sink;
  MultipartParser p(kCt, sink);
  for (char c : body) p.feed(&c, 1);
  p.finish();
  EXPECT_EQ(sink.log, parse_all(kCt, body));
}

TEST(Multipart, WholeChunkDataIsPassedInFewCalls) {
  // Bounded memory but no byte-by-byte callbacks: a 1 MB file in one feed is a handful of calls.
  const std::string data(1 << 20, 'x');
  const std::string body = kB + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.pdf\"\r\n\r\n" + data +
                           "\r\n" + kB + "--";
  RecordingSink sink;
  MultipartParser p(kCt, sink);
  p.feed(body);
  p.finish();
  EXPECT_LE(sink.data_calls, 2u);
  EXPECT_EQ(p.parts(), 1u);
}

TEST(Multipart, BodyMayStartWithTheBoundaryOrAPreamble) {
  const std::string part = "\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n" + kB + "--";
  EXPECT_EQ(parse_all(kCt, kB + part), "[begin name=a filename=none type=]1[end]");
  EXPECT_EQ(parse_all(kCt, "\r\n" + kB + part), "[begin name=a filename=none type=]1[end]");
  EXPECT_EQ(parse_all(kCt, "junk " + kB + " not at line start\r\n" + kB + part),
            "[begin name=a filename=none type=]1[end]");
}

TEST(Multipart, BoundaryLikeBytesInContentAreData) {
  const std::vector<std::string> contents = {
      "--" + kB.substr(2),                   // the boundary without the CRLF before it
      "x\n" + kB,                             // after a bare LF
      "\r\n" + kB.substr(0, kB.size() - 1),  // CRLF + all but the last boundary char
      "\r\n-", "\r", "\r\n", "\r\r\n--",     // prefixes of the delimiter
      kB + "\r\n" + kB.substr(0, 10),
  };
  for (const auto& c : contents) {
    const std::string body =
        kB + "\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n" + c + "\r\n" + kB + "--\r\n";
    EXPECT_EQ(parse_all(kCt, body), "[begin name=f filename=none type=]" + c + "[end]");
    RecordingSink sink;  // and byte by byte
    MultipartParser p(kCt, sink);
    for (char ch : body) p.feed(&ch, 1);
    p.finish();
    EXPECT_EQ(sink.log, "[begin name=f filename=none type=]" + c + "[end]");
  }
}

TEST(Multipart, FullDelimiterFollowedByJunkIsRefused) {
  // RFC 2046 forbids the delimiter inside content; a sender that does so produced a broken body.
  const std::string body =
      kB + "\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nabc\r\n" + kB + "X\r\n" + kB + "--";
  const ApiError e = error_of(kCt, body);
  EXPECT_EQ(e.status(), 400);
  EXPECT_EQ(e.code(), "malformed_multipart");
}

TEST(Multipart, QuotedAndCaseInsensitiveBoundaryParameter) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=\"a b:c?=\""), "a b:c?=");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data;BOUNDARY=abc ; charset=utf-8"), "abc");
  const std::string ct = "multipart/form-data; boundary=\"weird (b) 'x'\"";
  const std::string body = "--weird (b) 'x'\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--weird (b) 'x'--";
  EXPECT_EQ(parse_all(ct, body), "[begin name=a filename=none type=]v[end]");
}

TEST(Multipart, BadContentTypes) {
  auto status = [](const std::string& ct) {
    try {
      multipart_boundary(ct);
    } catch (const ApiError& e) {
      return e.status();
    }
    return 0;
  };
  EXPECT_EQ(status("application/json"), 415);
  EXPECT_EQ(status("multipart/mixed; boundary=x"), 415);
  EXPECT_EQ(status("multipart/form-data"), 400);
  EXPECT_EQ(status("multipart/form-data; boundary="), 400);
  EXPECT_EQ(status("multipart/form-data; boundary=\"\""), 400);
  EXPECT_EQ(status("multipart/form-data; boundary=" + std::string(71, 'a')), 400);
  EXPECT_EQ(status("multipart/form-data; boundary=\"abc \""), 400);  // trailing space
  EXPECT_EQ(status("multipart/form-data; boundary=a\"b"), 400);
  EXPECT_EQ(status("multipart/form-data; boundary=\"unterminated"), 400);  // unparseable parameters
  EXPECT_EQ(status("text/plain; x=\"unterminated"), 415);
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + std::string(70, 'a')), std::string(70, 'a'));
}

TEST(Multipart, FilenameStarWinsAndIsDecoded) {
  const std::string body = kB +
                           "\r\nContent-Disposition: form-data; name=\"tp1\"; filename=\"Don de nghi.pdf\"; "
                           "filename*=UTF-8''%C4%90%C6%A1n%20%C4%91%E1%BB%81%20ngh%E1%BB%8B.pdf\r\n"
                           "Content-Type: Application/PDF; name=x\r\n\r\n%PDF\r\n" +
                           kB + "--";
  EXPECT_EQ(parse_all(kCt, body), "[begin name=tp1 filename=<Đơn đề nghị.pdf> type=application/pdf]%PDF[end]");
  const std::string latin1 =
      kB + "\r\nContent-Disposition: form-data; name=\"a\"; filename*=iso-8859-1'en'caf%E9.txt\r\n\r\nx\r\n" + kB + "--";
  EXPECT_EQ(parse_all(kCt, latin1), "[begin name=a filename=<café.txt> type=]x[end]");
  const std::string broken =
      kB + "\r\nContent-Disposition: form-data; name=\"a\"; filename*=UTF-8''%E1%B\r\n\r\nx\r\n" + kB + "--";
  const ApiError e = error_of(kCt, broken);
  EXPECT_EQ(e.status(), 400);
  ASSERT_EQ(e.fields().size(), 1u);
  EXPECT_EQ(e.fields()[0].field, "a");
}

TEST(Multipart, QuotedNamesWithEscapesAndWindowsPaths) {
  const std::string body = kB +
                           "\r\nContent-Disposition: form-data; name=\"q\\\"x\"; filename=\"C:\\Users\\an\\a;b.pdf\"\r\n"
                           "\r\n1\r\n" +
                           kB + "--";
  EXPECT_EQ(parse_all(kCt, body), "[begin name=q\"x filename=<C:\\Users\\an\\a;b.pdf> type=]1[end]");
}

TEST(Multipart, FoldedHeaderLinesAreJoined) {
  const std::string body = kB + "\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\n1\r\n" + kB + "--";
  EXPECT_EQ(parse_all(kCt, body), "[begin name=a filename=none type=]1[end]");
}

TEST(Multipart, ZeroPartsIsAnEmptyForm) { EXPECT_EQ(parse_all(kCt, kB + "--\r\n"), ""); }

TEST(Multipart, MalformedBodiesAre400WithBothLanguages) {
  const std::string cd = "\r\nContent-Disposition: form-data; name=\"tp1\"\r\n\r\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty body", ""},
      {"no boundary at all", "hello world"},
      {"truncated in data", kB + cd + "abc"},
      {"truncated in delimiter", kB + cd + "abc\r\n" + kB.substr(0, 5)},
      {"truncated in headers", kB + "\r\nContent-Disposition: form-"},
      {"truncated after delimiter", kB + cd + "abc\r\n" + kB},
      {"close with one dash", kB + cd + "abc\r\n" + kB + "-x"},
      {"boundary line without LF", kB + "\rX"},
      {"no content-disposition", kB + "\r\nContent-Type: text/plain\r\n\r\nx\r\n" + kB + "--"},
      {"no headers at all", kB + "\r\n\r\nx\r\n" + kB + "--"},
      {"not form-data", kB + "\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nx\r\n" + kB + "--"},
      {"no name", kB + "\r\nContent-Disposition: form-data; filename=\"a.pdf\"\r\n\r\nx\r\n" + kB + "--"},
      {"empty name", kB + "\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nx\r\n" + kB + "--"},
      {"bare LF in headers", kB + "\r\nContent-Disposition: form-data; name=\"a\"\n\nx\r\n" + kB + "--"},
      {"header without colon", kB + "\r\nContent-Disposition form-data\r\n\r\nx\r\n" + kB + "--"},
      {"unterminated quote", kB + "\r\nContent-Disposition: form-data; name=\"a\r\n\r\nx\r\n" + kB + "--"},
      {"base64 encoding", kB + cd.substr(0, cd.size() - 2) + "Content-Transfer-Encoding: base64\r\n\r\nx\r\n" + kB + "--"},
      {"two dispositions", kB + cd.substr(0, cd.size() - 2) + "Content-Disposition: form-data; name=\"b\"\r\n\r\nx\r\n" + kB + "--"},
  };
  for (const auto& [what, body] : cases) {
    const ApiError e = error_of(kCt, body);
    EXPECT_EQ(e.status(), 400) << what;
    EXPECT_EQ(e.code(), "malformed_multipart") << what;
    EXPECT_NE(e.message_vi().find("không hợp lệ"), std::string::npos) << what;
    EXPECT_NE(e.message_en().find("Malformed multipart body"), std::string::npos) << what;
    const std::string json = e.to_response().body;
    EXPECT_NE(json.find("\"message_vi\""), std::string::npos) << what;
  }
  // Once the part's name is known it is reported as the field.
  const ApiError e = error_of(kCt, kB + cd + "abc");
  ASSERT_EQ(e.fields().size(), 1u);
  EXPECT_EQ(e.fields()[0].field, "tp1");
}

TEST(Multipart, LimitsAre413) {
  auto part = [](int i) {
    return kB + "\r\nContent-Disposition: form-data; name=\"f" + std::to_string(i) + "\"\r\n\r\nx\r\n";
  };
  std::string three = part(1) + part(2) + part(3) + kB + "--";
  EXPECT_NO_THROW(parse_all(kCt, three, {.max_parts = 3}));
  ApiError e = error_of(kCt, three, {.max_parts = 2});
  EXPECT_EQ(e.status(), 413);
  EXPECT_EQ(e.code(), "payload_too_large");
  EXPECT_NE(e.message_vi().find("tối đa 2"), std::string::npos);

  const std::string big_header =
      kB + "\r\nContent-Disposition: form-data; name=\"a\"; filename=\"" + std::string(300, 'n') + ".pdf\"\r\n\r\nx\r\n" + kB + "--";
  EXPECT_NO_THROW(parse_all(kCt, big_header, {.max_header_bytes = 400}));
  EXPECT_EQ(error_of(kCt, big_header, {.max_header_bytes = 200}).status(), 413);

  EXPECT_NO_THROW(parse_all(kCt, three, {.max_total_bytes = three.size()}));
  e = error_of(kCt, three, {.max_total_bytes = three.size() - 1});
  EXPECT_EQ(e.status(), 413);
  EXPECT_NE(e.message_en().find("exceeds the limit"), std::string::npos);
}

TEST(Multipart, ParserIsDeadAfterAnError) {
  RecordingSink sink;
  MultipartParser p(kCt, sink);
  EXPECT_THROW(p.feed(kB + "\r\n\r\n\r\n"), ApiError);
  EXPECT_THROW(p.feed(std::string_view("x")), ApiError);
  EXPECT_THROW(p.finish(), ApiError);
}

TEST(Multipart, SinkExceptionsPropagateAndStopTheParser) {
  struct Refusing : RecordingSink {
    void on_part_data(std::string_view) override {
      throw ApiError(415, "unsupported_file_type", "Không chấp nhận", "Refused");
    }
  } sink;
  MultipartParser p(kCt, sink);
  try {
    p.feed(kB + "\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nabc");
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 415);
  }
  EXPECT_THROW(p.finish(), ApiError);
}
