#include "domain/agency.h"

#include <algorithm>

#include "domain/identity.h"

namespace motcua::domain {

namespace {

struct KindInfo {
  AgencyKind kind;
  std::string_view code;
  std::string_view name_vi;
};

constexpr std::array<KindInfo, 8> kKinds = {{
    {AgencyKind::ubnd_tinh, "ubnd_tinh", "UBND cấp tỉnh"},
    {AgencyKind::so_nganh, "so_nganh", "Sở, ban, ngành"},
    {AgencyKind::ubnd_huyen, "ubnd_huyen", "UBND cấp huyện (trước 01/7/2025)"},
    {AgencyKind::ubnd_xa, "ubnd_xa", "UBND cấp xã"},
    {AgencyKind::trung_tam_phvhcc, "trung_tam_phvhcc", "Trung tâm Phục vụ hành chính công"},
    {AgencyKind::bo_phan_mot_cua, "bo_phan_mot_cua", "Bộ phận một cửa"},
    {AgencyKind::phong_ban, "phong_ban", "Phòng, ban chuyên môn"},
    {AgencyKind::other, "other", "Khác"},
}};

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool all_digits(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_digit); }

// Unicode code points in valid UTF-8 (continuation bytes are not counted).
std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

std::string_view agency_kind_code(AgencyKind k) {
  for (const auto& i : kKinds)
    if (i.kind == k) return i.code;
  return "other";
}

std::string_view agency_kind_name_vi(AgencyKind k) {
  for (const auto& i : kKinds)
    if (i.kind == k) return i.name_vi;
  return "Khác";
}

std::optional<AgencyKind> parse_agency_kind(std::string_view code) {
  for (const auto& i : kKinds)
    if (i.code == code) return i.kind;
  return std::nullopt;
}

bool is_valid_qcvn102_code(std::string_view c) {
  // ddd.dd.dd.Ldd
  if (c.size() != 13) return false;
  for (std::size_t i : {3u, 6u, 9u})
    if (c[i] != '.') return false;
  return all_digits(c.substr(0, 3)) && all_digits(c.substr(4, 2)) && all_digits(c.substr(7, 2)) &&
         is_upper(c[10]) && all_digits(c.substr(11, 2));
}

bool is_valid_qd20_code(std::string_view c) {
  if (c.empty() || c.size() > 35) return false;
  if (!std::all_of(c.begin(), c.end(), [](char ch) { return ch == '.' || is_digit(ch) || is_upper(ch); }))
    return false;
  std::size_t start = 0;
  bool first = true;
  while (true) {
    const auto dot = c.find('.', start);
    const auto group = c.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (group.empty()) return false;
    if (first && !(group.size() == 3 && is_upper(group[0]) && all_digits(group.substr(1)))) return false;
    first = false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_valid_phone(std::string_view phone) {
  if (normalise_phone(phone)) return true;  // mobiles: the rule lives in identity.h
  std::string d;
  bool plus = false;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char ch = phone[i];
    if (ch == '+' && i == 0) {
      plus = true;
    } else if (is_digit(ch)) {
      d.push_back(ch);
    } else if (ch != ' ' && ch != '.' && ch != '-' && ch != '(' && ch != ')') {
      return false;
    }
  }
  if (plus) return d.size() == 12 && d.starts_with("842");  // +84 2xx… landline
  // Short numbers (111, 113, 1022…) and 1800/1900 service numbers are dialled as they are.
  if (d.size() >= 3 && d.size() <= 4 && d[0] == '1') return true;
  if ((d.starts_with("1800") || d.starts_with("1900")) && (d.size() == 8 || d.size() == 10)) return true;
  return d.size() == 11 && d.starts_with("02");  // landline: 02 + area code + subscriber
}

bool is_valid_email(std::string_view email) { return static_cast<bool>(normalise_email(email)); }

std::vector<FieldIssue> validate_agency(const AgencyDraft& d) {
  std::vector<FieldIssue> out;
  auto fail = [&](std::string field, std::string vi, std::string en) {
    out.push_back({std::move(field), std::move(vi), std::move(en)});
  };

  const auto kind = parse_agency_kind(d.kind);
  if (!kind)
    fail("kind", "Loại cơ quan không hợp lệ.", "Unknown agency kind.");
  if (d.name.empty() || code_points(d.name) > 300)
    fail("name", "Tên cơ quan phải có từ 1 đến 300 ký tự.", "The agency name must have 1 to 300 characters.");
  if (d.short_name && code_points(*d.short_name) > 100)
    fail("short_name", "Tên viết tắt tối đa 100 ký tự.", "The short name must have at most 100 characters.");
  if (d.qcvn102_code && !is_valid_qcvn102_code(*d.qcvn102_code))
    fail("qcvn102_code", "Mã định danh theo QCVN 102:2016 phải có dạng 000.00.00.H00.",
         "The QCVN 102:2016 identifier must look like 000.00.00.H00.");
  if (d.qd20_code && !is_valid_qd20_code(*d.qd20_code))
    fail("qd20_code",
         "Mã định danh theo QĐ 20/2020/QĐ-TTg gồm tối đa 35 ký tự [.0-9A-Z], nhóm đầu là 1 chữ cái và 2 chữ số.",
         "The QĐ 20/2020 identifier has at most 35 characters of [.0-9A-Z], the first group a letter and two digits.");

  if (d.unit_scheme.has_value() != d.unit_code.has_value()) {
    fail(d.unit_scheme ? "unit_code" : "unit_scheme", "Cần nhập cả hệ thống đơn vị hành chính và mã đơn vị.",
         "Give both the unit scheme and the unit code, or neither.");
  } else if (d.unit_scheme) {
    if (*d.unit_scheme != "2025" && *d.unit_scheme != "legacy")
      fail("unit_scheme", "Hệ thống đơn vị hành chính phải là \"2025\" hoặc \"legacy\".",
           "The unit scheme must be \"2025\" or \"legacy\".");
    else if (kind == AgencyKind::ubnd_huyen && *d.unit_scheme == "2025")
      fail("unit_scheme", "Từ 01/7/2025 không còn cấp huyện: UBND cấp huyện chỉ gắn với đơn vị hành chính cũ.",
           "There is no district level since 01/07/2025: a district UBND can only serve a legacy unit.");
    const auto& c = *d.unit_code;
    if (!all_digits(c) || (c.size() != 2 && c.size() != 3 && c.size() != 5))
      fail("unit_code", "Mã đơn vị hành chính gồm 2, 3 hoặc 5 chữ số.", "A unit code has 2, 3 or 5 digits.");
  }

  if (d.address && code_points(*d.address) > 500)
    fail("address", "Địa chỉ tối đa 500 ký tự.", "The address must have at most 500 characters.");
  if (d.phone && !is_valid_phone(*d.phone))
    fail("phone", "Số điện thoại không hợp lệ.", "Invalid phone number.");
  if (d.hotline && !is_valid_phone(*d.hotline))
    fail("hotline", "Số đường dây nóng không hợp lệ.", "Invalid hotline number.");
  if (d.email && !is_valid_email(*d.email))
    fail("email", "Địa chỉ thư điện tử không hợp lệ.", "Invalid e-mail address.");
  return out;
}

}  // namespace motcua::domain
