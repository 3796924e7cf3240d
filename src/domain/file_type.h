// What an uploaded file really is, from its first bytes (magic numbers), and whether its extension and
// declared Content-Type agree with that. Pure functions: no I/O, no limits (those are in
// http/upload_limits.h).
//
// The sniffed type is what the system trusts (it is what downloads are served as); the extension and
// declared type are the citizen's claims and must not contradict it, so a renamed .exe is refused.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::domain {

enum class FileType {
  unknown,     // none of the below
  pdf,
  jpeg,
  png,
  tiff,
  docx,        // OOXML zip with word/ entries
  xlsx,        // OOXML zip with xl/ entries
  zip_office,  // OOXML zip ([Content_Types].xml) whose word/ or xl/ entries lie beyond what we look at
  odt,         // ODF zip whose first entry "mimetype" says opendocument.text
  ole_office,  // OLE2 compound file: .doc or .xls (MSI/MSG share the container; not told apart)
  zip,         // any other zip (incl. .ods, .pptx, .jar): not an allowed attachment
  xml,
  html,        // refused by default: it would run script if ever served inline
  text,        // UTF-8 text without control characters
  executable,  // PE (MZ), ELF, Mach-O, or a #! script
};

// How many leading bytes sniff_file_type() looks at; the caller keeps that much of the stream.
inline constexpr std::size_t kSniffBytes = 64 * 1024;

FileType sniff_file_type(std::string_view head);

std::string_view file_type_name(FileType t);  // "pdf", "zip-office", …
std::string_view file_type_mime(FileType t);  // the canonical MIME type downloads are served as

// The type to serve an accepted file as: the sniffed type's, or for containers that the sniff cannot
// tell apart (zip-office, ole-office) the canonical type of the extension they were checked against.
std::string_view served_mime(std::string_view extension, FileType sniffed);

// "pdf" for "Đơn đề nghị.PDF"; "" when there is no extension.
std::string extension_of(std::string_view filename);

enum class TypeVerdict {
  ok,
  extension_not_allowed,  // not in the allow-list, or no extension
  content_mismatch,       // the bytes are not what the extension says (renamed .exe, .docx that is a .xlsx)
  declared_mismatch,      // the declared Content-Type says something else
};

// `allowed` lists lower-case extensions without dots. A generic declared type ("",
// application/octet-stream) claims nothing and passes when `accept_generic_declared` is set.
TypeVerdict check_file_type(std::string_view extension, std::string_view declared_mime, FileType sniffed,
                            const std::vector<std::string>& allowed, bool accept_generic_declared = true);

}  // namespace motcua::domain
