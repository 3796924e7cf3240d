// NĐ 61/2018 Điều 18 transfer deadline (transfer_rule.h).
#include "domain/transfer_rule.h"

namespace motcua::domain {

TransferRule transfer_rule_from(const RuleSet& set) {
  TransferRule r;
  r.cutoff_minute = set.transfer_cutoff_minutes.value;
  r.source = set.transfer_cutoff_minutes.source;
  r.tag = set.transfer_cutoff_minutes.tag;
  return r;
}

std::int64_t transfer_deadline(std::int64_t received_at, const WorkingCalendar& cal, const TransferRule& rule) {
  const std::int64_t day = local_day(received_at);
  const std::int64_t tod = local_ms_of_day(received_at);
  // "Sau 15 giờ": strictly after the cut-off, as add_working_days counts it. A working day's evening
  // is after 15:00 too; a day off has no cut-off, the dossier counts as received at the next opening.
  if (cal.is_working_day(day) && tod > rule.cutoff_minute * kMsPerMinute) {
    const std::int64_t next_start = cal.next_working_start(cal.closing_time(day));
    return cal.add_working_minutes(next_start, rule.next_day_allowance_minutes);
  }
  return cal.closing_time(local_day(cal.next_working_start(received_at)));
}

bool transfer_late(std::int64_t received_at, std::int64_t transferred_at, const WorkingCalendar& cal,
                   const TransferRule& rule) {
  return transferred_at > transfer_deadline(received_at, cal, rule);
}

}  // namespace motcua::domain
