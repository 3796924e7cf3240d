// Subcommands of the catalogue module:
//   motcua import catalogue [--from DIR]   the national procedure catalogue, with a parse-rate report
//   motcua catalogue show CODE [--version KEY] [--json]
//   motcua catalogue search TEXT [--sector S] [--level L] [--online-level L] [--limit N]

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "app/app.h"
#include "app/cli.h"
#include "app/data_dir.h"
#include "app/data_files.h"
#include "domain/catalogue_parse.h"
#include "storage/migrations.h"
#include "storage/procedure_repo.h"

namespace motcua::app {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// The two sources, relative to a folder laid out like shared/data/real; each read as it is or with ".gz".
struct CatalogueSource {
  const char* file;
  const char* label;
  domain::Procedure (*parse)(const json::object&);
};
const CatalogueSource kSources[] = {
    {"tthc-dvcqg-bo-nganh/procedures.jsonl", "national portal (dichvucong.gov.vn)", domain::parse_dvcqg_procedure},
    {"tthc-bqp-quoc-phong/procedures_bqp.jsonl", "Ministry of Defence (Bộ Quốc phòng)", domain::parse_bqp_procedure},
};
constexpr std::size_t kProgressEvery = 250;

// An error that already names the file and line.
struct ImportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parses every line of one source; the first bad line stops everything with "<file>:<line>: <reason>".
void parse_source(const fs::path& path, const CatalogueSource& source, std::vector<domain::Procedure>& out,
                  std::ostream& log) {
  log << "reading " << path.string() << " (" << source.label << ")\n" << std::flush;
  const std::string text = read_data_file(path);
  std::size_t line_no = 0, records = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    const auto end = text.find('\n', pos);
    std::string_view line(text.data() + pos, (end == std::string::npos ? text.size() : end) - pos);
    pos = end == std::string::npos ? text.size() : end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    const std::string where = path.string() + ":" + std::to_string(line_no) + ": ";
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    if (ec) throw ImportError(where + "not valid JSON (" + ec.message() + ")");
    if (!v.is_object()) throw ImportError(where + "not a JSON object");
    try {
      out.push_back(source.parse(v.as_object()));
    } catch (const std::exception& e) {
      throw ImportError(where + e.what());
    }
    if (++records % kProgressEvery == 0) log << "  parsed " << records << " records\n" << std::flush;
  }
  log << "  " << records << " records\n";
}

std::string percent(std::int64_t part, std::int64_t whole) {
  if (whole == 0) return "-";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
  return buf;
}

std::string pad(std::string s, std::size_t width, bool right = false) {
  if (s.size() < width) s = right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
  return s;
}

void print_rates(const std::vector<domain::Procedure>& procedures, std::ostream& out) {
  out << "parse rates (procedures whose source has the field; of those, parsed into structure):\n";
  out << "  " << pad("field", 18) << pad("with text", 11, true) << pad("parsed", 9, true) << pad("rate", 9, true) << "\n";
  for (const auto& r : domain::parse_rates(procedures))
    out << "  " << pad(r.field, 18) << pad(std::to_string(r.with_source), 11, true)
        << pad(std::to_string(r.parsed), 9, true) << pad(percent(r.parsed, r.with_source), 9, true) << "\n";
  std::int64_t flagged = 0;
  for (const auto& p : procedures) flagged += p.review_flags.empty() ? 0 : 1;
  out << "  flagged for review (kept verbatim): " << flagged << " of " << procedures.size() << " procedures\n";
}

std::optional<std::string> bundled_catalogue_dir() {
  if (auto data = find_data_dir("catalogue")) return (fs::path(*data) / "catalogue").string();
  return std::nullopt;
}

