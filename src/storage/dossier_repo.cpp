#include "storage/dossier_repo.h"

#include <type_traits>

#include <openssl/rand.h>

#include <boost/json.hpp>

#include "domain/procedure.h"
#include "domain/vn_fold.h"

namespace motcua::storage {

namespace json = boost::json;

namespace {

Value opt(const std::optional<std::int64_t>& v) { return v ? Value{*v} : Value{nullptr}; }
Value opt(const std::optional<std::string>& v) { return v ? Value{*v} : Value{nullptr}; }
Value opt(const std::optional<int>& v) { return v ? Value{std::int64_t{*v}} : Value{nullptr}; }
Value b01(bool b) { return std::int64_t{b ? 1 : 0}; }
std::optional<int> opt_int(const Row& r, std::size_t i) {
  auto v = r.opt_i64(i);
  return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

// ---- clock JSON -----------------------------------------------------------------------------------------

json::value opt_json(const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }
std::optional<std::int64_t> opt_from(const json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
  return std::nullopt;
}

constexpr domain::TimeUnit kUnits[] = {domain::TimeUnit::working_days, domain::TimeUnit::working_hours,
                                       domain::TimeUnit::calendar_days, domain::TimeUnit::months,
                                       domain::TimeUnit::years, domain::TimeUnit::unspecified};
constexpr domain::Channel kChannels[] = {domain::Channel::in_person, domain::Channel::online, domain::Channel::postal,
                                         domain::Channel::unspecified};

json::array intervals_json(const std::vector<domain::ClockInterval>& v) {
  json::array a;
  for (const auto& i : v)
    a.push_back(json::object{{"start", i.start}, {"end", opt_json(i.end)},
                             {"reason", std::string(domain::pause_reason_code(i.reason))}});
  return a;
}
std::vector<domain::ClockInterval> intervals_from(const json::object& o, std::string_view k) {
  std::vector<domain::ClockInterval> out;
  const auto* v = o.if_contains(k);
  if (!v || !v->is_array()) return out;
  for (const auto& e : v->as_array()) {
    if (!e.is_object()) continue;
    const auto& io = e.as_object();
    domain::ClockInterval i;
    i.start = opt_from(io, "start").value_or(0);
    i.end = opt_from(io, "end");
    if (const auto* r = io.if_contains("reason"); r && r->is_string())
      i.reason = domain::parse_pause_reason(std::string_view(r->as_string())).value_or(domain::PauseReason::citizen);
    out.push_back(i);
  }
  return out;
}

// ---- row mapping ----------------------------------------------------------------------------------------

constexpr const char* kColumns =
    "id, code, qr_token, procedure_code, procedure_version_id, rule_set_id, agency_id, current_agency_id, "
    "workflow_key, state, status, channel, delivery, applicant_kind, owner_user_id, applicant_name, "
    "applicant_id_number, applicant_phone, applicant_email, applicant_address, submitted_by_user_id, "
    "submitted_by_role, on_behalf_authorisation, eform_data, flag_payment_pending, flag_waiting_for_citizen, "
    "flag_open_consultations, supplement_used, apology_used, assignee_user_id, submitted_at_ms, received_at_ms, "
    "due_at_ms, metric_due_at_ms, original_due_at_ms, step_due_at_ms, reception_deadline_ms, clock_paused_at_ms, "
    "clock, completed_at_ms, returned_at_ms, timeliness, version, created_ms, updated_ms";

DossierRecord record_from(const Row& r) {
  DossierRecord d;
  std::size_t i = 0;
  d.id = r.i64(i++);
  d.code = r.opt_str(i++);
  d.qr_token = r.str(i++);
  d.procedure_code = r.str(i++);
  d.procedure_version_id = r.opt_i64(i++);
  d.rule_set_id = r.opt_str(i++);
  d.agency_id = r.i64(i++);
  d.current_agency_id = r.i64(i++);
  d.workflow_key = r.str(i++);
  d.state = r.str(i++);
  d.status = opt_int(r, i++);
  d.channel = r.str(i++);
  d.delivery = r.str(i++);
  d.applicant_kind = r.str(i++);
  d.owner_user_id = r.opt_i64(i++);
  d.applicant_name = r.str(i++);
  d.applicant_id_number = r.opt_str(i++);
  d.applicant_phone = r.opt_str(i++);
  d.applicant_email = r.opt_str(i++);
  d.applicant_address = r.opt_str(i++);
  d.submitted_by_user_id = r.opt_i64(i++);
  d.submitted_by_role = r.opt_str(i++);
  d.on_behalf_authorisation = r.opt_str(i++);
  d.eform_data = r.str(i++);
  d.flags.payment_pending = r.i64(i++) != 0;
  d.flags.waiting_for_citizen = r.i64(i++) != 0;
  d.flags.open_consultations = r.i64(i++) != 0;
  d.flags.supplement_used = r.i64(i++) != 0;
  d.flags.apology_issued = r.i64(i++) != 0;
  d.assignee_user_id = r.opt_i64(i++);
  d.submitted_at_ms = r.opt_i64(i++);
  d.received_at_ms = r.opt_i64(i++);
  d.due_at_ms = r.opt_i64(i++);
  d.metric_due_at_ms = r.opt_i64(i++);
  d.original_due_at_ms = r.opt_i64(i++);
  d.step_due_at_ms = r.opt_i64(i++);
  d.reception_deadline_ms = r.opt_i64(i++);
  d.clock_paused_at_ms = r.opt_i64(i++);
  d.clock = clock_from_json(r.str(i++));
  d.completed_at_ms = r.opt_i64(i++);
  d.returned_at_ms = r.opt_i64(i++);
  d.timeliness = r.opt_str(i++);
  d.version = r.i64(i++);
  d.created_ms = r.i64(i++);
  d.updated_ms = r.i64(i++);
  return d;
}

std::optional<DossierRecord> load_where(Connection& c, const std::string& where, const Value& v) {
  const std::string sql = std::string("SELECT ") + kColumns + " FROM dossiers WHERE " + where;
  auto res = c.exec(sql, {v});
  if (res.empty()) return std::nullopt;
  return record_from(res.rows.front());
}

constexpr const char* kSummaryColumns =
    "d.id, d.code, d.procedure_code, COALESCE(pv.name, ''), d.applicant_name, d.state, d.status, "
    "d.current_agency_id, d.assignee_user_id, d.submitted_at_ms, d.received_at_ms, d.due_at_ms, d.step_due_at_ms, "
    "d.reception_deadline_ms, d.clock_paused_at_ms, d.completed_at_ms";
// The name of the pinned version, or of the current one before pinning.
constexpr const char* kSummaryFrom =
    " FROM dossiers d "
    "LEFT JOIN procedures p ON p.code = d.procedure_code "
    "LEFT JOIN procedure_versions pv ON pv.id = COALESCE(d.procedure_version_id, p.current_version_id) ";

DossierSummary summary_from(const Row& r) {
  DossierSummary s;
  s.id = r.i64(0);
  s.code = r.opt_str(1);
  s.procedure_code = r.str(2);
  s.procedure_name = r.str(3);
  s.applicant_name = r.str(4);
  s.state = r.str(5);
  s.status = opt_int(r, 6);
  s.current_agency_id = r.i64(7);
  s.assignee_user_id = r.opt_i64(8);
  s.submitted_at_ms = r.opt_i64(9);
  s.received_at_ms = r.opt_i64(10);
  s.due_at_ms = r.opt_i64(11);
  s.step_due_at_ms = r.opt_i64(12);
  s.clock_paused_at_ms = r.opt_i64(14);
  s.completed_at_ms = r.opt_i64(15);
  s.reception_deadline_ms = r.opt_i64(13);
  return s;
}

// Builds "WHERE …" with numbered parameters.
class Where {
 public:
  std::string add(const Value& v) {
    params_.push_back(v);
    return "$" + std::to_string(params_.size());
  }
  void cond(const std::string& c) { conds_.push_back(c); }
  std::string sql() const {
    std::string s;
    for (std::size_t i = 0; i < conds_.size(); ++i) s += (i ? " AND " : " WHERE ") + conds_[i];
    return s;
  }
  std::vector<Value>& params() { return params_; }

 private:
  std::vector<Value> params_;
  std::vector<std::string> conds_;
};

std::string like_prefix(const std::string& path) {
  // Paths are "/1/7/" made of digits and slashes, so no LIKE wildcard can hide in them.
  return path + "%";
}

// "SELECT id FROM agencies WHERE path LIKE …": the agencies under any of the paths.
std::string agency_ids_under(Where& w, const std::vector<std::string>& paths) {
  std::string c = "SELECT id FROM agencies WHERE ";
  for (std::size_t i = 0; i < paths.size(); ++i) c += (i ? " OR " : "") + std::string("path LIKE ") + w.add(like_prefix(paths[i]));
  return c;
}

// For "<agency id column> IN (…)": the few agency ids come first and each one is an index seek into the dossiers,
// instead of a join the planner may start from the dossiers' side.
std::string agencies_under(Where& w, const std::vector<std::string>& paths) {
  return "(" + agency_ids_under(w, paths) + ")";
}

// "<column> IN ($n, …)" over the values, one parameter each; nothing when there are none (no filter).
template <class T>
void in_cond(Where& w, const std::string& column, const std::vector<T>& values) {
  if (values.empty()) return;
  std::string in = column + " IN (";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if constexpr (std::is_integral_v<T>) in += (i ? ", " : "") + w.add(static_cast<std::int64_t>(values[i]));
    else in += (i ? ", " : "") + w.add(values[i]);
  }
  w.cond(in + ")");
}

void scope_cond(Where& w, const std::vector<std::string>& paths, const std::string& agency_id_column) {
  if (paths.empty()) {
    w.cond("1 = 0");
    return;
  }
  w.cond(agency_id_column + " IN " + agencies_under(w, paths));
}

// Conditions and order may name only dossier columns (d.*). The page's ids are chosen first, from an index where
// one covers the filter and the sort, and only those rows are read and joined to their procedure's name: a queue
// of thousands costs a page, not thousands of row reads (migrations/*/0010_indexes_at_scale.sql).
DossierPage run_page(Connection& c, Where& w, const std::string& order, std::int64_t page, std::int64_t per_page) {
  DossierPage out;
  const std::string where = w.sql();
  out.total = c.exec("SELECT COUNT(*) FROM dossiers d" + where, w.params()).one().i64(0);
  if (page < 1) page = 1;
  if (per_page < 1) per_page = 1;
  const std::string lim = w.add(per_page);
  const std::string off = w.add((page - 1) * per_page);
  auto res = c.exec(std::string("SELECT ") + kSummaryColumns + kSummaryFrom + "WHERE d.id IN (SELECT d.id FROM dossiers d" +
                        where + " ORDER BY " + order + " LIMIT " + lim + " OFFSET " + off + ") ORDER BY " + order,
                    w.params());
  for (const auto& r : res.rows) out.items.push_back(summary_from(r));
  return out;
}

Consultation consultation_from(const Row& r) {
  Consultation c;
  c.id = r.i64(0);
  c.dossier_id = r.i64(1);
  c.from_agency_id = r.i64(2);
  c.to_agency_id = r.i64(3);
  c.question = r.str(4);
  c.due_at_ms = r.i64(5);
  c.status = r.str(6);
  c.answer = r.opt_str(7);
  c.asked_by = r.opt_i64(8);
  c.answered_by = r.opt_i64(9);
  c.created_ms = r.i64(10);
  c.answered_ms = r.opt_i64(11);
  return c;
}
constexpr const char* kConsultationColumns =
    "c.id, c.dossier_id, c.from_agency_id, c.to_agency_id, c.question, c.due_at_ms, c.status, c.answer, c.asked_by, "
    "c.answered_by, c.created_ms, c.answered_ms";

}  // namespace

// ---- clock ------------------------------------------------------------------------------------------------

std::string clock_to_json(const domain::DossierClock& k) {
  json::object a{{"channel", std::string(domain::channel_code(k.allowance.channel))},
                 {"amount", k.allowance.amount ? json::value(*k.allowance.amount) : json::value(nullptr)},
                 {"unit", std::string(domain::time_unit_code(k.allowance.unit))},
                 {"condition", k.allowance.condition},
                 {"raw", k.allowance.raw},
                 {"parsed", k.allowance.parsed}};
  json::object o{{"allowance", std::move(a)},
                 {"cutoff_enabled", k.rules.cutoff_enabled},
                 {"cutoff_minute", k.rules.cutoff_minute},
                 {"first_started_at", opt_json(k.first_started_at)},
                 {"started_at", opt_json(k.started_at)},
                 {"due_at", opt_json(k.due_at)},
                 {"metric_due_at", opt_json(k.metric_due_at)},
                 {"original_due_at", opt_json(k.original_due_at)},
                 {"due_before_extension", opt_json(k.due_before_extension)},
                 {"restarts", k.restarts},
                 {"extended", k.extended},
                 {"pauses", intervals_json(k.pauses)},
                 {"supplements", intervals_json(k.supplements)},
                 {"step_started_at", opt_json(k.step_started_at)},
                 {"step_due_at", opt_json(k.step_due_at)},
                 {"completed_at", opt_json(k.completed_at)}};
  return json::serialize(o);
}

domain::DossierClock clock_from_json(const std::string& text) {
  domain::DossierClock k;
  boost::system::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return k;
  const auto& o = v.as_object();
  if (const auto* a = o.if_contains("allowance"); a && a->is_object()) {
    const auto& ao = a->as_object();
    if (const auto* ch = ao.if_contains("channel"); ch && ch->is_string())
      for (auto c : kChannels)
        if (domain::channel_code(c) == std::string_view(ch->as_string())) k.allowance.channel = c;
    if (const auto* am = ao.if_contains("amount"); am && am->is_number()) k.allowance.amount = am->to_number<double>();
    if (const auto* u = ao.if_contains("unit"); u && u->is_string())
      for (auto unit : kUnits)
        if (domain::time_unit_code(unit) == std::string_view(u->as_string())) k.allowance.unit = unit;
    if (const auto* s = ao.if_contains("condition"); s && s->is_string()) k.allowance.condition = s->as_string();
    if (const auto* s = ao.if_contains("raw"); s && s->is_string()) k.allowance.raw = s->as_string();
    if (const auto* b = ao.if_contains("parsed"); b && b->is_bool()) k.allowance.parsed = b->as_bool();
  }
  if (const auto* b = o.if_contains("cutoff_enabled"); b && b->is_bool()) k.rules.cutoff_enabled = b->as_bool();
  if (auto m = opt_from(o, "cutoff_minute")) k.rules.cutoff_minute = static_cast<int>(*m);
  k.first_started_at = opt_from(o, "first_started_at");
  k.started_at = opt_from(o, "started_at");
  k.due_at = opt_from(o, "due_at");
  k.metric_due_at = opt_from(o, "metric_due_at");
  k.original_due_at = opt_from(o, "original_due_at");
  k.due_before_extension = opt_from(o, "due_before_extension");
  k.restarts = static_cast<int>(opt_from(o, "restarts").value_or(0));
  if (const auto* b = o.if_contains("extended"); b && b->is_bool()) k.extended = b->as_bool();
  k.pauses = intervals_from(o, "pauses");
  k.supplements = intervals_from(o, "supplements");
  k.step_started_at = opt_from(o, "step_started_at");
  k.step_due_at = opt_from(o, "step_due_at");
  k.completed_at = opt_from(o, "completed_at");
  return k;
}

void DossierRecord::mirror_clock() {
  due_at_ms = clock.due_at;
  metric_due_at_ms = clock.metric_due_at;
  step_due_at_ms = clock.step_due_at;
  if (clock.due_before_extension) original_due_at_ms = clock.due_before_extension;
  clock_paused_at_ms.reset();
  for (const auto* list : {&clock.pauses, &clock.supplements})
    for (const auto& i : *list)
      if (!i.end) clock_paused_at_ms = i.start;
  if (clock.completed_at) completed_at_ms = clock.completed_at;
}

std::string new_qr_token() {
  unsigned char buf[24];
  if (RAND_bytes(buf, sizeof buf) != 1) throw std::runtime_error("no randomness for the QR token");
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  for (std::size_t i = 0; i < sizeof buf; i += 3) {
    const std::uint32_t n = (buf[i] << 16) | (buf[i + 1] << 8) | buf[i + 2];
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(n >> s) & 0x3F];
  }
  return out;
}

