#include "domain/roles.h"

namespace motcua::domain {

namespace {
struct RoleInfo {
  Role role;
  std::string_view code;
  std::string_view name_vi;
};
constexpr std::array<RoleInfo, 9> kInfo = {{
    {Role::citizen, "citizen", "Công dân, tổ chức"},
    {Role::one_stop_officer, "one_stop_officer", "Cán bộ một cửa"},
    {Role::specialist, "specialist", "Chuyên viên"},
    {Role::leader, "leader", "Lãnh đạo"},
    {Role::tthc_controller, "tthc_controller", "Cán bộ kiểm soát TTHC"},
    {Role::provincial_monitor, "provincial_monitor", "Giám sát cấp tỉnh"},
    {Role::postal_staff, "postal_staff", "Nhân viên bưu chính"},
    {Role::agency_admin, "agency_admin", "Quản trị đơn vị"},
    {Role::system_admin, "system_admin", "Quản trị hệ thống"},
}};
}  // namespace

std::string_view role_code(Role r) { return kInfo[static_cast<int>(r)].code; }
std::string_view role_name_vi(Role r) { return kInfo[static_cast<int>(r)].name_vi; }

std::optional<Role> parse_role(std::string_view code) {
  for (const auto& i : kInfo)
    if (i.code == code) return i.role;
  return std::nullopt;
}

bool is_official_role(Role r) { return r != Role::citizen; }

bool is_province_wide_role(Role r) { return r == Role::system_admin || r == Role::provincial_monitor; }

}  // namespace motcua::domain
