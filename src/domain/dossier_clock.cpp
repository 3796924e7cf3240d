// The dossier clock (dossier_clock.h). All arithmetic goes through WorkingCalendar; this file only decides
// which calendar operation a legal rule calls for.
#include "domain/dossier_clock.h"

#include <algorithm>
#include <cmath>

namespace motcua::domain {

namespace {

std::optional<ClockInterval*> open_interval(std::vector<ClockInterval>& v) {
  if (!v.empty() && !v.back().end) return &v.back();
  return std::nullopt;
}

bool has_open(const std::vector<ClockInterval>& v) { return !v.empty() && !v.back().end; }

void require_started(const DossierClock& c, std::string_view op) {
  if (!c.started()) throw ClockError(std::string(op) + ": the processing clock has not started");
}

// Moves a due moment by a number of working minutes (pause/resume).
std::optional<std::int64_t> shift(const std::optional<std::int64_t>& due, std::int64_t minutes,
                                  const WorkingCalendar& cal) {
  if (!due || minutes <= 0) return due;
  return cal.add_working_minutes(*due, minutes);
}

std::int64_t whole(double v) { return static_cast<std::int64_t>(std::floor(v + 1e-9)); }

}  // namespace

std::string_view pause_reason_code(PauseReason r) {
  switch (r) {
    case PauseReason::payment: return "payment";
    case PauseReason::supplement: return "supplement";
    case PauseReason::citizen: return "citizen";
  }
  return "";
}

std::optional<PauseReason> parse_pause_reason(std::string_view code) {
  if (code == "payment") return PauseReason::payment;
  if (code == "supplement") return PauseReason::supplement;
  if (code == "citizen") return PauseReason::citizen;
  return std::nullopt;
}

std::string_view step_deadline_kind_code(StepDeadlineKind k) {
  switch (k) {
    case StepDeadlineKind::share: return "share";
    case StepDeadlineKind::working_days: return "working_days";
    case StepDeadlineKind::working_hours: return "working_hours";
  }
  return "";
}

std::optional<StepDeadlineKind> parse_step_deadline_kind(std::string_view code) {
  if (code == "share") return StepDeadlineKind::share;
  if (code == "working_days") return StepDeadlineKind::working_days;
  if (code == "working_hours") return StepDeadlineKind::working_hours;
  return std::nullopt;
}

std::string_view reception_alert_code(ReceptionAlert a) {
  switch (a) {
    case ReceptionAlert::none: return "none";
    case ReceptionAlert::reminder: return "reminder";
    case ReceptionAlert::overdue: return "overdue";
  }
  return "";
}

bool DossierClock::paused() const { return has_open(pauses) || has_open(supplements); }

std::int64_t working_minutes_per_day(const WorkingCalendar& cal) {
  std::int64_t total = 0;
  for (const Session& s : cal.office_hours().sessions) total += s.end_minute - s.start_minute;
  return total;
}

std::int64_t compute_due(std::int64_t from, const ProcessingTime& allowance, const WorkingCalendar& cal,
                         const DeadlineRules& rules) {
  if (!allowance.amount) throw ClockError("the procedure's processing time has no amount (\"" + allowance.raw + "\")");
  const double amount = *allowance.amount;
  if (amount < 0 || !std::isfinite(amount)) throw ClockError("the processing time must not be negative");
  const std::int64_t n = whole(amount);
  const double fraction = amount - static_cast<double>(n);
  switch (allowance.unit) {
    case TimeUnit::working_days: {
      // "0,5 ngày làm việc": the fraction is that share of the agency's working day, in working minutes [R].
      const auto extra = static_cast<std::int64_t>(std::llround(fraction * static_cast<double>(working_minutes_per_day(cal))));
      if (n == 0 && extra > 0) return cal.add_working_minutes(from, extra);
      const std::int64_t due = cal.add_working_days(from, n, rules);
      return extra > 0 ? cal.add_working_minutes(due, extra) : due;
    }
    case TimeUnit::working_hours:
      return cal.add_working_minutes(from, static_cast<std::int64_t>(std::llround(amount * 60.0)));
    case TimeUnit::calendar_days:
      // A part of a calendar day still ends at the end of a day (BLDS 2015 Điều 148): round up.
      return cal.add_calendar_days(from, fraction > 1e-9 ? n + 1 : n, rules);
    case TimeUnit::months:
    case TimeUnit::years: {
      // BLDS 2015 Điều 147–148: the period ends on the same date of the last month (the month's last day
      // when it has none), moved to a working day. add_calendar_days does the moving and the cut-off.
      if (fraction > 1e-9) throw ClockError("a fractional number of months or years is not supported");
      const std::int64_t months = allowance.unit == TimeUnit::years ? n * 12 : n;
      const SolarDate d0 = civil_from_days(local_day(cal.next_working_start(from)));
      const std::int64_t m = static_cast<std::int64_t>(d0.year) * 12 + (d0.month - 1) + months;
      SolarDate d1{static_cast<int>(m / 12), static_cast<int>(m % 12) + 1, 1};
      d1.day = std::min(d0.day, days_in_month(d1.year, d1.month));
      return cal.add_calendar_days(from, days_from_civil(d1) - days_from_civil(d0), rules);
    }
    case TimeUnit::unspecified: break;
  }
  throw ClockError("the procedure's processing time has no unit (\"" + allowance.raw + "\")");
}

DossierClock start_clock(DossierClock c, std::int64_t at, const WorkingCalendar& cal) {
  if (c.started()) throw ClockError("start: the processing clock has already started");
  const std::int64_t due = compute_due(at, c.allowance, cal, c.rules);
  c.first_started_at = at;
  c.started_at = at;
  c.due_at = due;
  c.metric_due_at = due;
  c.original_due_at = due;
  return c;
}

DossierClock pause_clock(DossierClock c, std::int64_t at, PauseReason reason) {
  require_started(c, "pause");
  if (c.completed_at) throw ClockError("pause: the dossier is completed");
  if (c.paused()) throw ClockError("pause: the clock is already paused");
  auto& list = reason == PauseReason::supplement ? c.supplements : c.pauses;
  list.push_back(ClockInterval{at, std::nullopt, reason});
  return c;
}

DossierClock resume_clock(DossierClock c, std::int64_t at, const WorkingCalendar& cal) {
  require_started(c, "resume");
  const bool supplement = has_open(c.supplements);
  auto open = supplement ? open_interval(c.supplements) : open_interval(c.pauses);
  if (!open) throw ClockError("resume: the clock is not paused");
  ClockInterval& iv = **open;
  if (at < iv.start) throw ClockError("resume: the resumption is before the pause");
  iv.end = at;
  const std::int64_t minutes = cal.working_time_between(iv.start, at);
  c.due_at = shift(c.due_at, minutes, cal);
  c.step_due_at = shift(c.step_due_at, minutes, cal);
  // QĐ 766 subtracts supplement time from the end instead (classify_completion); other pauses (status 6)
  // move the appointment the citizen was given, so they move the metric due too.
  if (!supplement) c.metric_due_at = shift(c.metric_due_at, minutes, cal);
  return c;
}

DossierClock restart_clock(DossierClock c, std::int64_t at, const WorkingCalendar& cal) {
  if (auto open = open_interval(c.supplements)) {
    if (at < (*open)->start) throw ClockError("restart: the resubmission is before the supplement request");
    (*open)->end = at;
  }
  if (has_open(c.pauses)) throw ClockError("restart: the clock is paused for another reason");
  if (!c.started()) return start_clock(std::move(c), at, cal);
  // NĐ 61/2018 Điều 19 (legal-rules §2.3 item 3, §3.4) [C]: counted again from the start.
  c.started_at = at;
  c.due_at = compute_due(at, c.allowance, cal, c.rules);
  c.step_due_at.reset();
  ++c.restarts;
  return c;
}

std::int64_t apology_deadline(std::int64_t due_at, const WorkingCalendar& cal, const ClockPolicy& policy) {
  if (policy.apology_min_working_days_before_due <= 0) return due_at;
  std::int64_t day = local_day(due_at);
  for (int found = 0; found < policy.apology_min_working_days_before_due;) {
    --day;
    if (cal.is_working_day(day)) ++found;
  }
  return cal.closing_time(day);
}

bool apology_allowed(const DossierClock& c, std::int64_t now, const WorkingCalendar& cal, const ClockPolicy& policy) {
  return c.due_at && !c.extended && now <= apology_deadline(*c.due_at, cal, policy);
}

DossierClock extend_clock(DossierClock c, std::int64_t now, std::int64_t new_due, const WorkingCalendar& cal,
                          const ClockPolicy& policy) {
  require_started(c, "extend");
  if (c.extended) throw ClockError("extend: the due date was already extended once (NĐ 61/2018 Điều 19)");
  if (!apology_allowed(c, now, cal, policy))
    throw ClockError("extend: the apology must be issued at least " +
                     std::to_string(policy.apology_min_working_days_before_due) +
                     " working day(s) before the due date " + format_local_datetime(*c.due_at));
  if (new_due <= *c.due_at) throw ClockError("extend: the new due date must be later than the current one");
  c.due_before_extension = c.due_at;
  c.due_at = new_due;
  // NgayHenTra is re-synced with the new date; original_due_at keeps the first appointment (§2.3 item 8).
  c.metric_due_at = new_due;
  if (c.step_due_at && *c.step_due_at > new_due) c.step_due_at = new_due;
  c.extended = true;
  return c;
}

DossierClock complete_clock(DossierClock c, std::int64_t at) {
  if (c.paused()) throw ClockError("complete: the clock is paused");
  c.completed_at = at;
  return c;
}

Timeliness classify_completion(const DossierClock& c, std::int64_t end, const WorkingCalendar& cal,
                               const ClockPolicy& policy) {
  if (!c.metric_due_at) throw ClockError("classify: the processing clock never started");
  if (policy.several_supplements_are_late && c.supplements.size() > 1) return Timeliness::late;
  std::int64_t adjusted_end = end;
  std::int64_t due = *c.metric_due_at;
  for (const ClockInterval& iv : c.supplements) {
    const std::int64_t stop = iv.end.value_or(end);
    if (stop <= iv.start) continue;
    if (policy.subtract_supplement_wall_clock) adjusted_end -= stop - iv.start;
    else due = cal.add_working_minutes(due, cal.working_time_between(iv.start, stop));
  }
  if (adjusted_end > due) return Timeliness::late;
  if (policy.early_means_earlier_day && local_day(adjusted_end) < local_day(due)) return Timeliness::early;
  if (!policy.early_means_earlier_day && adjusted_end < due) return Timeliness::early;
  return Timeliness::on_time;
}

bool overdue(const DossierClock& c, std::int64_t now) {
  return c.due_at && !c.completed_at && !c.paused() && now > *c.due_at;
}

bool due_within_one_working_day(const DossierClock& c, std::int64_t now, const WorkingCalendar& cal) {
  if (!c.due_at || c.completed_at || c.paused() || now > *c.due_at) return false;
  return cal.working_time_between(now, *c.due_at) <= working_minutes_per_day(cal);
}

std::int64_t step_due(std::int64_t entered_at, const StepDeadline& d, const DossierClock& c,
                      const WorkingCalendar& cal) {
  std::int64_t due = entered_at;
  switch (d.kind) {
    case StepDeadlineKind::share: {
      // A share of the whole processing window, in working minutes, counted from entering the step.
      const std::int64_t window =
          c.started_at && c.due_at ? cal.working_time_between(*c.started_at, *c.due_at)
                                   : cal.working_time_between(entered_at, compute_due(entered_at, c.allowance, cal, c.rules));
      due = cal.add_working_minutes(entered_at, std::llround(d.value * static_cast<double>(window)));
      break;
    }
    case StepDeadlineKind::working_days: {
      const std::int64_t n = whole(d.value);
      const double fraction = d.value - static_cast<double>(n);
      // Internal steps have no 15:00 cut-off: it is a reception rule (NĐ 61/2018 Điều 18).
      due = n > 0 ? cal.add_working_days(entered_at, n, DeadlineRules{false, 0}) : entered_at;
      if (fraction > 1e-9)
        due = cal.add_working_minutes(due, std::llround(fraction * static_cast<double>(working_minutes_per_day(cal))));
      break;
    }
    case StepDeadlineKind::working_hours:
      due = cal.add_working_minutes(entered_at, std::llround(d.value * 60.0));
      break;
  }
  if (c.due_at && due > *c.due_at) due = *c.due_at;
  return due;
}

DossierClock enter_step(DossierClock c, std::int64_t at, const std::optional<StepDeadline>& d,
                        const WorkingCalendar& cal) {
  c.step_started_at = at;
  if (d) c.step_due_at = step_due(at, *d, c, cal);
  else c.step_due_at.reset();
  return c;
}

std::int64_t reception_deadline(std::int64_t submitted_at, const WorkingCalendar& cal, const ClockPolicy& policy) {
  // Submitted outside working time: the 8 hours count from the next working start (legal-rules §4 [R]).
  return cal.add_working_minutes(cal.next_working_start(submitted_at),
                                 static_cast<std::int64_t>(policy.reception_window_working_hours) * 60);
}

ReceptionAlert reception_alert(std::int64_t submitted_at, std::int64_t now, const WorkingCalendar& cal,
                               const ClockPolicy& policy) {
  const std::int64_t deadline = reception_deadline(submitted_at, cal, policy);
  if (now > deadline) return ReceptionAlert::overdue;
  if (cal.working_time_between(now, deadline) <= policy.reception_reminder_working_minutes)
    return ReceptionAlert::reminder;
  return ReceptionAlert::none;
}

}  // namespace motcua::domain