// ---- dossiers ---------------------------------------------------------------------------------------------

std::int64_t insert_dossier(Connection& tx, DossierRecord& d, std::int64_t now_ms) {
  if (d.qr_token.empty()) d.qr_token = new_qr_token();
  d.version = 1;
  d.created_ms = d.updated_ms = now_ms;
  d.id = tx.exec(
               "INSERT INTO dossiers (code, qr_token, procedure_code, procedure_version_id, rule_set_id, agency_id, "
               "current_agency_id, workflow_key, state, status, channel, delivery, applicant_kind, owner_user_id, "
               "applicant_name, applicant_name_folded, applicant_id_number, applicant_phone, applicant_email, "
               "applicant_address, submitted_by_user_id, submitted_by_role, on_behalf_authorisation, eform_data, "
               "assignee_user_id, submitted_at_ms, reception_deadline_ms, clock, version, created_ms, updated_ms) "
               "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, "
               "$21, $22, $23, $24, $25, $26, $27, $28, 1, $29, $29) RETURNING id",
               {opt(d.code), d.qr_token, d.procedure_code, opt(d.procedure_version_id), opt(d.rule_set_id), d.agency_id,
                d.current_agency_id, d.workflow_key, d.state, opt(d.status), d.channel, d.delivery, d.applicant_kind,
                opt(d.owner_user_id), d.applicant_name, domain::vn_fold(d.applicant_name), opt(d.applicant_id_number),
                opt(d.applicant_phone), opt(d.applicant_email), opt(d.applicant_address), opt(d.submitted_by_user_id),
                opt(d.submitted_by_role), opt(d.on_behalf_authorisation), d.eform_data, opt(d.assignee_user_id),
                opt(d.submitted_at_ms), opt(d.reception_deadline_ms), clock_to_json(d.clock), now_ms})
             .one()
             .i64(0);
  return d.id;
}

