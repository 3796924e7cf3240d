// Record-level parsing of the two catalogue sources; the cell parsers live in parse_*.cpp.
#include "domain/catalogue_parse.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "domain/catalogue_text.h"
#include "domain/parse_components.h"
#include "domain/parse_fees.h"
#include "domain/parse_method_table.h"
#include "domain/parse_processing_time.h"
#include "domain/vn_fold.h"

namespace motcua::domain {
namespace {

namespace json = boost::json;

std::string get_string(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return {};
  return to_nfc(v->as_string());  // some records are partly NFD; every matcher below expects NFC
}

const json::object* get_object(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->as_object() : nullptr;
}

const json::array* get_array(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_array() ? &v->as_array() : nullptr;
}

std::string required_string(const json::object& o, std::string_view key, std::string_view shown_as) {
  auto s = std::string(text::trim(get_string(o, key)));
  if (s.empty())
    throw std::invalid_argument("catalogue record: missing or empty field \"" + std::string(shown_as) + "\"");
  return s;
}

// "" for the portal's placeholders, the trimmed text otherwise.
std::string content(std::string_view s) { return text::is_placeholder(s) ? std::string() : std::string(text::trim(s)); }

void flag(Procedure& p, std::string_view field) {
  if (std::find(p.review_flags.begin(), p.review_flags.end(), field) == p.review_flags.end())
    p.review_flags.emplace_back(field);
}

// "Cấp bộ, Cấp tỉnh, Cấp xã, Cơ quan khác" → {"bo", "tinh", "xa", "khac"}. Unknown entries → review.
void parse_levels(Procedure& p, std::string_view text) {
  static const std::map<std::string, std::string> kLevels = {
      {"cấp bộ", "bo"}, {"cấp tỉnh", "tinh"}, {"cấp huyện", "huyen"}, {"cấp xã", "xa"}, {"cơ quan khác", "khac"}};
  if (text::is_placeholder(text)) return;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != ',') continue;
    auto item = text::trim(text.substr(start, i - start));
    start = i + 1;
    if (item.empty()) continue;
    // Lowercase the ASCII first letters ("Cấp Bộ" in the BQP export): compare the rest as lowercase NFC.
    std::string key;
    for (char c : item) key += text::ascii_lower(c);
    for (auto [upper, lower] : {std::pair<std::string_view, std::string_view>{"Bộ", "bộ"}, {"Tỉnh", "tỉnh"},
                                {"Xã", "xã"}, {"Huyện", "huyện"}, {"Cơ", "cơ"}}) {
      for (auto pos = key.find(upper); pos != std::string::npos; pos = key.find(upper)) key.replace(pos, upper.size(), lower);
    }
    auto it = kLevels.find(key);
    if (it == kLevels.end()) {
      flag(p, "levels");
      continue;
    }
    if (std::find(p.levels.begin(), p.levels.end(), it->second) == p.levels.end()) p.levels.push_back(it->second);
  }
}

// "163/QĐ-BTP", "QĐ/0001-BCA", "Quyết định số 6225/QĐ-BQP", "3980 /QĐ-BQP". The date and the effective date
// are filled only when the text states them ("... ngày 12/3/2024", "có hiệu lực từ ngày ...").
std::optional<std::string> date_after(std::string_view t, std::string_view word) {
  auto p = text::find_ci(t, word);
  if (p == std::string_view::npos) return std::nullopt;
  auto rest = text::trim(t.substr(p + word.size()));
  int parts[3] = {0, 0, 0};
  std::size_t i = 0;
  for (int k = 0; k < 3; ++k) {
    std::size_t d = i;
    while (d < rest.size() && text::is_digit(rest[d]) && d - i < 4) ++d;
    if (d == i) return std::nullopt;
    for (std::size_t j = i; j < d; ++j) parts[k] = parts[k] * 10 + (rest[j] - '0');
    if (k < 2) {
      if (d >= rest.size() || (rest[d] != '/' && rest[d] != '-')) return std::nullopt;
      i = d + 1;
    }
  }
  if (parts[0] < 1 || parts[0] > 31 || parts[1] < 1 || parts[1] > 12 || parts[2] < 1900 || parts[2] > 2100)
    return std::nullopt;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", parts[2], parts[1], parts[0]);
  return std::string(buf);
}

void parse_decision(Procedure& p, std::string_view text) {
  auto t = text::trim(text);
  if (text::is_placeholder(t)) return;
  std::string_view number = t;
  for (std::string_view lead : {"Quyết định số", "QĐ số", "Số"}) {
    if (text::starts_with_ci(number, lead)) {
      number = text::trim(number.substr(lead.size()));
      break;
    }
  }
  auto cut = text::find_ci(number, " ngày");
  if (cut != std::string_view::npos) number = text::trim(number.substr(0, cut));
  p.decision.number = std::string(number);
  p.decision.date = date_after(t, "ngày");
  p.decision.effective = date_after(t, "hiệu lực từ ngày");
  // A number the portal would show: digits/letters with "/" and "QĐ" and no spaces inside.
  const bool plain = number.find('/') != std::string_view::npos && text::contains_ci(number, "QĐ") &&
                     number.find(' ') == std::string_view::npos;
  if (!plain) flag(p, "decision");
}

