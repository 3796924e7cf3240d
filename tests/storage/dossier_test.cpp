// The dossier lifecycle end to end on both backends: app::DossierService over the real repositories, the
// real workflow definitions (data/workflows) and rule sets (data/rules), a computed working calendar.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "app/dossier_service.h"
#include "domain/calendar.h"
#include "domain/masking.h"
#include "domain/notification_templates.h"
#include "domain/rule_set.h"
#include "domain/workflow.h"
#include "http/api_error.h"
#include "storage/agency_repo.h"
#include "storage/dossier_code_repo.h"
#include "storage/dossier_repo.h"
#include "storage/migrations.h"
#include "storage_fixture.h"

namespace motcua::storage {
namespace {

using app::ActorGrant;
using app::DossierActor;
using app::DossierService;
using domain::Role;

std::string read_repo_file(const std::string& rel) {
  const auto root = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
  std::ifstream f(root / rel);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The error code of the ApiError thrown by f (or "" when none / another exception).
template <class F>
std::pair<int, std::string> api_error(F&& f) {
  try {
    f();
  } catch (const http::ApiError& e) {
    return {e.status(), e.code()};
  }
  return {0, ""};
}

constexpr std::int64_t kHour = 3'600'000;
constexpr std::int64_t kDay = 24 * kHour;

class DossierTest : public testing::StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    migrate(*db);
    workflow = domain::parse_workflow("appraisal-approval.json", read_repo_file("data/workflows/appraisal-approval.json"));
    rule_sets = domain::parse_rule_sets(read_repo_file("data/rules/rule-sets.json"), "rule-sets.json");
    cal_data = domain::CalendarData::build(domain::HolidayRules{}, {}, 2024, 2027);
    cal = std::make_unique<domain::WorkingCalendar>(cal_data, domain::default_office_hours());
    // Monday 03/03/2025 09:00 (Vietnam): the TT 01/2018 rule set is in force.
    now = domain::local_to_epoch_ms(domain::SolarDate{2025, 3, 3}, 9 * 60);

    province = add_agency("UBND tỉnh", std::nullopt, "000.00.00.H52");
    commune_a = add_agency("UBND xã A", province, "000.00.61.H52");
    commune_b = add_agency("UBND xã B", province, "000.00.62.H52");
    path_a = db->read([&](Connection& c) { return *agency_path(c, commune_a); });
    path_b = db->read([&](Connection& c) { return *agency_path(c, commune_b); });
    seed_procedure();

    citizen = make_actor("citizen1", "Nguyễn Thị Hằng", {});
    other_citizen = make_actor("citizen2", "Trần Văn Bình", {});
    officer_a = make_actor("officer.a", "Cán bộ một cửa A", {{Role::one_stop_officer, commune_a}, {Role::postal_staff, commune_a}});
    officer_b = make_actor("officer.b", "Cán bộ một cửa B", {{Role::one_stop_officer, commune_b}});
    leader_a = make_actor("leader.a", "Lãnh đạo A", {{Role::leader, commune_a}});
    specialist_a = make_actor("spec.a", "Chuyên viên A", {{Role::specialist, commune_a}});
    specialist_a2 = make_actor("spec.a2", "Chuyên viên A2", {{Role::specialist, commune_a}});
    specialist_b = make_actor("spec.b", "Chuyên viên B", {{Role::specialist, commune_b}, {Role::leader, commune_b}});
    service = make_service(*db);
  }

  std::unique_ptr<DossierService> make_service(Db& target) {
    app::DossierServiceDeps deps{target, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}};
    deps.workflow = [this](std::string_view key) -> const domain::WorkflowDefinition* {
      return key == workflow.key ? &workflow : nullptr;
    };
    deps.workflow_keys = {workflow.key};
    deps.default_workflow_key = workflow.key;
    deps.calendar = [this](storage::Connection&, std::int64_t) -> const domain::WorkingCalendar& { return *cal; };
    deps.rule_sets = rule_sets;
    deps.tracking_base_url = "https://dichvucong.example/tra-cuu/";
    deps.now_ms = [this] { return now; };
    deps.fault_point = [this](std::string_view p) {
      if (p == fail_at) throw std::runtime_error("forced failure at " + std::string(p));
    };
    return std::make_unique<DossierService>(std::move(deps));
  }

