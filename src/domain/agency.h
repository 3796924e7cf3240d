// Agencies (cơ quan, đơn vị) of the provincial tree and the rules for their identifiers and contacts.
// Pure: no I/O. The repository stores them, the API calls validate_agency() before every write.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::domain {

enum class AgencyKind {
  ubnd_tinh,         // UBND tỉnh/thành phố
  so_nganh,          // sở, ban, ngành
  ubnd_huyen,        // UBND huyện/quận/thị xã: legacy 3-level government only (abolished 01/07/2025)
  ubnd_xa,           // UBND xã/phường/đặc khu
  trung_tam_phvhcc,  // Trung tâm Phục vụ hành chính công
  bo_phan_mot_cua,   // Bộ phận một cửa
  phong_ban,         // phòng, ban chuyên môn
  other,             // khác
};

inline constexpr std::array<AgencyKind, 8> kAllAgencyKinds = {
    AgencyKind::ubnd_tinh,        AgencyKind::so_nganh,        AgencyKind::ubnd_huyen, AgencyKind::ubnd_xa,
    AgencyKind::trung_tam_phvhcc, AgencyKind::bo_phan_mot_cua, AgencyKind::phong_ban,  AgencyKind::other};

std::string_view agency_kind_code(AgencyKind k);     // "ubnd_xa"
std::string_view agency_kind_name_vi(AgencyKind k);  // "UBND cấp xã"
std::optional<AgencyKind> parse_agency_kind(std::string_view code);

// Mã định danh cơ quan, QCVN 102:2016 (read right to left): V1V2V3.Z1Z2.Y1Y2.MX1X2, e.g. 000.00.00.H56.
bool is_valid_qcvn102_code(std::string_view code);
// Mã định danh điện tử, QĐ 20/2020/QĐ-TTg (read left to right): at most 35 characters of [.0-9A-Z],
// dot-separated non-empty groups, the first a letter and two digits, e.g. G09.20.
bool is_valid_qd20_code(std::string_view code);
// Vietnamese phone numbers of an agency: mobiles (identity.h normalise_phone), landlines (02xx…, 11 digits,
// or +84 2xx…), short hotlines (111, 113, 1022…) and 1800/1900 numbers. Spaces, dots, dashes and brackets
// are allowed.
bool is_valid_phone(std::string_view phone);
// The same e-mail rule as for accounts (identity.h normalise_email).
bool is_valid_email(std::string_view email);

// A problem with one field, in both languages (the API turns these into http::FieldError).
struct FieldIssue {
  std::string field;
  std::string message_vi;
  std::string message_en;
};

// What a client may set on an agency. Empty optionals are "not given".
struct AgencyDraft {
  std::string kind;  // AgencyKind code, checked here
  std::string name;
  std::optional<std::string> short_name;
  std::optional<std::string> qcvn102_code;
  std::optional<std::string> qd20_code;
  std::optional<std::string> unit_scheme;  // "2025" | "legacy"
  std::optional<std::string> unit_code;
  std::optional<std::string> address;
  std::optional<std::string> phone;
  std::optional<std::string> email;
  std::optional<std::string> hotline;
};

// Every problem of the draft at once (empty when valid). Existence of the parent and of the unit, and
// code uniqueness, need the database and are checked by the caller.
std::vector<FieldIssue> validate_agency(const AgencyDraft& d);

}  // namespace motcua::domain
