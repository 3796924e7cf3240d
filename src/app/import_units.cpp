#include "app/import_units.h"


#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "app/data_dir.h"
#include "app/data_files.h"
#include "domain/units.h"

namespace motcua::app {

namespace fs = std::filesystem;

namespace {

// The file as it is or gzip-compressed; gzread passes plain files through unchanged.
template <class F>
auto parse_source(const fs::path& dir, const std::string& relative, F&& parse) {
  try {
    return parse(read_data_file(locate_source(dir, relative)));
  } catch (const domain::UnitDataError& e) {
    throw std::runtime_error((dir / relative).string() + ": " + e.what());
  }
}

bool has_units(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / kUnits2025File, ec) || fs::exists(dir / (std::string(kUnits2025File) + ".gz"), ec);
}

}  // namespace

std::optional<std::string> find_bundled_units_dir() {
  auto data = find_data_dir("units");
  if (!data) return std::nullopt;
  const fs::path units = fs::path(*data) / "units";
  return has_units(units) ? std::optional<std::string>(units.string()) : std::nullopt;
}

storage::UnitImportData load_unit_sources(const std::string& dir, std::ostream& out) {
  out << "reading " << dir << "\n";
  const auto current = parse_source(dir, kUnits2025File, domain::parse_units_2025);
  out << "provinces 2025: " << current.provinces << "\n"
      << "communes 2025: " << current.communes << "\n";
  const auto legacy = parse_source(dir, kUnitsLegacyFile, domain::parse_units_legacy);
  out << "provinces legacy: " << legacy.provinces << "\n"
      << "districts legacy: " << legacy.districts << "\n"
      << "communes legacy: " << legacy.communes << "\n";
  if (const auto problems = domain::check_expected_counts(current, legacy); !problems.empty()) {
    std::string message = "unexpected unit counts:";
    for (const auto& p : problems) message += "\n  " + p;
    throw std::runtime_error(message);
  }

  const auto rows = parse_source(dir, kMergerFile, domain::parse_merger_csv);
  auto resolution = domain::resolve_successors(rows, current, legacy);
  out << "merger rows: " << rows.size() << " (" << resolution.by_code << " by code, " << resolution.by_name
      << " by name)\n";
  if (!resolution.unresolved.empty()) {
    std::string message = std::to_string(resolution.unresolved.size()) + " merger rows match no unit:";
    for (std::size_t i = 0; i < resolution.unresolved.size() && i < 10; ++i)
      message += "\n  " + resolution.unresolved[i];
    throw std::runtime_error(message);
  }
  out << "successor links: " << resolution.successors.size() << "\n";

  storage::UnitImportData data;
  data.units.reserve(current.units.size() + legacy.units.size());
  data.units.insert(data.units.end(), current.units.begin(), current.units.end());
  data.units.insert(data.units.end(), legacy.units.begin(), legacy.units.end());
  data.successors = std::move(resolution.successors);
  return data;
}

int run_import_units(storage::Db& db, const std::string& from_dir, std::ostream& out) {
  try {
    std::string dir = from_dir;
    if (dir.empty()) {
      const auto bundled = find_bundled_units_dir();
      if (!bundled)
        throw std::runtime_error(
            "cannot find the bundled data/units folder; set MOTCUA_SOURCE_DIR to the source tree or use --from DIR");
      dir = *bundled;
    }
    const auto started = std::chrono::steady_clock::now();
    const auto data = load_unit_sources(dir, out);
    const auto report = storage::import_units(db, data, [&](std::string_view stage, std::size_t done, std::size_t total) {
      out << stage << ": " << done << "/" << total << "\n" << std::flush;
    });
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    auto line = [&](std::string_view what, const storage::UpsertCounts& c) {
      out << what << ": " << c.inserted << " inserted, " << c.updated << " updated, " << c.unchanged << " unchanged, "
          << c.removed << " removed\n";
    };
    line("units", report.units);
    line("successors", report.successors);
    out << "import units: done in " << ms << " ms\n";
    return 0;
  } catch (const std::exception& e) {
    out << "error: " << e.what() << "\n"
        << "nothing was changed\n";
    return 1;
  }
}

}  // namespace motcua::app
