#include "storage/blob_store.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>
#include <vector>

namespace motcua::storage {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kBufferBytes = 64 * 1024;

[[noreturn]] void sys_fail(const std::string& what, const fs::path& p) {
  throw std::system_error(errno, std::generic_category(), what + " " + p.string());
}

std::string to_hex(const unsigned char* d, std::size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = digits[d[i] >> 4];
    out[2 * i + 1] = digits[d[i] & 0xF];
  }
  return out;
}

EVP_MD_CTX* new_sha256() {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (!ctx || EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) != 1) {
    EVP_MD_CTX_free(ctx);
    throw std::runtime_error("OpenSSL SHA-256 init failed");
  }
  return ctx;
}

std::string final_hex(EVP_MD_CTX* ctx) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx, md, &len) != 1) throw std::runtime_error("OpenSSL SHA-256 final failed");
  return to_hex(md, len);
}

// mkdir that tolerates an existing directory; returns true if it created it.
bool make_dir(const fs::path& p) {
  if (::mkdir(p.c_str(), 0750) == 0) return true;
  if (errno == EEXIST) return false;
  sys_fail("cannot create directory", p);
}

// A rename or a new entry is durable only once its directory is fsynced.
void fsync_dir(const fs::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) sys_fail("cannot open directory", p);
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  errno = saved;
  if (rc != 0) sys_fail("cannot fsync directory", p);
}

void write_all(int fd, const char* data, std::size_t size, const fs::path& p) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      sys_fail("cannot write", p);
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
}

}  // namespace

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

std::string sha256_hex(std::string_view data) {
  EVP_MD_CTX* ctx = new_sha256();
  EVP_DigestUpdate(ctx, data.data(), data.size());
  std::string out;
  try {
    out = final_hex(ctx);
  } catch (...) {
    EVP_MD_CTX_free(ctx);
    throw;
  }
  EVP_MD_CTX_free(ctx);
  return out;
}

// ---- BlobWriter ----

BlobWriter::BlobWriter(fs::path root, std::uint64_t max_bytes) : root_(std::move(root)), max_bytes_(max_bytes) {
  unsigned char rnd[12];
  if (RAND_bytes(rnd, sizeof rnd) != 1) throw std::runtime_error("OpenSSL RAND_bytes failed");
  temp_ = root_ / "tmp" / (to_hex(rnd, sizeof rnd) + ".part");
  fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd_ < 0) sys_fail("cannot create", temp_);
  try {
    md_ = new_sha256();
  } catch (...) {
    discard();
    throw;
  }
  buffer_.reserve(kBufferBytes);
}

BlobWriter::BlobWriter(BlobWriter&& o) noexcept
    : root_(std::move(o.root_)),
      temp_(std::move(o.temp_)),
      fd_(o.fd_),
      md_(o.md_),
      max_bytes_(o.max_bytes_),
      size_(o.size_),
      buffer_(std::move(o.buffer_)),
      done_(o.done_) {
  o.fd_ = -1;
  o.md_ = nullptr;
  o.done_ = true;
}

BlobWriter::~BlobWriter() { discard(); }

void BlobWriter::discard() noexcept {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!done_ && !temp_.empty()) ::unlink(temp_.c_str());
  done_ = true;
  EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(md_));
  md_ = nullptr;
}

void BlobWriter::flush_buffer() {
  if (buffer_.empty()) return;
  // Hashing the batched bytes rather than every fragment keeps OpenSSL's per-call cost off 1-byte feeds.
  EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(md_), buffer_.data(), buffer_.size());
  write_all(fd_, buffer_.data(), buffer_.size(), temp_);
  buffer_.clear();
}

void BlobWriter::write(const char* data, std::size_t size) {
  if (done_) throw std::logic_error("BlobWriter used after commit or failure");
  if (size > max_bytes_ - size_) {
    const std::uint64_t max = max_bytes_;
    discard();
    throw BlobTooLarge(max);
  }
  size_ += size;
  try {
    if (buffer_.size() + size <= kBufferBytes) {
      buffer_.append(data, size);
      return;
    }
    flush_buffer();
    if (size >= kBufferBytes) {  // big chunk: straight through, no copy
      EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(md_), data, size);
      write_all(fd_, data, size, temp_);
    } else {
      buffer_.append(data, size);
    }
  } catch (...) {
    discard();
    throw;
  }
}

