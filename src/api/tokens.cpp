#include "api/tokens.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <mutex>
#include <stdexcept>
#include <vector>

namespace motcua::api {

namespace {
void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
  });
}

std::string to_hex(const unsigned char* p, std::size_t n) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[p[i] >> 4];
    out[2 * i + 1] = digits[p[i] & 0x0F];
  }
  return out;
}
}  // namespace

std::string random_token(std::size_t bytes) {
  ensure_sodium();
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  auto out = to_hex(buf.data(), buf.size());
  sodium_memzero(buf.data(), buf.size());
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  return to_hex(md, len);
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string temporary_password() {
  ensure_sodium();
  // No 0/O, 1/l/I: the password is read from an e-mail and typed by hand.
  static constexpr std::string_view letters = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
  static constexpr std::string_view digits = "23456789";
  for (;;) {
    std::string pw;
    bool has_letter = false, has_digit = false;
    for (int i = 0; i < 14; ++i) {
      bool digit = randombytes_uniform(4) == 0;  // about a quarter digits
      auto set = digit ? digits : letters;
      pw.push_back(set[randombytes_uniform(static_cast<std::uint32_t>(set.size()))]);
      (digit ? has_digit : has_letter) = true;
    }
    if (has_letter && has_digit) return pw;
  }
}

}  // namespace motcua::api
