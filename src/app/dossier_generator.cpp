#include "app/dossier_generator.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <numeric>
#include <stdexcept>

#include <boost/json.hpp>

#include "domain/dossier_clock.h"
#include "domain/transfer_rule.h"
#include "domain/vn_fold.h"

namespace motcua::app {

namespace {

// std::mt19937_64's output is fixed by the standard, its distributions are not: draw with these so a seed gives
// the same data on every compiler.
double u01(std::mt19937_64& r) { return static_cast<double>(r() >> 11) * 0x1.0p-53; }
std::int64_t below(std::mt19937_64& r, std::int64_t n) { return n <= 1 ? 0 : static_cast<std::int64_t>(r() % static_cast<std::uint64_t>(n)); }
template <class T, std::size_t N>
const T& any_of(std::mt19937_64& r, const T (&a)[N]) { return a[below(r, N)]; }

std::vector<double> cumulative(const std::vector<double>& w) {
  std::vector<double> c(w.size());
  std::partial_sum(w.begin(), w.end(), c.begin());
  return c;
}
std::size_t pick(std::mt19937_64& r, const std::vector<double>& cum) {
  const double x = u01(r) * cum.back();
  return std::min<std::size_t>(std::upper_bound(cum.begin(), cum.end(), x) - cum.begin(), cum.size() - 1);
}
const std::string& pick(std::mt19937_64& r, const Shares& s) {
  double x = u01(r), acc = 0;
  for (const auto& [k, w] : s)
    if (x < (acc += w)) return k;
  return s.back().first;
}

// Names common in Sơn La: Kinh surnames and those of the Thái, Mường and H'Mông communities.
constexpr const char* kSurnames[] = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô",
                                     "Lò", "Cầm", "Quàng", "Lường", "Tòng", "Điêu", "Hà", "Vì", "Sa", "Mùa",
                                     "Giàng", "Thào", "Sùng", "Lừ", "Đinh"};
constexpr const char* kMiddleMale[] = {"Văn", "Đức", "Minh", "Hữu", "Quang", "Xuân", "Thanh", "A"};
constexpr const char* kMiddleFemale[] = {"Thị", "Thu", "Ngọc", "Thanh", "Kim", "Hồng", "Thị Thu"};
constexpr const char* kGivenMale[] = {"An", "Bình", "Cường", "Dũng", "Hùng", "Khánh", "Long", "Nam", "Phong", "Quân",
                                      "Sơn", "Tài", "Thắng", "Tuấn", "Việt", "Chiến", "Dương", "Páo", "Sính", "Chứ"};
constexpr const char* kGivenFemale[] = {"Anh", "Chi", "Dung", "Hà", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga",
                                        "Ngọc", "Phương", "Thảo", "Trang", "Yến", "Xuân", "Mỷ", "Dua", "Sua", "Ánh"};
constexpr const char* kOrgForms[] = {"Công ty TNHH", "Công ty cổ phần", "Hợp tác xã nông nghiệp", "Doanh nghiệp tư nhân"};
constexpr const char* kCccdPlaces[] = {"014", "014", "014", "014", "014", "014", "001", "011", "015", "017", "026"};
constexpr const char* kPhonePrefix[] = {"09", "03", "08", "07", "05"};
constexpr const char* kReasons[] = {"Hồ sơ chưa đầy đủ theo quy định", "Công dân đề nghị rút hồ sơ",
                                    "Không thuộc thẩm quyền giải quyết", "Thông tin kê khai không chính xác"};

std::string digits(std::mt19937_64& r, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + below(r, 10));
  return s;
}
std::string hex(std::mt19937_64& r, int bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < bytes; i += 8) {
    std::uint64_t x = r();
    for (int j = 0; j < 16 && static_cast<int>(s.size()) < bytes * 2; ++j, x >>= 4) s += kHex[x & 15];
  }
  return s;
}
// 24 random bytes, base64url: the shape of storage::new_qr_token(), drawn from the seed.
std::string qr_token(std::mt19937_64& r) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string s;
  for (int i = 0; i < 4; ++i) {
    std::uint64_t x = r();
    for (int j = 0; j < 8; ++j, x >>= 6) s += kAlphabet[x & 63];
  }
  return s;
}

