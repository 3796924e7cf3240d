// The bundled e-form schemas (data/eforms/*.json, see data/eforms/README.md): loaded once, all or nothing.
// A file's key is its name without ".json": a procedure code ("1.004194") or the key an agency service
// names in eform_key ("CT01" → data/eforms/CT01.json). Sub-directories (data/eforms/examples/) are not loaded.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/eform_schema.h"

namespace motcua::app {

class Eforms {
 public:
  // Every *.json directly in `dir` (plain or .json.gz). Throws std::runtime_error listing EVERY bad file
  // (each message names the file and the JSON path) — no partial set is ever returned.
  static Eforms load(const std::filesystem::path& dir);
  // The bundled data/eforms (find_data_dir); throws when the directory cannot be found.
  static Eforms load_bundled();

  const domain::EformSchema* find(std::string_view key) const;
  // The schema file's text as loaded (served to the UI, which renders the form from it); nullptr when absent.
  const std::string* text(std::string_view key) const;
  std::vector<std::string> keys() const;
  std::size_t size() const { return schemas_.size(); }

 private:
  std::map<std::string, domain::EformSchema, std::less<>> schemas_;
  std::map<std::string, std::string, std::less<>> texts_;
};

}  // namespace motcua::app
