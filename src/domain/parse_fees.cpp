#include "domain/parse_fees.h"

#include <string>

#include "domain/catalogue_text.h"
#include "domain/vn_number.h"

namespace motcua::domain {
namespace {

FeeKind kind_from_note(std::string_view note) {
  while (!note.empty() && (note.front() == '(' || note.front() == '-' || note.front() == '+' ||
                           text::is_space(note.front())))
    note.remove_prefix(1);
  if (text::starts_with_ci(note, "Lệ phí")) return FeeKind::charge;
  if (text::starts_with_ci(note, "Phí")) return FeeKind::fee;
  return FeeKind::unspecified;
}

// Amounts written in a note: grouped numbers of at least 1,000, or any number directly followed by a
// currency word ("200.000đ", "50USD", "7.000 đồng").
std::vector<std::int64_t> note_amounts(std::string_view t) {
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!text::is_digit(t[i]) || (i > 0 && (text::is_digit(t[i - 1]) || t[i - 1] == '/'))) continue;
    std::size_t d = i;
    while (d < t.size() && (text::is_digit(t[d]) || ((t[d] == '.' || t[d] == ',') && d + 1 < t.size() &&
                                                     text::is_digit(t[d + 1]))))
      ++d;
    if (d < t.size() && t[d] == '/' && d + 1 < t.size() && text::is_digit(t[d + 1])) {  // a date or a doc number
      i = d;
      continue;
    }
    auto value = parse_vn_grouped_int(t.substr(i, d - i));
    std::size_t q = d;
    while (q < t.size() && t[q] == ' ') ++q;
    auto rest = t.substr(q);
    const bool currency = rest.starts_with("đ") || rest.starts_with("Đ") || text::starts_with_ci(rest, "VN") ||
                          text::starts_with_ci(rest, "USD");
    if (value && (currency || *value >= 1000)) out.push_back(*value);
    i = d;
  }
  return out;
}

Fee fee_from_amount_text(Channel channel, FeeKind kind, std::string_view amount_text, std::string_view note,
                         std::string_view raw) {
  Fee fee;
  fee.channel = channel;
  fee.kind = kind;
  fee.description = std::string(text::trim(note));
  fee.raw = std::string(raw);
  auto amount = parse_vnd_amount(amount_text);
  if (!amount) return fee;  // USD, a bare currency word, text: keep raw
  if (*amount == 0) {
    // "Miễn phí", "0 Đồng": no fee. A note may still qualify it (see the header).
    fee.kind = FeeKind::free;
    fee.amount_vnd = 0;
    fee.parsed = fee.description.empty();
    fee.per_case = !fee.description.empty() && fee_note_is_case_dependent(fee.description, 0);
    if (!fee.parsed && !fee.per_case && kind_from_note(note) == FeeKind::unspecified &&
        note_amounts(note).empty())
      fee.parsed = text::contains_ci(note, "miễn") || !text::contains_ci(note, "phí");
    return fee;
  }
  if (fee.description.empty() || !fee_note_is_case_dependent(fee.description, amount)) {
    fee.amount_vnd = amount;
    fee.parsed = true;
  } else {
    fee.per_case = true;
  }
  return fee;
}

}  // namespace

bool fee_note_is_case_dependent(std::string_view note, std::optional<std::int64_t> amount) {
  for (std::string_view word : {"trường hợp", "%", "theo quy định", "Hội đồng nhân dân", "HĐND", "giảm",
                                "từ ngày", "đến hết", "mức thu", "tùy", "tuỳ", "không quá", "tối đa",
                                "tối thiểu", "mỗi", "thêm", "đối với", "nhưng"})
    if (text::contains_ci(note, word)) return true;
  for (auto a : note_amounts(note))
    if (!amount || a != *amount) return true;
  return false;
}

std::vector<Fee> parse_dvcqg_fee(Channel channel, const MethodFeeCell& cell) {
  const auto c = text::trim(cell.cell);
  if (text::is_placeholder(c)) return {};
  std::string raw(c);
  if (!cell.note.empty()) raw += "(" + cell.note + ")";
  return {fee_from_amount_text(channel, kind_from_note(cell.note), c, cell.note, raw)};
}

std::vector<Fee> parse_bqp_fees(Channel channel, std::string_view cell) {
  std::vector<Fee> out;
  // Split into entries at each line that starts with "Phí :" or "Lệ phí :"; other lines belong to the
  // entry before ("File đính kèm: ...").
  std::vector<std::string_view> entries;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= cell.size(); ++i) {
    if (i == cell.size() || cell[i] == '\n') {
      auto line = text::trim(cell.substr(start, i - start));
      const bool head = text::starts_with_ci(line, "Phí") || text::starts_with_ci(line, "Lệ phí");
      if (head || entries.empty()) {
        entries.push_back(cell.substr(start, i - start));
      } else {
        const char* b = entries.back().data();
        entries.back() = std::string_view(b, static_cast<std::size_t>(cell.data() + i - b));
      }
      start = i + 1;
    }
  }
  for (auto entry : entries) {
    auto e = text::trim(entry);
    if (e.empty()) continue;
    FeeKind kind = FeeKind::unspecified;
    std::string_view rest = e;
    if (text::starts_with_ci(e, "Lệ phí")) {
      kind = FeeKind::charge;
      rest = e.substr(std::string_view("Lệ phí").size());
    } else if (text::starts_with_ci(e, "Phí")) {
      kind = FeeKind::fee;
      rest = e.substr(std::string_view("Phí").size());
    }
    rest = text::trim(rest);
    if (kind != FeeKind::unspecified && rest.starts_with(":")) rest = text::trim(rest.substr(1));
    // "<amount> Đồng (<note>)" or "Không Đồng" (= nothing to pay).
    std::string_view amount_text = rest, note;
    const auto open = rest.find('(');
    if (open != std::string_view::npos) {
      amount_text = text::trim(rest.substr(0, open));
      auto close = text::skip_parens(rest, open);
      note = close == std::string_view::npos ? rest.substr(open + 1) : rest.substr(open + 1, close - open - 2);
      if (close != std::string_view::npos && !text::trim(rest.substr(close)).empty()) note = rest.substr(open);
    }
    std::string normalized(amount_text);
    if (normalized == "Không Đồng" || normalized == "không Đồng") normalized = "0 Đồng";
    Fee fee = fee_from_amount_text(channel, kind, normalized, note, e);
    if (fee.kind == FeeKind::free && kind == FeeKind::unspecified) fee.kind = FeeKind::free;
    out.push_back(std::move(fee));
  }
  return out;
}

}  // namespace motcua::domain
