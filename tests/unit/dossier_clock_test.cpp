// The dossier clock, the reception window and the transfer rule, on the published 2026 calendar. Each rule
// test names its article: NĐ 61/2018 Điều 18 (15:00 transfer), Điều 19 (restart after a supplement, the
// apology), NĐ 45/2020 Điều 11 (08 giờ làm việc), QĐ 766/QĐ-TTg (trước hạn / đúng hạn / trễ hạn, legal-rules
// §6.3). Tết 2026: Mon 16/02 – Fri 20/02 off, so Fri 13/02 is followed by Mon 23/02.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/data_dir.h"
#include "calendar_fixture.h"
#include "domain/calendar.h"
#include "domain/dossier_clock.h"
#include "domain/rule_set.h"
#include "domain/transfer_rule.h"

namespace motcua::domain {
namespace {

namespace fs = std::filesystem;
using namespace testing;

DossierClock clock_of(double amount, TimeUnit unit = TimeUnit::working_days) {
  DossierClock c;
  c.allowance.amount = amount;
  c.allowance.unit = unit;
  c.allowance.parsed = true;
  return c;
}

// ---- start: the due date ------------------------------------------------------------------------------

// NĐ 61/2018 Điều 18 cut-off applied to the appointment (legal-rules §3.4, §9.4): received Fri 13/02/2026
// after 15:00, the count starts on Mon 23/02 (after Tết); 5 working days → Mon 02/03.
TEST(DossierClockStart, WorkingDaysWithCutoffAcrossTet2026) {
  EXPECT_EQ(fmt(*start_clock(clock_of(5), at("2026-02-13 15:30"), cal()).due_at), "2026-03-02 17:00");
  EXPECT_EQ(fmt(*start_clock(clock_of(5), at("2026-02-13 15:00"), cal()).due_at), "2026-02-27 17:00");
  EXPECT_EQ(fmt(*start_clock(clock_of(5), at("2026-02-13 14:00"), cal()).due_at), "2026-02-27 17:00");
  DossierClock no_cutoff = clock_of(5);
  no_cutoff.rules.cutoff_enabled = false;  // a procedure without the 15:00 rule
  EXPECT_EQ(fmt(*start_clock(no_cutoff, at("2026-02-13 15:30"), cal()).due_at), "2026-02-27 17:00");
}

TEST(DossierClockStart, WorkingHoursCalendarDaysMonthsAndHalfDays) {
  // 8 working hours from Fri 13/02 15:30: 90 min that day, 390 on Mon 23/02 → 16:00.
  EXPECT_EQ(fmt(*start_clock(clock_of(8, TimeUnit::working_hours), at("2026-02-13 15:30"), cal()).due_at),
            "2026-02-23 16:00");
  // 10 calendar days from Tue 10/02 → Fri 20/02 is Tết → moved to Mon 23/02 (BLDS 2015 Điều 148).
  EXPECT_EQ(fmt(*start_clock(clock_of(10, TimeUnit::calendar_days), at("2026-02-10 09:00"), cal()).due_at),
            "2026-02-23 17:00");
  // 1 month from Tue 31/03 → 30/04 (holiday), 01/05 (holiday), weekend → Mon 04/05.
  EXPECT_EQ(fmt(*start_clock(clock_of(1, TimeUnit::months), at("2026-03-31 09:00"), cal()).due_at), "2026-05-04 17:00");
  // 0,5 ngày làm việc = 225 working minutes of the 450-minute day: 150 until 11:30, 75 after 13:30 → 14:45.
  EXPECT_EQ(fmt(*start_clock(clock_of(0.5), at("2026-03-02 09:00"), cal()).due_at), "2026-03-02 14:45");
  DossierClock none;
  EXPECT_THROW(start_clock(none, at("2026-03-02 09:00"), cal()), ClockError);
  EXPECT_THROW(start_clock(start_clock(clock_of(1), at("2026-03-02 09:00"), cal()), at("2026-03-02 10:00"), cal()),
               ClockError);
}

// ---- pause / resume (status 6) ------------------------------------------------------------------------

// TrangThaiHoSo 6 (legal-rules §7.2): waiting for the financial obligation stops the clock; the due moves by
// the paused working time (Tết in between costs nothing).
TEST(DossierClockPause, PaymentPauseMovesDueByWorkingTimeStatus6) {
  DossierClock c = start_clock(clock_of(3), at("2026-02-10 09:00"), cal());
  EXPECT_EQ(fmt(*c.due_at), "2026-02-13 17:00");
  c = pause_clock(c, at("2026-02-12 16:00"), PauseReason::payment);
  EXPECT_TRUE(c.paused());
  EXPECT_FALSE(overdue(c, at("2026-02-24 09:00")));
  EXPECT_FALSE(due_within_one_working_day(c, at("2026-02-13 16:00"), cal()));
  EXPECT_THROW(pause_clock(c, at("2026-02-12 16:30"), PauseReason::citizen), ClockError);
  // 12/02 16:00–17:00 (60) + 13/02 (450) + 23/02 07:30–08:30 (60) = 570 working minutes.
  c = resume_clock(c, at("2026-02-23 08:30"), cal());
  EXPECT_FALSE(c.paused());
  EXPECT_EQ(fmt(*c.due_at), "2026-02-24 09:30");  // 13/02 17:00 + 570 → 23/02 full (450) + 120 on 24/02
  EXPECT_EQ(*c.metric_due_at, *c.due_at);
  ASSERT_EQ(c.pauses.size(), 1u);
  EXPECT_EQ(fmt(*c.pauses[0].end), "2026-02-23 08:30");
  EXPECT_THROW(resume_clock(c, at("2026-02-23 09:00"), cal()), ClockError);
}

// ---- restart after a supplement -----------------------------------------------------------------------

// NĐ 61/2018 Điều 19 (legal-rules §2.3 item 3, §3.4) [C]: "thời hạn giải quyết được tính lại từ đầu"; the
// QĐ 766 appointment is kept and the supplement wait is recorded for the metric.
TEST(DossierClockRestart, ResubmissionRestartsLegalDueNd61Dieu19) {
  DossierClock c = start_clock(clock_of(5), at("2026-02-13 14:00"), cal());
  c = pause_clock(c, at("2026-02-24 09:00"), PauseReason::supplement);
  c = restart_clock(c, at("2026-03-03 09:00"), cal());
  EXPECT_EQ(fmt(*c.started_at), "2026-03-03 09:00");
  EXPECT_EQ(fmt(*c.first_started_at), "2026-02-13 14:00");
  EXPECT_EQ(fmt(*c.due_at), "2026-03-10 17:00");
  EXPECT_EQ(fmt(*c.metric_due_at), "2026-02-27 17:00");
  ASSERT_EQ(c.supplements.size(), 1u);
  EXPECT_EQ(fmt(*c.supplements[0].end), "2026-03-03 09:00");
  EXPECT_EQ(c.restarts, 1);
}

TEST(DossierClockRestart, SupplementAtReceptionMeansTheClockStartsOnResubmission) {
  // The clock never started (Mẫu 02 at reception): restart is a start, and there is nothing to subtract.
  DossierClock c = restart_clock(clock_of(5), at("2026-03-03 09:00"), cal());
  EXPECT_EQ(fmt(*c.due_at), "2026-03-10 17:00");
  EXPECT_EQ(c.restarts, 0);
  EXPECT_TRUE(c.supplements.empty());
}

// ---- extend (apology) ---------------------------------------------------------------------------------

// NĐ 61/2018 Điều 19 (legal-rules §2.3 item 8) + TT 01/2018 Mẫu 04: at the latest 1 working day before the
// due, once, to a later date.
TEST(DossierClockExtend, ApologyDeadlineAndOnceNd61Dieu19Mau04) {
  DossierClock c = start_clock(clock_of(5), at("2026-02-13 15:30"), cal());  // due Mon 02/03 17:00
  EXPECT_EQ(fmt(apology_deadline(*c.due_at, cal())), "2026-02-27 17:00");
  EXPECT_TRUE(apology_allowed(c, at("2026-02-27 17:00"), cal()));
  EXPECT_FALSE(apology_allowed(c, at("2026-02-28 08:00"), cal()));
  EXPECT_THROW(extend_clock(c, at("2026-03-02 08:00"), at("2026-03-06 17:00"), cal()), ClockError);
  EXPECT_THROW(extend_clock(c, at("2026-02-26 08:00"), at("2026-03-02 17:00"), cal()), ClockError);
  c = extend_clock(c, at("2026-02-26 08:00"), at("2026-03-06 17:00"), cal());
  EXPECT_EQ(fmt(*c.due_at), "2026-03-06 17:00");
  EXPECT_EQ(fmt(*c.due_before_extension), "2026-03-02 17:00");
  EXPECT_EQ(fmt(*c.original_due_at), "2026-03-02 17:00");
  EXPECT_THROW(extend_clock(c, at("2026-03-02 08:00"), at("2026-03-09 17:00"), cal()), ClockError);
  // Two working days, as a province may require: the deadline moves back over the weekend.
  ClockPolicy two;
  two.apology_min_working_days_before_due = 2;
  EXPECT_EQ(fmt(apology_deadline(at("2026-03-02 17:00"), cal(), two)), "2026-02-26 17:00");
}

// ---- classification (QĐ 766) --------------------------------------------------------------------------

// QĐ 766/QĐ-TTg (legal-rules §6.3) [S]: end − (hoàn thành bổ sung − yêu cầu bổ sung) ≤ NgayHenTra → on time;
// early: the adjusted end falls on an earlier day than the due [R]; more than one supplement → late.
TEST(DossierClockTimeliness, EarlyOnTimeLateWithSupplementExcludedQd766) {
  DossierClock c = start_clock(clock_of(5), at("2026-02-13 14:00"), cal());  // NgayHenTra Fri 27/02 17:00
  c = pause_clock(c, at("2026-02-24 09:00"), PauseReason::supplement);
  c = restart_clock(c, at("2026-03-03 09:00"), cal());  // 7 calendar days of waiting
  EXPECT_EQ(classify_completion(c, at("2026-03-05 10:00"), cal()), Timeliness::early);    // ≙ 26/02 10:00
  EXPECT_EQ(classify_completion(c, at("2026-03-06 16:00"), cal()), Timeliness::on_time);  // ≙ 27/02 16:00
  EXPECT_EQ(classify_completion(c, at("2026-03-06 17:00"), cal()), Timeliness::on_time);  // ≙ the due itself
  EXPECT_EQ(classify_completion(c, at("2026-03-06 17:30"), cal()), Timeliness::late);     // ≙ 27/02 17:30
  EXPECT_FALSE(overdue(c, at("2026-03-06 17:30"))) << "legally due 10/03 after the restart";
  // Without subtracting the wait, the same end would be late: the exclusion is what makes it on time.
  DossierClock plain = start_clock(clock_of(5), at("2026-02-13 14:00"), cal());
  EXPECT_EQ(classify_completion(plain, at("2026-03-06 16:00"), cal()), Timeliness::late);
  EXPECT_EQ(classify_completion(plain, at("2026-02-27 08:00"), cal()), Timeliness::on_time);
  EXPECT_EQ(classify_completion(plain, at("2026-02-26 16:59"), cal()), Timeliness::early);
  // Working-time subtraction (ClockPolicy): 24/02 09:00 → 03/03 09:00 = 5 working days → due 06/03 17:00.
  ClockPolicy working;
  working.subtract_supplement_wall_clock = false;
  EXPECT_EQ(classify_completion(c, at("2026-03-06 17:00"), cal(), working), Timeliness::on_time);
  EXPECT_EQ(classify_completion(c, at("2026-03-09 08:00"), cal(), working), Timeliness::late);
}

TEST(DossierClockTimeliness, TwoSupplementRequestsCountAsLateQd766) {
  DossierClock c = start_clock(clock_of(10), at("2026-03-02 09:00"), cal());
  c = pause_clock(c, at("2026-03-03 09:00"), PauseReason::supplement);
  c = restart_clock(c, at("2026-03-04 09:00"), cal());
  c = pause_clock(c, at("2026-03-05 09:00"), PauseReason::supplement);
  c = restart_clock(c, at("2026-03-06 09:00"), cal());
  EXPECT_EQ(classify_completion(c, at("2026-03-06 10:00"), cal()), Timeliness::late);
  EXPECT_THROW(classify_completion(clock_of(1), at("2026-03-06 10:00"), cal()), ClockError);
}

TEST(DossierClockTimeliness, ExtendedDueIsTheAppointmentCompared) {
  DossierClock c = start_clock(clock_of(5), at("2026-02-13 15:30"), cal());
  c = extend_clock(c, at("2026-02-26 08:00"), at("2026-03-06 17:00"), cal());
  EXPECT_EQ(classify_completion(c, at("2026-03-05 10:00"), cal()), Timeliness::early);
  EXPECT_EQ(classify_completion(c, at("2026-03-06 12:00"), cal()), Timeliness::on_time);
}

// ---- queues -------------------------------------------------------------------------------------------

TEST(DossierClockQueues, DueWithinOneWorkingDayAndOverdue) {
  DossierClock c = start_clock(clock_of(5), at("2026-02-13 14:00"), cal());  // due 27/02 17:00
  EXPECT_TRUE(due_within_one_working_day(c, at("2026-02-26 17:00"), cal()));   // 450 working minutes left
  EXPECT_FALSE(due_within_one_working_day(c, at("2026-02-26 16:59"), cal()));  // 451
  EXPECT_FALSE(overdue(c, at("2026-02-27 17:00")));
  EXPECT_TRUE(overdue(c, at("2026-02-27 17:01")));
  EXPECT_FALSE(due_within_one_working_day(c, at("2026-02-27 17:01"), cal()));
  // Across Tết: due Mon 23/02 17:00 is one working day away at Fri 13/02 17:00, ten calendar days earlier.
  DossierClock tet = start_clock(clock_of(1), at("2026-02-13 10:00"), cal());
  EXPECT_EQ(fmt(*tet.due_at), "2026-02-23 17:00");
  EXPECT_TRUE(due_within_one_working_day(tet, at("2026-02-13 17:00"), cal()));
  EXPECT_FALSE(due_within_one_working_day(tet, at("2026-02-13 16:00"), cal()));
  DossierClock done = complete_clock(c, at("2026-02-26 10:00"));
  EXPECT_FALSE(overdue(done, at("2026-03-02 10:00")));
}

TEST(DossierClockSteps, StepDueShareFixedAndCappedAtOverallDue) {
  DossierClock c = start_clock(clock_of(10), at("2026-03-02 09:00"), cal());  // due 16/03 17:00
  EXPECT_EQ(fmt(*c.due_at), "2026-03-16 17:00");
  const std::int64_t window = cal().working_time_between(*c.started_at, *c.due_at);
  EXPECT_EQ(window, 360 + 10 * 450);  // the rest of the reception day + 10 working days
  // 0.1 share = 486 minutes from 02/03 09:00: 360 left that day, 126 on 03/03 → 09:36.
  EXPECT_EQ(fmt(step_due(at("2026-03-02 09:00"), StepDeadline{StepDeadlineKind::share, 0.1, ""}, c, cal())),
            "2026-03-03 09:36");
  EXPECT_EQ(fmt(step_due(at("2026-03-02 09:00"), StepDeadline{StepDeadlineKind::working_days, 2, ""}, c, cal())),
            "2026-03-04 17:00");
  EXPECT_EQ(fmt(step_due(at("2026-03-02 15:30"), StepDeadline{StepDeadlineKind::working_hours, 4, ""}, c, cal())),
            "2026-03-03 10:00");
  EXPECT_EQ(fmt(step_due(at("2026-03-13 09:00"), StepDeadline{StepDeadlineKind::working_days, 5, ""}, c, cal())),
            "2026-03-16 17:00");
  c = enter_step(c, at("2026-03-02 09:00"), StepDeadline{StepDeadlineKind::working_days, 2, ""}, cal());
  EXPECT_EQ(fmt(*c.step_due_at), "2026-03-04 17:00");
  c = enter_step(c, at("2026-03-03 09:00"), std::nullopt, cal());
  EXPECT_FALSE(c.step_due_at.has_value());
}

// ---- the 8-working-hour reception window --------------------------------------------------------------

// NĐ 45/2020 Điều 11 (legal-rules §4) [S]: accept, refuse or request a supplement within 08 giờ làm việc.
TEST(DossierClockReception, EightWorkingHoursAlertNd45Dieu11) {
  const std::int64_t submitted = at("2026-02-13 15:30");  // Friday before Tết
  EXPECT_EQ(fmt(reception_deadline(submitted, cal())), "2026-02-23 16:00");
  EXPECT_EQ(reception_alert(submitted, at("2026-02-13 16:00"), cal()), ReceptionAlert::none);
  EXPECT_EQ(reception_alert(submitted, at("2026-02-18 10:00"), cal()), ReceptionAlert::none);  // Tết
  EXPECT_EQ(reception_alert(submitted, at("2026-02-23 13:59"), cal()), ReceptionAlert::none);  // 150 min left
  EXPECT_EQ(reception_alert(submitted, at("2026-02-23 14:00"), cal()), ReceptionAlert::reminder);
  EXPECT_EQ(reception_alert(submitted, at("2026-02-23 16:00"), cal()), ReceptionAlert::reminder);
  EXPECT_EQ(reception_alert(submitted, at("2026-02-23 16:01"), cal()), ReceptionAlert::overdue);
  EXPECT_EQ(reception_alert_code(ReceptionAlert::reminder), "reminder");
  // Submitted on a Saturday: counted from Mon 07:30; 450 that day, 30 more on Tuesday.
  EXPECT_EQ(fmt(reception_deadline(at("2026-03-07 10:00"), cal())), "2026-03-10 08:00");
  ClockPolicy four;
  four.reception_window_working_hours = 4;
  four.reception_reminder_working_minutes = 30;
  EXPECT_EQ(fmt(reception_deadline(at("2026-03-02 10:00"), cal(), four)), "2026-03-02 16:00");  // 90 + 150
  EXPECT_EQ(reception_alert(at("2026-03-02 10:00"), at("2026-03-02 15:29"), cal(), four), ReceptionAlert::none);
  EXPECT_EQ(reception_alert(at("2026-03-02 10:00"), at("2026-03-02 15:30"), cal(), four), ReceptionAlert::reminder);
}

// ---- the 15:00 transfer rule --------------------------------------------------------------------------

// NĐ 61/2018 Điều 18 [C]: same working day; received after 15:00 → early next working day ("đầu giờ" read as
// the first working hour [R]).
TEST(TransferRule, SameDayOrEarlyNextWorkingDayNd61Dieu18) {
  EXPECT_EQ(fmt(transfer_deadline(at("2026-02-13 14:59"), cal())), "2026-02-13 17:00");
  EXPECT_EQ(fmt(transfer_deadline(at("2026-02-13 15:00"), cal())), "2026-02-13 17:00");  // not "after" 15:00
  EXPECT_EQ(fmt(transfer_deadline(at("2026-02-13 15:01"), cal())), "2026-02-23 08:30");  // Tết in between
  EXPECT_EQ(fmt(transfer_deadline(at("2026-02-13 18:00"), cal())), "2026-02-23 08:30");  // evening postal intake
  EXPECT_EQ(fmt(transfer_deadline(at("2026-03-07 09:00"), cal())), "2026-03-09 17:00");  // Saturday → Monday
  EXPECT_EQ(fmt(transfer_deadline(at("2026-03-02 06:45"), cal())), "2026-03-02 17:00");  // before opening
  EXPECT_FALSE(transfer_late(at("2026-02-13 15:30"), at("2026-02-23 08:30"), cal()));
  EXPECT_TRUE(transfer_late(at("2026-02-13 15:30"), at("2026-02-23 08:31"), cal()));
  EXPECT_TRUE(transfer_late(at("2026-02-13 10:00"), at("2026-02-23 07:30"), cal()));
  TransferRule two_hours;
  two_hours.next_day_allowance_minutes = 120;
  EXPECT_EQ(fmt(transfer_deadline(at("2026-03-02 16:00"), cal(), two_hours)), "2026-03-03 09:30");
}

TEST(TransferRule, CutoffComesFromTheRuleSetInForce) {
  const auto dir = app::find_data_dir("rules");
  ASSERT_TRUE(dir.has_value());
  const fs::path p = fs::path(*dir) / "rules" / "rule-sets.json";
  const auto sets = parse_rule_sets(slurp(p), "rule-sets.json");
  const RuleSet* set = rule_set_in_force(sets, LocalDate{2026, 2, 13});
  ASSERT_NE(set, nullptr);
  const TransferRule r = transfer_rule_from(*set);
  EXPECT_EQ(r.cutoff_minute, 15 * 60);
  EXPECT_NE(r.source.find("Điều 18"), std::string::npos);
}

}  // namespace
}  // namespace motcua::domain
