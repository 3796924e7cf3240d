// The form templates (data/forms/<form_set>/<form>.json, see data/forms/README.md), loaded and validated
// once at start-up, all or nothing: a broken template stops the server with every problem listed, so a
// province's wording change is checked before any citizen holds the paper. `motcua forms check` runs the
// same validation without starting.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/form_template.h"

namespace motcua::app {

class FormTemplates {
 public:
  static FormTemplates load(const std::filesystem::path& dir);
  static FormTemplates load_bundled();  // find_data_dir("forms")

  const domain::FormTemplate* find(std::string_view form_set, std::string_view id) const;
  std::vector<const domain::FormTemplate*> of_set(std::string_view form_set) const;  // by id
  std::size_t size() const { return forms_.size(); }

 private:
  std::map<std::pair<std::string, std::string>, domain::FormTemplate, std::less<>> forms_;
};

}  // namespace motcua::app
