#include "domain/form_template.h"

#include <algorithm>
#include <array>
#include <set>

#include <boost/json.hpp>

#include "domain/code_table.h"
#include "domain/rule_set.h"
#include "domain/vn_fold.h"

namespace motcua::domain {

namespace json = boost::json;
using rule_data::Problems;

namespace {

constexpr std::array<std::pair<BlockKind, std::string_view>, 6> kKinds{{{BlockKind::text, "text"},
                                                                        {BlockKind::columns, "columns"},
                                                                        {BlockKind::list, "list"},
                                                                        {BlockKind::table, "table"},
                                                                        {BlockKind::signatures, "signatures"},
                                                                        {BlockKind::spacer, "spacer"}}};
constexpr std::array<std::pair<Align, std::string_view>, 4> kAligns{
    {{Align::left, "left"}, {Align::center, "center"}, {Align::right, "right"}, {Align::justify, "justify"}}};

// The placeholders of a text, or problems for unbalanced braces. "{{" and "}}" are literal braces.
std::vector<std::string> placeholders(std::string_view text, const Problems& p) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      ++i;
    } else if (text[i] == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      ++i;
    } else if (text[i] == '{') {
      const auto end = text.find('}', i);
      if (end == std::string_view::npos) {
        p.add("unclosed \"{\" (write {{ for a literal brace)");
        return out;
      }
      out.emplace_back(text.substr(i + 1, end - i - 1));
      i = end;
    } else if (text[i] == '}') {
      p.add("stray \"}\" (write }} for a literal brace)");
    }
  }
  return out;
}

struct Checker {
  const FormVocabulary& vocab;
  bool known_field(const std::string& f) const {
    return std::find(vocab.fields.begin(), vocab.fields.end(), f) != vocab.fields.end();
  }
  // `list` names the list whose items {item.*} may refer to ("" = none).
  void text(std::string_view t, const std::string& list, const Problems& p) const {
    for (const auto& name : placeholders(t, p)) {
      if (name.rfind("item.", 0) == 0) {
        const auto it = vocab.lists.find(list);
        const auto key = name.substr(5);
        if (list.empty() || it == vocab.lists.end())
          p.add("{" + name + "} is only allowed inside a list or table block");
        else if (std::find(it->second.begin(), it->second.end(), key) == it->second.end())
          p.add("unknown item field {" + name + "} of list \"" + list + "\"");
      } else if (!known_field(name)) {
        p.add("unknown field {" + name + "}");
      }
    }
  }
  bool condition(const std::string& name) const { return known_field(name) || vocab.lists.count(name) > 0; }
};

std::optional<double> read_number(const json::object& o, std::string_view key, double min, double max,
                                  const Problems& p) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  double d = 0;
  if (v->is_int64()) d = static_cast<double>(v->get_int64());
  else if (v->is_double()) d = v->get_double();
  else {
    p.at(key).add("must be a number");
    return std::nullopt;
  }
  if (d < min || d > max) {
    p.at(key).add("must be from " + std::to_string(static_cast<int>(min)) + " to " + std::to_string(static_cast<int>(max)));
    return std::nullopt;
  }
  return d;
}

std::string opt_string(const json::object& o, std::string_view key, const Problems& p) {
  const auto* v = o.if_contains(key);
  if (!v) return "";
  return rule_data::read_string(*v, p.at(key), true).value_or("");
}

std::vector<std::string> string_list(const json::value& v, const Problems& p) {
  std::vector<std::string> out;
  if (!v.is_array()) {
    p.add("must be a list of strings");
    return out;
  }
  for (std::size_t i = 0; i < v.get_array().size(); ++i)
    if (auto s = rule_data::read_string(v.get_array()[i], p.at("[" + std::to_string(i) + "]"), true)) out.push_back(*s);
  return out;
}

