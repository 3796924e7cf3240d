// Giờ làm việc per agency (legal-rules §9.3 [R]: set by each UBND tỉnh, per unit and effective date), on
// SQLite and PostgreSQL: own schedule, then the nearest ancestor's, then the default file.
#include <gtest/gtest.h>

#include "domain/calendar.h"
#include "storage/agency_repo.h"
#include "storage/migrations.h"
#include "storage/office_hours_repo.h"
#include "storage_fixture.h"

namespace motcua {
namespace {

using storage::testing::StorageTest;

class OfficeHoursTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    storage::migrate(*db);
    db->write([&](storage::Connection& tx) {
      province = add(tx, std::nullopt, "ubnd_tinh", "UBND tỉnh Thử", "000.00.00.H99");
      department = add(tx, province, "so_nganh", "Sở Tư pháp tỉnh Thử", "000.00.12.H99");
      commune = add(tx, province, "ubnd_xa", "UBND xã Thử", "000.00.61.H99");
    });
  }

  static std::int64_t add(storage::Connection& tx, std::optional<std::int64_t> parent, const std::string& kind,
                          const std::string& name, const std::string& code) {
    storage::AgencyFields f;
    f.parent_id = parent;
    f.kind = kind;
    f.name = name;
    f.qcvn102_code = code;
    return storage::create_agency(tx, f, 1000);
  }

  static domain::OfficeHours hours(int start_h, int end_h) {
    domain::OfficeHours h;
    h.sessions = {{start_h * 60, 11 * 60 + 30}, {13 * 60 + 30, end_h * 60}};
    h.basis = "test";
    return h;
  }

  storage::ResolvedOfficeHours resolve(std::int64_t agency, const std::string& date) {
    return db->read([&](storage::Connection& c) {
      return storage::office_hours_for(c, agency, date, domain::default_office_hours());
    });
  }

  std::int64_t province = 0, department = 0, commune = 0;
};

TEST_F(OfficeHoursTest, FallsBackToTheDefaultFile) {
  const auto r = resolve(commune, "2026-03-01");
  EXPECT_EQ(r.hours, domain::default_office_hours());
  EXPECT_FALSE(r.from_agency_id.has_value());
}

TEST_F(OfficeHoursTest, OwnScheduleThenNearestAncestor) {
  db->write([&](storage::Connection& tx) {
    storage::set_office_hours(tx, province, "2026-01-01", hours(7, 17), 2000);
    storage::set_office_hours(tx, department, "2026-01-01", hours(8, 17), 2000);
  });
  EXPECT_EQ(resolve(department, "2026-03-01").hours, hours(8, 17));
  EXPECT_EQ(resolve(department, "2026-03-01").from_agency_id, department);
  // The commune has none: its parent's (the province).
  const auto r = resolve(commune, "2026-03-01");
  EXPECT_EQ(r.hours, hours(7, 17));
  EXPECT_EQ(r.from_agency_id, province);
  EXPECT_EQ(r.effective_from, "2026-01-01");
  // Before any schedule took effect: the default.
  EXPECT_FALSE(resolve(commune, "2025-12-31").from_agency_id.has_value());
}

TEST_F(OfficeHoursTest, SummerAndWinterSchedulesByEffectiveDate) {
  db->write([&](storage::Connection& tx) {
    storage::set_office_hours(tx, commune, "2026-04-15", hours(7, 17), 2000);  // summer
    storage::set_office_hours(tx, commune, "2026-10-15", hours(8, 17), 2000);  // winter
  });
  EXPECT_EQ(resolve(commune, "2026-04-15").hours, hours(7, 17));
  EXPECT_EQ(resolve(commune, "2026-10-14").hours, hours(7, 17));
  EXPECT_EQ(resolve(commune, "2026-10-15").hours, hours(8, 17));
  EXPECT_EQ(resolve(commune, "2027-01-01").hours, hours(8, 17));
  // Setting the same date again replaces the row.
  db->write([&](storage::Connection& tx) { storage::set_office_hours(tx, commune, "2026-10-15", hours(9, 17), 3000); });
  const auto list = db->read([&](storage::Connection& c) { return storage::list_office_hours(c, commune); });
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].hours, hours(9, 17));
  EXPECT_EQ(list[1].updated_ms, 3000);
  EXPECT_TRUE(db->write([&](storage::Connection& tx) { return storage::delete_office_hours(tx, commune, "2026-10-15"); }));
  EXPECT_EQ(resolve(commune, "2027-01-01").hours, hours(7, 17));
}

TEST_F(OfficeHoursTest, InvalidHoursAreRejectedAndNothingIsWritten) {
  domain::OfficeHours bad;
  bad.sessions = {{13 * 60, 17 * 60}, {7 * 60, 11 * 60}};  // out of order
  EXPECT_THROW(db->write([&](storage::Connection& tx) {
                 storage::set_office_hours(tx, commune, "2026-01-01", hours(7, 17), 2000);
                 storage::set_office_hours(tx, commune, "2026-02-01", bad, 2000);
               }),
               domain::CalendarDataError);
  EXPECT_EQ(count("agency_office_hours"), 0);  // the transaction rolled back as a whole
  EXPECT_THROW(db->write([&](storage::Connection& tx) { storage::set_office_hours(tx, commune, "2026-02-30", hours(7, 17), 1); }),
               domain::CalendarDataError);
  EXPECT_THROW(db->write([&](storage::Connection& tx) { storage::set_office_hours(tx, 999999, "2026-02-01", hours(7, 17), 1); }),
               storage::DbError);
  EXPECT_THROW(resolve(999999, "2026-02-01"), storage::DbError);
}

TEST_F(OfficeHoursTest, AgencyHoursDriveTheDeadline) {
  // An agency closing at 16:30: a 1-working-day deadline ends at its closing time.
  domain::OfficeHours h;
  h.sessions = {{7 * 60, 11 * 60}, {13 * 60 + 30, 16 * 60 + 30}};
  db->write([&](storage::Connection& tx) { storage::set_office_hours(tx, commune, "2026-01-01", h, 2000); });
  const auto r = resolve(commune, "2026-03-12");
  const auto data = domain::CalendarData::build(domain::HolidayRules{}, {}, 2026, 2026);
  const domain::WorkingCalendar cal(data, r.hours);
  EXPECT_EQ(domain::format_local_datetime(cal.add_working_days(*domain::parse_local_datetime("2026-03-12 10:00"), 1)),
            "2026-03-13 16:30");
}

}  // namespace
}  // namespace motcua
