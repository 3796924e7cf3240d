// Every default limit of attachment uploads, in one place (tệp đính kèm hồ sơ).
//
// The defaults are deliberately safe: an upload route that forgets to configure anything still refuses
// executables, archives, scripts and HTML, and caps what one request can write to disk. A province that
// needs more (e.g. scanned A3 drawings over 20 MiB) raises the number in its configuration, not here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace motcua::http {

inline constexpr std::uint64_t kMiB = 1024 * 1024;

// One file: a 20-page scan at 300 dpi as PDF/JPEG is ~5–15 MiB; 20 MiB leaves headroom.
inline constexpr std::uint64_t kDefaultMaxFileBytes = 20 * kMiB;
// The whole multipart body of one request, preamble, headers and all parts included.
inline constexpr std::uint64_t kDefaultMaxRequestBytes = 100 * kMiB;
// Parts (files + fields) per request: a procedure has at most a few dozen components.
inline constexpr std::size_t kDefaultMaxParts = 64;
// Header block of one part (Content-Disposition + Content-Type): long UTF-8 names fit easily.
inline constexpr std::size_t kDefaultMaxPartHeaderBytes = 8 * 1024;
// A non-file field (e.g. a JSON description of the dossier) is held in memory, so it is small.
inline constexpr std::size_t kDefaultMaxFieldBytes = 64 * 1024;
// Original file names are stored and shown; longer ones are cut (keeping the extension).
inline constexpr std::size_t kDefaultMaxFilenameBytes = 200;

// Extensions accepted by default (lower case, no dot). Each must also match the sniffed content and
// the declared Content-Type (domain/file_type.h), so a renamed .exe is refused whatever it is called.
inline const std::vector<std::string>& default_allowed_extensions() {
  static const std::vector<std::string> v{"pdf", "jpg", "jpeg", "png", "tif", "tiff",
                                          "doc", "docx", "xls", "xlsx", "odt"};
  return v;
}

// "20 MB" / "512 KB" / "300 byte": a limit as error messages show it (same text in vi and en).
inline std::string size_label(std::uint64_t bytes) {
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MB";
  if (bytes >= 1024 && bytes % 1024 == 0) return std::to_string(bytes / 1024) + " KB";
  return std::to_string(bytes) + " byte";
}

struct UploadLimits {
  std::uint64_t max_request_bytes = kDefaultMaxRequestBytes;
  std::size_t max_parts = kDefaultMaxParts;
  std::size_t max_part_header_bytes = kDefaultMaxPartHeaderBytes;
  std::uint64_t max_file_bytes = kDefaultMaxFileBytes;
  std::size_t max_field_bytes = kDefaultMaxFieldBytes;
  std::size_t max_filename_bytes = kDefaultMaxFilenameBytes;
  std::vector<std::string> allowed_extensions = default_allowed_extensions();
  // Browsers send application/octet-stream (or nothing) when the OS has no type for an extension,
  // e.g. .docx on a machine without Office. That claims nothing, so it is accepted; the extension and
  // the sniffed bytes must still agree. Set false to demand an exact declared type.
  bool accept_generic_declared_type = true;
};

}  // namespace motcua::http
