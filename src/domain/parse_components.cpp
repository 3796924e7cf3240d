#include "domain/parse_components.h"

#include <array>
#include <optional>

#include "domain/catalogue_text.h"

namespace motcua::domain {
namespace {

constexpr std::string_view kGroupHeader = "Tên giấy tờMẫu đơn, tờ khaiSố lượng";
constexpr std::array<std::string_view, 9> kExtensions = {".docx", ".doc", ".pdf", ".xlsx", ".xls",
                                                         ".odt",  ".rtf", ".zip", ".rar"};

struct Quantity {
  std::size_t begin = 0, end = 0;
  int originals = 0, copies = 0;
};

std::optional<int> small_int(std::string_view digits) {
  if (digits.empty() || digits.size() > 4) return std::nullopt;
  int v = 0;
  for (char c : digits) {
    if (!text::is_digit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// "<N> bản chính" optionally followed by ",<M> bản sao" at position p (p at the first digit).
std::optional<Quantity> quantity_at(std::string_view s, std::size_t p) {
  constexpr std::string_view kOrig = " bản chính", kCopy = " bản sao";
  std::size_t d = p;
  while (d < s.size() && text::is_digit(s[d])) ++d;
  auto n = small_int(s.substr(p, d - p));
  if (!n || !s.substr(d).starts_with(kOrig)) return std::nullopt;
  Quantity q{p, d + kOrig.size(), *n, 0};
  if (q.end < s.size() && s[q.end] == ',') {
    std::size_t c = q.end + 1;
    std::size_t e = c;
    while (e < s.size() && text::is_digit(s[e])) ++e;
    auto m = small_int(s.substr(c, e - c));
    if (m && s.substr(e).starts_with(kCopy)) {
      q.copies = *m;
      q.end = e + kCopy.size();
    }
  }
  return q;
}

std::vector<Quantity> find_quantities(std::string_view s) {
  std::vector<Quantity> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!text::is_digit(s[i]) || (i > 0 && text::is_digit(s[i - 1]))) continue;
    if (auto q = quantity_at(s, i)) {
      out.push_back(*q);
      i = q->end - 1;
    }
  }
  return out;
}

std::string group_heading(std::string_view t) {
  t = text::trim(t);
  if (t == "--" || t == "-") return {};
  return std::string(t);
}

DossierComponent make_component(std::string_view group, std::string_view cell, const Quantity& q,
                                std::string_view raw) {
  DossierComponent c;
  c.group = std::string(group);
  c.originals = q.originals;
  c.copies = q.copies;
  c.raw = std::string(raw);
  cell = text::trim(cell);
  c.parsed = !cell.empty();
  if (ends_with_form_file(cell)) {
    std::string name, form;
    if (split_form_template(cell, name, form)) {
      c.name = std::move(name);
      c.form_template = std::move(form);
    } else {
      c.name = std::string(cell);  // name and file glued with no sure boundary
      c.parsed = false;
    }
  } else {
    c.name = std::string(cell);
  }
  c.required = !component_is_optional(c.name);
  return c;
}

}  // namespace

bool ends_with_form_file(std::string_view cell) {
  cell = text::trim(cell);
  for (auto ext : kExtensions)
    if (text::ends_with_ci(cell, ext) && cell.size() > ext.size()) return true;
  return false;
}

bool component_is_optional(std::string_view name) { return text::contains_ci(name, "nếu có"); }

bool split_form_template(std::string_view cell, std::string& name, std::string& form) {
  cell = text::trim(cell);
  const std::size_t ext_dot = cell.rfind('.');
  if (ext_dot == std::string_view::npos || ext_dot == 0) return false;
  // The file part after a cut must be a plain file name: no '/', not too long, not empty.
  auto try_cut = [&](std::size_t cut) {
    if (cut == std::string_view::npos || cut >= ext_dot) return false;
    auto file = text::trim(cell.substr(cut));
    while (!file.empty() && (file.front() == '.' || file.front() == ',')) file = text::trim(file.substr(1));
    auto head = text::trim(cell.substr(0, cut));
    if (file.size() <= 4 || head.empty() || file.find('/') != std::string_view::npos || file.size() > 160 ||
        !ends_with_form_file(file))
      return false;
    name = std::string(head);
    form = std::string(file);
    return true;
  };
  // First the strong marks (the name ends a sentence or a parenthesis), then a plain '.'.
  std::size_t cut = std::string_view::npos;
  for (std::string_view mark : {";", ")", ":", "”", "\""}) {
    auto pos = cell.rfind(mark, ext_dot);
    if (pos != std::string_view::npos && (cut == std::string_view::npos || pos + mark.size() > cut))
      cut = pos + mark.size();
  }
  if (try_cut(cut)) return true;
  const auto dot = cell.rfind('.', ext_dot - 1);
  return dot != std::string_view::npos && try_cut(dot + 1);
}

std::vector<DossierComponent> parse_dvcqg_components(std::string_view text, bool& all_parsed) {
  std::vector<DossierComponent> out;
  all_parsed = true;
  auto t = text::trim(text);
  if (text::is_placeholder(t)) return out;
  std::size_t first = t.find(kGroupHeader);
  if (first == std::string_view::npos) {
    DossierComponent whole;
    whole.name = std::string(t);
    whole.raw = std::string(t);
    out.push_back(std::move(whole));
    all_parsed = false;
    return out;
  }
  std::string heading = group_heading(t.substr(0, first));
  std::size_t pos = first + kGroupHeader.size();
  while (pos <= t.size()) {
    std::size_t next = t.find(kGroupHeader, pos);
    auto body = t.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos);
    auto qs = find_quantities(body);
    std::size_t prev = 0;
    for (const auto& q : qs) {
      auto cell = body.substr(prev, q.begin - prev);
      out.push_back(make_component(heading, cell, q, body.substr(prev, q.end - prev)));
      if (!out.back().parsed) all_parsed = false;
      prev = q.end;
    }
    auto rest = text::trim(body.substr(prev));
    if (next == std::string_view::npos) {
      if (!rest.empty()) {  // text after the last quantity that belongs to no row
        DossierComponent tail;
        tail.group = heading;
        tail.name = std::string(rest);
        tail.raw = std::string(rest);
        out.push_back(std::move(tail));
        all_parsed = false;
      }
      break;
    }
    heading = group_heading(rest);  // the text between a group's last row and the next header
    pos = next + kGroupHeader.size();
  }
  return out;
}

DossierComponent parse_bqp_component(std::string_view name, std::string_view form, std::string_view counts) {
  DossierComponent c;
  c.name = std::string(text::trim(name));
  c.form_template = text::is_placeholder(form) ? std::string() : std::string(text::trim(form));
  c.required = !component_is_optional(c.name);
  c.raw = c.name + " | " + std::string(form) + " | " + std::string(counts);
  // "Bản chính: 1\nBản sao: 0"
  auto value_after = [&](std::string_view label) -> std::optional<int> {
    auto p = text::find_ci(counts, label);
    if (p == std::string_view::npos) return std::nullopt;
    auto rest = text::trim(counts.substr(p + label.size()));
    std::size_t d = 0;
    while (d < rest.size() && text::is_digit(rest[d])) ++d;
    return small_int(rest.substr(0, d));
  };
  auto orig = value_after("Bản chính:");
  auto copy = value_after("Bản sao:");
  if (orig) c.originals = *orig;
  if (copy) c.copies = *copy;
  c.parsed = orig.has_value() && copy.has_value() && !c.name.empty();
  return c;
}

}  // namespace motcua::domain