// Online level: only from an explicit statement in the source text; never inferred.
void parse_online_level(Procedure& p, std::initializer_list<std::string_view> texts) {
  bool full = false, partial = false;
  std::optional<int> legacy;
  bool legacy_conflict = false;
  for (auto t : texts) {
    full |= text::contains_ci(t, "trực tuyến toàn trình");
    partial |= text::contains_ci(t, "trực tuyến một phần");
    for (std::string_view lead : {"trực tuyến mức độ ", "trực tuyến ở mức độ ", "trực tuyến cấp độ "}) {
      for (auto pos = text::find_ci(t, lead); pos != std::string_view::npos; pos = text::find_ci(t, lead, pos + 1)) {
        const std::size_t d = pos + lead.size();
        if (d < t.size() && t[d] >= '2' && t[d] <= '4' && (d + 1 == t.size() || !text::is_digit(t[d + 1]))) {
          const int level = t[d] - '0';
          if (legacy && *legacy != level) legacy_conflict = true;
          legacy = level;
        }
      }
    }
  }
  if (full && partial) {
    flag(p, "online_level");  // both stated (for different cases): a reviewer decides
  } else if (full) {
    p.online_level = OnlineLevel::full;
  } else if (partial) {
    p.online_level = OnlineLevel::partial;
  }
  if (legacy_conflict) flag(p, "online_level");
  else p.legacy_online_level = legacy;
}

void add_method_rows(Procedure& p, const std::vector<MethodRow>& rows) {
  std::map<Channel, int> per_channel;
  for (const auto& r : rows) ++per_channel[r.channel];
  bool review = false;
  for (const auto& r : rows) {
    for (auto& t : parse_row_times(r.channel, r.time_cell, r.description, r.raw, per_channel[r.channel] > 1, review))
      p.times.push_back(std::move(t));
  }
  if (review) flag(p, "processing_time");
}

void add_fees(Procedure& p, std::vector<Fee> fees) {
  for (auto& f : fees) {
    if (!f.parsed) flag(p, "fees");
    p.fees.push_back(std::move(f));
  }
}

}  // namespace

Procedure parse_dvcqg_procedure(const json::object& r) {
  Procedure p;
  p.source = "dvcqg";
  p.code = required_string(r, "ma_thu_tuc", "ma_thu_tuc");
  p.name = required_string(r, "ten_thu_tuc", "ten_thu_tuc");
  p.source_url = get_string(r, "detail_url");
  p.sector = content(get_string(r, "linh_vuc"));
  p.procedure_type = content(get_string(r, "loai_thu_tuc"));
  parse_levels(p, get_string(r, "cap_thuc_hien"));
  parse_decision(p, get_string(r, "so_quyet_dinh"));

  const std::string methods = get_string(r, "cach_thuc_thuc_hien");
  if (!text::is_placeholder(methods)) {
    auto table = split_dvcqg_method_table(methods);
    add_method_rows(p, table.rows);
    for (const auto& row : table.rows)
      for (const auto& cell : row.fees) add_fees(p, parse_dvcqg_fee(row.channel, cell));
    if (!table.unparsed.empty() || table.rows.empty()) {
      ProcessingTime whole;  // text that is in no row: kept whole for a reviewer
      whole.raw = table.unparsed.empty() ? methods : table.unparsed;
      p.times.push_back(std::move(whole));
      flag(p, "processing_time");
      flag(p, "fees");
    }
  }

  bool components_ok = true;
  p.components = parse_dvcqg_components(get_string(r, "thanh_phan_ho_so"), components_ok);
  if (!components_ok) flag(p, "components");

  p.steps = content(get_string(r, "trinh_tu_thuc_hien"));
  std::string results = get_string(r, "ket_qua_xu_ly");
  // Page footer noise glued to the result ("Chọn cơ quan thực hiện ... Nộp hồ sơ"), see the README.
  if (auto cut = results.find("Chọn cơ quan thực hiện"); cut != std::string::npos) results.resize(cut);
  p.results = content(results);
  p.subjects = content(get_string(r, "doi_tuong_thuc_hien"));
  p.conditions = content(get_string(r, "yeu_cau_dieu_kien"));
  p.legal_bases = content(get_string(r, "can_cu_phap_ly"));
  p.agencies = content(get_string(r, "co_quan_thuc_hien"));
  if (p.agencies.empty()) p.agencies = content(get_string(r, "co_quan_co_tham_quyen"));
  parse_online_level(p, {get_string(r, "trinh_tu_thuc_hien"), methods, get_string(r, "yeu_cau_dieu_kien"),
                         get_string(r, "ten_thu_tuc")});
  return p;
}

