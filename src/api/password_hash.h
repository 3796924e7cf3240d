// Password hashing (băm mật khẩu) with argon2id (libsodium), t=2, m=19 MiB (OWASP minimum, stack.md §6).
// At most two hashes run at once: each takes 19 MiB and ~22 ms of one core, and the box has two.
#pragma once

#include <string>
#include <string_view>

namespace motcua::api {

// The PHC string "$argon2id$v=19$m=19456,t=2,p=1$...". Throws std::runtime_error when out of memory.
std::string hash_password(std::string_view password);

// True when `password` matches `phc`. A malformed or non-argon2id string never matches.
bool verify_password(std::string_view phc, std::string_view password);

// Spends the same time as a real verification, so unknown logins cannot be told apart by timing.
void verify_password_dummy(std::string_view password);

// True when `phc` was made with other parameters than the current ones (rehash at next login).
bool password_needs_rehash(std::string_view phc);

}  // namespace motcua::api