  std::int64_t add_agency(const std::string& name, std::optional<std::int64_t> parent, const std::string& qcvn) {
    return db->write([&](Connection& tx) {
      AgencyFields f;
      f.parent_id = parent;
      f.kind = "ubnd_xa";
      f.name = name;
      f.qcvn102_code = qcvn;
      return create_agency(tx, f, 0);
    });
  }

  void seed_procedure() {
    db->write([&](Connection& tx) {
      tx.exec("INSERT INTO procedures (code, created_ms, updated_ms) VALUES ('1.001612', 0, 0)");
      const auto vid = tx.exec(
                             "INSERT INTO procedure_versions (procedure_code, version_key, name, decision_effective, "
                             "search_text, name_key, content_hash, imported_ms) VALUES ('1.001612', 'QĐ 1', "
                             "'Đăng ký khai sinh', '2020-01-01', 'dang ky khai sinh', 'dang ky khai sinh', 'h', 0) "
                             "RETURNING id")
                           .one()
                           .i64(0);
      tx.exec("UPDATE procedures SET current_version_id = $1 WHERE code = '1.001612'", {vid});
      tx.exec("INSERT INTO processing_times (version_id, position, channel, amount, unit, raw, parsed) VALUES "
              "($1, 0, 'unspecified', 5, 'working_days', '05 ngày làm việc', 1)",
              {vid});
    });
  }

  DossierActor make_actor(const std::string& username, const std::string& name,
                          const std::vector<std::pair<Role, std::int64_t>>& grants) {
    DossierActor a;
    a.full_name = name;
    a.request_id = "req-" + username;
    a.user_id = db->write([&](Connection& tx) {
      const auto id = tx.exec(
                            "INSERT INTO users (username, account_type, full_name, password_hash, created_ms, updated_ms) "
                            "VALUES ($1, $2, $3, 'x', 0, 0) RETURNING id",
                            {username, std::string(grants.empty() ? "citizen" : "official"), name})
                          .one()
                          .i64(0);
      for (const auto& [role, agency] : grants)
        tx.exec("INSERT INTO role_grants (user_id, role, agency_id, created_ms) VALUES ($1, $2, $3, 0)",
                {id, std::string(domain::role_code(role)), agency});
      return id;
    });
    for (const auto& [role, agency] : grants)
      a.grants.push_back(ActorGrant{role, agency, db->read([&](Connection& c) { return *agency_path(c, agency); })});
    if (grants.empty()) a.grants.push_back(ActorGrant{Role::citizen, std::nullopt, ""});
    return a;
  }

  app::DraftInput draft_input(std::int64_t agency, const std::string& name = "Nguyễn Thị Hằng") {
    app::DraftInput in;
    in.procedure_code = "1.001612";
    in.agency_id = agency;
    in.applicant_name = name;
    in.applicant_id_number = "001190000123";
    in.applicant_email = "hang@example.vn";
    in.delivery = "post";
    in.eform_data = R"({"ten_tre":"Nguyễn Văn An"})";
    return in;
  }

  // A citizen's online dossier at commune A (or `agency`), submitted.
  DossierRecord submitted_online(std::int64_t agency = 0) {
    const auto id = service->save_draft(citizen, std::nullopt, draft_input(agency ? agency : commune_a));
    return service->submit(citizen, id, app::SubmitInput{});
  }
  DossierRecord received(std::int64_t agency = 0) {
    auto d = submitted_online(agency);
    return service->accept(agency == commune_b ? officer_b : officer_a, d.id);
  }
  // Received, transferred to the processing step and assigned to specialist_a: in "appraisal".
  DossierRecord in_appraisal() {
    auto d = received();
    d = service->transfer(officer_a, d.id, commune_a);
    EXPECT_EQ(d.state, "awaiting_assignment");
    return service->assign(leader_a, d.id, specialist_a.user_id);
  }

  std::int64_t count_where(const std::string& table, const std::string& where, std::int64_t id) {
    return db->read([&](Connection& c) {
      return c.exec("SELECT COUNT(*) FROM " + table + " WHERE " + where, {id}).one().i64(0);
    });
  }