BlobRef BlobWriter::commit() {
  if (done_) throw std::logic_error("BlobWriter committed twice or after failure");
  try {
    flush_buffer();
    BlobRef ref{final_hex(static_cast<EVP_MD_CTX*>(md_)), size_};
    // Content first: the rename below must never publish a name whose data is still in the page cache.
    if (::fsync(fd_) != 0) sys_fail("cannot fsync", temp_);
    if (::close(fd_) != 0) {
      fd_ = -1;
      sys_fail("cannot close", temp_);
    }
    fd_ = -1;
    const fs::path d1 = root_ / ref.sha256.substr(0, 2);
    const fs::path d2 = d1 / ref.sha256.substr(2, 2);
    const bool new_d1 = make_dir(d1);
    const bool new_d2 = make_dir(d2);
    const fs::path final_path = d2 / ref.sha256;
    struct stat st {};
    if (::stat(final_path.c_str(), &st) == 0) {
      ::unlink(temp_.c_str());  // already stored: identical content by construction
    } else if (::rename(temp_.c_str(), final_path.c_str()) != 0) {
      sys_fail("cannot rename into", final_path);
    }
    done_ = true;
    // Fsync d2 even on dedup: the existing entry may come from a concurrent request that has renamed
    // but not yet fsynced, and our caller is about to reference it durably.
    fsync_dir(d2);
    if (new_d2) fsync_dir(d1);
    if (new_d1) fsync_dir(root_);
    discard();
    return ref;
  } catch (...) {
    discard();
    throw;
  }
}

// ---- BlobStore ----

BlobStore::BlobStore(const fs::path& data_dir) : root_(data_dir / "blobs") {
  fs::create_directories(data_dir);
  make_dir(root_);
  make_dir(root_ / "tmp");
}

BlobWriter BlobStore::writer(std::uint64_t max_bytes) { return BlobWriter(root_, max_bytes); }

fs::path BlobStore::path_of(std::string_view sha256) const {
  if (!is_sha256_hex(sha256)) throw std::invalid_argument("not a SHA-256 hex digest");
  const std::string h(sha256);
  return root_ / h.substr(0, 2) / h.substr(2, 2) / h;
}

bool BlobStore::exists(std::string_view sha256) const {
  if (!is_sha256_hex(sha256)) return false;
  std::error_code ec;
  return fs::is_regular_file(path_of(sha256), ec);
}

std::optional<std::ifstream> BlobStore::open(std::string_view sha256) const {
  if (!is_sha256_hex(sha256)) return std::nullopt;
  std::ifstream in(path_of(sha256), std::ios::binary);
  if (!in) return std::nullopt;
  return in;
}

bool BlobStore::verify(std::string_view sha256) const {
  if (!is_sha256_hex(sha256)) return false;
  const fs::path p = path_of(sha256);
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  EVP_MD_CTX* ctx = new_sha256();
  std::vector<char> buf(256 * 1024);
  bool ok = true;
  while (true) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) ok = false;
    if (n <= 0) break;
    EVP_DigestUpdate(ctx, buf.data(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  std::string got;
  try {
    got = final_hex(ctx);
  } catch (...) {
    ok = false;
  }
  EVP_MD_CTX_free(ctx);
  return ok && got == sha256;
}

std::size_t BlobStore::remove_orphan_temps(std::chrono::seconds older_than) const {
  std::size_t removed = 0;
  std::error_code ec;
  const auto cutoff = fs::file_time_type::clock::now() - older_than;
  for (const auto& e : fs::directory_iterator(root_ / "tmp", ec)) {
    std::error_code ec2;
    if (!e.is_regular_file(ec2)) continue;
    const auto t = e.last_write_time(ec2);
    if (ec2 || t > cutoff) continue;
    if (fs::remove(e.path(), ec2)) ++removed;
  }
  return removed;
}

}  // namespace motcua::storage