std::optional<DossierRecord> load_dossier(Connection& c, std::int64_t id) { return load_where(c, "id = $1", id); }
std::optional<DossierRecord> load_dossier_by_code(Connection& c, const std::string& code) {
  return load_where(c, "code = $1", code);
}
std::optional<DossierRecord> load_dossier_by_qr_token(Connection& c, const std::string& token) {
  return load_where(c, "qr_token = $1", token);
}

void update_dossier(Connection& tx, DossierRecord& d, std::int64_t now_ms) {
  auto res = tx.exec(
      "UPDATE dossiers SET code = $3, procedure_version_id = $4, rule_set_id = $5, current_agency_id = $6, "
      "state = $7, status = $8, channel = $9, delivery = $10, applicant_kind = $11, owner_user_id = $12, "
      "applicant_name = $13, applicant_name_folded = $14, applicant_id_number = $15, applicant_phone = $16, "
      "applicant_email = $17, applicant_address = $18, submitted_by_user_id = $19, submitted_by_role = $20, "
      "on_behalf_authorisation = $21, eform_data = $22, flag_payment_pending = $23, flag_waiting_for_citizen = $24, "
      "flag_open_consultations = $25, supplement_used = $26, apology_used = $27, assignee_user_id = $28, "
      "submitted_at_ms = $29, received_at_ms = $30, due_at_ms = $31, metric_due_at_ms = $32, "
      "original_due_at_ms = $33, step_due_at_ms = $34, reception_deadline_ms = $35, clock_paused_at_ms = $36, "
      "clock = $37, completed_at_ms = $38, returned_at_ms = $39, timeliness = $40, procedure_code = $41, "
      "workflow_key = $42, version = version + 1, updated_ms = $43 WHERE id = $1 AND version = $2",
      {d.id, d.version, opt(d.code), opt(d.procedure_version_id), opt(d.rule_set_id), d.current_agency_id, d.state,
       opt(d.status), d.channel, d.delivery, d.applicant_kind, opt(d.owner_user_id), d.applicant_name,
       domain::vn_fold(d.applicant_name), opt(d.applicant_id_number), opt(d.applicant_phone), opt(d.applicant_email),
       opt(d.applicant_address), opt(d.submitted_by_user_id), opt(d.submitted_by_role), opt(d.on_behalf_authorisation),
       d.eform_data, b01(d.flags.payment_pending), b01(d.flags.waiting_for_citizen), b01(d.flags.open_consultations),
       b01(d.flags.supplement_used), b01(d.flags.apology_issued), opt(d.assignee_user_id), opt(d.submitted_at_ms),
       opt(d.received_at_ms), opt(d.due_at_ms), opt(d.metric_due_at_ms), opt(d.original_due_at_ms),
       opt(d.step_due_at_ms), opt(d.reception_deadline_ms), opt(d.clock_paused_at_ms), clock_to_json(d.clock),
       opt(d.completed_at_ms), opt(d.returned_at_ms), opt(d.timeliness), d.procedure_code, d.workflow_key, now_ms});
  if (res.affected != 1)
    throw DossierConflict("dossier " + std::to_string(d.id) + " was changed by someone else (version " +
                          std::to_string(d.version) + ")");
  ++d.version;
  d.updated_ms = now_ms;
}

