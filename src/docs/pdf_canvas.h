// A PDF built in memory with cairo, drawn in millimetres, with Pango for text: Vietnamese shapes correctly
// (stacked diacritics, NFC/NFD alike) and the text stays searchable in the PDF (pdftotext finds it).
// One PdfCanvas per document and per thread; nothing here touches the file system.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "docs/qr_code.h"
#include "domain/form_template.h"

typedef struct _cairo cairo_t;

namespace motcua::docs {

struct PageSize {
  double width_mm = 148;  // A5 portrait
  double height_mm = 210;
};
PageSize page_size(domain::Paper paper, domain::Orientation orientation);

// The font family list every document uses (Times New Roman's metric twin first, as TT 01/2011 forms
// expect Times New Roman; fonts-liberation2 is installed by scripts/install-deps.sh).
inline constexpr const char* kFontFamily = "Liberation Serif, Noto Serif, DejaVu Serif";

class PdfCanvas {
 public:
  explicit PdfCanvas(const std::string& title);
  ~PdfCanvas();
  PdfCanvas(const PdfCanvas&) = delete;
  PdfCanvas& operator=(const PdfCanvas&) = delete;

  void begin_page(PageSize size);  // ends the open page first
  cairo_t* cr() const;             // user units are millimetres
  PageSize size() const { return size_; }
  int pages() const { return pages_; }

  // Lays out Pango markup in a box `width_mm` wide at (x, y); draws it unless `measure_only`. Returns the
  // height in mm. Invalid markup is drawn as plain text, never dropped.
  double text(std::string_view markup, double x_mm, double y_mm, double width_mm, double size_pt,
              domain::Align align, bool measure_only = false);
  void qr(const QrMatrix& m, double x_mm, double y_mm, double size_mm);
  void rect(double x_mm, double y_mm, double w_mm, double h_mm, double line_mm = 0.2);
  void line(double x1, double y1, double x2, double y2, double line_mm = 0.2);

  std::string finish();  // the PDF bytes; the canvas is unusable afterwards

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  PageSize size_;
  int pages_ = 0;
};

}  // namespace motcua::docs
