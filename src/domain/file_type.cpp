#include "domain/file_type.h"

#include <algorithm>
#include <cstdint>
#include <initializer_list>

namespace motcua::domain {

namespace {

bool starts(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::uint32_t le16(std::string_view s, std::size_t at) {
  return static_cast<unsigned char>(s[at]) | static_cast<unsigned char>(s[at + 1]) << 8;
}
std::uint32_t le32(std::string_view s, std::size_t at) { return le16(s, at) | le16(s, at + 2) << 16; }

// Walks the zip local file headers that lie inside `head`. Office writers put the part names early
// ([Content_Types].xml first, then _rels/, then word/ or xl/), so a few headers usually settle it. A
// header with a data descriptor and no sizes (flag bit 3) cannot be skipped without inflating; then
// the decision rests on what was seen so far. The central directory (at the end) is never available
// to a streaming sniff.
FileType sniff_zip(std::string_view head) {
  bool ooxml = false;
  std::size_t at = 0;
  for (int entry = 0; at + 30 <= head.size() && head.compare(at, 4, "PK\x03\x04") == 0; ++entry) {
    const std::uint32_t flags = le16(head, at + 6), method = le16(head, at + 8);
    const std::uint32_t csize = le32(head, at + 18);
    const std::uint32_t name_len = le16(head, at + 26), extra_len = le16(head, at + 28);
    if (at + 30 + name_len > head.size()) break;
    const std::string_view name = head.substr(at + 30, name_len);
    const std::size_t data_at = at + 30 + name_len + extra_len;
    // ODF (ISO 26300 §17.4): the first entry is "mimetype", stored, holding the media type.
    if (entry == 0 && name == "mimetype" && method == 0) {
      const std::string_view mt = data_at <= head.size() ? head.substr(data_at, csize) : std::string_view{};
      return mt == "application/vnd.oasis.opendocument.text" ? FileType::odt : FileType::zip;
    }
    if (name == "[Content_Types].xml") ooxml = true;
    if (starts(name, "word/")) return FileType::docx;
    if (starts(name, "xl/")) return FileType::xlsx;
    if (starts(name, "ppt/")) return FileType::zip;
    if ((flags & 0x8) != 0 && csize == 0) break;  // sizes follow the data: cannot skip it
    if (csize == 0xFFFFFFFFu) break;              // zip64: not worth parsing here
    at = data_at + csize;
  }
  return ooxml ? FileType::zip_office : FileType::zip;
}

// UTF-8 without NUL and without C0 controls other than TAB, LF, CR, FF. A sequence cut by the end of
// the sniff window is fine.
bool is_text(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F) return false;
      ++i;
      continue;
    }
    const std::size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if (i + k >= s.size()) return true;  // truncated by the window
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

struct ExtensionRule {
  std::string_view ext;
  std::initializer_list<FileType> types;
  std::initializer_list<std::string_view> mimes;  // the canonical one first, then aliases seen in the wild
};

constexpr std::string_view kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
constexpr std::string_view kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

const ExtensionRule* rule_for(std::string_view ext) {
  static const ExtensionRule rules[] = {
      {"pdf", {FileType::pdf}, {"application/pdf", "application/x-pdf"}},
      {"jpg", {FileType::jpeg}, {"image/jpeg", "image/pjpeg", "image/jpg"}},
      {"jpeg", {FileType::jpeg}, {"image/jpeg", "image/pjpeg", "image/jpg"}},
      {"png", {FileType::png}, {"image/png", "image/x-png"}},
      {"tif", {FileType::tiff}, {"image/tiff", "image/x-tiff"}},
      {"tiff", {FileType::tiff}, {"image/tiff", "image/x-tiff"}},
      {"doc", {FileType::ole_office}, {"application/msword"}},
      {"xls", {FileType::ole_office}, {"application/vnd.ms-excel"}},
      {"docx", {FileType::docx, FileType::zip_office}, {kDocx}},
      {"xlsx", {FileType::xlsx, FileType::zip_office}, {kXlsx}},
      {"odt", {FileType::odt}, {"application/vnd.oasis.opendocument.text"}},
      {"xml", {FileType::xml}, {"application/xml", "text/xml"}},
      {"txt", {FileType::text}, {"text/plain"}},
  };
  for (const auto& r : rules)
    if (r.ext == ext) return &r;
  return nullptr;
}

}  // namespace

FileType sniff_file_type(std::string_view head) {
  head = head.substr(0, kSniffBytes);
  if (starts(head, "%PDF-")) return FileType::pdf;
  if (starts(head, "\xFF\xD8\xFF")) return FileType::jpeg;
  if (starts(head, "\x89PNG\r\n\x1A\n")) return FileType::png;
  if (starts(head, std::string_view("II*\0", 4)) || starts(head, std::string_view("MM\0*", 4))) return FileType::tiff;
  if (starts(head, "PK\x03\x04")) return sniff_zip(head);
  if (starts(head, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return FileType::ole_office;
  if (starts(head, "MZ") || starts(head, "\x7F" "ELF") || starts(head, "#!") || starts(head, "\xCF\xFA\xED\xFE") ||
      starts(head, "\xCE\xFA\xED\xFE") || starts(head, "\xCA\xFE\xBA\xBE"))
    return FileType::executable;
  if (head.empty() || !is_text(head)) return FileType::unknown;
  std::string_view t = head;
  if (starts(t, "\xEF\xBB\xBF")) t.remove_prefix(3);
  while (!t.empty() && (t[0] == ' ' || t[0] == '\t' || t[0] == '\r' || t[0] == '\n')) t.remove_prefix(1);
  const std::string start = lower(t.substr(0, 64));
  if (starts(start, "<!doctype html") || starts(start, "<html") || starts(start, "<script") ||
      starts(start, "<svg") || starts(start, "<body") || starts(start, "<head"))
    return FileType::html;
  if (starts(start, "<?xml")) return FileType::xml;
  return FileType::text;
}

std::string_view file_type_name(FileType t) {
  switch (t) {
    case FileType::unknown: return "unknown";
    case FileType::pdf: return "pdf";
    case FileType::jpeg: return "jpeg";
    case FileType::png: return "png";
    case FileType::tiff: return "tiff";
    case FileType::docx: return "docx";
    case FileType::xlsx: return "xlsx";
    case FileType::zip_office: return "zip-office";
    case FileType::odt: return "odt";
    case FileType::ole_office: return "ole-office";
    case FileType::zip: return "zip";
    case FileType::xml: return "xml";
    case FileType::html: return "html";
    case FileType::text: return "text";
    case FileType::executable: return "executable";
  }
  return "unknown";
}

std::string_view file_type_mime(FileType t) {
  switch (t) {
    case FileType::pdf: return "application/pdf";
    case FileType::jpeg: return "image/jpeg";
    case FileType::png: return "image/png";
    case FileType::tiff: return "image/tiff";
    case FileType::docx: return kDocx;
    case FileType::xlsx: return kXlsx;
    case FileType::odt: return "application/vnd.oasis.opendocument.text";
    case FileType::xml: return "application/xml";
    case FileType::text: return "text/plain";
    // zip-office and ole-office are served by their extension's type (the extension check tied them).
    default: return "application/octet-stream";
  }
}

std::string_view served_mime(std::string_view extension, FileType sniffed) {
  if (sniffed == FileType::zip_office || sniffed == FileType::ole_office) {
    const ExtensionRule* rule = rule_for(lower(extension));
    if (rule && std::find(rule->types.begin(), rule->types.end(), sniffed) != rule->types.end())
      return *rule->mimes.begin();
  }
  return file_type_mime(sniffed);
}

std::string extension_of(std::string_view filename) {
  const std::size_t slash = filename.find_last_of("/\\");
  if (slash != std::string_view::npos) filename.remove_prefix(slash + 1);
  const std::size_t dot = filename.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == filename.size()) return "";
  return lower(filename.substr(dot + 1));
}

TypeVerdict check_file_type(std::string_view extension, std::string_view declared_mime, FileType sniffed,
                            const std::vector<std::string>& allowed, bool accept_generic_declared) {
  const std::string ext = lower(extension);
  const ExtensionRule* rule = rule_for(ext);
  if (ext.empty() || !rule || std::find(allowed.begin(), allowed.end(), ext) == allowed.end())
    return TypeVerdict::extension_not_allowed;
  if (std::find(rule->types.begin(), rule->types.end(), sniffed) == rule->types.end())
    return TypeVerdict::content_mismatch;
  const std::string declared = lower(declared_mime);
  const bool generic = declared.empty() || declared == "application/octet-stream";
  if (generic && accept_generic_declared) return TypeVerdict::ok;
  if (std::find(rule->mimes.begin(), rule->mimes.end(), declared) == rule->mimes.end())
    return TypeVerdict::declared_mismatch;
  return TypeVerdict::ok;
}

}  // namespace motcua::domain
