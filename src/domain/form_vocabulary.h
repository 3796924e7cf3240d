// The names a form template may use: one list, so the loader refuses a typo and data/forms/README.md and
// `motcua forms fields` describe the same set. The application layer (app/document_data.cpp) fills them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/form_template.h"

namespace motcua::domain {

struct VocabularyEntry {
  std::string_view name;
  std::string_view description;  // Vietnamese: what it holds
};

// Scalar fields. A moment ("received", "due", …) expands to <moment>.text ("09 giờ 15 phút, ngày 23 tháng
// 11 năm 2026"), .date (23/11/2026), .day, .month, .year, .hour, .minute.
const std::vector<VocabularyEntry>& form_fields();
const std::vector<VocabularyEntry>& form_moments();
// Lists and their item keys.
const std::map<std::string, std::vector<std::string>>& form_lists();

FormVocabulary form_vocabulary();

// Sets <prefix>.text/.date/.day/.month/.year/.hour/.minute from a Vietnam-time instant (epoch ms, UTC+7).
void set_moment(FormData& data, std::string_view prefix, std::int64_t epoch_ms);
// A fixture dossier (data/forms/examples/dossier.json): {"fields": {…}, "moments": {"now": "YYYY-MM-DD HH:MM",
// …}, "lists": {…}}. Names outside the vocabulary are refused, so a fixture cannot drift from it.
FormData parse_form_fixture(std::string_view json_text);

// "ngày 23 tháng 11 năm 2026" (the administrative style for dates in prose).
std::string date_words(std::int64_t epoch_ms);
// "23/11/2026".
std::string date_dmy(std::int64_t epoch_ms);

}  // namespace motcua::domain
