#include "docs/form_pdf.h"

#include <algorithm>
#include <numeric>

#include "docs/pdf_canvas.h"

namespace motcua::docs {

namespace {

using domain::Align;
using domain::BlockKind;
using domain::FilledBlock;

struct Geometry {
  double margin_left, margin_right, margin_top, margin_bottom, qr_size;
};

Geometry geometry_for(const PageSize& s) {
  // A5: narrow margins so Mẫu 01 fits one page; A4 (the book) keeps the usual 20 mm.
  if (s.width_mm < 160 && s.height_mm < 220) return {12, 10, 10, 12, 24};
  return {15, 12, 12, 14, 26};
}

class Layout {
 public:
  Layout(PdfCanvas& canvas, const domain::FilledForm& form, const QrMatrix* qr)
      : c_(canvas), form_(form), qr_(qr),
        size_(page_size(form.form->paper, form.form->orientation)), g_(geometry_for(size_)) {}

  void copy(const std::string& label) {
    label_ = label;
    page_in_copy_ = 0;
    new_page();
    for (const auto& b : form_.blocks) block(b);
  }

 private:
  PdfCanvas& c_;
  const domain::FilledForm& form_;
  const QrMatrix* qr_;
  PageSize size_;
  Geometry g_;
  std::string label_;
  int page_in_copy_ = 0;
  double y_ = 0;

  double content_width() const { return size_.width_mm - g_.margin_left - g_.margin_right; }
  double bottom() const { return size_.height_mm - g_.margin_bottom; }
  // Blocks that start beside the QR are set to its right, so nothing prints over the code.
  double inset() const {
    return (qr_ && page_in_copy_ == 1 && y_ < qr_top() + g_.qr_size) ? qr_left() + g_.qr_size + 2 - g_.margin_left : 0;
  }
  double qr_left() const { return g_.margin_left - 5; }
  double qr_top() const { return g_.margin_top - 4; }

  void new_page() {
    c_.begin_page(size_);
    ++page_in_copy_;
    y_ = g_.margin_top;
    if (qr_ && page_in_copy_ == 1) c_.qr(*qr_, qr_left(), qr_top(), g_.qr_size);
    if (!label_.empty())
      c_.text("<i>" + label_ + "</i>", g_.margin_left, 3, content_width(), 8, Align::right);
    if (form_.form->page_numbers)
      c_.text("Trang " + std::to_string(page_in_copy_), g_.margin_left, bottom() + 4, content_width(), 9, Align::center);
  }

  void ensure(double height) {
    if (y_ + height > bottom() && y_ > g_.margin_top + 0.1) new_page();
  }

  double para(const std::string& markup, double size, Align align, double indent, bool draw) {
    const double x = g_.margin_left + inset() + indent;
    return c_.text(markup, x, y_, content_width() - inset() - indent, size, align, !draw);
  }

  void block(const FilledBlock& b) {
    if (b.kind == BlockKind::spacer) {
      y_ += b.mm;
      return;
    }
    y_ += b.space_before_mm;
    switch (b.kind) {
      case BlockKind::text:
      case BlockKind::list:
        for (const auto& line : b.lines) {
          ensure(para(line, b.size_pt, b.align, b.indent_mm, false));
          y_ += para(line, b.size_pt, b.align, b.indent_mm, true);
        }
        break;
      case BlockKind::columns:
      case BlockKind::signatures: columns(b); break;
      case BlockKind::table: table(b); break;
      case BlockKind::spacer: break;
    }
  }

  std::vector<double> widths(const FilledBlock& b, double total) const {
    const double sum = std::accumulate(b.columns.begin(), b.columns.end(), 0.0,
                                       [](double s, const domain::FormColumn& c) { return s + c.width; });
    std::vector<double> w;
    for (const auto& c : b.columns) w.push_back(total * c.width / sum);
    return w;
  }

  double column_height(const domain::FormColumn& col, const FilledBlock& b, double x, double w, bool draw) {
    double h = 0;
    for (const auto& l : col.lines) h += c_.text(l, x, y_ + h, w, b.size_pt, col.align, !draw);
    if (b.kind == BlockKind::signatures) {
      h += b.sign_space_mm;
      if (!col.name.empty()) h += c_.text("<b>" + col.name + "</b>", x, y_ + h, w, b.size_pt, col.align, !draw);
    }
    return h;
  }

  void columns(const FilledBlock& b) {
    const double total = content_width() - inset() - b.indent_mm;
    const auto w = widths(b, total);
    auto pass = [&](bool draw) {
      double x = g_.margin_left + inset() + b.indent_mm, h = 0;
      for (std::size_t i = 0; i < b.columns.size(); ++i) {
        h = std::max(h, column_height(b.columns[i], b, x, w[i], draw));
        x += w[i];
      }
      return h;
    };
    ensure(pass(false));
    y_ += pass(true);
  }

  // One row of cells; returns its height (cells padded by 1 mm, ruled).
  double row(const std::vector<std::string>& cells, const std::vector<double>& w, const FilledBlock& b, bool header,
             bool draw) {
    constexpr double pad = 1;
    double h = 0, x = g_.margin_left + b.indent_mm;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const auto text = header ? "<b>" + cells[i] + "</b>" : cells[i];
      h = std::max(h, c_.text(text, x + pad, y_ + pad, w[i] - 2 * pad, b.size_pt,
                              header ? Align::center : b.columns[i].align, !draw));
      x += w[i];
    }
    h += 2 * pad;
    if (draw) {
      x = g_.margin_left + b.indent_mm;
      for (double wi : w) {
        c_.rect(x, y_, wi, h);
        x += wi;
      }
    }
    return h;
  }

  void table(const FilledBlock& b) {
    const auto w = widths(b, content_width() - b.indent_mm);
    std::vector<std::string> head;
    for (const auto& col : b.columns) head.push_back(col.header);
    auto heading = [&] {
      ensure(row(head, w, b, true, false) + (b.rows.empty() ? 0 : row(b.rows.front(), w, b, false, false)));
      y_ += row(head, w, b, true, true);
    };
    heading();
    for (const auto& r : b.rows) {
      const double h = row(r, w, b, false, false);
      if (y_ + h > bottom()) {
        new_page();
        heading();
      }
      y_ += row(r, w, b, false, true);
    }
    for (const auto& line : b.lines) {  // the `empty` text when there are no rows
      y_ += 1;
      y_ += para("<i>" + line + "</i>", b.size_pt, Align::center, b.indent_mm, true);
    }
  }
};

}  // namespace

std::string render_form_pdf(const domain::FilledForm& form, const std::string& qr_payload, FormRenderStats* stats) {
  PdfCanvas canvas(form.form->name);
  std::optional<QrMatrix> qr;
  if (form.form->qr && !qr_payload.empty()) qr = encode_qr(qr_payload);
  Layout layout(canvas, form, qr ? &*qr : nullptr);
  if (form.copies.empty()) layout.copy("");
  for (const auto& label : form.copies) layout.copy(label);
  if (stats) stats->pages = canvas.pages();
  return canvas.finish();
}

}  // namespace motcua::docs