// ---- history ----------------------------------------------------------------------------------------------

std::int64_t append_history(Connection& tx, HistoryEntry& e) {
  // The dossier row was updated (and so locked) in this transaction first, so seq cannot race.
  e.seq = tx.exec("SELECT COALESCE(MAX(seq), 0) + 1 FROM dossier_history WHERE dossier_id = $1", {e.dossier_id})
              .one()
              .i64(0);
  e.id = tx.exec(
               "INSERT INTO dossier_history (dossier_id, seq, actor_user_id, actor_name, actor_role, actor_agency_id, "
               "action, from_state, to_state, from_status, to_status, reason, clock_effect, due_before_ms, "
               "due_after_ms, step_due_after_ms, note, at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
               "$12, $13, $14, $15, $16, $17, $18) RETURNING id",
               {e.dossier_id, e.seq, opt(e.actor_user_id), e.actor_name, e.actor_role, opt(e.actor_agency_id), e.action,
                opt(e.from_state), e.to_state, opt(e.from_status), opt(e.to_status), opt(e.reason), e.clock_effect,
                opt(e.due_before_ms), opt(e.due_after_ms), opt(e.step_due_after_ms), e.note, e.at_ms})
             .one()
             .i64(0);
  return e.id;
}

std::vector<HistoryEntry> list_history(Connection& c, std::int64_t dossier_id) {
  std::vector<HistoryEntry> out;
  auto res = c.exec(
      "SELECT id, dossier_id, seq, actor_user_id, actor_name, actor_role, actor_agency_id, action, from_state, "
      "to_state, from_status, to_status, reason, clock_effect, due_before_ms, due_after_ms, step_due_after_ms, note, "
      "at_ms FROM dossier_history WHERE dossier_id = $1 ORDER BY seq",
      {dossier_id});
  for (const auto& r : res.rows) {
    HistoryEntry e;
    e.id = r.i64(0);
    e.dossier_id = r.i64(1);
    e.seq = r.i64(2);
    e.actor_user_id = r.opt_i64(3);
    e.actor_name = r.str(4);
    e.actor_role = r.str(5);
    e.actor_agency_id = r.opt_i64(6);
    e.action = r.str(7);
    e.from_state = r.opt_str(8);
    e.to_state = r.str(9);
    e.from_status = opt_int(r, 10);
    e.to_status = opt_int(r, 11);
    e.reason = r.opt_str(12);
    e.clock_effect = r.str(13);
    e.due_before_ms = r.opt_i64(14);
    e.due_after_ms = r.opt_i64(15);
    e.step_due_after_ms = r.opt_i64(16);
    e.note = r.str(17);
    e.at_ms = r.i64(18);
    out.push_back(std::move(e));
  }
  return out;
}