Align read_align(const json::object& o, Align fallback, const Problems& p) {
  const auto s = opt_string(o, "align", p);
  if (s.empty()) return fallback;
  if (auto a = value_of(kAligns, s)) return *a;
  p.at("align").add("must be left, center, right or justify");
  return fallback;
}

FormColumn read_column(const json::value& v, BlockKind kind, const std::string& list, const Checker& check,
                       const Problems& p) {
  FormColumn c;
  const auto* o = rule_data::as_object(v, p);
  if (!o) return c;
  if (kind == BlockKind::table) {
    rule_data::check_keys(*o, {"header", "cell"}, {"width", "align"}, p);
    c.header = opt_string(*o, "header", p);
    c.cell = opt_string(*o, "cell", p);
    check.text(c.header, "", p.at("header"));
    check.text(c.cell, list, p.at("cell"));
  } else {
    rule_data::check_keys(*o, {"lines"}, kind == BlockKind::signatures ? std::vector<std::string_view>{"name", "width", "align"}
                                                                       : std::vector<std::string_view>{"width", "align"},
                          p);
    if (const auto* l = o->if_contains("lines")) c.lines = string_list(*l, p.at("lines"));
    for (std::size_t i = 0; i < c.lines.size(); ++i) check.text(c.lines[i], "", p.at("lines[" + std::to_string(i) + "]"));
    c.name = opt_string(*o, "name", p);
    check.text(c.name, "", p.at("name"));
  }
  c.width = read_number(*o, "width", 1, 1000, p).value_or(1);
  c.align = read_align(*o, kind == BlockKind::table ? Align::left : Align::center, p);
  return c;
}

FormBlock read_block(const json::value& v, const Checker& check, const Problems& p) {
  FormBlock b;
  const auto* o = rule_data::as_object(v, p);
  if (!o) return b;
  const auto kind_name = opt_string(*o, "type", p);
  const auto kind = value_of(kKinds, kind_name);
  if (!kind) {
    p.at("type").add("must be one of text, columns, list, table, signatures, spacer");
    return b;
  }
  b.kind = *kind;
  static const std::vector<std::string_view> common{"type", "when", "space_before_mm", "size_pt", "indent_mm", "align"};
  auto allowed = common;
  std::vector<std::string_view> required;
  switch (b.kind) {
    case BlockKind::text: required = {"text"}; break;
    case BlockKind::columns: required = {"columns"}; break;
    case BlockKind::list: required = {"list", "text"}; allowed.push_back("empty"); break;
    case BlockKind::table: required = {"list", "columns"}; allowed.push_back("empty"); break;
    case BlockKind::signatures: required = {"columns"}; allowed.push_back("sign_space_mm"); break;
    case BlockKind::spacer: required = {"mm"}; allowed = {"type", "when"}; break;
  }
  rule_data::check_keys(*o, required, allowed, p);
  b.when = opt_string(*o, "when", p);
  if (!b.when.empty() && !check.condition(b.when)) p.at("when").add("unknown field or list \"" + b.when + "\"");
  b.list = opt_string(*o, "list", p);
  if ((b.kind == BlockKind::list || b.kind == BlockKind::table) && !check.vocab.lists.count(b.list))
    p.at("list").add("unknown list \"" + b.list + "\"");
  b.text = opt_string(*o, "text", p);
  check.text(b.text, b.kind == BlockKind::list ? b.list : "", p.at("text"));
  b.empty = opt_string(*o, "empty", p);
  check.text(b.empty, "", p.at("empty"));
  b.align = read_align(*o, Align::left, p);
  b.size_pt = read_number(*o, "size_pt", 5, 30, p).value_or(0);
  b.space_before_mm = read_number(*o, "space_before_mm", 0, 100, p).value_or(1);
  b.indent_mm = read_number(*o, "indent_mm", 0, 100, p).value_or(0);
  b.sign_space_mm = read_number(*o, "sign_space_mm", 0, 100, p).value_or(18);
  b.mm = read_number(*o, "mm", 0, 200, p).value_or(0);
  if (const auto* cols = o->if_contains("columns")) {
    if (!cols->is_array() || cols->get_array().empty()) {
      p.at("columns").add("must be a non-empty list");
    } else {
      for (std::size_t i = 0; i < cols->get_array().size(); ++i)
        b.columns.push_back(read_column(cols->get_array()[i], b.kind, b.list, check,
                                        p.at("columns[" + std::to_string(i) + "]")));
    }
  }
  return b;
}

}  // namespace