  domain::WorkflowDefinition workflow;
  std::vector<domain::RuleSet> rule_sets;
  domain::CalendarData cal_data;
  std::unique_ptr<domain::WorkingCalendar> cal;
  std::int64_t now = 0;
  std::string fail_at;
  std::int64_t province = 0, commune_a = 0, commune_b = 0;
  std::string path_a, path_b;
  DossierActor citizen, other_citizen, officer_a, officer_b, leader_a, specialist_a, specialist_a2, specialist_b;
  std::unique_ptr<DossierService> service;
};

TEST_F(DossierTest, DraftSubmitAcceptAllocatesCodeDueHistoryAuditOutbox) {
  const auto id = service->save_draft(citizen, std::nullopt, draft_input(commune_a));
  // Only the owner edits a draft; others get 404.
  EXPECT_EQ(api_error([&] { service->save_draft(other_citizen, id, draft_input(commune_a)); }).first, 404);
  auto edited = draft_input(commune_a);
  edited.applicant_phone = "0912345678";
  EXPECT_EQ(service->save_draft(citizen, id, edited), id);
  EXPECT_FALSE(service->track_by_token(db->read([&](Connection& c) { return load_dossier(c, id)->qr_token; })))
      << "a draft is not public";

  const auto sub = service->submit(citizen, id, app::SubmitInput{});
  EXPECT_EQ(sub.status, 1);
  EXPECT_EQ(sub.channel, "online");
  EXPECT_EQ(sub.delivery, "post");
  ASSERT_TRUE(sub.reception_deadline_ms);
  // 8 working hours from Monday 09:00: 6 on Monday (lunch excluded), 2 from Tuesday 07:30.
  EXPECT_EQ(*sub.reception_deadline_ms, now + kDay + kHour / 2);
  EXPECT_EQ(api_error([&] { service->save_draft(citizen, id, edited); }).second, "not_a_draft");

  now += kHour;
  const auto acc = service->accept(officer_a, id);
  EXPECT_EQ(acc.status, 2);
  ASSERT_TRUE(acc.code);
  EXPECT_EQ(*acc.code, "000.00.61.H52-250303-0001");
  EXPECT_TRUE(std::regex_match(*acc.code, std::regex(R"(\d{3}\.\d{2}\.\d{2}\.H\d{2}-\d{6}-\d{4})")));
  EXPECT_EQ(acc.rule_set_id, "tt01-2018");
  EXPECT_TRUE(acc.procedure_version_id);
  ASSERT_TRUE(acc.due_at_ms);
  // 5 working days from Monday 10:00: due at the close of Monday 10/03/2025.
  EXPECT_EQ(*acc.due_at_ms, domain::local_to_epoch_ms(domain::SolarDate{2025, 3, 10}, 17 * 60));
  EXPECT_EQ(acc.received_at_ms, now);

  const auto hist = db->read([&](Connection& c) { return list_history(c, id); });
  ASSERT_EQ(hist.size(), 2u);
  EXPECT_EQ(hist[0].action, "submit");
  EXPECT_EQ(hist[1].action, "accept");
  EXPECT_EQ(hist[1].seq, 2);
  EXPECT_EQ(hist[1].from_status, 1);
  EXPECT_EQ(hist[1].to_status, 2);
  EXPECT_EQ(hist[1].clock_effect, "start");
  EXPECT_EQ(hist[1].actor_role, "one_stop_officer");
  EXPECT_EQ(hist[1].actor_agency_id, commune_a);
  EXPECT_EQ(hist[1].due_after_ms, acc.due_at_ms);
  EXPECT_EQ(count_where("audit_log", "target = 'dossier:' || CAST($1 AS TEXT)", id), 2);
  EXPECT_EQ(count_where("receipts", "dossier_id = $1", id), 1);
  const auto mail = db->read([&](Connection& c) {
    return c.exec("SELECT recipient, subject, body FROM outbox ORDER BY id").rows;
  });
  ASSERT_EQ(mail.size(), 2u);
  EXPECT_EQ(mail[1].str(0), "hang@example.vn");
  EXPECT_NE(mail[1].str(1).find("000.00.61.H52-250303-0001"), std::string::npos);
  EXPECT_NE(mail[1].str(2).find("17 giờ 00 phút, ngày 10/03/2025"), std::string::npos) << mail[1].str(2);
  EXPECT_NE(mail[1].str(2).find("https://dichvucong.example/tra-cuu/" + acc.qr_token), std::string::npos);
}

