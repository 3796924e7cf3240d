// Chuyển hồ sơ (transfer) deadline of NĐ 61/2018 Điều 18 [C] (legal-rules §2.2): a paper dossier received
// directly is transferred to the competent agency "trong ngày làm việc" or, when received after 15:00,
// "trong ngày làm việc tiếp theo" at its start ("đầu giờ"). "Đầu giờ" has no figure in the text; the
// allowance after the next working start is data, tagged [R].
#pragma once

#include <cstdint>
#include <string>

#include "domain/calendar.h"
#include "domain/rule_set.h"

namespace motcua::domain {

struct TransferRule {
  int cutoff_minute = 15 * 60;  // rule set transfer_cutoff (NĐ 61/2018 Điều 18 [C])
  // "Đầu giờ ngày làm việc tiếp theo" read as the first hour of the next working day [R].
  int next_day_allowance_minutes = 60;
  std::string source = "NĐ 61/2018/NĐ-CP Điều 18";
  Confidence tag = Confidence::confirmed;
};

// The cut-off from the rule set in force (its source and tag carried over); the allowance stays default.
TransferRule transfer_rule_from(const RuleSet& set);

// Received at or before the cut-off on a working day → the closing time of that day; after the cut-off,
// or outside working time after the last session → next working start + allowance. Reception before the
// day's opening (or on a day off) counts from the next working start, like add_working_days.
std::int64_t transfer_deadline(std::int64_t received_at, const WorkingCalendar& cal, const TransferRule& rule = {});
bool transfer_late(std::int64_t received_at, std::int64_t transferred_at, const WorkingCalendar& cal,
                   const TransferRule& rule = {});

}  // namespace motcua::domain