FormTemplate parse_form_template(std::string_view json_text, const FormVocabulary& vocabulary) {
  std::vector<std::string> problems;
  const Problems root(problems, "form");
  boost::system::error_code ec;
  const auto v = json::parse(json_text, ec);
  if (ec) throw FormTemplateError("form: not valid JSON: " + ec.message());
  FormTemplate t;
  const auto* o = rule_data::as_object(v, root);
  if (!o) throw FormTemplateError("form: must be a JSON object");
  rule_data::check_keys(*o, {"id", "form_set", "name", "source", "tag", "paper", "blocks"},
                        {"orientation", "base_size_pt", "applies_when", "copies", "qr", "page_numbers", "qr_due", "audience", "scope", "about"}, root);
  t.id = opt_string(*o, "id", root);
  t.form_set = opt_string(*o, "form_set", root);
  t.name = to_nfc(opt_string(*o, "name", root));
  t.source = opt_string(*o, "source", root);
  t.tag = opt_string(*o, "tag", root);
  if (t.id.empty()) root.at("id").add("must be a non-empty string");
  if (t.name.empty()) root.at("name").add("must be a non-empty string");
  if (t.tag != "C" && t.tag != "S" && t.tag != "R") root.at("tag").add("must be C, S or R");
  const auto paper = opt_string(*o, "paper", root);
  if (paper == "A5") t.paper = Paper::a5;
  else if (paper == "A4") t.paper = Paper::a4;
  else root.at("paper").add("must be A5 or A4 (TT 01/2018/TT-VPCP Điều 9.2: forms on A5, the book on A4)");
  const auto orientation = opt_string(*o, "orientation", root);
  if (orientation == "landscape") t.orientation = Orientation::landscape;
  else if (!orientation.empty() && orientation != "portrait") root.at("orientation").add("must be portrait or landscape");
  t.base_size_pt = read_number(*o, "base_size_pt", 6, 20, root).value_or(11);
  const Checker check{vocabulary};
  t.applies_when = opt_string(*o, "applies_when", root);
  if (!t.applies_when.empty() && !check.condition(t.applies_when))
    root.at("applies_when").add("unknown field or list \"" + t.applies_when + "\"");
  if (const auto* c = o->if_contains("copies")) t.copies = string_list(*c, root.at("copies"));
  for (std::size_t i = 0; i < t.copies.size(); ++i) check.text(t.copies[i], "", root.at("copies[" + std::to_string(i) + "]"));
  const auto audience = opt_string(*o, "audience", root);
  if (audience == "officials") t.officials_only = true;
  else if (!audience.empty() && audience != "applicant") root.at("audience").add("must be applicant or officials");
  const auto scope = opt_string(*o, "scope", root);
  if (scope == "book") t.book = true;
  else if (!scope.empty() && scope != "dossier") root.at("scope").add("must be dossier or book");
  if (t.book && !t.applies_when.empty()) root.at("applies_when").add("a book is not printed per dossier");
  for (auto [key, flag] : {std::pair<std::string_view, bool*>{"qr", &t.qr}, {"page_numbers", &t.page_numbers},
                           {"qr_due", &t.qr_due}}) {
    if (const auto* q = o->if_contains(key)) {
      if (q->is_bool()) *flag = q->get_bool();
      else root.at(key).add("must be true or false");
    }
  }
  if (const auto* blocks = o->if_contains("blocks")) {
    if (!blocks->is_array() || blocks->get_array().empty()) root.at("blocks").add("must be a non-empty list");
    else
      for (std::size_t i = 0; i < blocks->get_array().size(); ++i)
        t.blocks.push_back(read_block(blocks->get_array()[i], check, root.at("blocks[" + std::to_string(i) + "]")));
  }
  if (!problems.empty()) {
    std::string msg = t.id.empty() ? "form template" : "form template " + t.id;
    for (const auto& pr : problems) msg += "\n  " + pr;
    throw FormTemplateError(msg);
  }
  return t;
}