TEST_F(DossierTest, FailureAfterCodeAllocationConsumesNothing) {
  const auto d = submitted_online();
  const auto history_before = count_where("dossier_history", "dossier_id = $1", d.id);
  const auto audit_before = count("audit_log");
  const auto outbox_before = count("outbox");
  fail_at = "after_code_allocation";
  EXPECT_THROW(service->accept(officer_a, d.id), std::runtime_error);
  fail_at.clear();
  EXPECT_EQ(db->read([&](Connection& c) { return last_dossier_sequence(c, commune_a, {2025, 3, 3}); }), 0);
  const auto after = db->read([&](Connection& c) { return *load_dossier(c, d.id); });
  EXPECT_EQ(after.status, 1);
  EXPECT_FALSE(after.code);
  EXPECT_EQ(after.version, d.version);
  EXPECT_EQ(count_where("dossier_history", "dossier_id = $1", d.id), history_before);
  EXPECT_EQ(count("audit_log"), audit_before);
  EXPECT_EQ(count("outbox"), outbox_before);
  EXPECT_EQ(count("receipts"), 0);
  EXPECT_EQ(*service->accept(officer_a, d.id).code, "000.00.61.H52-250303-0001");
}

TEST_F(DossierTest, EveryChannelYieldsTheSameDossierWithTheChannelRecorded) {
  const auto online = submitted_online();
  EXPECT_EQ(online.channel, "online");
  EXPECT_FALSE(online.submitted_by_role);

  app::SubmitInput counter;
  counter.channel = "counter";
  counter.attachments.push_back({"to_khai", "to-khai.pdf", "application/pdf", std::string(64, 'a'), 1000, false});
  const auto c = service->submit_on_behalf(officer_a, draft_input(commune_a, "Lò Văn Páo"), counter);
  EXPECT_EQ(c.channel, "counter");
  EXPECT_EQ(c.status, 1);
  EXPECT_EQ(c.submitted_by_user_id, officer_a.user_id);
  EXPECT_EQ(c.submitted_by_role, "one_stop_officer");
  EXPECT_FALSE(c.reception_deadline_ms);
  const auto atts = db->read([&](Connection& cn) { return list_attachments(cn, c.id); });
  ASSERT_EQ(atts.size(), 1u);
  EXPECT_TRUE(atts[0].digitised) << "paper handed in at the counter is recorded as digitised";
  // An officer of commune B cannot enter dossiers at commune A's counter.
  EXPECT_EQ(api_error([&] { service->submit_on_behalf(officer_b, draft_input(commune_a), counter); }).first, 403);

  app::SubmitInput postal;
  postal.channel = "postal";
  const auto p = service->submit_on_behalf(officer_a, draft_input(commune_a), postal);
  EXPECT_EQ(p.channel, "postal");
  EXPECT_EQ(p.submitted_by_role, "postal_staff");

  app::SubmitInput third;
  third.channel = "third_party";
  const auto draft = service->save_draft(other_citizen, std::nullopt, draft_input(commune_a, "Hà Thị Mai"));
  EXPECT_EQ(api_error([&] { service->submit(other_citizen, draft, third); }).first, 422);
  third.on_behalf_authorisation = "Giấy ủy quyền số 12/UQ ngày 01/03/2025";
  const auto t = service->submit(other_citizen, draft, third);
  EXPECT_EQ(t.channel, "third_party");
  EXPECT_EQ(t.submitted_by_role, "third_party");
  EXPECT_EQ(t.on_behalf_authorisation, third.on_behalf_authorisation);

  // Every channel is received the same way.
  for (auto id : {online.id, c.id, p.id, t.id}) EXPECT_EQ(service->accept(officer_a, id).status, 2);
}

