#include "domain/file_type.h"

#include <gtest/gtest.h>

#include "http/upload_limits.h"

using namespace motcua::domain;

namespace {

std::string le16(unsigned v) { return {static_cast<char>(v & 0xFF), static_cast<char>(v >> 8)}; }
std::string le32(unsigned v) { return le16(v & 0xFFFF) + le16(v >> 16); }

// One zip local file header + data, stored (method 0). With `descriptor`, sizes are left 0 and flag
// bit 3 set, as streaming zip writers do.
std::string zip_entry(const std::string& name, const std::string& data, bool descriptor = false) {
  const unsigned size = descriptor ? 0 : static_cast<unsigned>(data.size());
  return std::string("PK\x03\x04") + le16(20) + le16(descriptor ? 8 : 0) + le16(0) + le16(0) + le16(0) + le32(0) +
         le32(size) + le32(size) + le16(static_cast<unsigned>(name.size())) + le16(0) + name + data;
}

const std::string kPdf = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
const std::string kExe = std::string("MZ\x90\0\x03\0\0\0\x04\0\0\0\xFF\xFF\0\0", 16) + "This program cannot be run in DOS mode";

const std::vector<std::string>& allowed() { return motcua::http::default_allowed_extensions(); }

}  // namespace

TEST(FileType, MagicBytes) {
  EXPECT_EQ(sniff_file_type(kPdf), FileType::pdf);
  EXPECT_EQ(sniff_file_type("\xFF\xD8\xFF\xE0\x00\x10JFIF"), FileType::jpeg);
  EXPECT_EQ(sniff_file_type("\x89PNG\r\n\x1A\n\0\0\0\rIHDR"), FileType::png);
  EXPECT_EQ(sniff_file_type(std::string("II*\0\x08\0\0\0", 8)), FileType::tiff);
  EXPECT_EQ(sniff_file_type(std::string("MM\0*\0\0\0\x08", 8)), FileType::tiff);
  EXPECT_EQ(sniff_file_type("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + std::string(504, '\0')), FileType::ole_office);
  EXPECT_EQ(sniff_file_type(kExe), FileType::executable);
  EXPECT_EQ(sniff_file_type("\x7F" "ELF\x02\x01\x01"), FileType::executable);
  EXPECT_EQ(sniff_file_type("#!/bin/sh\nrm -rf /\n"), FileType::executable);
  EXPECT_EQ(sniff_file_type("\xEF\xBB\xBF<?xml version=\"1.0\"?><a/>"), FileType::xml);
  EXPECT_EQ(sniff_file_type("  <!DOCTYPE html><html><script>alert(1)</script>"), FileType::html);
  EXPECT_EQ(sniff_file_type("Đơn đề nghị cấp giấy phép\r\n"), FileType::text);
  EXPECT_EQ(sniff_file_type(std::string("abc\0def", 7)), FileType::unknown);
  EXPECT_EQ(sniff_file_type("\xC3\x28 invalid utf-8"), FileType::unknown);
  EXPECT_EQ(sniff_file_type(""), FileType::unknown);
  EXPECT_EQ(sniff_file_type("%PD"), FileType::text);  // too short to be a PDF
}

TEST(FileType, ZipOfficeDocumentsByTheirEntryNames) {
  const std::string ct = zip_entry("[Content_Types].xml", "<Types/>") + zip_entry("_rels/.rels", "<Relationships/>");
  EXPECT_EQ(sniff_file_type(ct + zip_entry("word/document.xml", "<w:document/>")), FileType::docx);
  EXPECT_EQ(sniff_file_type(ct + zip_entry("xl/workbook.xml", "<workbook/>")), FileType::xlsx);
  EXPECT_EQ(sniff_file_type(ct + zip_entry("ppt/presentation.xml", "<p/>")), FileType::zip);
  // Sizes after the data: the walk stops, and [Content_Types].xml alone says "some OOXML".
  EXPECT_EQ(sniff_file_type(zip_entry("[Content_Types].xml", "<Types/>", true) + zip_entry("word/x", "")),
            FileType::zip_office);
  EXPECT_EQ(sniff_file_type(zip_entry("mimetype", "application/vnd.oasis.opendocument.text") +
                            zip_entry("content.xml", "<office/>")),
            FileType::odt);
  EXPECT_EQ(sniff_file_type(zip_entry("mimetype", "application/vnd.oasis.opendocument.spreadsheet")), FileType::zip);
  EXPECT_EQ(sniff_file_type(zip_entry("evil.exe", kExe)), FileType::zip);
  EXPECT_EQ(sniff_file_type(std::string("PK\x03\x04", 4)), FileType::zip);  // truncated header
}

TEST(FileType, ExtensionOf) {
  EXPECT_EQ(extension_of("Đơn đề nghị.PDF"), "pdf");
  EXPECT_EQ(extension_of("a.tar.gz"), "gz");
  EXPECT_EQ(extension_of("noext"), "");
  EXPECT_EQ(extension_of(".bashrc"), "");
  EXPECT_EQ(extension_of("trailing."), "");
  EXPECT_EQ(extension_of("dir.pdf/file"), "");
  EXPECT_EQ(extension_of("C:\\x.y\\scan.JPEG"), "jpeg");
}

TEST(FileType, PdfNamedFileWithExeContentIsRefused) {
  EXPECT_EQ(check_file_type("pdf", "application/pdf", sniff_file_type(kExe), allowed()), TypeVerdict::content_mismatch);
  EXPECT_EQ(check_file_type("pdf", "application/octet-stream", sniff_file_type(kExe), allowed()),
            TypeVerdict::content_mismatch);
  EXPECT_EQ(check_file_type("exe", "application/x-msdownload", sniff_file_type(kExe), allowed()),
            TypeVerdict::extension_not_allowed);
}

TEST(FileType, ExtensionDeclaredTypeAndContentMustAgree) {
  const FileType pdf = sniff_file_type(kPdf);
  EXPECT_EQ(check_file_type("pdf", "application/pdf", pdf, allowed()), TypeVerdict::ok);
  EXPECT_EQ(check_file_type("PDF", "Application/PDF", pdf, allowed()), TypeVerdict::ok);
  EXPECT_EQ(check_file_type("pdf", "", pdf, allowed()), TypeVerdict::ok);
  EXPECT_EQ(check_file_type("pdf", "application/octet-stream", pdf, allowed()), TypeVerdict::ok);
  EXPECT_EQ(check_file_type("pdf", "application/octet-stream", pdf, allowed(), false), TypeVerdict::declared_mismatch);
  EXPECT_EQ(check_file_type("pdf", "image/png", pdf, allowed()), TypeVerdict::declared_mismatch);
  EXPECT_EQ(check_file_type("png", "image/png", pdf, allowed()), TypeVerdict::content_mismatch);
  EXPECT_EQ(check_file_type("jpg", "image/jpeg", FileType::jpeg, allowed()), TypeVerdict::ok);
  EXPECT_EQ(check_file_type("docx", "", FileType::xlsx, allowed()), TypeVerdict::content_mismatch);
  EXPECT_EQ(check_file_type("docx", "", FileType::zip_office, allowed()), TypeVerdict::ok);
  EXPECT_EQ(check_file_type("docx", "", FileType::zip, allowed()), TypeVerdict::content_mismatch);
  EXPECT_EQ(check_file_type("doc", "application/msword", FileType::ole_office, allowed()), TypeVerdict::ok);
  EXPECT_EQ(check_file_type("odt", "", FileType::odt, allowed()), TypeVerdict::ok);
  // Known types that are not in the default allow-list.
  EXPECT_EQ(check_file_type("xml", "application/xml", FileType::xml, allowed()), TypeVerdict::extension_not_allowed);
  EXPECT_EQ(check_file_type("txt", "text/plain", FileType::text, allowed()), TypeVerdict::extension_not_allowed);
  EXPECT_EQ(check_file_type("txt", "text/plain", FileType::text, {"txt"}), TypeVerdict::ok);
  EXPECT_EQ(check_file_type("html", "text/html", FileType::html, {"html"}), TypeVerdict::extension_not_allowed);
  EXPECT_EQ(check_file_type("", "", pdf, allowed()), TypeVerdict::extension_not_allowed);
}

TEST(FileType, ServedTypes) {
  EXPECT_EQ(file_type_mime(FileType::pdf), "application/pdf");
  EXPECT_EQ(file_type_mime(FileType::executable), "application/octet-stream");
  EXPECT_EQ(file_type_name(FileType::zip_office), "zip-office");
  EXPECT_EQ(served_mime("xls", FileType::ole_office), "application/vnd.ms-excel");
  EXPECT_EQ(served_mime("DOCX", FileType::zip_office),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  EXPECT_EQ(served_mime("pdf", FileType::ole_office), "application/octet-stream");
  EXPECT_EQ(served_mime("pdf", FileType::pdf), "application/pdf");
}