Procedure parse_bqp_procedure(const json::object& r) {
  Procedure p;
  p.source = "bqp";
  static const json::object kEmpty;
  const json::object& meta = get_object(r, "metadata") ? *get_object(r, "metadata") : kEmpty;
  const json::object& body = get_object(r, "content") ? *get_object(r, "content") : kEmpty;
  const json::object& tables = get_object(r, "tables") ? *get_object(r, "tables") : kEmpty;
  p.code = std::string(text::trim(get_string(meta, "mã_thủ_tục")));
  if (p.code.empty()) p.code = std::string(text::trim(get_string(r, "thu_tuc_id")));
  if (p.code.empty())
    throw std::invalid_argument("catalogue record: missing or empty field \"metadata.mã_thủ_tục\"");
  p.name = required_string(meta, "tên_thủ_tục", "metadata.tên_thủ_tục");
  p.source_url = get_string(r, "source_file");
  p.sector = content(get_string(meta, "lĩnh_vực"));
  p.procedure_type = content(get_string(meta, "loại_thủ_tục"));
  parse_levels(p, get_string(meta, "cấp_thực_hiện"));
  parse_decision(p, get_string(meta, "số_quyết_định"));

  if (const auto* rows = get_array(tables, "hinh_thuc_nop")) {
    std::vector<MethodRow> method_rows;
    for (const auto& v : *rows) {
      if (!v.is_object()) continue;
      const auto& o = v.as_object();
      MethodRow row;
      row.channel = parse_channel(get_string(o, "hinh_thuc"));
      row.time_cell = get_string(o, "thoi_han_giai_quyet");
      row.description = std::string(text::trim(get_string(o, "mo_ta")));
      row.raw = get_string(o, "hinh_thuc") + " | " + row.time_cell + " | " + get_string(o, "phi_le_phi") +
                " | " + row.description;
      add_fees(p, parse_bqp_fees(row.channel, get_string(o, "phi_le_phi")));
      method_rows.push_back(std::move(row));
    }
    add_method_rows(p, method_rows);
  }
  if (const auto* rows = get_array(tables, "thanh_phan_ho_so")) {
    for (const auto& v : *rows) {
      if (!v.is_object()) continue;
      const auto& o = v.as_object();
      auto c = parse_bqp_component(get_string(o, "ten_giay_to"), get_string(o, "so_luong"), get_string(o, "ghi_chu"));
      if (!c.parsed) flag(p, "components");
      p.components.push_back(std::move(c));
    }
  }
  std::string bases;
  if (const auto* rows = get_array(tables, "can_cu_phap_ly")) {
    for (const auto& v : *rows) {
      if (!v.is_object()) continue;
      const auto& o = v.as_object();
      if (!bases.empty()) bases += '\n';
      bases += get_string(o, "so_ky_hieu");
      auto summary = get_string(o, "trich_yeu");
      if (!summary.empty()) bases += ": " + summary;
    }
  }
  p.legal_bases = bases;
  p.steps = content(get_string(body, "trình_tự_thực_hiện"));
  p.results = content(get_string(body, "kết_quả_thực_hiện"));
  p.subjects = content(get_string(body, "đối_tượng_thực_hiện"));
  p.conditions = content(get_string(body, "yêu_cầu_điều_kiện_thực_hiện"));
  p.agencies = content(get_string(body, "cơ_quan_thực_hiện"));
  if (p.agencies.empty()) p.agencies = content(get_string(body, "cơ_quan_có_thẩm_quyền"));
  parse_online_level(p, {get_string(body, "trình_tự_thực_hiện"), get_string(body, "cách_thức_thực_hiện"),
                         get_string(body, "yêu_cầu_điều_kiện_thực_hiện"), p.name});
  return p;
}

std::vector<FieldParseRate> parse_rates(const std::vector<Procedure>& procedures) {
  std::vector<FieldParseRate> rates = {{"processing_time"}, {"fees"},   {"components"},
                                       {"decision"},        {"levels"}, {"online_level"}};
  for (const auto& p : procedures) {
    auto flagged = [&](std::string_view f) {
      return std::find(p.review_flags.begin(), p.review_flags.end(), f) != p.review_flags.end();
    };
    const bool present[] = {!p.times.empty(),
                            !p.fees.empty(),
                            !p.components.empty(),
                            !p.decision.number.empty(),
                            !p.levels.empty(),
                            p.online_level != OnlineLevel::unknown || p.legacy_online_level.has_value()};
    for (std::size_t i = 0; i < rates.size(); ++i) {
      const bool f = flagged(rates[i].field);
      if (present[i] || f) {
        ++rates[i].with_source;
        if (!f) ++rates[i].parsed;
      }
    }
  }
  return rates;
}

}  // namespace motcua::domain