// ---- satellites -------------------------------------------------------------------------------------------

std::int64_t insert_supplement_request(Connection& tx, std::int64_t dossier_id, const std::vector<SupplementItem>& items,
                                       std::optional<std::int64_t> requested_by, std::int64_t now_ms) {
  json::array a;
  for (const auto& i : items) a.push_back(json::object{{"component", i.component}, {"reason", i.reason}});
  return tx
      .exec("INSERT INTO supplement_requests (dossier_id, items, requested_by, at_ms) VALUES ($1, $2, $3, $4) "
            "RETURNING id",
            {dossier_id, json::serialize(a), opt(requested_by), now_ms})
      .one()
      .i64(0);
}

std::int64_t count_supplement_requests(Connection& c, std::int64_t dossier_id) {
  return c.exec("SELECT COUNT(*) FROM supplement_requests WHERE dossier_id = $1", {dossier_id}).one().i64(0);
}

bool mark_supplement_resubmitted(Connection& tx, std::int64_t dossier_id, std::int64_t now_ms) {
  return tx
             .exec("UPDATE supplement_requests SET resubmitted_at_ms = $2 WHERE dossier_id = $1 AND "
                   "resubmitted_at_ms IS NULL",
                   {dossier_id, now_ms})
             .affected > 0;
}

