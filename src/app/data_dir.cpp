#include "app/data_dir.h"

#include <cstdlib>
#include <filesystem>
#include <vector>

namespace motcua::app {

namespace fs = std::filesystem;

std::optional<std::string> find_data_dir(const std::string& must_contain) {
  std::vector<fs::path> candidates;
  if (const char* d = std::getenv("MOTCUA_DATA_FILES"); d && *d) candidates.emplace_back(d);
  if (const char* src = std::getenv("MOTCUA_SOURCE_DIR"); src && *src) candidates.push_back(fs::path(src) / "data");
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path() / "../data");     // build/motcua
    candidates.push_back(exe.parent_path() / "../../data");  // build/tests/unit_tests
  }
  candidates.push_back("data");
  for (const auto& c : candidates) {
    std::error_code e;
    if (!fs::is_directory(c, e)) continue;
    if (!must_contain.empty() && !fs::exists(c / must_contain, e)) continue;
    return fs::weakly_canonical(c, e).string();
  }
  return std::nullopt;
}

}  // namespace motcua::app
