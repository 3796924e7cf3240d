#include <gtest/gtest.h>

#include "jobs/outbox_file_sink.h"

using motcua::jobs::render_eml;
using motcua::storage::OutboxMessage;

TEST(OutboxEml, HeadersAndUtf8Body) {
  OutboxMessage m;
  m.id = 42;
  m.recipient = "congdan@example.vn";
  m.subject = "Đặt lại mật khẩu / Password reset";
  m.body = "Xin chào\nhttp://x/reset-password?token=abc\n";
  m.created_ms = 1751500800000;  // 2025-07-03 00:00:00 UTC
  auto e = render_eml(m);
  EXPECT_NE(e.find("To: congdan@example.vn\r\n"), std::string::npos);
  EXPECT_NE(e.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(e.find("Date: Thu, 03 Jul 2025 00:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(e.find("Content-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
  EXPECT_NE(e.find("\r\n\r\nXin chào\r\nhttp://x/reset-password?token=abc\r\n"), std::string::npos);
}

TEST(OutboxEml, NoHeaderInjection) {
  OutboxMessage m;
  m.recipient = "a@b.vn\r\nBcc: evil@x.vn";
  m.subject = "Hi\r\nBcc: evil@x.vn";
  m.body = "x";
  auto e = render_eml(m);
  EXPECT_EQ(e.find("\r\nBcc:"), std::string::npos);
}

TEST(OutboxEml, LongSubjectIsFoldedIntoShortEncodedWords) {
  OutboxMessage m;
  m.subject = std::string(40, 'x') + " Thông báo kết quả giải quyết thủ tục hành chính tỉnh Sơn La";
  m.body = "x";
  auto e = render_eml(m);
  auto start = e.find("Subject: ");
  auto end = e.find("\r\nDate:");
  auto subject = e.substr(start, end - start);
  std::size_t pos = 0;
  while (pos < subject.size()) {
    auto nl = subject.find("\r\n", pos);
    auto line = subject.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    EXPECT_LE(line.size(), 78u) << line;
    if (nl == std::string::npos) break;
    pos = nl + 2;
  }
}
