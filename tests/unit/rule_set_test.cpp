// Rules as dated data: data/rules/rule-sets.json, in-force selection, validation, pinning.
#include <gtest/gtest.h>

#include "app/profiles.h"
#include "domain/pinning.h"
#include "domain/rule_set.h"

using namespace motcua;
using namespace motcua::domain;

namespace {

LocalDate D(int y, int m, int d) { return {y, m, d}; }

const std::vector<RuleSet>& bundled() {
  static const auto sets = app::load_rule_sets(app::rules_data_dir());
  return sets;
}

// A minimal valid set; tests replace parts of it.
std::string set_json(const std::string& id, const std::string& from, const std::string& extra = "",
                     const std::string& cutoff = "15:00") {
  auto v = [](const std::string& value) { return "{\"value\": " + value + ", \"source\": \"test\", \"tag\": \"C\"}"; };
  return "{\"id\": \"" + id + "\", \"name\": \"n\", \"effective_from\": " + v("\"" + from + "\"") +
         ", \"form_set\": " + v("\"tt01-2018\"") +
         ", \"dossier_code\": " + v("{\"format\": \"tt01-2018\", \"date_pattern\": \"YYMMDD\", \"min_sequence_digits\": 4}") +
         ", \"reception_window_working_hours\": " + v("8") + ", \"transfer_cutoff\": " + v("\"" + cutoff + "\"") +
         ", \"pakn_answer_working_days\": " + v("15") +
         ", \"qa_answer_working_days\": " + v("{\"own_scope\": 3, \"inter_agency\": 5, \"maximum\": 10}") +
         ", \"rating_scheme\": " + v("{\"id\": \"r\", \"questions\": [\"q\"], \"levels\": [\"a\", \"b\"]}") + extra + "}";
}

std::string file_json(const std::vector<std::string>& sets) {
  std::string s = "{\"rule_sets\": [";
  for (std::size_t i = 0; i < sets.size(); ++i) s += (i ? "," : "") + sets[i];
  return s + "]}";
}

std::string problems_of(const std::string& text) {
  try {
    parse_rule_sets(text, "rules.json");
  } catch (const RuleDataError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

// TT 01/2018/TT-VPCP Điều 19 (code), Điều 9–10 (forms); NĐ 45/2020 Điều 11 (8 working hours);
// NĐ 61/2018 Điều 18 (15:00); QĐ 31/2021 (PAKN 15 working days).
TEST(RuleSets, Tt01SetValues) {
  const auto* r = find_rule_set(bundled(), "tt01-2018");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->form_set.value, "tt01-2018");
  EXPECT_EQ(r->dossier_code.value.format, CodeFormat::tt01_2018);
  EXPECT_EQ(r->dossier_code.value.date_pattern, CodeDatePattern::yymmdd);
  EXPECT_EQ(r->dossier_code.value.min_sequence_digits, 4);
  EXPECT_EQ(r->dossier_code.tag, Confidence::confirmed);
  EXPECT_NE(r->dossier_code.source.find("Điều 19"), std::string::npos);
  EXPECT_EQ(r->reception_window_working_hours.value, 8);
  EXPECT_NE(r->reception_window_working_hours.source.find("NĐ 45/2020"), std::string::npos);
  EXPECT_EQ(r->transfer_cutoff_minutes.value, 15 * 60);
  EXPECT_NE(r->transfer_cutoff_minutes.source.find("Điều 18"), std::string::npos);
  EXPECT_EQ(r->pakn_answer_working_days.value, 15);
  EXPECT_EQ(r->qa_answer_working_days.value, (QaDeadlines{3, 5, 10}));
}

// TT 03/2025/TT-VPCP (in force 15/9/2025): form set Mẫu 01–07; TT 04/2025 (in force 25/01/2026) adds
// Điều 13.3 with the QĐ 20/2020-based code.
TEST(RuleSets, Tt03SetsValues) {
  const auto* r = find_rule_set(bundled(), "tt03-2025");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->effective_from.value, D(2025, 9, 15));
  EXPECT_EQ(r->form_set.value, "tt03-2025");
  const auto* r4 = find_rule_set(bundled(), "tt03-2025-tt04");
  ASSERT_TRUE(r4);
  EXPECT_EQ(r4->effective_from.value, D(2026, 1, 25));
  EXPECT_EQ(r4->dossier_code.value.format, CodeFormat::tt03_2025);
  EXPECT_EQ(r4->dossier_code.value.date_pattern, CodeDatePattern::yyyymmdd);
  EXPECT_NE(r4->dossier_code.source.find("Điều 13.3"), std::string::npos);
  EXPECT_EQ(r4->dossier_code.tag, Confidence::recalled);
}

// Every value in the bundled file cites a legal text.
TEST(RuleSets, EveryValueHasASource) {
  for (const auto& r : bundled())
    for (const std::string* s : {&r.effective_from.source, &r.form_set.source, &r.dossier_code.source,
                                 &r.reception_window_working_hours.source, &r.transfer_cutoff_minutes.source,
                                 &r.pakn_answer_working_days.source, &r.qa_answer_working_days.source,
                                 &r.rating_scheme.source})
      EXPECT_FALSE(s->empty()) << r.id;
}

// A set is in force from 00:00 (Vietnam time) of its effective date: TT 03/2025 from 15/9/2025,
// TT 04/2025 Điều 13.3 from 25/01/2026.
TEST(RuleSets, InForceAtTheBoundaries) {
  const auto& s = bundled();
  EXPECT_EQ(rule_set_in_force(s, D(2019, 1, 7)), nullptr);
  EXPECT_EQ(rule_set_in_force(s, D(2019, 1, 8))->id, "tt01-2018");
  EXPECT_EQ(rule_set_in_force(s, LocalDateTime{D(2025, 9, 14), 23, 59, 59})->id, "tt01-2018");
  EXPECT_EQ(rule_set_in_force(s, LocalDateTime{D(2025, 9, 15), 0, 0, 0})->id, "tt03-2025");
  EXPECT_EQ(rule_set_in_force(s, D(2026, 1, 24))->id, "tt03-2025");
  EXPECT_EQ(rule_set_in_force(s, D(2026, 1, 25))->id, "tt03-2025-tt04");
  EXPECT_EQ(rule_set_in_force(s, D(2030, 1, 1))->id, "tt03-2025-tt04");
  // 2025-09-14T17:00:00Z is 00:00 on 15/9 in Hà Nội: the reception instant decides, in Vietnam time.
  EXPECT_EQ(rule_set_in_force(s, vietnam_local_time(1757869200000))->id, "tt03-2025");
  EXPECT_EQ(rule_set_in_force(s, vietnam_local_time(1757869200000 - 1))->id, "tt01-2018");
}

TEST(RuleSets, ValidFileParses) {
  const auto sets = parse_rule_sets(file_json({set_json("a", "2020-01-01"), set_json("b", "2021-01-01")}), "x.json");
  ASSERT_EQ(sets.size(), 2u);
  EXPECT_EQ(sets[1].id, "b");
}

TEST(RuleSets, InvalidFilesNameFileEntryAndField) {
  EXPECT_NE(problems_of("{").find("rules.json: not valid JSON"), std::string::npos);
  EXPECT_NE(problems_of(file_json({set_json("a", "2020-02-30")})).find("rules.json: rule_sets[0] (a): effective_from: value: must be a real date"),
            std::string::npos);
  EXPECT_NE(problems_of(file_json({set_json("a", "2020-01-01", "", "25:00")})).find("transfer_cutoff: value: must be a time"),
            std::string::npos);
  EXPECT_NE(problems_of(file_json({set_json("a", "2020-01-01", ", \"colour\": 1")})).find("unknown key \"colour\""),
            std::string::npos);
  const std::string unordered = problems_of(file_json({set_json("a", "2021-01-01"), set_json("b", "2020-01-01")}));
  EXPECT_NE(unordered.find("rule_sets[1] (b): effective_from: 2020-01-01 is before a's 2021-01-01"), std::string::npos);
  const std::string overlap = problems_of(file_json({set_json("a", "2021-01-01"), set_json("b", "2021-01-01")}));
  EXPECT_NE(overlap.find("overlaps a"), std::string::npos);
  EXPECT_NE(problems_of(file_json({set_json("a", "2020-01-01"), set_json("a", "2021-01-01")})).find("duplicate id"),
            std::string::npos);
  EXPECT_NE(problems_of("{\"rule_sets\": []}").find("must be a non-empty list"), std::string::npos);
  // Several problems are all reported at once.
  try {
    parse_rule_sets(file_json({set_json("a", "2020-13-01", "", "7pm"), set_json("b", "x")}), "r.json");
    FAIL();
  } catch (const RuleDataError& e) {
    EXPECT_EQ(e.problems().size(), 3u) << e.what();
  }
}

// Pinning (legal-rules §11.1: the TTHC version is "frozen on each dossier at reception").
TEST(Pinning, PinsTheVersionAndRuleSetInForceAtReception) {
  const std::vector<ProcedureVersionRef> versions = {
      {10, D(2024, 1, 1), D(2023, 12, 1)},
      {11, D(2025, 10, 1), D(2025, 9, 20)},
      {12, std::nullopt, D(2026, 2, 1)},  // effective date unknown: the decision date counts
  };
  EXPECT_EQ(pin_dossier(versions, bundled(), {D(2025, 9, 30), 16, 0, 0}),
            (DossierPin{10, "tt03-2025", {D(2025, 9, 30), 16, 0, 0}}));
  EXPECT_EQ(pin_dossier(versions, bundled(), {D(2025, 10, 1), 7, 30, 0}).procedure_version_id, 11);
  EXPECT_EQ(pin_dossier(versions, bundled(), {D(2026, 2, 1), 8, 0, 0}),
            (DossierPin{12, "tt03-2025-tt04", {D(2026, 2, 1), 8, 0, 0}}));
  EXPECT_THROW(pin_dossier(versions, bundled(), {D(2023, 6, 1), 8, 0, 0}), PinningError);
  EXPECT_THROW(pin_dossier({{1, D(2010, 1, 1), std::nullopt}}, bundled(), {D(2018, 6, 1), 8, 0, 0}), PinningError);
  // Same start: the later import (higher id) wins.
  EXPECT_EQ(procedure_version_in_force({{5, D(2024, 1, 1), {}}, {6, D(2024, 1, 1), {}}}, D(2024, 6, 1)), 6);
}

// The national catalogue gives no dates for most procedures: an undated version is in force since always,
// but a dated version that has started takes precedence, and the last imported undated version wins.
TEST(Pinning, UndatedVersionsApplyUntilADatedOneStarts) {
  const std::vector<ProcedureVersionRef> versions = {{20, {}, {}}, {21, {}, {}}, {22, D(2026, 3, 1), {}}};
  EXPECT_EQ(procedure_version_in_force(versions, D(2026, 2, 1)), 21);
  EXPECT_EQ(procedure_version_in_force(versions, D(2026, 3, 1)), 22);
  EXPECT_EQ(procedure_version_in_force({}, D(2026, 3, 1)), std::nullopt);
}