std::int64_t insert_consultation(Connection& tx, Consultation& c) {
  c.id = tx.exec(
               "INSERT INTO consultations (dossier_id, from_agency_id, to_agency_id, question, due_at_ms, status, "
               "asked_by, created_ms) VALUES ($1, $2, $3, $4, $5, 'open', $6, $7) RETURNING id",
               {c.dossier_id, c.from_agency_id, c.to_agency_id, c.question, c.due_at_ms, opt(c.asked_by), c.created_ms})
             .one()
             .i64(0);
  c.status = "open";
  return c.id;
}

std::optional<Consultation> load_consultation(Connection& c, std::int64_t id) {
  auto res = c.exec(std::string("SELECT ") + kConsultationColumns + " FROM consultations c WHERE c.id = $1", {id});
  if (res.empty()) return std::nullopt;
  return consultation_from(res.rows.front());
}

std::vector<Consultation> list_consultations(Connection& c, std::int64_t dossier_id) {
  std::vector<Consultation> out;
  auto res = c.exec(std::string("SELECT ") + kConsultationColumns +
                        " FROM consultations c WHERE c.dossier_id = $1 ORDER BY c.id",
                    {dossier_id});
  for (const auto& r : res.rows) out.push_back(consultation_from(r));
  return out;
}

std::int64_t count_open_consultations(Connection& c, std::int64_t dossier_id) {
  return c.exec("SELECT COUNT(*) FROM consultations WHERE dossier_id = $1 AND status = 'open'", {dossier_id})
      .one()
      .i64(0);
}

