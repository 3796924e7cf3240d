#include "app/key_files.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <sstream>

#include "domain/result_signature.h"

namespace motcua::app {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "motcua-agency-key-v1";
constexpr std::string_view kCipher = "xchacha20poly1305";

[[noreturn]] void fail(const std::string& what, const fs::path& p, int err = 0) {
  std::string msg = "signing key file " + p.string() + ": " + what;
  if (err) msg += std::string(" (") + std::strerror(err) + ")";
  throw KeyFileError(msg);
}

std::string associated_data(const std::string& key_id) { return std::string(kMagic) + "\n" + key_id; }

void write_all(int fd, std::string_view s, const fs::path& p) {
  while (!s.empty()) {
    const ssize_t n = ::write(fd, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail("cannot write", p, errno);
    s.remove_prefix(static_cast<std::size_t>(n));
  }
}

void fsync_dir(const fs::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) fail("cannot open the directory", p, errno);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) fail("cannot fsync the directory", p, errno);
}

std::map<std::string, std::string> parse_fields(const std::string& text, const fs::path& p) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != kMagic) fail("not a MotCua key file (first line)", p);
  std::map<std::string, std::string> out;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto colon = line.find(": ");
    if (colon == std::string::npos) fail("malformed line", p);
    out[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return out;
}

}  // namespace

KeyFiles::KeyFiles(fs::path dir, std::optional<std::string> encryption_key)
    : dir_(std::move(dir)), encryption_key_(std::move(encryption_key)) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
  if (encryption_key_ && encryption_key_->size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    throw std::invalid_argument("the key-encryption key must be 32 bytes");
}

fs::path KeyFiles::path_of(const std::string& key_id) const {
  // Only the ids domain::key_id_of makes: nothing here can climb out of the directory.
  bool ok = !key_id.empty() && key_id.size() <= 64;
  for (char c : key_id) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  if (!ok) throw KeyFileError("malformed signing key id '" + key_id + "'");
  return dir_ / (key_id + ".key");
}

void KeyFiles::create(const std::string& key_id, std::int64_t agency_id, std::string_view seed) const {
  const fs::path p = path_of(key_id);
  std::error_code ec;
  if (fs::create_directories(dir_, ec)) {
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (dir_.has_parent_path()) fsync_dir(dir_.parent_path());
  }
  if (ec) fail("cannot create the keys directory", dir_, ec.value());

  std::string text = std::string(kMagic) + "\nkey_id: " + key_id + "\nagency_id: " + std::to_string(agency_id) + "\n";
  if (encryption_key_) {
    std::string nonce(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, '\0');
    randombytes_buf(nonce.data(), nonce.size());
    std::string sealed(seed.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
    unsigned long long len = 0;
    const std::string ad = associated_data(key_id);
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        reinterpret_cast<unsigned char*>(sealed.data()), &len, reinterpret_cast<const unsigned char*>(seed.data()),
        seed.size(), reinterpret_cast<const unsigned char*>(ad.data()), ad.size(), nullptr,
        reinterpret_cast<const unsigned char*>(nonce.data()),
        reinterpret_cast<const unsigned char*>(encryption_key_->data()));
    sealed.resize(len);
    text += "encryption: " + std::string(kCipher) + "\nnonce: " + domain::base64_encode(nonce) +
            "\nseed: " + domain::base64_encode(sealed) + "\n";
  } else {
    text += "encryption: none\nseed: " + domain::base64_encode(seed) + "\n";
  }

  const int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) fail("cannot create", p, errno);
  try {
    // The umask can only narrow 0600; fchmod states the mode whatever the umask was.
    if (::fchmod(fd, 0600) != 0) fail("cannot set mode 0600", p, errno);
    write_all(fd, text, p);
    if (::fsync(fd) != 0) fail("cannot fsync", p, errno);
  } catch (...) {
    ::close(fd);
    ::unlink(p.c_str());
    sodium_memzero(text.data(), text.size());
    throw;
  }
  ::close(fd);
  sodium_memzero(text.data(), text.size());
  fsync_dir(dir_);
}

std::string KeyFiles::load(const std::string& key_id) const {
  const fs::path p = path_of(key_id);
  const int fd = ::open(p.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) fail("cannot open", p, errno);
  std::string text;
  try {
    struct stat st {};
    if (::fstat(fd, &st) != 0) fail("cannot stat", p, errno);
    if (!S_ISREG(st.st_mode)) fail("not a regular file", p);
    if (st.st_mode & (S_IRWXG | S_IRWXO)) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
      fail(std::string("mode ") + mode + " lets group or others access a private key; run chmod 600 on it", p);
    }
    if (st.st_size > 4096) fail("too large for a key file", p);
    text.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < text.size()) {
      const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail("cannot read", p, errno);
      got += static_cast<std::size_t>(n);
    }
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);

  auto f = parse_fields(text, p);
  sodium_memzero(text.data(), text.size());
  if (f["key_id"] != key_id) fail("holds key " + f["key_id"] + ", not " + key_id, p);
  auto seed = domain::base64_decode(f["seed"]);
  if (!seed) fail("the seed is not base64", p);
  const std::string& enc = f["encryption"];
  if (enc == "none") {
    if (seed->size() != crypto_sign_SEEDBYTES) fail("the seed is not 32 bytes", p);
    return *seed;
  }
  if (enc != kCipher) fail("unknown encryption '" + enc + "'", p);
  if (!encryption_key_)
    fail("is encrypted, but no key-encryption key is configured ([signing] key_encryption_key or "
         "MOTCUA_SIGNING_KEY_ENCRYPTION_KEY)",
         p);
  const auto nonce = domain::base64_decode(f["nonce"]);
  if (!nonce || nonce->size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES) fail("malformed nonce", p);
  if (seed->size() != crypto_sign_SEEDBYTES + crypto_aead_xchacha20poly1305_ietf_ABYTES) fail("malformed seed", p);
  std::string plain(crypto_sign_SEEDBYTES, '\0');
  unsigned long long len = 0;
  const std::string ad = associated_data(key_id);
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.data()), &len, nullptr,
          reinterpret_cast<const unsigned char*>(seed->data()), seed->size(),
          reinterpret_cast<const unsigned char*>(ad.data()), ad.size(),
          reinterpret_cast<const unsigned char*>(nonce->data()),
          reinterpret_cast<const unsigned char*>(encryption_key_->data())) != 0)
    fail("cannot be decrypted with the configured key-encryption key (wrong key, or the file was altered)", p);
  return plain;
}

void KeyFiles::remove(const std::string& key_id) const noexcept {
  try {
    std::error_code ec;
    fs::remove(path_of(key_id), ec);
  } catch (...) {
  }
}

std::optional<std::string> parse_key_encryption_key(std::string_view base64) {
  if (base64.empty()) return std::nullopt;
  auto raw = domain::base64_decode(base64);
  if (!raw || raw->size() != crypto_aead_xchacha20poly1305_ietf_KEYBYTES)
    throw std::runtime_error(
        "configuration signing.key_encryption_key: expected base64 of 32 random bytes (openssl rand -base64 32)");
  return raw;
}

}  // namespace motcua::app