TEST_F(DossierTest, SupplementOnceThenRefused) {
  auto d = submitted_online();
  EXPECT_EQ(api_error([&] { service->request_supplement(officer_a, d.id, {}); }).first, 422);
  EXPECT_EQ(api_error([&] { service->request_supplement(officer_a, d.id, {{"Tờ khai", ""}}); }).first, 422);
  d = service->request_supplement(officer_a, d.id, {{"Tờ khai", "Thiếu chữ ký"}, {"Giấy chứng sinh", "Bản chụp mờ"}});
  EXPECT_EQ(d.status, 5);
  EXPECT_TRUE(d.flags.supplement_used);
  const auto body = db->read([&](Connection& c) { return c.exec("SELECT body FROM outbox ORDER BY id DESC LIMIT 1").one().str(0); });
  EXPECT_NE(body.find("Giấy chứng sinh: Bản chụp mờ"), std::string::npos) << body;
  // Only the owner resubmits.
  EXPECT_EQ(api_error([&] { service->resubmit(other_citizen, d.id, {}); }).first, 403);
  d = service->resubmit(citizen, d.id, {{"to_khai", "to-khai-2.pdf", "application/pdf", std::string(64, 'b'), 10, false}});
  EXPECT_EQ(d.status, 1);
  EXPECT_EQ(api_error([&] { service->request_supplement(officer_a, d.id, {{"Tờ khai", "Lại thiếu"}}); }),
            (std::pair<int, std::string>{409, "supplement_not_used"}));
  EXPECT_EQ(count_where("supplement_requests", "dossier_id = $1 AND resubmitted_at_ms IS NOT NULL", d.id), 1);
}

TEST_F(DossierTest, RefusalNeedsAReasonAndWithdrawalIsTheOwners) {
  auto d = submitted_online();
  EXPECT_EQ(api_error([&] { service->refuse(officer_a, d.id, "  "); }).first, 422);
  EXPECT_EQ(api_error([&] { service->refuse(officer_a, d.id, ""); }).first, 422);
  EXPECT_EQ(api_error([&] { service->refuse(officer_b, d.id, "Không thuộc thẩm quyền"); }).first, 403);
  d = service->refuse(officer_a, d.id, "Không thuộc thẩm quyền giải quyết của xã");
  EXPECT_EQ(d.status, 3);
  EXPECT_FALSE(d.code) << "a refused dossier is never given a code";
  const auto hist = db->read([&](Connection& c) { return list_history(c, d.id); });
  EXPECT_EQ(hist.back().reason, "Không thuộc thẩm quyền giải quyết của xã");

  auto w = submitted_online();
  EXPECT_EQ(api_error([&] { service->withdraw(other_citizen, w.id, "Không cần nữa"); }).first, 403);
  EXPECT_EQ(service->withdraw(citizen, w.id, "Không cần nữa").status, 7);
}

TEST_F(DossierTest, ConsultationBlocksCompletionPaymentPausesTheClock) {
  auto d = in_appraisal();
  EXPECT_EQ(d.state, "appraisal");
  EXPECT_EQ(d.status, 4);
  EXPECT_EQ(d.assignee_user_id, specialist_a.user_id);
  const auto due0 = *d.due_at_ms;

  const auto cid = service->consult(specialist_a, d.id, commune_b, "Xác minh nơi cư trú", now + 2 * kDay);
  EXPECT_TRUE(db->read([&](Connection& c) { return load_dossier(c, d.id)->flags.open_consultations; }));
  EXPECT_EQ(api_error([&] { service->propose(specialist_a, d.id, "Đủ điều kiện"); }).second, "no_open_consultations");
  // Commune B sees it in its inbox and answers; commune A cannot answer for B.
  const auto inbox = service->consultations_received(specialist_b);
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(inbox[0].id, cid);
  EXPECT_TRUE(service->consultations_received(specialist_a).empty());
  EXPECT_EQ(api_error([&] { service->answer_consultation(specialist_a, cid, "Có"); }).first, 403);
  d = service->answer_consultation(specialist_b, cid, "Đúng, cư trú tại xã B");
  EXPECT_FALSE(d.flags.open_consultations);

  d = service->propose(specialist_a, d.id, "Đủ điều kiện");
  EXPECT_EQ(api_error([&] { service->send_back(leader_a, d.id, ""); }).first, 422);
  d = service->approve(leader_a, d.id);
  EXPECT_EQ(d.state, "approved");

  // Financial obligation: status 6, the clock stops; paid at the counter two working days later.
  d = service->request_payment(specialist_a, d.id, 8000, "Lệ phí 8.000 đồng");
  EXPECT_EQ(d.status, 6);
  EXPECT_TRUE(d.clock_paused_at_ms);
  EXPECT_EQ(api_error([&] { service->complete(specialist_a, d.id, {"GKS 01/2025", std::nullopt}); }).first, 409);
  now += 2 * kDay;  // Wednesday 10:00
  d = service->record_payment(officer_a, d.id, 8000);
  EXPECT_EQ(d.status, 4);
  EXPECT_FALSE(d.clock_paused_at_ms);
  EXPECT_EQ(*d.due_at_ms, due0 + 2 * kDay) << "the due date moves by the paused working time";
  EXPECT_EQ(count_where("payments", "dossier_id = $1", d.id), 1);

  d = service->complete(specialist_a, d.id, {"Giấy khai sinh số 01/2025", std::string(64, 'c')});
  EXPECT_EQ(d.status, 9);
  EXPECT_EQ(d.timeliness, "early");
  EXPECT_EQ(d.completed_at_ms, now);
  EXPECT_EQ(service->queue(officer_a, DossierService::Queue::to_return).total, 1);
  d = service->return_result(officer_a, d.id);
  EXPECT_EQ(d.status, 10);
  EXPECT_EQ(d.returned_at_ms, now);
}

