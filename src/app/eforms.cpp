#include "app/eforms.h"

#include <algorithm>
#include <stdexcept>

#include "app/data_dir.h"
#include "app/data_files.h"

namespace motcua::app {

namespace fs = std::filesystem;

Eforms Eforms::load(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw std::runtime_error("e-form schemas: " + dir.string() + " is not a directory");
  std::vector<std::pair<std::string, fs::path>> files;  // key, path
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    const std::string name = e.path().filename().string();
    for (const std::string suffix : {".json", ".json.gz"})
      if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        files.emplace_back(name.substr(0, name.size() - suffix.size()), e.path());
  }
  std::sort(files.begin(), files.end());
  Eforms out;
  std::vector<std::string> errors;
  for (const auto& [key, path] : files) {
    try {
      auto text = read_data_file(path);
      auto schema = domain::EformSchema::parse(path.string(), text);
      out.texts_.emplace(key, std::move(text));
      if (!out.schemas_.emplace(key, std::move(schema)).second)
        errors.push_back(path.string() + ": key \"" + key + "\" is defined twice (.json and .json.gz)");
    } catch (const std::exception& e) {
      errors.push_back(e.what());
    }
  }
  if (!errors.empty()) {
    std::string msg = "e-form schemas in " + dir.string() + " not loaded (" + std::to_string(errors.size()) + " error" +
                      (errors.size() == 1 ? "" : "s") + "):";
    for (const auto& e : errors) msg += "\n  " + e;
    throw std::runtime_error(msg);
  }
  return out;
}

Eforms Eforms::load_bundled() {
  const auto dir = find_data_dir("eforms");
  if (!dir) throw std::runtime_error("cannot find data/eforms; set MOTCUA_SOURCE_DIR to the source tree");
  return load(fs::path(*dir) / "eforms");
}

const domain::EformSchema* Eforms::find(std::string_view key) const {
  auto it = schemas_.find(key);
  return it == schemas_.end() ? nullptr : &it->second;
}

const std::string* Eforms::text(std::string_view key) const {
  auto it = texts_.find(key);
  return it == texts_.end() ? nullptr : &it->second;
}

std::vector<std::string> Eforms::keys() const {
  std::vector<std::string> out;
  for (const auto& [k, _] : schemas_) out.push_back(k);
  return out;
}

}  // namespace motcua::app