bool answer_consultation(Connection& tx, std::int64_t id, const std::string& answer, std::int64_t answered_by,
                         std::int64_t now_ms) {
  return tx
             .exec("UPDATE consultations SET status = 'answered', answer = $2, answered_by = $3, answered_ms = $4 "
                   "WHERE id = $1 AND status = 'open'",
                   {id, answer, answered_by, now_ms})
             .affected == 1;
}

std::int64_t insert_payment(Connection& tx, std::int64_t dossier_id, std::int64_t amount_vnd, const std::string& method,
                            std::optional<std::int64_t> recorded_by, std::int64_t now_ms) {
  return tx
      .exec("INSERT INTO payments (dossier_id, amount_vnd, method, recorded_by, at_ms) VALUES ($1, $2, $3, $4, $5) "
            "RETURNING id",
            {dossier_id, amount_vnd, method, opt(recorded_by), now_ms})
      .one()
      .i64(0);
}

std::int64_t insert_result(Connection& tx, std::int64_t dossier_id, const std::string& title,
                           const std::optional<std::string>& sha256, std::optional<std::int64_t> issued_by,
                           std::int64_t now_ms) {
  return tx
      .exec("INSERT INTO results (dossier_id, title, sha256, issued_by, at_ms) VALUES ($1, $2, $3, $4, $5) "
            "RETURNING id",
            {dossier_id, title, opt(sha256), opt(issued_by), now_ms})
      .one()
      .i64(0);
}

std::int64_t insert_receipt(Connection& tx, std::int64_t dossier_id, const std::string& code, std::int64_t now_ms,
                            const std::string& data_json) {
  return tx
      .exec("INSERT INTO receipts (dossier_id, code, issued_at_ms, data) VALUES ($1, $2, $3, $4) RETURNING id",
            {dossier_id, code, now_ms, data_json})
      .one()
      .i64(0);
}

std::int64_t insert_attachment(Connection& tx, Attachment& a) {
  a.id = tx.exec(
               "INSERT INTO dossier_attachments (dossier_id, component_key, filename, content_type, sha256, size, "
               "digitised, uploaded_by, at_ms, page_count) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
               {a.dossier_id, a.component_key, a.filename, a.content_type, a.sha256, a.size, b01(a.digitised),
                opt(a.uploaded_by), a.at_ms, opt(a.page_count)})
             .one()
             .i64(0);
  return a.id;
}

std::vector<Attachment> list_attachments(Connection& c, std::int64_t dossier_id) {
  std::vector<Attachment> out;
  auto res = c.exec(
      "SELECT id, dossier_id, component_key, filename, content_type, sha256, size, digitised, uploaded_by, at_ms, "
      "page_count FROM dossier_attachments WHERE dossier_id = $1 ORDER BY component_key, id",
      {dossier_id});
  for (const auto& r : res.rows)
    out.push_back(Attachment{r.i64(0), r.i64(1), r.str(2), r.str(3), r.str(4), r.str(5), r.i64(6), r.i64(7) != 0,
                             r.opt_i64(8), r.i64(9), r.opt_i64(10)});
  return out;
}

// ---- queues -----------------------------------------------------------------------------------------------

