// The private halves of the agencies' signing keys: one file per key, <keys_dir>/<key_id>.key, never in the
// database. Created with O_CREAT|O_EXCL and mode 0600 in a 0700 directory; a file that group or others may
// access is refused on load (as ssh refuses a readable private key), so a bad `cp` or `chmod` shows up as an
// error instead of a quietly exposed key. With a configured key-encryption key (32 bytes) the seed is sealed
// with XChaCha20-Poly1305, the key id as associated data, so a file renamed to another key id fails too.
//
// File format (text, one "name: value" line each):
//   motcua-agency-key-v1
//   key_id: ed25519-…
//   agency_id: 42
//   encryption: none | xchacha20poly1305
//   nonce: <base64, 24 bytes>            (encrypted only)
//   seed: <base64: the 32-byte Ed25519 seed, or its 48-byte ciphertext>
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace motcua::app {

class KeyFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class KeyFiles {
 public:
  // encryption_key: 32 raw bytes, or nullopt to store seeds in the clear (still mode 0600).
  KeyFiles(std::filesystem::path dir, std::optional<std::string> encryption_key);

  // Writes the key's file (creating the directory 0700 if needed) and fsyncs it and the directory.
  // Throws KeyFileError when it exists or cannot be written.
  void create(const std::string& key_id, std::int64_t agency_id, std::string_view seed) const;
  // The 32-byte seed. Throws KeyFileError naming the file when it is missing, not a regular file,
  // accessible by group or others, malformed, for another key id, or cannot be decrypted.
  std::string load(const std::string& key_id) const;
  // Removes the file of a key that never reached the database (a lost race); ignores errors.
  void remove(const std::string& key_id) const noexcept;

  std::filesystem::path path_of(const std::string& key_id) const;  // throws KeyFileError on a malformed id
  const std::filesystem::path& dir() const { return dir_; }
  bool encrypts() const { return encryption_key_.has_value(); }

 private:
  std::filesystem::path dir_;
  std::optional<std::string> encryption_key_;
};

// A configured key-encryption key (base64 of 32 bytes) as raw bytes; "" → nullopt. Throws
// std::runtime_error naming the setting when it is not base64 of exactly 32 bytes.
std::optional<std::string> parse_key_encryption_key(std::string_view base64);

}  // namespace motcua::app
