// Digitised components (số hóa, TT 01/2023/TT-VPCP Điều 8): how many pages a stored file has, and a printable
// copy with the digitisation mark — who scanned it, when, page count, hash — at the top left of its first page.
// PDFs are read with poppler and redrawn page by page on the same cairo PDF surface; PNG and JPEG images become
// one page each (JPEG is embedded as it is, not re-encoded).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::docs {

// Pages of the file's bytes by its sniffed content type: a PDF's page count, 1 for an image, nullopt for
// types without pages (office documents) or a PDF poppler cannot open.
std::optional<int> count_pages(std::string_view bytes, std::string_view content_type);

// The copy with `stamp_lines` (Pango markup) boxed at the top left of page 1. Throws std::runtime_error when
// the file cannot be read as a PDF or an image.
std::string stamped_copy_pdf(std::string_view bytes, std::string_view content_type,
                             const std::vector<std::string>& stamp_lines, const std::string& title);

class PdfCanvas;

// Redraws every page of a PDF (or an image as one A4 page) onto `canvas`, calling `on_first_page` once the
// first page is drawn so the caller can mark it. Throws std::runtime_error for anything else.
void reproduce_pages(PdfCanvas& canvas, std::string_view bytes, std::string_view content_type,
                     const std::function<void(PdfCanvas&)>& on_first_page);
bool has_pages(std::string_view content_type);  // PDF, PNG or JPEG

// Paper conversion of an e-result (NĐ 45/2020 Điều 18): the result's pages (when it is a PDF or an image)
// with the QR to its verification page at the top left of page 1 (TT 01/2023), then an A4 page with the
// verification block (`block_lines`, Pango markup) and the converter's signature space.
std::string paper_copy_pdf(std::string_view bytes, std::string_view content_type, const std::string& qr_payload,
                           const std::vector<std::string>& mark_lines, const std::vector<std::string>& block_lines,
                           const std::string& title);

}  // namespace motcua::docs