DossierPage list_queue(Connection& c, const QueueFilter& f) {
  Where w;
  // The scope's agencies are listed first, so the planner sees "agency = ?" for a one-agency officer and walks the
  // queue index in its order (migrations/*/0012_queue_order.sql) instead of sorting every dossier of the queue.
  std::vector<std::int64_t> agencies;
  if (!f.agency_paths.empty()) {
    Where a;
    const std::string sql = agency_ids_under(a, f.agency_paths) + " ORDER BY id";
    for (const auto& r : c.exec(sql, a.params()).rows) agencies.push_back(r.i64(0));
  }
  if (agencies.empty()) w.cond("1 = 0");
  in_cond(w, "d.current_agency_id", agencies);
  in_cond(w, "d.state", f.states);
  in_cond(w, "d.status", f.statuses);
  if (f.unassigned_only) w.cond("d.assignee_user_id IS NULL");
  if (f.assignee_user_id) w.cond("d.assignee_user_id = " + w.add(*f.assignee_user_id));
  if (f.assignee_or_unassigned)
    w.cond("(d.assignee_user_id IS NULL OR d.assignee_user_id = " + w.add(*f.assignee_or_unassigned) + ")");
  if (f.due_before_ms) w.cond("d.due_at_ms < " + w.add(*f.due_before_ms));
  if (f.due_not_before_ms) w.cond("d.due_at_ms >= " + w.add(*f.due_not_before_ms));
  if (f.running_clock_only) w.cond("d.clock_paused_at_ms IS NULL");
  // NULLs last on both backends (false sorts before true), written as the queue indexes' columns so they give
  // the order without a sort.
  return run_page(c, w,
                  "(d.step_due_at_ms IS NULL), d.step_due_at_ms, (d.due_at_ms IS NULL), d.due_at_ms, d.id",
                  f.page, f.per_page);
}

std::vector<Consultation> list_consultations_received(Connection& c, const std::vector<std::string>& agency_paths,
                                                      bool open_only, std::int64_t limit) {
  std::vector<Consultation> out;
  Where w;
  scope_cond(w, agency_paths, "c.to_agency_id");
  if (open_only) w.cond("c.status = 'open'");
  const std::string lim = w.add(limit);
  auto res = c.exec(std::string("SELECT ") + kConsultationColumns + " FROM consultations c" + w.sql() +
                        " ORDER BY CASE WHEN c.status = 'open' THEN 0 ELSE 1 END, c.due_at_ms, c.id LIMIT " + lim,
                    w.params());
  for (const auto& r : res.rows) out.push_back(consultation_from(r));
  return out;
}

bool claim_dossier(Connection& tx, std::int64_t id, std::int64_t user_id, std::int64_t expected_version,
                   std::int64_t now_ms) {
  // The condition is re-checked under the row lock (PostgreSQL READ COMMITTED re-evaluates WHERE after a
  // concurrent update commits), so of two simultaneous claims exactly one changes the row.
  return tx
             .exec("UPDATE dossiers SET assignee_user_id = $2, version = version + 1, updated_ms = $4 "
                   "WHERE id = $1 AND assignee_user_id IS NULL AND version = $3",
                   {id, user_id, expected_version, now_ms})
             .affected == 1;
}

DossierPage list_owned(Connection& c, std::int64_t owner_user_id, std::int64_t page, std::int64_t per_page) {
  Where w;
  w.cond("d.owner_user_id = " + w.add(owner_user_id));
  return run_page(c, w, "d.created_ms DESC, d.id DESC", page, per_page);
}

DossierPage search_dossiers(Connection& c, const DossierSearch& s) {
  Where w;
  if (s.owner_user_id) {
    w.cond("d.owner_user_id = " + w.add(*s.owner_user_id));
  } else if (s.agency_paths.empty()) {
    w.cond("1 = 0");
  } else {
    // Receiving or current agency in scope: the receiving counter keeps seeing what it received.
    const std::string in_scope = agencies_under(w, s.agency_paths);
    w.cond("(d.current_agency_id IN " + in_scope + " OR d.agency_id IN " + in_scope + ")");
  }
  w.cond("d.status IS NOT NULL");  // drafts are private to their owner
  if (s.id_number && !s.id_number->empty()) w.cond("d.applicant_id_number = " + w.add(*s.id_number));
  if (s.name) {
    const std::string folded = domain::vn_fold(*s.name);
    if (!folded.empty()) {
      std::string esc;
      for (char ch : folded) {
        if (ch == '%' || ch == '_' || ch == '\\') esc += '\\';
        esc += ch;
      }
      w.cond("d.applicant_name_folded LIKE " + w.add("%" + esc + "%") + " ESCAPE '\\'");
    }
  }
  if (!s.owner_user_id && !(s.id_number && !s.id_number->empty()) && !(s.name && !domain::vn_fold(*s.name).empty()))
    w.cond("1 = 0");  // a search with no criterion lists nothing, not the whole register
  return run_page(c, w, "d.submitted_at_ms DESC, d.id DESC", s.page, s.per_page);
}

}  // namespace motcua::storage