// The working minutes a processing time amounts to, roughly (only to place active dossiers in time).
std::int64_t rough_minutes(const domain::ProcessingTime& p) {
  const double a = p.amount.value_or(1);
  switch (p.unit) {
    case domain::TimeUnit::working_hours: return static_cast<std::int64_t>(a * 60);
    case domain::TimeUnit::calendar_days: return static_cast<std::int64_t>(a * 450 * 5 / 7);
    case domain::TimeUnit::months: return static_cast<std::int64_t>(a * 22 * 450);
    case domain::TimeUnit::years: return static_cast<std::int64_t>(a * 250 * 450);
    default: return static_cast<std::int64_t>(a * 450);
  }
}

int channel_slot(const std::string& channel) { return channel == "online" ? 0 : channel == "postal" ? 1 : 2; }

}  // namespace

DossierGenerator::DossierGenerator(const GenWorld& world, const DossierMix& mix, std::uint64_t seed,
                                   std::int64_t until_ms, const std::vector<storage::CodeCounter>& counters)
    : world_(world), mix_(mix), rng_(seed), until_ms_(until_ms) {
  if (world.agencies.empty()) throw std::runtime_error("no receiving agency offers a usable procedure");
  from_ms_ = until_ms - static_cast<std::int64_t>(mix.years_of_history * 365.25 * domain::kMsPerDay);
  // Agency weights: the demo units and the province centre take fixed shares, the other communes a Zipf law
  // over a seeded order (some wards much busier than others).
  std::vector<std::size_t> others;
  for (std::size_t i = 0; i < world.agencies.size(); ++i) {
    const auto& a = world.agencies[i].agency;
    if (!a.demo_a && !a.demo_b && !a.province_centre) others.push_back(i);
  }
  std::mt19937_64 order_rng(seed ^ 0x9e3779b97f4a7c15ULL);
  for (std::size_t i = others.size(); i > 1; --i) std::swap(others[i - 1], others[below(order_rng, i)]);
  std::vector<double> w(world.agencies.size(), 0);
  double zipf_total = 0;
  for (std::size_t r = 0; r < others.size(); ++r) zipf_total += 1 / std::pow(r + 1, mix.commune_zipf_exponent);
  double fixed = 0;
  for (std::size_t i = 0; i < world.agencies.size(); ++i) {
    const auto& a = world.agencies[i].agency;
    const double share = a.demo_a ? mix.demo_commune_a : a.demo_b ? mix.demo_commune_b : a.province_centre ? mix.province_centre : 0;
    if (share > 0 && !world.agencies[i].services.empty()) w[i] = share, fixed += share;
  }
  for (std::size_t r = 0; r < others.size(); ++r)
    if (!world.agencies[others[r]].services.empty())
      w[others[r]] = (1 - fixed) / zipf_total / std::pow(r + 1, mix.commune_zipf_exponent);
  agency_cum_ = cumulative(w);
  if (agency_cum_.back() <= 0) throw std::runtime_error("no receiving agency offers a usable procedure");
  // Procedures: one seeded popularity order for the whole province, Zipf within each agency's offer.
  std::vector<std::size_t> rank(world.procedures.size());
  std::iota(rank.begin(), rank.end(), 0);
  for (std::size_t i = rank.size(); i > 1; --i) std::swap(rank[i - 1], rank[below(order_rng, i)]);
  std::vector<std::size_t> rank_of(rank.size());
  for (std::size_t r = 0; r < rank.size(); ++r) rank_of[rank[r]] = r;
  for (const auto& a : world.agencies) {
    std::vector<std::size_t> idx(a.services.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::sort(idx.begin(), idx.end(), [&](auto x, auto y) { return rank_of[a.services[x].first] < rank_of[a.services[y].first]; });
    std::vector<double> sw(a.services.size());
    for (std::size_t r = 0; r < idx.size(); ++r) sw[idx[r]] = 1 / std::pow(r + 1, mix.procedure_zipf_exponent);
    service_cum_.push_back(sw.empty() ? std::vector<double>{0} : cumulative(sw));
  }
  for (const auto& c : counters) {
    const auto date = domain::parse_iso_date(c.day);
    for (std::size_t i = 0; date && i < world.agencies.size(); ++i)
      if (world.agencies[i].agency.id == c.agency_id) {
        const auto day = domain::local_day(domain::local_to_epoch_ms({date->year, date->month, date->day}, 0));
        counters_[static_cast<std::int64_t>(i) * 1000000 + day] = c.last_seq;
      }
  }
}

const DossierGenerator::Plan& DossierGenerator::plan(const domain::WorkflowDefinition& def, const std::string& target,
                                                     bool via_reception) {
  const std::string key = def.key + "/" + target + (via_reception ? "/r" : "");
  if (auto it = plans_.find(key); it != plans_.end()) return it->second;
  // Shortest path by actions in definition order (breadth first), to "received" first when asked.
  const auto shortest = [&](const std::string& goal) {
    std::map<std::string, std::pair<std::string, const domain::WorkflowAction*>> prev;
    std::deque<std::string> queue{def.initial_state};
    prev[def.initial_state] = {"", nullptr};
    while (!queue.empty() && !prev.count(goal)) {
      const std::string s = queue.front();
      queue.pop_front();
      for (const auto* a : def.actions_from(s))
        if (a->to && !prev.count(*a->to)) prev[*a->to] = {s, a}, queue.push_back(*a->to);
    }
    if (!prev.count(goal)) throw std::runtime_error("workflow " + def.key + " cannot reach state " + goal);
    std::vector<const domain::WorkflowAction*> path;
    for (std::string s = goal; prev[s].second; s = prev[s].first) path.insert(path.begin(), prev[s].second);
    return path;
  };
  auto path = shortest(via_reception ? "received" : target);
  if (via_reception) {
    const auto* last = def.find_action("withdraw", "received");
    if (!last || !last->to || *last->to != target) throw std::runtime_error("workflow " + def.key + ": no withdraw after reception");
    path.push_back(last);
  }
  // Checked with the engine itself, as an official holding every role: a path the app would refuse stops here.
  domain::Actor actor{"1", std::vector<domain::Role>(domain::kAllRoles.begin(), domain::kAllRoles.end())};
  domain::ActionInput in;
  in.reason = kReasons[0];
  in.missing_items = {{"Tờ khai", "Thiếu chữ ký"}};
  in.assignee = in.consulted_agency = "1";
  in.result_reference = "KQ-1";
  domain::DossierSnapshot snap;
  Plan p;
  const auto apply = [&](const std::string& action, const domain::WorkflowAction* a) {
    const auto d = domain::decide(def, snap, action, actor, in, *world_.calendar, until_ms_);
    if (const auto* r = std::get_if<domain::Refusal>(&d))
      throw std::runtime_error("workflow " + def.key + " refuses " + action + " on the way to " + target + ": " + r->message_en);
    const auto& t = std::get<domain::Transition>(d);
    snap.state = t.to_state;
    snap.flags = t.flags;
    snap.supplement_requests = t.supplement_requests;
    snap.apologies = t.apologies;
    snap.open_consultations = t.open_consultations;
    if (t.clock == domain::ClockEffect::start || t.clock == domain::ClockEffect::restart) {
      snap.clock_started = true;
      snap.due_at = until_ms_ + 30 * domain::kMsPerDay;
    }
    p.push_back({action, a, t});
  };
  apply("submit", def.find_action("submit", ""));
  for (const auto* a : path) apply(a->key, a);
  return plans_[key] = std::move(p);
}

void DossierGenerator::generate(std::int64_t first_id, std::int64_t n, GenBatch& out) {
  batch_counters_.clear();
  for (std::int64_t i = 0; i < n; ++i) one(first_id + i, out);
  for (const auto& [k, seq] : batch_counters_) out.counters.push_back({k.first, k.second, seq});
}

void DossierGenerator::one(std::int64_t id, GenBatch& out) {
  auto& r = rng_;
  const auto& cal = *world_.calendar;
  const std::size_t ai = pick(r, agency_cum_);
  const GenAgency& ga = world_.agencies[ai];
  const auto& [proc_index, wf] = ga.services[pick(r, service_cum_[ai])];
  const GenProcedure& proc = world_.procedures[proc_index];
  const std::string outcome = pick(r, mix_.outcomes);

  storage::DossierRecord d;
  d.id = id;
  d.qr_token = qr_token(r);
  d.procedure_code = proc.code;
  d.procedure_version_id = proc.current_version_id;
  d.agency_id = d.current_agency_id = ga.agency.id;
  d.workflow_key = wf->key;
  d.channel = outcome == "draft" ? "online" : pick(r, mix_.channels);
  d.delivery = pick(r, mix_.delivery);
  d.applicant_kind = pick(r, mix_.applicant_kind);
  const bool paper = d.channel == "counter" || d.channel == "postal";
  if (!paper && world_.demo_citizen && u01(r) < mix_.demo_citizen_owner) d.owner_user_id = world_.demo_citizen->id;

  // The applicant.
  const bool female = r() & 1;
  const std::string given = female ? any_of(r, kGivenFemale) : any_of(r, kGivenMale);
  const std::string surname = any_of(r, kSurnames);
  if (d.applicant_kind == "citizen") {
    d.applicant_name = surname + " " + (female ? any_of(r, kMiddleFemale) : any_of(r, kMiddleMale)) + " " + given;
    const int year = 1950 + static_cast<int>(below(r, 58));
    d.applicant_id_number = std::string(any_of(r, kCccdPlaces)) + static_cast<char>('0' + (year >= 2000 ? 2 : 0) + female) +
                            std::to_string(year % 100 + 100).substr(1) + digits(r, 6);
  } else {
    d.applicant_name = std::string(any_of(r, kOrgForms)) + " " + surname + " " + given;
    d.applicant_id_number = "55" + digits(r, 8);  // mã số thuế, 10 digits (Sơn La's 55 prefix)
  }
  d.applicant_phone = std::string(any_of(r, kPhonePrefix)) + digits(r, 8);
  if (u01(r) < 0.35) {
    std::string local = domain::vn_fold(given + surname);
    local.erase(std::remove(local.begin(), local.end(), ' '), local.end());
    d.applicant_email = local + digits(r, 3) + "@example.vn";
  }
  d.applicant_address = std::string(u01(r) < 0.5 ? "Tổ " : "Bản ") + std::to_string(1 + below(r, 30)) + ", " +
                        ga.agency.place + ", tỉnh Sơn La";
  d.eform_data = boost::json::serialize(boost::json::object{
      {"ho_ten", d.applicant_name}, {"so_dinh_danh", *d.applicant_id_number}, {"noi_dung", "Đề nghị giải quyết thủ tục " + proc.code}});
  if (d.channel == "counter" && ga.officer) d.submitted_by_user_id = ga.officer->id;
  if (d.channel == "counter") d.submitted_by_role = "one_stop_officer";
  if (d.channel == "postal") d.submitted_by_role = "postal_staff";
  if (d.channel == "third_party") {
    d.submitted_by_user_id = d.owner_user_id;
    d.submitted_by_role = "third_party";
    d.on_behalf_authorisation = "Giấy ủy quyền số " + std::to_string(1 + below(r, 999)) + "/UQ, chứng thực tại UBND " + ga.agency.place;
  }

  const std::int64_t window = cal.working_time_between(from_ms_, until_ms_);
  const auto at_minute = [&](std::int64_t base, std::int64_t minutes) {
    return cal.add_working_minutes(base, std::max<std::int64_t>(1, minutes));
  };
  const auto attachments = [&](std::int64_t at) {
    const int n = std::stoi(pick(r, mix_.attachments_per_dossier));
    for (int i = 1; i <= n; ++i) {
      const bool pdf = u01(r) < 0.85;
      storage::Attachment a;
      a.dossier_id = id;
      a.component_key = std::to_string(i);
      a.filename = "thanh-phan-" + std::to_string(i) + (pdf ? ".pdf" : ".jpg");
      a.content_type = pdf ? "application/pdf" : "image/jpeg";
      a.sha256 = hex(r, 32);
      a.size = static_cast<std::int64_t>(mix_.attachment_min_bytes *
                                         std::pow(static_cast<double>(mix_.attachment_max_bytes) / mix_.attachment_min_bytes, u01(r)));
      a.digitised = paper;
      a.uploaded_by = paper ? d.submitted_by_user_id : d.owner_user_id;
      a.at_ms = at;
      if (pdf) a.page_count = 1 + below(r, 8);
      out.attachments.push_back(std::move(a));
    }
  };

  if (outcome == "draft") {
    d.state = "draft";
    d.created_ms = d.updated_ms = at_minute(from_ms_, below(r, window));
    attachments(d.created_ms);
    out.dossiers.push_back(std::move(d));
    return;
  }

  // The target state and its path through the dossier's own workflow.
  const bool active = outcome == "active";
  std::string target = outcome;
  if (active) {
    Shares s;
    for (const auto& [k, w] : mix_.active_states)
      if (const auto* st = wf->find_state(k); st && !st->terminal) s.emplace_back(k, w);
    double total = 0;
    for (auto& [k, w] : s) total += w;
    for (auto& [k, w] : s) w /= total;
    target = s.empty() ? wf->initial_state : pick(r, s);
  }
  const bool via = outcome == "withdrawn" && u01(r) < mix_.withdrawn_after_reception;
  const Plan& p = plan(*wf, target, via);

  // When it happened: active dossiers were submitted recently enough to still be open; finished ones
  // anywhere in the window, leaving room for their processing before today.
  const auto version_of = [&](std::int64_t t) {
    return domain::pin_dossier(proc.versions, world_.rule_sets, domain::vietnam_local_time(t));
  };
  const auto& current = proc.allowances.at(*proc.current_version_id)[channel_slot(d.channel)];
  const std::int64_t est = std::max<std::int64_t>(450, rough_minutes(*current));
  std::int64_t t_sub;
  if (active) {
    const bool reception_only = p.size() <= 2 && target != "received";
    const std::int64_t back = reception_only ? 1 + below(r, 2 * 450) : 1 + static_cast<std::int64_t>(est * 1.3 * std::pow(u01(r), 1.5));
    t_sub = at_minute(from_ms_, window - std::min(back, window - 1));
  } else {
    // Not before the procedure has a version in force: the app could not pin it.
    const std::int64_t lo = std::max(from_ms_, proc.earliest_ms);
    const std::int64_t span = lo == from_ms_ ? window : cal.working_time_between(lo, until_ms_);
    t_sub = at_minute(lo, below(r, std::max<std::int64_t>(1, span - std::min(span / 2, est * 2 + 5 * 450))));
  }
  const std::string timeliness_goal = pick(r, mix_.timeliness);
  const bool assigned = u01(r) < mix_.active_assigned;
  const auto& specialists = ga.specialists;

  // Replay, as DossierService::perform would have stored each step.
  std::vector<storage::HistoryEntry> hist;
  const domain::RuleSet* rule_set = nullptr;
  std::int64_t t = t_sub;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const Step& s = p[i];
    const auto& tr = s.t;
    const auto left = static_cast<std::int64_t>(p.size() - i);  // steps from this one to the end
    if (i > 0) {
      const std::int64_t to_end = std::max<std::int64_t>(2, cal.working_time_between(t, until_ms_));
      if (s.action == "accept") {
        const std::int64_t delay = paper ? 1 + below(r, 20) : 10 + below(r, 470);
        t = at_minute(t, active ? std::min(delay, to_end / (left + 1)) : delay);
      } else if (!active && d.clock.due_at && (s.action == "complete" || s.action == "stop" || s.action == "withdraw")) {
        // The last working step: early, on time or late against the due date, as the mix says.
        const std::int64_t budget = std::max<std::int64_t>(2, cal.working_time_between(t, *d.clock.due_at));
        if (timeliness_goal == "late") t = at_minute(*d.clock.due_at, 30 + below(r, std::max<std::int64_t>(60, budget / 2)));
        else if (timeliness_goal == "on_time" && *d.clock.due_at - t > 3 * 3'600'000) t = *d.clock.due_at - (5 + below(r, 115)) * domain::kMsPerMinute;
        else {
          // Early means a day before the due day (ClockPolicy::early_means_earlier_day): aim before that day.
          const auto due_day = domain::vietnam_local_time(*d.clock.due_at).date;
          const std::int64_t before_day = cal.working_time_between(t, domain::local_to_epoch_ms({due_day.year, due_day.month, due_day.day}, 0));
          t = at_minute(t, 1 + static_cast<std::int64_t>((before_day > 2 ? before_day : budget) * (0.05 + 0.9 * u01(r))));
        }
      } else if (!active && d.clock.due_at && s.action != "return_result") {
        // Steps between reception and the last one share the time up to the due date.
        const std::int64_t budget = std::max<std::int64_t>(2, cal.working_time_between(t, *d.clock.due_at));
        t = at_minute(t, 1 + static_cast<std::int64_t>(budget * u01(r) * 0.5 / left));
      } else if (!active) {
        t = at_minute(t, 10 + below(r, 3 * 450));
      } else {
        t = at_minute(t, 1 + static_cast<std::int64_t>(to_end * (0.3 + 0.6 * u01(r)) / (left + 1)));
      }
    }
    // A rare long procedure may run past the end of the window: squeeze it in before `until`.
    if (t >= until_ms_) t = until_ms_ - static_cast<std::int64_t>(left) * domain::kMsPerMinute;
    storage::HistoryEntry h;
    h.dossier_id = id;
    h.action = s.action;
    h.from_state = i == 0 ? std::optional<std::string>("draft") : d.state;
    h.from_status = d.status;
    const auto due_before = d.clock.due_at;
    if (i == 0) {
      d.submitted_at_ms = d.created_ms = t;
      if (!paper) d.reception_deadline_ms = domain::reception_deadline(t, cal);
      d.step_due_at_ms = d.reception_deadline_ms;
    } else {
      const bool starts = tr.clock == domain::ClockEffect::start || tr.clock == domain::ClockEffect::restart;
      if ((tr.status == domain::DossierStatus::received || starts) && !d.rule_set_id) {
        const auto pin = version_of(t);
        d.procedure_version_id = pin.procedure_version_id;
        d.rule_set_id = pin.rule_set_id;
      }
      if (d.rule_set_id) rule_set = domain::find_rule_set(world_.rule_sets, *d.rule_set_id);
      if (tr.status == domain::DossierStatus::received && !d.code) {
        const auto local = domain::vietnam_local_time(t);
        const std::int64_t seq = ++counters_[static_cast<std::int64_t>(ai) * 1000000 + domain::local_day(t)];
        d.code = domain::format_dossier_code(ga.agency.identifiers, local.date, seq, rule_set->dossier_code.value);
        batch_counters_[{ga.agency.id, local.date.iso()}] = seq;
        d.received_at_ms = t;
      }
      if (starts && !d.clock.started()) d.clock.allowance = *proc.allowances.at(*d.procedure_version_id)[channel_slot(d.channel)];
      switch (tr.clock) {
        case domain::ClockEffect::start: d.clock = domain::start_clock(d.clock, t, cal); break;
        case domain::ClockEffect::restart: d.clock = domain::restart_clock(d.clock, t, cal); break;
        case domain::ClockEffect::pause: d.clock = domain::pause_clock(d.clock, t, tr.pause_reason.value_or(domain::PauseReason::citizen)); break;
        case domain::ClockEffect::resume: d.clock = domain::resume_clock(d.clock, t, cal); break;
        default: break;
      }
      if (tr.to_state != tr.from_state && d.clock.started() && !d.clock.paused())
        d.clock = domain::enter_step(d.clock, t, tr.step_deadline, cal);
      if (tr.status == domain::DossierStatus::completed && d.clock.started() && !d.clock.completed_at) {
        d.timeliness = std::string(domain::timeliness_code(domain::classify_completion(d.clock, t, cal)));
        d.clock = domain::complete_clock(d.clock, t);
      }
      if (tr.status == domain::DossierStatus::received && d.received_at_ms == t && rule_set)
        d.clock.step_due_at = domain::transfer_deadline(t, cal, domain::transfer_rule_from(*rule_set));
      d.mirror_clock();
      if (tr.status == domain::DossierStatus::returned) d.returned_at_ms = t;
      if ((s.action == "assign" || s.action == "claim" || (s.action == "transfer" && wf->find_state("processing"))) &&
          !specialists.empty() && (s.action != "transfer" || assigned))
        d.assignee_user_id = specialists[below(r, static_cast<std::int64_t>(specialists.size()))].id;
    }
    d.state = tr.to_state;
    d.status = static_cast<int>(tr.status);
    d.flags = tr.flags;
    d.updated_ms = t;

    // Who acted: the citizen for their own steps, else an official of the unit in the action's first role.
    domain::Role role = s.def->roles.front();
    if (i == 0) role = d.channel == "counter" ? domain::Role::one_stop_officer : d.channel == "postal" ? domain::Role::postal_staff : domain::Role::citizen;
    else if (s.action != "withdraw")
      for (auto rr : s.def->roles)
        if (rr != domain::Role::citizen) { role = rr; break; }
    h.actor_role = std::string(domain::role_code(role));
    if (role == domain::Role::citizen) {
      h.actor_user_id = d.owner_user_id;
      h.actor_name = d.applicant_name;
    } else {
      h.actor_agency_id = ga.agency.id;
      const GenPerson* who = role == domain::Role::one_stop_officer && ga.officer ? &*ga.officer
                             : role == domain::Role::leader && !ga.leaders.empty() ? &ga.leaders.front()
                             : role == domain::Role::specialist && !specialists.empty() ? &specialists.front() : nullptr;
      if (who) h.actor_user_id = who->id, h.actor_name = who->name;
      else h.actor_name = std::string(domain::role_name_vi(role)) + " " + ga.agency.identifiers.name;
    }
    h.to_state = d.state;
    h.to_status = d.status;
    if (!tr.reason.empty() || s.def->reason_required) h.reason = kReasons[below(r, 4)];
    h.clock_effect = std::string(domain::clock_effect_code(tr.clock));
    h.due_before_ms = due_before;
    h.due_after_ms = d.due_at_ms;
    h.step_due_after_ms = d.step_due_at_ms;
    h.note = boost::json::serialize(boost::json::object{{"history_vi", tr.history_vi}, {"history_en", tr.history_en}, {"bench", true}});
    h.at_ms = t;
    hist.push_back(std::move(h));
  }
  d.version = static_cast<std::int64_t>(p.size());
  if (d.flags.waiting_for_citizen && d.flags.supplement_used)
    out.supplements.push_back({id, {{"Tờ khai", "Thiếu chữ ký của người đề nghị"}}, hist.back().actor_user_id, t});

  // History abridged to the submission, the reception and the last step.
  std::vector<std::size_t> keep{0};
  if (hist.size() >= 3) keep.push_back(1);
  if (hist.size() >= 2) keep.push_back(hist.size() - 1);
  for (std::size_t k = 0; k < keep.size(); ++k) {
    hist[keep[k]].seq = static_cast<std::int64_t>(k + 1);
    out.history.push_back(std::move(hist[keep[k]]));
  }
  attachments(t_sub);
  out.dossiers.push_back(std::move(d));
}

}  // namespace motcua::app
