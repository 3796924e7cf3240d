// A content-addressed file store for attachments: <data_dir>/blobs/<aa>/<bb>/<sha256>.
//
// A file is written to blobs/tmp/ while its SHA-256 is computed, then fsynced and renamed into place,
// and the directory is fsynced, all before commit() returns. So a final path only ever holds complete,
// durable content, and a crash at any moment leaves either nothing or a temp file (swept by
// remove_orphan_temps). Identical content is stored once.
//
// Visibility is decided by the database, not by the store: commit the blobs first, then the rows that
// reference them, then answer 201. A blob whose rows never committed (failed or killed request) is an
// unreferenced orphan: harmless, since nothing names it. A future garbage collector may delete blobs
// that no row references, but only ones older than the longest request, or it would race a request
// between blob commit and row commit.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace motcua::storage {

struct BlobRef {
  std::string sha256;  // 64 lower-case hex digits
  std::uint64_t size = 0;
};

// Thrown by BlobWriter::write when the data passes its max size (the temp file is removed).
class BlobTooLarge : public std::runtime_error {
 public:
  explicit BlobTooLarge(std::uint64_t max) : std::runtime_error("blob larger than the limit"), max_bytes(max) {}
  std::uint64_t max_bytes;
};

bool is_sha256_hex(std::string_view s);

class BlobWriter {
 public:
  BlobWriter(BlobWriter&& other) noexcept;
  BlobWriter& operator=(BlobWriter&&) = delete;
  BlobWriter(const BlobWriter&) = delete;
  ~BlobWriter();  // without commit(): closes and removes the temp file

  void write(const char* data, std::size_t size);
  void write(std::string_view s) { write(s.data(), s.size()); }
  std::uint64_t size() const { return size_; }

  // Durably stores the content under its hash (see the file comment) and returns it. Once only.
  BlobRef commit();

 private:
  friend class BlobStore;
  BlobWriter(std::filesystem::path root, std::uint64_t max_bytes);
  void flush_buffer();
  void discard() noexcept;

  std::filesystem::path root_;  // <data_dir>/blobs
  std::filesystem::path temp_;
  int fd_ = -1;
  void* md_ = nullptr;  // EVP_MD_CTX*, kept opaque so this header needs no OpenSSL
  std::uint64_t max_bytes_;
  std::uint64_t size_ = 0;
  std::string buffer_;  // small writes (a parser's fragments) are batched into 64 KiB syscalls
  bool done_ = false;
};

class BlobStore {
 public:
  // Creates <data_dir>/blobs and blobs/tmp if missing.
  explicit BlobStore(const std::filesystem::path& data_dir);

  BlobWriter writer(std::uint64_t max_bytes);

  bool exists(std::string_view sha256) const;
  // Opened in binary mode, or nullopt when absent or not a valid hash.
  std::optional<std::ifstream> open(std::string_view sha256) const;
  // Where the blob lives (for serving with a file body). Throws std::invalid_argument for a bad hash.
  std::filesystem::path path_of(std::string_view sha256) const;
  // Re-hashes the stored file: true only if it exists and its content still has this hash.
  bool verify(std::string_view sha256) const;

  // Removes temp files not modified for `older_than` (left by a crash or a killed process). Safe at
  // start-up with 0s when one process owns the data directory; while serving, pass more than the
  // longest upload may stall, or an in-flight upload loses its temp file (and fails cleanly).
  // Returns how many were removed.
  std::size_t remove_orphan_temps(std::chrono::seconds older_than) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// SHA-256 of bytes in memory, lower-case hex (OpenSSL).
std::string sha256_hex(std::string_view data);

}  // namespace motcua::storage
