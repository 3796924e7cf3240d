#include "docs/pdf_canvas.h"

#include <stdexcept>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

namespace motcua::docs {

namespace {
constexpr double kPtPerMm = 72.0 / 25.4;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}
}  // namespace

PageSize page_size(domain::Paper paper, domain::Orientation orientation) {
  PageSize s = paper == domain::Paper::a4 ? PageSize{210, 297} : PageSize{148, 210};
  if (orientation == domain::Orientation::landscape) std::swap(s.width_mm, s.height_mm);
  return s;
}

struct PdfCanvas::Impl {
  std::string bytes;
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;
  PangoLayout* layout = nullptr;
  PangoFontDescription* font = nullptr;
  bool page_open = false;
};

PdfCanvas::PdfCanvas(const std::string& title) : impl_(std::make_unique<Impl>()) {
  impl_->surface = cairo_pdf_surface_create_for_stream(append, &impl_->bytes, 148 * kPtPerMm, 210 * kPtPerMm);
  if (cairo_surface_status(impl_->surface) != CAIRO_STATUS_SUCCESS) throw std::runtime_error("cannot create a PDF surface");
  cairo_pdf_surface_set_metadata(impl_->surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(impl_->surface, CAIRO_PDF_METADATA_CREATOR, "MotCua");
  impl_->cr = cairo_create(impl_->surface);
  cairo_scale(impl_->cr, kPtPerMm, kPtPerMm);
  impl_->layout = pango_cairo_create_layout(impl_->cr);
  // Unhinted metrics: the same line breaks at every zoom and in every copy of the document.
  cairo_font_options_t* fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(pango_layout_get_context(impl_->layout), fo);
  // User units are millimetres: rounding glyph positions to whole units would shift letters by up to 1 mm.
  pango_context_set_round_glyph_positions(pango_layout_get_context(impl_->layout), FALSE);
  cairo_font_options_destroy(fo);
  impl_->font = pango_font_description_from_string(kFontFamily);
  pango_layout_set_wrap(impl_->layout, PANGO_WRAP_WORD_CHAR);
}

PdfCanvas::~PdfCanvas() {
  if (impl_->font) pango_font_description_free(impl_->font);
  if (impl_->layout) g_object_unref(impl_->layout);
  if (impl_->cr) cairo_destroy(impl_->cr);
  if (impl_->surface) cairo_surface_destroy(impl_->surface);
}

void PdfCanvas::begin_page(PageSize size) {
  if (impl_->page_open) cairo_show_page(impl_->cr);
  cairo_pdf_surface_set_size(impl_->surface, size.width_mm * kPtPerMm, size.height_mm * kPtPerMm);
  size_ = size;
  impl_->page_open = true;
  ++pages_;
  cairo_set_source_rgb(impl_->cr, 0, 0, 0);
}

cairo_t* PdfCanvas::cr() const { return impl_->cr; }

double PdfCanvas::text(std::string_view markup, double x_mm, double y_mm, double width_mm, double size_pt,
                       domain::Align align, bool measure_only) {
  auto* layout = impl_->layout;
  pango_font_description_set_absolute_size(impl_->font, size_pt / kPtPerMm * PANGO_SCALE);
  pango_layout_set_font_description(layout, impl_->font);
  pango_layout_set_width(layout, static_cast<int>(width_mm * PANGO_SCALE));
  pango_layout_set_justify(layout, align == domain::Align::justify);
  pango_layout_set_alignment(layout, align == domain::Align::center  ? PANGO_ALIGN_CENTER
                                     : align == domain::Align::right ? PANGO_ALIGN_RIGHT
                                                                     : PANGO_ALIGN_LEFT);
  const std::string s(markup);
  if (!pango_parse_markup(s.c_str(), static_cast<int>(s.size()), 0, nullptr, nullptr, nullptr, nullptr))
    pango_layout_set_text(layout, s.c_str(), static_cast<int>(s.size()));
  else
    pango_layout_set_markup(layout, s.c_str(), static_cast<int>(s.size()));
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  if (!measure_only) {
    cairo_move_to(impl_->cr, x_mm, y_mm);
    pango_cairo_show_layout(impl_->cr, layout);
  }
  return static_cast<double>(h) / PANGO_SCALE;
}

void PdfCanvas::qr(const QrMatrix& m, double x_mm, double y_mm, double size_mm) {
  const double module = size_mm / (m.size + 8);  // 4-module quiet zone on each side (ISO/IEC 18004)
  auto* cr = impl_->cr;
  cairo_save(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_rectangle(cr, x_mm, y_mm, size_mm, size_mm);
  cairo_fill(cr);
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (int y = 0; y < m.size; ++y)
    for (int x = 0; x < m.size; ++x)
      if (m.at(x, y)) cairo_rectangle(cr, x_mm + (x + 4) * module, y_mm + (y + 4) * module, module, module);
  cairo_fill(cr);
  cairo_restore(cr);
}

void PdfCanvas::rect(double x_mm, double y_mm, double w_mm, double h_mm, double line_mm) {
  cairo_set_line_width(impl_->cr, line_mm);
  cairo_rectangle(impl_->cr, x_mm, y_mm, w_mm, h_mm);
  cairo_stroke(impl_->cr);
}

void PdfCanvas::line(double x1, double y1, double x2, double y2, double line_mm) {
  cairo_set_line_width(impl_->cr, line_mm);
  cairo_move_to(impl_->cr, x1, y1);
  cairo_line_to(impl_->cr, x2, y2);
  cairo_stroke(impl_->cr);
}

std::string PdfCanvas::finish() {
  if (impl_->page_open) cairo_show_page(impl_->cr);
  g_object_unref(impl_->layout);
  impl_->layout = nullptr;
  cairo_destroy(impl_->cr);
  impl_->cr = nullptr;
  cairo_surface_finish(impl_->surface);
  cairo_surface_destroy(impl_->surface);
  impl_->surface = nullptr;
  return std::move(impl_->bytes);
}

}  // namespace motcua::docs