int run_import(storage::Db& db, const std::string& from_dir, std::ostream& out) {
  try {
    std::string dir = from_dir;
    if (dir.empty()) {
      const auto bundled = bundled_catalogue_dir();
      if (!bundled)
        throw ImportError(
            "cannot find the bundled data/catalogue folder; set MOTCUA_SOURCE_DIR to the source tree or use --from DIR");
      dir = *bundled;
    }
    const auto started = std::chrono::steady_clock::now();
    // Everything is read and parsed before the database is touched; then one transaction stores it all.
    std::vector<fs::path> paths;
    for (const auto& s : kSources) paths.push_back(locate_source(dir, s.file));
    std::vector<domain::Procedure> procedures;
    for (std::size_t i = 0; i < std::size(kSources); ++i) parse_source(paths[i], kSources[i], procedures, out);
    print_rates(procedures, out);

    out << "storing " << procedures.size() << " procedures in one transaction\n" << std::flush;
    const auto counts = storage::import_procedures(
        db, procedures, wall_clock_ms(),
        [&](std::size_t done, std::size_t total) { out << "  stored " << done << "/" << total << "\n" << std::flush; },
        kProgressEvery);
    const auto total = db.read([](storage::Connection& c) { return storage::count_procedures(c); });
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    out << "procedures: " << counts.inserted << " inserted, " << counts.new_versions << " new versions, "
        << counts.updated << " updated, " << counts.unchanged << " unchanged (" << total << " in the catalogue)\n";
    out << "import catalogue: done in " << ms << " ms\n";
    return 0;
  } catch (const std::exception& e) {
    out << "error: " << e.what() << "\n"
        << "nothing was changed\n";
    return 1;
  }
}

std::string fmt_amount(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", d);
  return buf;
}

void print_procedure(const storage::ProcedureRecord& rec, std::ostream& o) {
  const auto& p = rec.procedure;
  const json::object j = storage::procedure_json(p);
  auto list = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s.empty() ? std::string("-") : s;
  };
  o << p.code << "  " << p.name << "\n"
    << "  sector:        " << (p.sector.empty() ? "-" : p.sector) << "\n"
    << "  levels:        " << list(p.levels) << "\n"
    << "  type:          " << (p.procedure_type.empty() ? "-" : p.procedure_type) << "\n"
    << "  online level:  " << j.at("online_level").as_string().c_str()
    << (p.legacy_online_level ? " (legacy mức độ " + std::to_string(*p.legacy_online_level) + ")" : "") << "\n"
    << "  decision:      " << (p.decision.number.empty() ? "-" : p.decision.number)
    << (p.decision.date ? ", dated " + *p.decision.date : "")
    << (p.decision.effective ? ", effective " + *p.decision.effective : "") << "\n"
    << "  version:       " << (rec.version_key.empty() ? "(no decision)" : rec.version_key)
    << (rec.current ? " (current)" : " (not current)") << ", " << rec.versions.size() << " version(s)\n"
    << "  source:        " << p.source << (p.source_url.empty() ? "" : " " + p.source_url) << "\n"
    << "  review flags:  " << list(p.review_flags) << "\n";
  const auto& times = j.at("processing_times").as_array();
  o << "  processing times (" << times.size() << "):\n";
  for (std::size_t i = 0; i < p.times.size(); ++i) {
    const auto& t = p.times[i];
    o << "    [" << (t.parsed ? "parsed" : "REVIEW") << "] " << times[i].at("channel").as_string().c_str() << ": "
      << (t.amount ? fmt_amount(*t.amount) + " " + std::string(times[i].at("unit").as_string().c_str()) : "-")
      << (t.condition.empty() ? "" : "  (" + t.condition + ")") << "\n";
    if (!t.parsed && !t.raw.empty()) o << "      raw: " << t.raw << "\n";
  }
  const auto& fees = j.at("fees").as_array();
  o << "  fees (" << fees.size() << "):\n";
  for (std::size_t i = 0; i < p.fees.size(); ++i) {
    const auto& f = p.fees[i];
    o << "    [" << (f.parsed ? "parsed" : "REVIEW") << "] " << fees[i].at("channel").as_string().c_str() << " "
      << fees[i].at("kind").as_string().c_str() << ": "
      << (f.amount_vnd ? std::to_string(*f.amount_vnd) + " VND" : (f.per_case ? "per case" : "-"))
      << (f.description.empty() ? "" : "  " + f.description) << "\n";
    if (!f.parsed && !f.raw.empty()) o << "      raw: " << f.raw << "\n";
  }
  o << "  dossier components (" << p.components.size() << "):\n";
  for (const auto& d : p.components) {
    o << "    [" << (d.parsed ? "parsed" : "REVIEW") << "] " << (d.group.empty() ? "" : d.group + " / ") << d.name
      << "  (" << d.originals << " bản chính, " << d.copies << " bản sao" << (d.required ? "" : ", optional")
      << (d.form_template.empty() ? "" : ", form " + d.form_template) << ")\n";
    if (!d.parsed && !d.raw.empty()) o << "      raw: " << d.raw << "\n";
  }
}