TEST_F(DossierTest, ApologyOnceWithReasonAndALaterDate) {
  auto d = in_appraisal();
  const auto due = *d.due_at_ms;
  EXPECT_EQ(api_error([&] { service->apologise(leader_a, d.id, due + 3 * kDay, ""); }).first, 422);
  EXPECT_EQ(api_error([&] { service->apologise(leader_a, d.id, due - kDay, "Chờ xác minh"); }).first, 409);
  EXPECT_EQ(api_error([&] { service->apologise(specialist_a, d.id, due + 3 * kDay, "Chờ xác minh"); }).first, 403);
  d = service->apologise(leader_a, d.id, due + 3 * kDay, "Chờ kết quả xác minh");
  EXPECT_EQ(*d.due_at_ms, due + 3 * kDay);
  EXPECT_EQ(d.original_due_at_ms, due);
  EXPECT_TRUE(d.flags.apology_issued);
  const auto mail = db->read([&](Connection& c) { return c.exec("SELECT subject FROM outbox ORDER BY id DESC LIMIT 1").one().str(0); });
  EXPECT_NE(mail.find("xin lỗi"), std::string::npos) << mail;
  EXPECT_EQ(api_error([&] { service->apologise(leader_a, d.id, due + 5 * kDay, "Lần nữa"); }).second, "apology_not_used");
}

TEST_F(DossierTest, QueuesAreScopedAndSortedByDue) {
  auto a1 = submitted_online(commune_a);
  now += kHour;
  auto a2 = submitted_online(commune_a);
  auto b1 = submitted_online(commune_b);
  auto page = service->queue(officer_a, DossierService::Queue::to_receive);
  ASSERT_EQ(page.total, 2);
  EXPECT_EQ(page.items[0].id, a1.id) << "earliest reception deadline first";
  EXPECT_EQ(page.items[1].id, a2.id);
  for (const auto& it : page.items) EXPECT_NE(it.id, b1.id);
  EXPECT_EQ(service->queue(officer_b, DossierService::Queue::to_receive).total, 1);
  EXPECT_EQ(service->queue(specialist_a, DossierService::Queue::to_receive).total, 0) << "not a one-stop officer";
  // Pagination.
  EXPECT_EQ(service->queue(officer_a, DossierService::Queue::to_receive, 2, 1).items.at(0).id, a2.id);

  service->accept(officer_a, a1.id);
  service->transfer(officer_a, a1.id, commune_a);
  EXPECT_EQ(service->queue(leader_a, DossierService::Queue::to_assign).total, 1);
  EXPECT_EQ(service->queue(specialist_b, DossierService::Queue::to_assign).total, 0);
  EXPECT_EQ(service->queue(specialist_a, DossierService::Queue::to_appraise).total, 1) << "unclaimed";
  EXPECT_EQ(service->queue(specialist_a, DossierService::Queue::overdue).total, 0);
  now += 8 * kDay;  // past the 5-working-day due
  EXPECT_EQ(service->queue(leader_a, DossierService::Queue::overdue).total, 1);
  EXPECT_EQ(service->queue(specialist_b, DossierService::Queue::overdue).total, 0);
}

