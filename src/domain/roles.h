// Roles (vai trò) of the system. Official roles are granted per agency and cover its whole subtree.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace motcua::domain {

enum class Role {
  citizen,             // công dân / tổ chức (self-registered)
  one_stop_officer,    // cán bộ một cửa
  specialist,          // chuyên viên
  leader,              // lãnh đạo
  tthc_controller,     // cán bộ kiểm soát TTHC
  provincial_monitor,  // giám sát cấp tỉnh
  postal_staff,        // nhân viên bưu chính
  agency_admin,        // quản trị đơn vị
  system_admin,        // quản trị hệ thống
};

inline constexpr std::array<Role, 9> kAllRoles = {
    Role::citizen,         Role::one_stop_officer,   Role::specialist,
    Role::leader,          Role::tthc_controller,    Role::provincial_monitor,
    Role::postal_staff,    Role::agency_admin,       Role::system_admin};

std::string_view role_code(Role r);          // "one_stop_officer"
std::string_view role_name_vi(Role r);       // "Cán bộ một cửa"
std::optional<Role> parse_role(std::string_view code);
// Officials get these; citizens never do. system_admin is granted at the root of the tree.
bool is_official_role(Role r);
// Roles that act on the whole province (system_admin, provincial_monitor): granted only at the root.
bool is_province_wide_role(Role r);

}  // namespace motcua::domain
