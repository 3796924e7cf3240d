// Where the bundled data files (data/units, data/calendar, ...) are found, for every module.
// Generalises find_bundled_units_dir() (import_units.cpp), which can switch over to it.
#pragma once

#include <optional>
#include <string>

namespace motcua::app {

// The first existing directory among: $MOTCUA_DATA_FILES (the data directory itself),
// $MOTCUA_SOURCE_DIR/data, <exe>/../data (build/motcua), <exe>/../../data (build/tests/x), ./data.
// With `must_contain` (e.g. "calendar"), only a directory holding that entry counts.
std::optional<std::string> find_data_dir(const std::string& must_contain = "");

}  // namespace motcua::app
