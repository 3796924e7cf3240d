#include "app/form_templates.h"

#include <algorithm>
#include <stdexcept>

#include "app/data_dir.h"
#include "app/data_files.h"
#include "domain/form_vocabulary.h"

namespace motcua::app {

namespace fs = std::filesystem;

FormTemplates FormTemplates::load(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw std::runtime_error("form templates: " + dir.string() + " is not a directory");
  std::vector<fs::path> files;
  for (const auto& set_dir : fs::directory_iterator(dir))
    if (set_dir.is_directory() && set_dir.path().filename() != "examples")
      for (const auto& e : fs::directory_iterator(set_dir.path()))
        if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  const auto vocabulary = domain::form_vocabulary();
  FormTemplates out;
  std::vector<std::string> errors;
  for (const auto& path : files) {
    try {
      auto t = domain::parse_form_template(read_data_file(path), vocabulary);
      // The directory and file name are the lookup key, so they must agree with the content.
      const std::string set = path.parent_path().filename().string(), id = path.stem().string();
      if (t.form_set != set || t.id != id) {
        errors.push_back(path.string() + ": id/form_set \"" + t.id + "\"/\"" + t.form_set + "\" must match the path " +
                         set + "/" + id + ".json");
        continue;
      }
      out.forms_.emplace(std::make_pair(set, id), std::move(t));
    } catch (const std::exception& e) {
      errors.push_back(path.string() + ": " + e.what());
    }
  }
  if (!errors.empty()) {
    std::string msg = "form templates in " + dir.string() + " not loaded (" + std::to_string(errors.size()) + " error" +
                      (errors.size() == 1 ? "" : "s") + "):";
    for (const auto& e : errors) msg += "\n  " + e;
    throw std::runtime_error(msg);
  }
  if (out.forms_.empty()) throw std::runtime_error("form templates: no *.json under " + dir.string());
  return out;
}

FormTemplates FormTemplates::load_bundled() {
  const auto dir = find_data_dir("forms");
  if (!dir) throw std::runtime_error("cannot find data/forms; set MOTCUA_SOURCE_DIR to the source tree");
  return load(fs::path(*dir) / "forms");
}

const domain::FormTemplate* FormTemplates::find(std::string_view form_set, std::string_view id) const {
  auto it = forms_.find(std::make_pair(std::string(form_set), std::string(id)));
  return it == forms_.end() ? nullptr : &it->second;
}

std::vector<const domain::FormTemplate*> FormTemplates::of_set(std::string_view form_set) const {
  std::vector<const domain::FormTemplate*> out;
  for (const auto& [key, t] : forms_)
    if (key.first == form_set) out.push_back(&t);
  return out;
}

}  // namespace motcua::app
