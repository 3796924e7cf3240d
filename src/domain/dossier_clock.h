// Đồng hồ thời hạn giải quyết hồ sơ (the dossier clock) as pure values.
//
// Two dues are kept because the two legal texts count differently (legal-rules §3.4, §9.4 step 5):
//  - due_at, the legal due: NĐ 61/2018 Điều 19 (legal-rules §2.3 item 3, "thời hạn giải quyết được tính
//    lại từ đầu sau khi nhận đủ hồ sơ") restarts it from the resubmission after a supplement [C];
//  - metric_due_at, the QĐ 766 appointment (NgayHenTra): set at the first start and never restarted; the
//    on-time metric instead subtracts the supplement interval from the end time (legal-rules §6.3) [S].
// Both move by paused working time (financial obligation, status 6) and both take the apology's new date.
//
// Every computation goes through WorkingCalendar (the one deadline engine); nothing here reads files or
// clocks: callers pass `now`.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"
#include "domain/dossier.h"
#include "domain/procedure.h"

namespace motcua::domain {

// An operation that the clock's state does not allow (resume without a pause, an apology too late...).
// The message is English; the workflow engine turns the legal ones into vi/en refusals before this point.
class ClockError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Why the clock stands still.
enum class PauseReason {
  payment,     // chờ thực hiện nghĩa vụ tài chính (status 6)
  supplement,  // chờ công dân bổ sung hồ sơ (status 5): legally a restart follows, QĐ 766 subtracts it
  citizen,     // any other wait for the citizen
};
std::string_view pause_reason_code(PauseReason r);  // "payment" | "supplement" | "citizen"
std::optional<PauseReason> parse_pause_reason(std::string_view code);

struct ClockInterval {
  std::int64_t start = 0;
  std::optional<std::int64_t> end;  // open while waiting
  PauseReason reason = PauseReason::citizen;
  bool operator==(const ClockInterval&) const = default;
};

// A step's own deadline inside the procedure time (thời hạn từng bước, Phiếu kiểm soát Mẫu 05).
enum class StepDeadlineKind {
  share,          // a share of the procedure time, e.g. 0.6 of 10 working days
  working_days,   // a fixed number of working days
  working_hours,  // a fixed number of working hours
};
std::string_view step_deadline_kind_code(StepDeadlineKind k);
std::optional<StepDeadlineKind> parse_step_deadline_kind(std::string_view code);

struct StepDeadline {
  StepDeadlineKind kind = StepDeadlineKind::share;
  double value = 0;       // the share (0 < v <= 1) or the number of days / hours
  std::string citation;  // where the figure comes from (law, or "quy chế nội bộ" when it is a local choice)
};

// The choices the texts leave open, as data with their tags (legal-rules §2.3 item 8, §6.3, §11 item 5).
struct ClockPolicy {
  // Apology (phiếu xin lỗi và hẹn lại, TT 01/2018 Mẫu 04): NĐ 61/2018 Điều 19 "chậm nhất 01 ngày trước
  // ngày hết hạn" [C]; legal-rules §9.4 step 7 / §11 item 5 read it as working days [S]. The apology is
  // allowed until the closing time of the working day that lies this many working days before the due day.
  int apology_min_working_days_before_due = 1;
  // QĐ 766 "trước hạn" is not defined in the sources: early = the (supplement-adjusted) end falls on a
  // local day strictly before the due's local day [R]. On the due day itself, by the due moment: on time.
  bool early_means_earlier_day = true;
  // QĐ 766 (legal-rules §6.3 [S]): end − (hoàn thành bổ sung − yêu cầu bổ sung). The formula subtracts
  // timestamps, i.e. wall-clock time; set false to subtract working time instead.
  bool subtract_supplement_wall_clock = true;
  // QĐ 766: more than one supplement request → counted as overdue (legal-rules §6.3 [S]).
  bool several_supplements_are_late = true;
  // The 8-working-hour reception window (NĐ 45/2020 Điều 11 [S], rule set reception_window_working_hours).
  int reception_window_working_hours = 8;
  // Reception alert: a reminder in the last this-many working minutes of the window (local choice [R]).
  int reception_reminder_working_minutes = 120;
};

// The clock of one dossier. Storage keeps these fields on the dossier row (and the intervals in a child
// table or a JSON column); every operation returns the next value, never mutates through a reference.
struct DossierClock {
  ProcessingTime allowance;                     // thời hạn giải quyết pinned at reception
  DeadlineRules rules;                          // the procedure's 15:00 choice
  std::optional<std::int64_t> first_started_at;  // first reception (Mẫu 01 "thời gian nhận hồ sơ")
  std::optional<std::int64_t> started_at;        // start of the current legal count (moves on restart)
  std::optional<std::int64_t> due_at;            // legal due (NĐ 61)
  std::optional<std::int64_t> metric_due_at;     // QĐ 766 NgayHenTra: not restarted
  std::optional<std::int64_t> original_due_at;   // the first appointment, kept for the apology record
  std::optional<std::int64_t> due_before_extension;  // the due the apology replaced
  int restarts = 0;
  bool extended = false;
  std::vector<ClockInterval> pauses;       // payment and other citizen waits (due moves by working time)
  std::vector<ClockInterval> supplements;  // supplement waits (restart legally, subtracted by QĐ 766)
  std::optional<std::int64_t> step_started_at;
  std::optional<std::int64_t> step_due_at;
  std::optional<std::int64_t> completed_at;

