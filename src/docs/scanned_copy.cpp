#include "docs/scanned_copy.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <stdexcept>

#include <cairo-pdf.h>
#include <cairo.h>
#include <poppler.h>

#include "docs/pdf_canvas.h"
#include "docs/qr_code.h"

namespace motcua::docs {

namespace {

constexpr double kMmPerPt = 25.4 / 72.0;

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// poppler builds its GlobalParams (font and encoding tables, ~4 M instructions) when the first document is
// opened and frees them when the last one closes, so counting one upload's pages paid for it every time
// (callgrind: 4.1 of 4.4 M instructions per page count). One tiny document kept open for the life of the
// process keeps them loaded.
void keep_poppler_initialised() {
  static std::once_flag once;
  std::call_once(once, [] {
    auto* pdf = new std::string;  // lives as long as the document, i.e. the process
    cairo_surface_t* s = cairo_pdf_surface_create_for_stream(append_to_string, pdf, 10, 10);
    cairo_t* cr = cairo_create(s);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    GBytes* bytes = g_bytes_new_static(pdf->data(), pdf->size());
    GError* err = nullptr;
    PopplerDocument* keep = poppler_document_new_from_bytes(bytes, nullptr, &err);
    if (err) g_error_free(err);
    g_bytes_unref(bytes);  // the document holds its own reference
    (void)keep;            // never released
  });
}

struct PopplerDoc {
  GBytes* bytes = nullptr;
  PopplerDocument* doc = nullptr;
  explicit PopplerDoc(std::string_view data) {
    keep_poppler_initialised();
    bytes = g_bytes_new(data.data(), data.size());
    GError* err = nullptr;
    doc = poppler_document_new_from_bytes(bytes, nullptr, &err);
    if (err) g_error_free(err);
  }
  ~PopplerDoc() {
    if (doc) g_object_unref(doc);
    g_bytes_unref(bytes);
  }
};

bool is_pdf(std::string_view t) { return t == "application/pdf"; }
bool is_png(std::string_view t) { return t == "image/png"; }
bool is_jpeg(std::string_view t) { return t == "image/jpeg"; }

// Width and height from a JPEG's SOF marker (the only header cairo's PDF backend needs to embed it as is).
std::optional<std::pair<int, int>> jpeg_size(std::string_view b) {
  std::size_t i = 2;
  while (i + 9 < b.size()) {
    if (static_cast<unsigned char>(b[i]) != 0xFF) return std::nullopt;
    const auto marker = static_cast<unsigned char>(b[i + 1]);
    const std::size_t len = (static_cast<unsigned char>(b[i + 2]) << 8) | static_cast<unsigned char>(b[i + 3]);
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
      const int h = (static_cast<unsigned char>(b[i + 5]) << 8) | static_cast<unsigned char>(b[i + 6]);
      const int w = (static_cast<unsigned char>(b[i + 7]) << 8) | static_cast<unsigned char>(b[i + 8]);
      if (w > 0 && h > 0) return std::make_pair(w, h);
      return std::nullopt;
    }
    i += 2 + len;
  }
  return std::nullopt;
}

struct Reader {
  std::string_view data;
  std::size_t pos = 0;
};
cairo_status_t read_png(void* closure, unsigned char* out, unsigned int length) {
  auto* r = static_cast<Reader*>(closure);
  if (r->pos + length > r->data.size()) return CAIRO_STATUS_READ_ERROR;
  std::memcpy(out, r->data.data() + r->pos, length);
  r->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

// An image surface for the file (PNG decoded; JPEG as a blank surface carrying the JPEG bytes for the PDF).
cairo_surface_t* image_surface(std::string_view bytes, std::string_view type) {
  if (is_png(type)) {
    Reader r{bytes};
    auto* s = cairo_image_surface_create_from_png_stream(read_png, &r);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
      cairo_surface_destroy(s);
      throw std::runtime_error("the PNG cannot be read");
    }
    return s;
  }
  const auto size = jpeg_size(bytes);
  if (!size) throw std::runtime_error("the JPEG has no readable size");
  auto* s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, size->first, size->second);
  auto* copy = new std::string(bytes);
  cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, reinterpret_cast<const unsigned char*>(copy->data()),
                              copy->size(), [](void* p) { delete static_cast<std::string*>(p); }, copy);
  return s;
}

void draw_stamp(PdfCanvas& c, double x, const std::vector<std::string>& lines) {
  constexpr double y = 5, w = 78, pad = 1.5, size = 7.5;
  double h = 0;
  for (const auto& l : lines) h += c.text(l, x + pad, 0, w - 2 * pad, size, domain::Align::left, true);
  cairo_t* cr = c.cr();
  cairo_save(cr);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.92);  // readable over the scan, which stays visible beneath
  cairo_rectangle(cr, x, y, w, h + 2 * pad);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0.75, 0, 0);
  c.rect(x, y, w, h + 2 * pad, 0.35);
  double yy = y + pad;
  for (const auto& l : lines) yy += c.text(l, x + pad, yy, w - 2 * pad, size, domain::Align::left);
  cairo_restore(cr);
}

}  // namespace