// The queue's order, read from the index (migrations/*/0012_queue_order.sql): the step's due date, then the
// dossier's, each with its blanks last, then the id; the scope takes the agencies below the officer's unit too.
TEST_F(DossierTest, QueuePageOrdersByStepDueThenDueWithBlanksLast) {
  const auto desk = add_agency("Bộ phận một cửa xã A", commune_a, "000.01.61.H52");
  const auto add = [&](std::int64_t agency, std::optional<std::int64_t> step_due, std::optional<std::int64_t> due) {
    return db->write([&](Connection& tx) {
      auto d = storage::testing::completed_dossier(agency, "1.001612", "appraisal-approval");
      insert_dossier(tx, d, now);
      // The due columns mirror the clock, which the lifecycle sets; here they are set as it would.
      tx.exec("UPDATE dossiers SET step_due_at_ms = $1, due_at_ms = $2 WHERE id = $3",
              {step_due ? Value(*step_due) : Value(nullptr), due ? Value(*due) : Value(nullptr), d.id});
      return d.id;
    });
  };
  const auto blank_both = add(commune_a, std::nullopt, std::nullopt);
  const auto step_late = add(desk, now + 3 * kDay, now + kDay);
  const auto blank_step_due_late = add(commune_a, std::nullopt, now + 2 * kDay);
  const auto step_early = add(commune_a, now + kDay, std::nullopt);
  const auto blank_step_due_early = add(desk, std::nullopt, now + kDay);
  const auto step_late_twin = add(commune_a, now + 3 * kDay, now + kDay);
  add(commune_b, now, now);  // another commune's: never in A's queue

  storage::QueueFilter f;
  f.agency_paths = {path_a};
  f.statuses = {9};
  const auto page = db->read([&](Connection& c) { return list_queue(c, f); });
  std::vector<std::int64_t> ids;
  for (const auto& it : page.items) ids.push_back(it.id);
  EXPECT_EQ(page.total, 6);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{step_early, step_late, step_late_twin, blank_step_due_early,
                                            blank_step_due_late, blank_both}));
  // The same order page by page.
  f.per_page = 4;
  f.page = 2;
  const auto second = db->read([&](Connection& c) { return list_queue(c, f); });
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_EQ(second.items[0].id, blank_step_due_late);
  EXPECT_EQ(second.total, 6);
}

TEST_F(DossierTest, ClaimRaceHasExactlyOneWinner) {
  auto d = received();
  service->transfer(officer_a, d.id, commune_a);
  auto other_db = open_again();
  auto other_service = make_service(*other_db);
  std::atomic<int> wins{0}, conflicts{0};
  std::thread t1([&] {
    try {
      service->claim(specialist_a, d.id);
      ++wins;
    } catch (const http::ApiError& e) {
      if (e.status() == 409) ++conflicts;
    }
  });
  std::thread t2([&] {
    try {
      other_service->claim(specialist_a2, d.id);
      ++wins;
    } catch (const http::ApiError& e) {
      if (e.status() == 409) ++conflicts;
    }
  });
  t1.join();
  t2.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(conflicts.load(), 1);
  const auto after = db->read([&](Connection& c) { return *load_dossier(c, d.id); });
  EXPECT_TRUE(after.assignee_user_id == specialist_a.user_id || after.assignee_user_id == specialist_a2.user_id);
  EXPECT_EQ(count_where("dossier_history", "dossier_id = $1 AND action = 'claim'", d.id), 1);
}

TEST_F(DossierTest, RoundRobinPicksTheLeastLoadedSpecialist) {
  auto d1 = received();
  service->transfer(officer_a, d1.id, commune_a);
  auto d2 = received();
  service->transfer(officer_a, d2.id, commune_a);
  const auto first = *service->assign_round_robin(leader_a, d1.id).assignee_user_id;
  const auto second = *service->assign_round_robin(leader_a, d2.id).assignee_user_id;
  EXPECT_NE(first, second);
}