  bool started() const { return due_at.has_value(); }
  bool paused() const;  // an open pause or supplement interval
  bool operator==(const DossierClock&) const = default;
};

// The due moment for a processing time from `from` (thời điểm tiếp nhận): working days with the 15:00 rule
// (add_working_days), working hours (add_working_hours), calendar days (add_calendar_days), months/years as
// calendar months then BLDS 2015 Điều 148 (moved to a working day). A fractional number of working days
// (0,5 ngày) is counted as that share of the agency's working day in working minutes [R]. Throws ClockError
// when the time has no amount, a negative one, or an unspecified unit.
std::int64_t compute_due(std::int64_t from, const ProcessingTime& allowance, const WorkingCalendar& cal,
                         const DeadlineRules& rules);

// ClockEffect::start: the dossier is received (status 2). Sets started_at, due_at, metric_due_at.
DossierClock start_clock(DossierClock clock, std::int64_t at, const WorkingCalendar& cal);
// ClockEffect::pause. Supplement waits go to `supplements`, the rest to `pauses`.
DossierClock pause_clock(DossierClock clock, std::int64_t at, PauseReason reason);
// ClockEffect::resume: closes the open pause; due_at, metric_due_at and step_due_at move by the paused
// working time (working_time_between(start, at), added with add_working_minutes).
DossierClock resume_clock(DossierClock clock, std::int64_t at, const WorkingCalendar& cal);
// ClockEffect::restart (resubmission after a supplement): closes the open supplement interval; due_at is
// recomputed from `at` (NĐ 61/2018 Điều 19, legal-rules §3.4 [C]); metric_due_at is kept (QĐ 766).
// On a clock that never started (supplement at reception) it is a start.
DossierClock restart_clock(DossierClock clock, std::int64_t at, const WorkingCalendar& cal);
// ClockEffect::extend (apology, Mẫu 04): throws ClockError unless apology_allowed(now) and new_due > due_at.
DossierClock extend_clock(DossierClock clock, std::int64_t now, std::int64_t new_due, const WorkingCalendar& cal,
                          const ClockPolicy& policy = {});
DossierClock complete_clock(DossierClock clock, std::int64_t at);

// The latest moment an apology may be issued: the closing time of the working day that lies
// policy.apology_min_working_days_before_due working days before the due's day.
std::int64_t apology_deadline(std::int64_t due_at, const WorkingCalendar& cal, const ClockPolicy& policy = {});
bool apology_allowed(const DossierClock& clock, std::int64_t now, const WorkingCalendar& cal,
                     const ClockPolicy& policy = {});

// QĐ 766 trước hạn / đúng hạn / trễ hạn at completion (`end` = NgayKetThucXuLy). Compares
// end − supplement time (see ClockPolicy) with metric_due_at. Throws ClockError on a clock never started.
Timeliness classify_completion(const DossierClock& clock, std::int64_t end, const WorkingCalendar& cal,
                               const ClockPolicy& policy = {});

// Queue predicates (hàng đợi "sắp đến hạn", "quá hạn"), on the legal due. A paused clock is neither.
bool overdue(const DossierClock& clock, std::int64_t now);
// Not overdue, and at most one working day (the agency's day length in working minutes) left.
bool due_within_one_working_day(const DossierClock& clock, std::int64_t now, const WorkingCalendar& cal);

// Per-step due from entering a state; never after the overall due.
std::int64_t step_due(std::int64_t entered_at, const StepDeadline& d, const DossierClock& clock,
                      const WorkingCalendar& cal);
DossierClock enter_step(DossierClock clock, std::int64_t at, const std::optional<StepDeadline>& d,
                        const WorkingCalendar& cal);

// NĐ 45/2020 Điều 11 (legal-rules §4 [S]): the official must accept, refuse or request a supplement
// within 8 working hours of an online submission; submitted outside working time counts from the next
// working start (add_working_minutes handles it).
std::int64_t reception_deadline(std::int64_t submitted_at, const WorkingCalendar& cal, const ClockPolicy& policy = {});
enum class ReceptionAlert { none, reminder, overdue };
std::string_view reception_alert_code(ReceptionAlert a);
ReceptionAlert reception_alert(std::int64_t submitted_at, std::int64_t now, const WorkingCalendar& cal,
                               const ClockPolicy& policy = {});

// Working minutes in the agency's ordinary day (07:30–11:30 + 13:30–17:00 → 450).
std::int64_t working_minutes_per_day(const WorkingCalendar& cal);

}  // namespace motcua::domain
