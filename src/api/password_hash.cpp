#include "api/password_hash.h"

#include <sodium.h>

#include <mutex>
#include <semaphore>
#include <stdexcept>

namespace motcua::api {

namespace {

constexpr unsigned long long kOps = 2;
constexpr std::size_t kMem = 19u * 1024u * 1024u;

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
  });
}

std::counting_semaphore<2>& hash_slots() {
  static std::counting_semaphore<2> slots(2);
  return slots;
}

struct SlotGuard {
  SlotGuard() { hash_slots().acquire(); }
  ~SlotGuard() { hash_slots().release(); }
  SlotGuard(const SlotGuard&) = delete;
  SlotGuard& operator=(const SlotGuard&) = delete;
};

}  // namespace

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  SlotGuard slot;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOps, kMem, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("argon2id hashing failed (out of memory)");
  return std::string(out);
}

bool verify_password(std::string_view phc, std::string_view password) {
  ensure_sodium();
  if (!phc.starts_with("$argon2id$") || phc.size() >= crypto_pwhash_STRBYTES) return false;
  std::string z(phc);  // libsodium wants a NUL-terminated string
  SlotGuard slot;
  return crypto_pwhash_str_verify(z.c_str(), password.data(), password.size()) == 0;
}

void verify_password_dummy(std::string_view password) {
  static const std::string dummy = hash_password("motcua-dummy-password-0");
  (void)verify_password(dummy, password);
}

bool password_needs_rehash(std::string_view phc) {
  ensure_sodium();
  std::string z(phc);
  return crypto_pwhash_str_needs_rehash(z.c_str(), kOps, kMem) != 0;
}

}  // namespace motcua::api
