// Opaque secrets: session and reset tokens (32 random bytes, hex), their SHA-256 for storage, and
// generated temporary passwords. The database never holds a usable token.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace motcua::api {

// `bytes` random bytes from libsodium's CSPRNG, as lowercase hex (2 × bytes characters).
std::string random_token(std::size_t bytes = 32);

// SHA-256 of `data` as 64 lowercase hex characters (OpenSSL).
std::string sha256_hex(std::string_view data);

// Compares without an early exit, so timing does not reveal the matching prefix.
bool constant_time_equals(std::string_view a, std::string_view b);

// A 14-character temporary password (letters without look-alikes + digits, always both) for new officials.
std::string temporary_password();

}  // namespace motcua::api