int cmd_catalogue(const Config& config, const Args& args) {
  const std::string sub = args.positional.empty() ? "" : args.positional[0];
  if ((sub != "show" && sub != "search") || args.positional.size() != 2) {
    std::cerr << "catalogue: try 'motcua catalogue show CODE [--version KEY] [--json]' or "
                 "'motcua catalogue search TEXT [--sector S] [--level L] [--online-level L] [--limit N]'\n";
    return 2;
  }
  auto db = storage::Db::open(config.effective_db_url());
  storage::migrate(*db);
  if (sub == "show") {
    std::optional<std::string> version;
    if (args.has("version")) version = args.get("version");
    const auto rec = db->read([&](storage::Connection& c) { return storage::get_procedure(c, args.positional[1], version); });
    if (!rec) {
      std::cerr << "catalogue: no procedure " << args.positional[1]
                << (version ? " with version " + *version : std::string()) << " (import it: motcua import catalogue)\n";
      return 1;
    }
    if (args.has("json")) {
      json::object o = storage::procedure_json(rec->procedure);
      o["version_key"] = rec->version_key;
      o["current"] = rec->current;
      o["content_hash"] = rec->content_hash;
      o["imported_ms"] = rec->imported_ms;
      std::cout << json::serialize(o) << "\n";
    } else {
      print_procedure(*rec, std::cout);
    }
    return 0;
  }
  storage::ProcedureQuery q;
  q.q = args.positional[1];
  if (args.has("sector")) q.sector = args.get("sector");
  if (args.has("level")) q.level = args.get("level");
  if (args.has("online-level")) q.online_level = args.get("online-level");
  q.per_page = args.has("limit") ? std::max(1, std::atoi(args.get("limit").c_str())) : 20;
  const auto page = db->read([&](storage::Connection& c) { return storage::search_procedures(c, q); });
  for (const auto& i : page.items) std::cout << pad(i.code, 10) << "  " << i.name << "  [" << i.sector << "]\n";
  std::cout << page.items.size() << " of " << page.total << " shown\n";
  return 0;
}

}  // namespace

std::vector<Command> catalogue_commands() {
  return {{"catalogue", "motcua catalogue show CODE [--version KEY] [--json] | search TEXT [--sector S] [--level L]",
           "show: one procedure of the imported catalogue (the current version, or --version KEY = its publishing\n"
           "decision number) with its processing times, fees and dossier components; what could not be parsed is\n"
           "marked REVIEW with its source text. --json prints the structured record.\n"
           "search: the diacritics-insensitive search of the API (GET /api/procedures?q=), first 20 hits (--limit N).",
           {"version", "sector", "level", "online-level", "limit"}, cmd_catalogue}};
}

int run_import_catalogue(const Config& config, const Args& args) {
  auto db = storage::Db::open(config.effective_db_url());
  storage::migrate(*db);
  return run_import(*db, args.get("from"), std::cout);
}

}  // namespace motcua::app
