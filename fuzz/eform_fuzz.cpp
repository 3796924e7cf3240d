// Fuzzes the e-form validator (src/domain/eform_schema.*), both halves of it:
//   - the input as form data, validated against every schema the project ships (data/eforms/*.json):
//     what an applicant sends;
//   - the input as a schema (everything before the first NUL byte), and what follows the NUL as data for it:
//     what a schema author writes, then what an applicant sends against it.
// Loading may refuse with EformSchemaError only; validating never throws. Every problem names the field in both
// languages, and draft mode (everything but `required`) reports a subsequence of submit mode's problems.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "domain/eform_schema.h"

using motcua::domain::EformMode;
using motcua::domain::EformProblem;
using motcua::domain::EformSchema;
using motcua::domain::EformSchemaError;

namespace {

std::vector<EformSchema>& shipped() {
  static std::vector<EformSchema> schemas;
  return schemas;
}

bool same(const EformProblem& a, const EformProblem& b) {
  return a.path == b.path && a.message_vi == b.message_vi && a.message_en == b.message_en;
}

void check(const EformSchema& schema, std::string_view data) {
  const auto draft = schema.validate(data, EformMode::draft);
  const auto submit = schema.validate(data, EformMode::submit);
  for (const auto& p : submit)
    if (p.message_vi.empty() || p.message_en.empty()) std::abort();
  std::size_t at = 0;  // draft ⊆ submit, in order: submit only adds the missing required fields
  for (const auto& p : draft) {
    while (at < submit.size() && !same(submit[at], p)) ++at;
    if (at == submit.size()) std::abort();
    ++at;
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  for (const auto& entry : std::filesystem::directory_iterator(MOTCUA_EFORM_DIR)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    shipped().push_back(EformSchema::parse(entry.path().filename().string(), text.str()));
  }
  if (shipped().empty()) std::abort();  // the data directory moved: the fuzzer would test nothing real
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(bytes), size);
  for (const auto& schema : shipped()) check(schema, input);

  const auto nul = input.find('\0');
  const auto schema_text = input.substr(0, nul);
  const auto data = nul == std::string_view::npos ? std::string_view("{}") : input.substr(nul + 1);
  try {
    const auto schema = EformSchema::parse("fuzz.json", schema_text);
    check(schema, data);
    check(schema, schema_text);  // a schema is an object too: exercises properties named like keywords
  } catch (const EformSchemaError& e) {
    if (std::string_view(e.what()).rfind("fuzz.json: $", 0) != 0) std::abort();  // always names file and path
  }
  return 0;
}