TEST_F(DossierTest, TrackingPublicIsMaskedOwnerSeesEverything) {
  auto d = received();
  const auto pub = service->track_by_code(*d.code);
  ASSERT_TRUE(pub);
  EXPECT_EQ(pub->applicant_name, "Nguyễn T** H***");
  EXPECT_EQ(pub->procedure_name, "Đăng ký khai sinh");
  EXPECT_EQ(pub->status, 2);
  EXPECT_EQ(pub->status_name, "Được tiếp nhận");
  EXPECT_EQ(pub->due_at_ms, d.due_at_ms);
  const auto by_token = service->track_by_token(d.qr_token);
  ASSERT_TRUE(by_token);
  EXPECT_EQ(by_token->code, *d.code);
  EXPECT_EQ(d.qr_token.size(), 32u);
  EXPECT_FALSE(service->track_by_token(d.qr_token.substr(0, 31) + (d.qr_token.back() == 'A' ? "B" : "A")));
  EXPECT_FALSE(service->track_by_code("000.00.61.H52-250303-9999"));

  const auto full = service->get(citizen, d.id);
  EXPECT_EQ(full.dossier.applicant_name, "Nguyễn Thị Hằng");
  EXPECT_EQ(full.dossier.applicant_id_number, "001190000123");
  EXPECT_EQ(full.history.size(), 2u);
  EXPECT_EQ(service->get(officer_a, d.id).dossier.id, d.id);
  EXPECT_EQ(api_error([&] { service->get(other_citizen, d.id); }).first, 404);
  EXPECT_EQ(api_error([&] { service->get(officer_b, d.id); }).first, 404);

  // CCCD / name lookup: officials in scope, the owner among their own; never another citizen.
  EXPECT_EQ(service->search(officer_a, "001190000123", std::nullopt).total, 1);
  EXPECT_EQ(service->search(officer_a, std::nullopt, "nguyen thi hang").total, 1);
  EXPECT_EQ(service->search(officer_a, std::nullopt, "THỊ HẰNG").total, 1);
  EXPECT_EQ(service->search(officer_b, "001190000123", std::nullopt).total, 0);
  EXPECT_EQ(service->search(other_citizen, "001190000123", std::nullopt).total, 0);
  EXPECT_EQ(service->search(citizen, "001190000123", std::nullopt).total, 1);
  EXPECT_EQ(service->search(officer_a, std::nullopt, std::nullopt).total, 0);
}

TEST_F(DossierTest, HistoryRowsAreImmutable) {
  auto d = received();
  EXPECT_THROW(db->write([&](Connection& c) { c.exec("UPDATE dossier_history SET reason = 'x' WHERE dossier_id = $1", {d.id}); }),
               DbError);
  EXPECT_THROW(db->write([&](Connection& c) { c.exec("DELETE FROM dossier_history WHERE dossier_id = $1", {d.id}); }),
               DbError);
  EXPECT_EQ(count_where("dossier_history", "dossier_id = $1", d.id), 2);
}

TEST_F(DossierTest, StaleVersionIsAConflict) {
  auto d = submitted_online();
  auto stale = d;
  service->accept(officer_a, d.id);
  EXPECT_THROW(db->write([&](Connection& c) { update_dossier(c, stale, now); }), DossierConflict);
}

TEST(DossierPure, MaskingAndTemplates) {
  EXPECT_EQ(domain::mask_person_name("Nguyễn Thị Hằng"), "Nguyễn T** H***");
  EXPECT_EQ(domain::mask_person_name("  Lò   Văn A "), "Lò V** A");
  EXPECT_EQ(domain::mask_person_name("Hằng"), "H***");
  EXPECT_EQ(domain::mask_applicant_name("Công ty TNHH An Bình", "organisation"), "Công ty TNHH An Bình");
  const auto t = domain::format_vi_datetime(domain::local_to_epoch_ms(domain::SolarDate{2024, 3, 15}, 8 * 60 + 5));
  EXPECT_EQ(t, "08 giờ 05 phút, ngày 15/03/2024");
  domain::NoticeContext ctx;
  ctx.code = "000.00.61.H52-240315-0001";
  ctx.procedure_name = "Đăng ký khai sinh";
  const auto n = domain::render_notice(domain::NoticeEvent::status_changed, domain::DossierStatus::stopped, ctx);
  EXPECT_EQ(n.body.find("Lý do"), std::string::npos) << "an empty reason line is dropped";
  EXPECT_NE(n.subject.find("000.00.61.H52-240315-0001"), std::string::npos);
}

}  // namespace
}  // namespace motcua::storage
