#include "jobs/outbox_file_sink.h"

#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <system_error>

namespace motcua::jobs {

namespace fs = std::filesystem;

namespace {

std::string base64(std::string_view in) {
  static constexpr char tbl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned n = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    out += {tbl[n >> 18], tbl[(n >> 12) & 63], tbl[(n >> 6) & 63], tbl[n & 63]};
  }
  if (i + 1 == in.size()) {
    unsigned n = (unsigned char)in[i] << 16;
    out += {tbl[n >> 18], tbl[(n >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    unsigned n = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
    out += {tbl[n >> 18], tbl[(n >> 12) & 63], tbl[(n >> 6) & 63], '='};
  }
  return out;
}

bool is_plain_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80 || c < 0x20) return false;
  return true;
}

// RFC 2047 encoded words of at most 75 characters, never splitting a UTF-8 sequence.
std::string encode_header(std::string_view s) {
  if (is_plain_ascii(s)) return std::string(s);
  std::string out;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t end = std::min(pos + 39, s.size());  // 39 bytes -> 52 base64 + 12 = 64 (+ "Subject: " < 78)
    while (end < s.size() && end > pos && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(s.substr(pos, end - pos)) + "?=";
    pos = end;
  }
  return out;
}

std::string rfc5322_date(std::int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);  // C locale names
  return buf;
}

// Header values must not carry line breaks (header injection).
std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
  return out;
}

std::string crlf_body(std::string_view body) {
  std::string out;
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] == '\n' && (i == 0 || body[i - 1] != '\r')) out += '\r';
    out += body[i];
  }
  if (!out.ends_with("\r\n")) out += "\r\n";
  return out;
}

}  // namespace

std::string render_eml(const storage::OutboxMessage& m) {
  std::string e;
  e += "From: MotCua <no-reply@motcua.invalid>\r\n";
  e += "To: " + one_line(m.recipient) + "\r\n";
  e += "Subject: " + encode_header(one_line(m.subject)) + "\r\n";
  e += "Date: " + rfc5322_date(m.created_ms) + "\r\n";
  e += "Message-ID: <outbox-" + std::to_string(m.id) + "@motcua.invalid>\r\n";
  e += "MIME-Version: 1.0\r\n";
  e += "Content-Type: text/plain; charset=utf-8\r\n";
  e += "Content-Transfer-Encoding: 8bit\r\n";
  e += "\r\n";
  e += crlf_body(m.body);
  return e;
}

int deliver_outbox_to_files(storage::Db& db, const std::string& dir, std::int64_t now_ms) {
  static std::mutex one_at_a_time;  // within this process; other processes only rewrite identical files
  std::lock_guard lock(one_at_a_time);

  auto pending = db.read([](storage::Connection& c) { return storage::fetch_undelivered(c, "email"); });
  if (pending.empty()) return 0;
  std::error_code ec;
  fs::create_directories(dir, ec);
  int delivered = 0;
  for (const auto& m : pending) {
    const fs::path final_path = fs::path(dir) / (std::to_string(m.id) + ".eml");
    const fs::path tmp_path = fs::path(dir) / (std::to_string(m.id) + ".eml.tmp");
    std::string error;
    {
      std::ofstream out(tmp_path, std::ios::binary | std::ios::trunc);
      if (out) out << render_eml(m);
      out.close();
      if (!out) error = "cannot write " + tmp_path.string();
    }
    // Mails carry reset links and temporary passwords: readable by the service account only.
    if (error.empty()) fs::permissions(tmp_path, fs::perms::owner_read | fs::perms::owner_write, ec);
    if (error.empty()) {
      fs::rename(tmp_path, final_path, ec);
      if (ec) error = "cannot rename to " + final_path.string() + ": " + ec.message();
    }
    if (error.empty()) {
      db.write([&](storage::Connection& tx) { storage::mark_delivered(tx, m.id, now_ms); });
      ++delivered;
    } else {
      fs::remove(tmp_path, ec);
      db.write([&](storage::Connection& tx) { storage::mark_failed(tx, m.id, error); });
    }
  }
  return delivered;
}

}  // namespace motcua::jobs