bool FormData::has(const std::string& name) const {
  if (const auto f = fields.find(name); f != fields.end()) return !f->second.empty();
  if (const auto l = lists.find(name); l != lists.end()) return !l->second.empty();
  return false;
}

std::string escape_markup(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '\'': out += "&#39;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string fill_text(std::string_view text, const FormData& data, const std::map<std::string, std::string>* item) {
  std::string out;
  out.reserve(text.size() + 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      out += c;
      ++i;
    } else if (c == '{') {
      const auto end = text.find('}', i);
      if (end == std::string_view::npos) break;
      const std::string name(text.substr(i + 1, end - i - 1));
      const std::string* value = nullptr;
      if (item && name.rfind("item.", 0) == 0) {
        if (auto it = item->find(name.substr(5)); it != item->end()) value = &it->second;
      } else if (auto it = data.fields.find(name); it != data.fields.end()) {
        value = &it->second;
      }
      // NFC so decomposed input (e.g. typed on a Mac) prints and searches like the precomposed form.
      if (value) out += escape_markup(to_nfc(*value));
      i = end;
    } else {
      out += c;
    }
  }
  return out;
}

FilledForm fill_form(const FormTemplate& t, const FormData& data) {
  FilledForm out;
  out.form = &t;
  for (const auto& c : t.copies) out.copies.push_back(fill_text(c, data));
  for (const auto& b : t.blocks) {
    if (!b.when.empty() && !data.has(b.when)) continue;
    FilledBlock f;
    f.kind = b.kind;
    f.align = b.align;
    f.size_pt = b.size_pt > 0 ? b.size_pt : t.base_size_pt;
    f.space_before_mm = b.space_before_mm;
    f.indent_mm = b.indent_mm;
    f.sign_space_mm = b.sign_space_mm;
    f.mm = b.mm;
    static const std::vector<std::map<std::string, std::string>> kNone;
    const auto lit = data.lists.find(b.list);
    const auto& items = lit == data.lists.end() ? kNone : lit->second;
    switch (b.kind) {
      case BlockKind::text: f.lines.push_back(fill_text(b.text, data)); break;
      case BlockKind::list:
        for (const auto& item : items) f.lines.push_back(fill_text(b.text, data, &item));
        if (items.empty() && !b.empty.empty()) f.lines.push_back(fill_text(b.empty, data));
        break;
      case BlockKind::table:
        for (const auto& item : items) {
          std::vector<std::string> row;
          for (const auto& c : b.columns) row.push_back(fill_text(c.cell, data, &item));
          f.rows.push_back(std::move(row));
        }
        if (items.empty() && !b.empty.empty()) f.lines.push_back(fill_text(b.empty, data));
        [[fallthrough]];
      case BlockKind::columns:
      case BlockKind::signatures:
        for (const auto& c : b.columns) {
          FormColumn fc = c;
          fc.header = fill_text(c.header, data);
          for (auto& l : fc.lines) l = fill_text(l, data);
          fc.name = fill_text(c.name, data);
          fc.cell.clear();
          f.columns.push_back(std::move(fc));
        }
        break;
      case BlockKind::spacer: break;
    }
    out.blocks.push_back(std::move(f));
  }
  return out;
}

}  // namespace motcua::domain