std::optional<int> count_pages(std::string_view bytes, std::string_view content_type) {
  if (is_png(content_type) || is_jpeg(content_type)) return 1;
  if (!is_pdf(content_type)) return std::nullopt;
  PopplerDoc d(bytes);
  if (!d.doc) return std::nullopt;
  const int n = poppler_document_get_n_pages(d.doc);
  return n > 0 ? std::optional<int>(n) : std::nullopt;
}

bool has_pages(std::string_view t) { return is_pdf(t) || is_png(t) || is_jpeg(t); }

void reproduce_pages(PdfCanvas& c, std::string_view bytes, std::string_view content_type,
                     const std::function<void(PdfCanvas&)>& on_first_page) {
  if (is_pdf(content_type)) {
    PopplerDoc d(bytes);
    if (!d.doc) throw std::runtime_error("the PDF cannot be read");
    const int n = poppler_document_get_n_pages(d.doc);
    if (n == 0) throw std::runtime_error("the PDF has no pages");
    for (int i = 0; i < n; ++i) {
      std::unique_ptr<PopplerPage, decltype(&g_object_unref)> page(poppler_document_get_page(d.doc, i), &g_object_unref);
      double w = 0, h = 0;
      poppler_page_get_size(page.get(), &w, &h);
      c.begin_page({w * kMmPerPt, h * kMmPerPt});
      cairo_save(c.cr());
      cairo_scale(c.cr(), kMmPerPt, kMmPerPt);
      poppler_page_render_for_printing(page.get(), c.cr());
      cairo_restore(c.cr());
      if (i == 0) on_first_page(c);
    }
  } else if (is_png(content_type) || is_jpeg(content_type)) {
    cairo_surface_t* img = image_surface(bytes, content_type);
    const double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
    // On A4 in the image's orientation, fitted inside 10 mm margins.
    const PageSize page = iw > ih ? PageSize{297, 210} : PageSize{210, 297};
    const double scale = std::min((page.width_mm - 20) / iw, (page.height_mm - 20) / ih);
    c.begin_page(page);
    cairo_save(c.cr());
    cairo_translate(c.cr(), (page.width_mm - iw * scale) / 2, (page.height_mm - ih * scale) / 2);
    cairo_scale(c.cr(), scale, scale);
    cairo_set_source_surface(c.cr(), img, 0, 0);
    cairo_paint(c.cr());
    cairo_restore(c.cr());
    cairo_surface_destroy(img);
    on_first_page(c);
  } else {
    throw std::runtime_error("only PDF, PNG and JPEG files have pages to reproduce");
  }
}

std::string stamped_copy_pdf(std::string_view bytes, std::string_view content_type,
                             const std::vector<std::string>& stamp_lines, const std::string& title) {
  PdfCanvas c(title);
  reproduce_pages(c, bytes, content_type, [&](PdfCanvas& cc) { draw_stamp(cc, 5, stamp_lines); });
  return c.finish();
}

std::string paper_copy_pdf(std::string_view bytes, std::string_view content_type, const std::string& qr_payload,
                           const std::vector<std::string>& mark_lines, const std::vector<std::string>& block_lines,
                           const std::string& title) {
  PdfCanvas c(title);
  const auto qr = encode_qr(qr_payload);
  constexpr double qr_size = 24;
  if (has_pages(content_type))
    reproduce_pages(c, bytes, content_type, [&](PdfCanvas& cc) {
      cc.qr(qr, 5, 5, qr_size);
      draw_stamp(cc, 5 + qr_size + 1, mark_lines);
    });
  // The verification block: what the paper certifies and where anyone checks it.
  c.begin_page({210, 297});
  c.qr(qr, 15, 12, 30);
  double y = 14;
  y += c.text("<b>BẢN CHUYỂN ĐỔI TỪ KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH ĐIỆN TỬ</b>", 50, y, 145, 12,
              domain::Align::left);
  y += c.text("<i>(Nghị định số 45/2020/NĐ-CP, Điều 18)</i>", 50, y + 1, 145, 10, domain::Align::left) + 1;
  y = std::max(y, 46.0) + 4;
  for (const auto& l : block_lines) y += c.text(l, 15, y, 180, 11, domain::Align::left) + 1.2;
  y += 8;
  c.text("<b>NGƯỜI CHUYỂN ĐỔI</b>\n<i>(Ký, ghi rõ họ tên)</i>", 110, y, 85, 11, domain::Align::center);
  return c.finish();
}

}  // namespace motcua::docs
