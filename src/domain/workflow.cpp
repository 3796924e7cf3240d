// Workflow definitions (parse + validate) and the engine decide() (workflow.h).
#include "domain/code_table.h"
#include "domain/workflow.h"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <deque>
#include <set>
#include <utility>

namespace motcua::domain {

namespace json = boost::json;

// ---- codes --------------------------------------------------------------------------------------------

namespace {

constexpr std::array<std::pair<Precondition, std::string_view>, 14> kPreconditions{{
    {Precondition::supplement_not_used, "supplement_not_used"},
    {Precondition::missing_items_listed, "missing_items_listed"},
    {Precondition::apology_not_used, "apology_not_used"},
    {Precondition::at_least_one_working_day_before_due, "at_least_one_working_day_before_due"},
    {Precondition::new_due_after_current, "new_due_after_current"},
    {Precondition::no_open_consultations, "no_open_consultations"},
    {Precondition::has_open_consultation, "has_open_consultation"},
    {Precondition::consulted_agency_given, "consulted_agency_given"},
    {Precondition::reason_given, "reason_given"},
    {Precondition::payment_recorded, "payment_recorded"},
    {Precondition::within_scope, "within_scope"},
    {Precondition::assignee_given, "assignee_given"},
    {Precondition::result_given, "result_given"},
    {Precondition::clock_started, "clock_started"},
}};

constexpr std::array<std::pair<DossierFlag, std::string_view>, 5> kFlags{{
    {DossierFlag::payment_pending, "payment_pending"},
    {DossierFlag::waiting_for_citizen, "waiting_for_citizen"},
    {DossierFlag::open_consultations, "open_consultations"},
    {DossierFlag::apology_issued, "apology_issued"},
    {DossierFlag::supplement_used, "supplement_used"},
}};

std::string join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += sep;
    out += v[i];
  }
  return out;
}

}  // namespace

std::string_view precondition_code(Precondition p) { return code_of(kPreconditions, p); }
std::optional<Precondition> parse_precondition(std::string_view code) { return value_of(kPreconditions, code); }
std::string_view flag_code(DossierFlag f) { return code_of(kFlags, f); }
std::optional<DossierFlag> parse_flag(std::string_view code) { return value_of(kFlags, code); }

bool flag_value(const DossierFlags& f, DossierFlag which) {
  switch (which) {
    case DossierFlag::payment_pending: return f.payment_pending;
    case DossierFlag::waiting_for_citizen: return f.waiting_for_citizen;
    case DossierFlag::open_consultations: return f.open_consultations;
    case DossierFlag::apology_issued: return f.apology_issued;
    case DossierFlag::supplement_used: return f.supplement_used;
  }
  return false;
}

void set_flag(DossierFlags& f, DossierFlag which, bool value) {
  switch (which) {
    case DossierFlag::payment_pending: f.payment_pending = value; break;
    case DossierFlag::waiting_for_citizen: f.waiting_for_citizen = value; break;
    case DossierFlag::open_consultations: f.open_consultations = value; break;
    case DossierFlag::apology_issued: f.apology_issued = value; break;
    case DossierFlag::supplement_used: f.supplement_used = value; break;
  }
}

// ---- definition lookups -------------------------------------------------------------------------------

const WorkflowState* WorkflowDefinition::find_state(std::string_view k) const {
  for (const auto& s : states)
    if (s.key == k) return &s;
  return nullptr;
}

const WorkflowAction* WorkflowDefinition::find_action(std::string_view k, std::string_view state) const {
  for (const auto& a : actions) {
    if (a.key != k) continue;
    if (state.empty() ? a.from.empty() : std::find(a.from.begin(), a.from.end(), state) != a.from.end()) return &a;
  }
  return nullptr;
}

bool WorkflowDefinition::has_action(std::string_view k) const {
  return std::any_of(actions.begin(), actions.end(), [&](const WorkflowAction& a) { return a.key == k; });
}

std::vector<const WorkflowAction*> WorkflowDefinition::actions_from(std::string_view state) const {
  std::vector<const WorkflowAction*> out;
  for (const auto& a : actions)
    if (state.empty() ? a.from.empty() : std::find(a.from.begin(), a.from.end(), state) != a.from.end())
      out.push_back(&a);
  return out;
}

WorkflowDefinitionError::WorkflowDefinitionError(std::vector<std::string> problems)
    : std::runtime_error(problems.empty() ? "invalid workflow definition"
                                          : problems.front() + (problems.size() > 1
                                                                    ? " (and " + std::to_string(problems.size() - 1) + " more)"
                                                                    : "")),
      problems_(std::move(problems)) {}

// ---- parsing ------------------------------------------------------------------------------------------

namespace {

// Collects "<file>: <json path>: <message>".
class Problems {
 public:
  Problems(std::vector<std::string>& out, std::string file, std::string path)
      : out_(&out), file_(std::move(file)), path_(std::move(path)) {}
  Problems at(std::string_view key) const { return Problems(*out_, file_, path_ + "." + std::string(key)); }
  Problems at(std::size_t i) const { return Problems(*out_, file_, path_ + "[" + std::to_string(i) + "]"); }
  void add(const std::string& message) const { out_->push_back(file_ + ": " + path_ + ": " + message); }

 private:
  std::vector<std::string>* out_;
  std::string file_;
  std::string path_;
};

void check_keys(const json::object& o, std::initializer_list<std::string_view> required,
                std::initializer_list<std::string_view> optional, const Problems& p) {
  for (const auto& kv : o) {
    const std::string_view k = kv.key();
    if (std::find(required.begin(), required.end(), k) == required.end() &&
        std::find(optional.begin(), optional.end(), k) == optional.end())
      p.at(k).add("unknown key \"" + std::string(k) + "\"");
  }
  for (std::string_view k : required)
    if (!o.contains(k)) p.add("missing key \"" + std::string(k) + "\"");
}

std::optional<std::string> get_string(const json::object& o, std::string_view key, const Problems& p,
                                      bool allow_empty = false) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    p.at(key).add("must be a string");
    return std::nullopt;
  }
  std::string s(v->get_string());
  if (!allow_empty && s.empty()) {
    p.at(key).add("must not be empty");
    return std::nullopt;
  }
  return s;
}

std::optional<bool> get_bool(const json::object& o, std::string_view key, const Problems& p) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    p.at(key).add("must be true or false");
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<double> get_number(const json::object& o, std::string_view key, const Problems& p) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  if (v->is_double()) return v->get_double();
  p.at(key).add("must be a number");
  return std::nullopt;
}

// An array of strings; each element is handed to `each` with its path.
template <class F>
void each_string(const json::object& o, std::string_view key, const Problems& p, F each) {
  const auto* v = o.if_contains(key);
  if (!v) return;
  if (!v->is_array()) {
    p.at(key).add("must be an array of strings");
    return;
  }
  const auto& arr = v->get_array();
  for (std::size_t i = 0; i < arr.size(); ++i) {
    if (!arr[i].is_string()) {
      p.at(key).at(i).add("must be a string");
      continue;
    }
    each(std::string(arr[i].get_string()), p.at(key).at(i));
  }
}

std::optional<StepDeadline> parse_deadline(const json::value& v, const Problems& p) {
  if (!v.is_object()) {
    p.add("must be an object {\"kind\", \"value\", \"citation\"}");
    return std::nullopt;
  }
  const auto& o = v.get_object();
  check_keys(o, {"kind", "value", "citation"}, {"note"}, p);
  StepDeadline d;
  bool ok = true;
  if (auto k = get_string(o, "kind", p)) {
    if (auto kind = parse_step_deadline_kind(*k)) d.kind = *kind;
    else {
      p.at("kind").add("unknown deadline kind \"" + *k + "\" (share, working_days, working_hours)");
      ok = false;
    }
  } else {
    ok = false;
  }
  if (auto n = get_number(o, "value", p)) {
    d.value = *n;
    if (d.kind == StepDeadlineKind::share && !(d.value > 0 && d.value <= 1)) {
      p.at("value").add("a share must be greater than 0 and at most 1");
      ok = false;
    } else if (d.kind != StepDeadlineKind::share && !(d.value > 0 && d.value <= 3650)) {
      p.at("value").add("must be a positive number of working days or hours");
      ok = false;
    }
  } else {
    ok = false;
  }
  if (auto c = get_string(o, "citation", p)) d.citation = *c;
  else ok = false;
  get_string(o, "note", p, true);
  if (!ok) return std::nullopt;
  return d;
}

WorkflowState parse_state(const json::object& o, const Problems& p) {
  check_keys(o, {"key", "status", "name_vi"}, {"terminal", "deadline", "note"}, p);
  WorkflowState s;
  if (auto k = get_string(o, "key", p)) s.key = *k;
  if (const auto* v = o.if_contains("status")) {
    const bool integral = v->is_int64() || v->is_uint64();
    const long long code = v->is_int64() ? v->get_int64() : v->is_uint64() ? static_cast<long long>(std::min<std::uint64_t>(v->get_uint64(), 1u << 30)) : 0;
    const auto status = integral ? status_from_code(static_cast<int>(std::clamp<long long>(code, -1, 1000))) : std::nullopt;
    if (status) s.status = *status;
    else if (integral)
      p.at("status").add("status " + std::to_string(code) +
                         " is outside the national status codes 1–10 (TrangThaiHoSo, legal-rules §7.2)");
    else
      p.at("status").add("must be an integer national status code 1–10");
  }
  if (auto n = get_string(o, "name_vi", p)) s.name_vi = *n;
  if (auto t = get_bool(o, "terminal", p)) s.terminal = *t;
  if (const auto* d = o.if_contains("deadline")) s.deadline = parse_deadline(*d, p.at("deadline"));
  get_string(o, "note", p, true);
  return s;
}

WorkflowAction parse_action(const json::object& o, const Problems& p) {
  check_keys(o, {"key", "name_vi", "from", "roles", "clock"},
             {"to", "preconditions", "pause_reason", "reason_required", "set_flags", "clear_flags", "sub_case",
              "notification", "form", "citation", "note"},
             p);
  WorkflowAction a;
  if (auto k = get_string(o, "key", p)) a.key = *k;
  if (auto n = get_string(o, "name_vi", p)) a.name_vi = *n;
  if (const auto* f = o.if_contains("from"); f && !f->is_array()) p.at("from").add("must be an array of state keys ([] for the creating action)");
  each_string(o, "from", p, [&](std::string s, const Problems&) { a.from.push_back(std::move(s)); });
  if (const auto* t = o.if_contains("to"); t && !t->is_null()) {
    if (auto s = get_string(o, "to", p)) a.to = *s;
  }
  if (const auto* r = o.if_contains("roles")) {
    if (!r->is_array()) p.at("roles").add("must be an array of role codes");
    else if (r->get_array().empty())
      p.at("roles").add("action \"" + a.key + "\" has no role: nobody could perform it");
  }
  each_string(o, "roles", p, [&](const std::string& code, const Problems& ep) {
    if (auto r = parse_role(code)) a.roles.push_back(*r);
    else ep.add("unknown role \"" + code + "\" (roles.h: citizen, one_stop_officer, specialist, leader, ...)");
  });
  each_string(o, "preconditions", p, [&](const std::string& code, const Problems& ep) {
    if (auto c = parse_precondition(code)) a.preconditions.push_back(*c);
    else ep.add("unknown precondition \"" + code + "\"");
  });
  if (auto c = get_string(o, "clock", p)) {
    if (auto e = parse_clock_effect(*c)) a.clock = *e;
    else p.at("clock").add("unknown clock effect \"" + *c + "\" (none, start, pause, resume, restart, extend)");
  }
  if (auto r = get_string(o, "pause_reason", p)) {
    if (auto pr = parse_pause_reason(*r)) a.pause_reason = *pr;
    else p.at("pause_reason").add("unknown pause reason \"" + *r + "\" (payment, supplement, citizen)");
  }
  if (a.clock == ClockEffect::pause && !a.pause_reason && !o.contains("pause_reason"))
    p.at("clock").add("a pause needs \"pause_reason\"");
  if (a.clock != ClockEffect::pause && a.pause_reason) p.at("pause_reason").add("only a \"pause\" clock effect takes a pause reason");
  if (auto b = get_bool(o, "reason_required", p)) a.reason_required = *b;
  auto flags = [&](std::string_view key, std::vector<DossierFlag>& out) {
    each_string(o, key, p, [&](const std::string& code, const Problems& ep) {
      const auto f = parse_flag(code);
      if (!f) ep.add("unknown flag \"" + code + "\"");
      else if (*f == DossierFlag::open_consultations)
        ep.add("open_consultations follows the sub-case count: use \"sub_case\": \"open\" / \"close\"");
      else out.push_back(*f);
    });
  };
  flags("set_flags", a.set_flags);
  flags("clear_flags", a.clear_flags);
  if (auto s = get_string(o, "sub_case", p)) {
    if (*s == "none") a.sub_case = SubCaseEffect::none;
    else if (*s == "open") a.sub_case = SubCaseEffect::open;
    else if (*s == "close") a.sub_case = SubCaseEffect::close;
    else p.at("sub_case").add("unknown sub-case effect \"" + *s + "\" (none, open, close)");
  }
  if (auto n = get_string(o, "notification", p, true)) a.notification = *n;
  if (auto f = get_string(o, "form", p, true)) a.form = *f;
  if (auto c = get_string(o, "citation", p, true)) a.citation = *c;
  get_string(o, "note", p, true);
  return a;
}

// The structural checks that need the whole definition.
void validate(const WorkflowDefinition& d, const Problems& root, const std::vector<Problems>& state_paths,
              const std::vector<Problems>& action_paths) {
  std::set<std::string> state_keys;
  for (std::size_t i = 0; i < d.states.size(); ++i)
    if (!d.states[i].key.empty() && !state_keys.insert(d.states[i].key).second)
      state_paths[i].at("key").add("duplicate state \"" + d.states[i].key + "\"");
  if (d.states.empty()) root.at("states").add("a workflow needs at least one state");

  const bool initial_known = d.find_state(d.initial_state) != nullptr;
  if (!d.initial_state.empty() && !initial_known)
    root.at("initial_state").add("unknown state \"" + d.initial_state + "\"");

  bool has_creation = false;
  for (std::size_t i = 0; i < d.actions.size(); ++i) {
    const WorkflowAction& a = d.actions[i];
    const Problems& p = action_paths[i];
    for (std::size_t k = 0; k < a.from.size(); ++k)
      if (!d.find_state(a.from[k])) p.at("from").at(k).add("action \"" + a.key + "\" names unknown state \"" + a.from[k] + "\"");
    if (a.to && !d.find_state(*a.to)) p.at("to").add("action \"" + a.key + "\" names unknown state \"" + *a.to + "\"");
    if (a.from.empty()) {
      has_creation = true;
      if (a.to && *a.to != d.initial_state)
        p.at("to").add("the creating action must lead to the initial state \"" + d.initial_state + "\"");
      if (a.clock != ClockEffect::none && a.clock != ClockEffect::start)
        p.at("clock").add("the creating action can only start the clock");
    }
    for (std::size_t j = 0; j < i; ++j) {
      const WorkflowAction& b = d.actions[j];
      if (b.key != a.key) continue;
      const bool overlap = (a.from.empty() && b.from.empty()) ||
                           std::any_of(a.from.begin(), a.from.end(), [&](const std::string& s) {
                             return std::find(b.from.begin(), b.from.end(), s) != b.from.end();
                           });
      if (overlap) p.at("from").add("action \"" + a.key + "\" is defined twice for the same state");
    }
    for (DossierFlag f : a.set_flags)
      if (std::find(a.clear_flags.begin(), a.clear_flags.end(), f) != a.clear_flags.end())
        p.add("action \"" + a.key + "\" both sets and clears flag \"" + std::string(flag_code(f)) + "\"");
  }
  if (!has_creation) root.at("actions").add("no creating action (an action with \"from\": [])");

  // Terminal states end the dossier; other states must lead somewhere.
  bool has_terminal = false;
  for (std::size_t i = 0; i < d.states.size(); ++i) {
    const WorkflowState& s = d.states[i];
    const auto out = d.actions_from(s.key);
    if (s.terminal) {
      has_terminal = true;
      for (const auto* a : out)
        state_paths[i].add("terminal state \"" + s.key + "\" has an outgoing action \"" + a->key + "\"");
    } else if (!s.key.empty() &&
               std::none_of(out.begin(), out.end(), [&](const WorkflowAction* a) { return a->to && *a->to != s.key; })) {
      state_paths[i].add("state \"" + s.key + "\" is not terminal but no action leaves it");
    }
  }
  if (!d.states.empty() && !has_terminal) root.at("states").add("no terminal state: a dossier could never end");

  // Reachability from the initial state.
  if (initial_known) {
    std::set<std::string> seen{d.initial_state};
    std::deque<std::string> queue{d.initial_state};
    while (!queue.empty()) {
      const std::string s = queue.front();
      queue.pop_front();
      for (const auto* a : d.actions_from(s))
        if (a->to && seen.insert(*a->to).second) queue.push_back(*a->to);
    }
    for (std::size_t i = 0; i < d.states.size(); ++i)
      if (!d.states[i].key.empty() && !seen.count(d.states[i].key))
        state_paths[i].add("state \"" + d.states[i].key + "\" is unreachable from the initial state \"" +
                           d.initial_state + "\"");
  }
}

}  // namespace

WorkflowDefinition parse_workflow(std::string_view file_name, std::string_view json_text) {
  std::vector<std::string> problems;
  const std::string file(file_name);
  const Problems root(problems, file, "$");
  json::error_code ec;
  const json::value doc = json::parse(json_text, ec);
  if (ec) throw WorkflowDefinitionError({file + ": not valid JSON: " + ec.message()});
  if (!doc.is_object()) throw WorkflowDefinitionError({file + ": $: must be an object"});
  const auto& o = doc.get_object();
  check_keys(o, {"key", "version", "name_vi", "initial_state", "states", "actions"}, {"description", "citation", "note"},
             root);

  WorkflowDefinition d;
  d.origin = file;
  if (auto k = get_string(o, "key", root)) d.key = *k;
  if (auto v = get_number(o, "version", root)) {
    if (*v >= 1 && *v == std::floor(*v) && *v < 1e6) d.version = static_cast<int>(*v);
    else root.at("version").add("must be a positive integer");
  }
  if (auto n = get_string(o, "name_vi", root)) d.name_vi = *n;
  if (auto s = get_string(o, "description", root, true)) d.description = *s;
  get_string(o, "citation", root, true);
  get_string(o, "note", root, true);
  if (auto s = get_string(o, "initial_state", root)) d.initial_state = *s;

  std::vector<Problems> state_paths, action_paths;
  auto objects = [&](std::string_view key, auto each) {
    const auto* v = o.if_contains(key);
    if (!v) return;
    if (!v->is_array()) {
      root.at(key).add("must be an array");
      return;
    }
    const auto& arr = v->get_array();
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const Problems p = root.at(key).at(i);
      if (!arr[i].is_object()) {
        p.add("must be an object");
        continue;
      }
      each(arr[i].get_object(), p);
    }
  };
  objects("states", [&](const json::object& so, const Problems& p) {
    d.states.push_back(parse_state(so, p));
    state_paths.push_back(p);
  });
  objects("actions", [&](const json::object& ao, const Problems& p) {
    d.actions.push_back(parse_action(ao, p));
    action_paths.push_back(p);
  });
  validate(d, root, state_paths, action_paths);
  if (!problems.empty()) throw WorkflowDefinitionError(std::move(problems));
  return d;
}

// ---- the engine ---------------------------------------------------------------------------------------

namespace {

bool blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

struct PreconditionText {
  const char* vi;
  const char* en;
  const char* citation;
};

// The one place each precondition's wording and legal basis live.
PreconditionText text_of(Precondition p) {
  switch (p) {
    case Precondition::supplement_not_used:
      return {"Hồ sơ đã được yêu cầu bổ sung một lần; không được yêu cầu bổ sung lần thứ hai.",
              "A supplement was already requested once; it may be requested only once.",
              "NĐ 61/2018/NĐ-CP Điều 15.3, Điều 17.2 (hướng dẫn bổ sung một lần); QĐ 766/QĐ-TTg (more than one request counts as late)"};
    case Precondition::missing_items_listed:
      return {"Phiếu yêu cầu bổ sung phải liệt kê đầy đủ từng thành phần hồ sơ cần bổ sung và lý do.",
              "The supplement request must list every missing or invalid item with its reason.",
              "TT 01/2018/TT-VPCP Mẫu 02; NĐ 61/2018/NĐ-CP Điều 17.1.a"};
    case Precondition::apology_not_used:
      return {"Đã hẹn lại ngày trả kết quả một lần; không được hẹn lại lần thứ hai.",
              "The return date was already re-appointed once; it may be re-appointed only once.",
              "NĐ 61/2018/NĐ-CP Điều 19 (hẹn lại không quá một lần); TT 01/2018/TT-VPCP Mẫu 04"};
    case Precondition::at_least_one_working_day_before_due:
      return {"Văn bản xin lỗi và hẹn lại phải được gửi chậm nhất 01 ngày làm việc trước ngày hẹn trả kết quả.",
              "The apology must be issued at least one working day before the due date.",
              "NĐ 61/2018/NĐ-CP Điều 19 (chậm nhất 01 ngày trước ngày hết hạn); TT 01/2018/TT-VPCP Mẫu 04"};
    case Precondition::new_due_after_current:
      return {"Ngày hẹn trả kết quả mới phải sau ngày hẹn hiện tại.",
              "The new return date must be later than the current due date.", "TT 01/2018/TT-VPCP Mẫu 04"};
    case Precondition::no_open_consultations:
      return {"Còn ý kiến phối hợp (hồ sơ liên thông) chưa được trả lời; chưa thể hoàn thành hồ sơ.",
              "A consultation (inter-agency sub-case) is still open; the dossier cannot be completed.",
              "NĐ 61/2018/NĐ-CP Điều 19 (lấy ý kiến, liên thông: legal-rules §2.3 items 4–6)"};
    case Precondition::has_open_consultation:
      return {"Không có yêu cầu xin ý kiến nào đang chờ trả lời.", "There is no open consultation to answer.",
              "NĐ 61/2018/NĐ-CP Điều 19 (lấy ý kiến)"};
    case Precondition::consulted_agency_given:
      return {"Phải chọn cơ quan, đơn vị được xin ý kiến.", "The consulted agency must be named.",
              "NĐ 61/2018/NĐ-CP Điều 19 (văn bản xin ý kiến nêu rõ nội dung, thời hạn)"};
    case Precondition::reason_given:
      return {"Phải nêu rõ lý do.", "A reason is required.",
              "NĐ 61/2018/NĐ-CP Điều 17.1.b, Điều 19; TT 01/2018/TT-VPCP Mẫu 03 (lý do từ chối)"};
    case Precondition::payment_recorded:
      return {"Nghĩa vụ tài chính chưa được ghi nhận là đã hoàn thành.", "The financial obligation has not been recorded as paid.",
              "NĐ 61/2018/NĐ-CP Điều 22; TrangThaiHoSo 6 (legal-rules §7.2)"};
    case Precondition::within_scope:
      return {"Hồ sơ không thuộc thẩm quyền giải quyết của cơ quan; hãy từ chối tiếp nhận và hướng dẫn nộp đúng nơi.",
              "The dossier is outside the agency's competence; refuse it and direct the applicant to the competent agency.",
              "NĐ 61/2018/NĐ-CP Điều 14, Điều 17.2"};
    case Precondition::assignee_given:
      return {"Phải chọn cán bộ xử lý.", "The handling officer must be named.", "NĐ 61/2018/NĐ-CP Điều 19 (phân công)"};
    case Precondition::result_given:
      return {"Phải nhập số, ký hiệu văn bản kết quả giải quyết.", "The result document must be given.",
              "NĐ 61/2018/NĐ-CP Điều 20 (kết quả được lưu trên hệ thống)"};
    case Precondition::clock_started:
      return {"Hồ sơ chưa được tiếp nhận; thời hạn giải quyết chưa bắt đầu.",
              "The dossier has not been received; the processing clock has not started.",
              "NĐ 61/2018/NĐ-CP Điều 17 (Giấy tiếp nhận, Mẫu 01)"};
  }
  return {"", "", ""};
}

bool holds(Precondition p, const DossierSnapshot& d, const ActionInput& in, const WorkingCalendar& cal,
           std::int64_t now, const ClockPolicy& policy) {
  switch (p) {
    case Precondition::supplement_not_used: return !d.flags.supplement_used && d.supplement_requests == 0;
    case Precondition::missing_items_listed:
      return !in.missing_items.empty() && std::none_of(in.missing_items.begin(), in.missing_items.end(), [](const MissingItem& m) {
        return blank(m.name) || blank(m.reason);
      });
    case Precondition::apology_not_used: return !d.flags.apology_issued && d.apologies == 0;
    case Precondition::at_least_one_working_day_before_due:
      return d.due_at && now <= apology_deadline(*d.due_at, cal, policy);
    case Precondition::new_due_after_current: return in.new_due_at && d.due_at && *in.new_due_at > *d.due_at;
    case Precondition::no_open_consultations: return d.open_consultations == 0 && !d.flags.open_consultations;
    case Precondition::has_open_consultation: return d.open_consultations > 0;
    case Precondition::consulted_agency_given: return !blank(in.consulted_agency);
    case Precondition::reason_given: return !blank(in.reason);
    case Precondition::payment_recorded: return !d.flags.payment_pending;
    case Precondition::within_scope: return d.within_scope;
    case Precondition::assignee_given: return !blank(in.assignee);
    case Precondition::result_given: return !blank(in.result_reference);
    case Precondition::clock_started: return d.clock_started;
  }
  return false;
}

Refusal refuse(std::string code, std::string vi, std::string en, std::string citation = {},
               std::optional<Precondition> failed = std::nullopt) {
  return Refusal{std::move(code), std::move(vi), std::move(en), failed, std::move(citation)};
}

std::string roles_vi(const std::vector<Role>& roles) {
  std::vector<std::string> names;
  for (Role r : roles) names.emplace_back(role_name_vi(r));
  return join(names, ", ");
}
std::string roles_en(const std::vector<Role>& roles) {
  std::vector<std::string> names;
  for (Role r : roles) names.emplace_back(role_code(r));
  return join(names, ", ");
}

// Preconditions that check what the official supplies with the action, not the dossier's state.
bool reads_input(Precondition p) {
  switch (p) {
    case Precondition::missing_items_listed:
    case Precondition::new_due_after_current:
    case Precondition::consulted_agency_given:
    case Precondition::reason_given:
    case Precondition::assignee_given:
    case Precondition::result_given: return true;
    default: return false;
  }
}

// The action's preconditions in order (reason first when required); the first that fails, as a refusal.
// state_only skips those that read the action's input, for offering actions before any input is given.
std::optional<Refusal> first_unmet(const WorkflowAction& a, const DossierSnapshot& dossier, const ActionInput& input,
                                   const WorkingCalendar& cal, std::int64_t now, const ClockPolicy& policy,
                                   bool state_only) {
  std::vector<Precondition> checks = a.preconditions;
  if (a.reason_required && std::find(checks.begin(), checks.end(), Precondition::reason_given) == checks.end())
    checks.insert(checks.begin(), Precondition::reason_given);
  for (Precondition p : checks) {
    if (state_only && reads_input(p)) continue;
    if (holds(p, dossier, input, cal, now, policy)) continue;
    const PreconditionText t = text_of(p);
    std::string vi = t.vi, en = t.en;
    if (p == Precondition::at_least_one_working_day_before_due && dossier.due_at) {
      const std::string last = format_local_datetime(apology_deadline(*dossier.due_at, cal, policy));
      vi += " Hạn chót gửi: " + last + ".";
      en += " Latest: " + last + ".";
    }
    return refuse("precondition_failed", vi, en, t.citation, p);
  }
  return std::nullopt;
}

bool holds_role(const WorkflowAction& a, const Actor& actor) {
  return std::any_of(actor.roles.begin(), actor.roles.end(),
                     [&](Role r) { return std::find(a.roles.begin(), a.roles.end(), r) != a.roles.end(); });
}

}  // namespace

Decision decide(const WorkflowDefinition& def, const DossierSnapshot& dossier, std::string_view action_key,
                const Actor& actor, const ActionInput& input, const WorkingCalendar& cal, std::int64_t now,
                const ClockPolicy& policy) {
  const std::string key(action_key);
  if (!def.has_action(key))
    return refuse("unknown_action", "Quy trình \"" + def.key + "\" không có thao tác \"" + key + "\".",
                  "Workflow \"" + def.key + "\" has no action \"" + key + "\".");
  const WorkflowAction* a = def.find_action(key, dossier.state);
  const WorkflowState* from = dossier.state.empty() ? nullptr : def.find_state(dossier.state);
  if (!a) {
    const std::string where_vi = from ? "ở bước \"" + from->name_vi + "\"" : "khi chưa có hồ sơ";
    const std::string where_en = dossier.state.empty() ? "before the dossier exists" : "in state \"" + dossier.state + "\"";
    return refuse("not_allowed_in_state", "Không thể thực hiện thao tác \"" + key + "\" " + where_vi + ".",
                  "Action \"" + key + "\" is not allowed " + where_en + ".");
  }
  if (!holds_role(*a, actor))
    return refuse("role_not_allowed",
                  "Chỉ " + roles_vi(a->roles) + " được thực hiện thao tác \"" + a->name_vi + "\".",
                  "Only " + roles_en(a->roles) + " may perform \"" + a->key + "\".");

  if (auto r = first_unmet(*a, dossier, input, cal, now, policy, false)) return *r;

  Transition t;
  t.action = a->key;
  t.from_state = dossier.state;
  t.to_state = a->from.empty() ? def.initial_state : a->to.value_or(dossier.state);
  const WorkflowState* to = def.find_state(t.to_state);
  if (!to)  // only a definition built by hand, not through parse_workflow, can get here
    return refuse("invalid_definition", "Quy trình \"" + def.key + "\" không hợp lệ.",
                  "Workflow \"" + def.key + "\" names an unknown state \"" + t.to_state + "\".");
  t.status = to->status;
  t.status_changed = !from || from->status != to->status;
  t.clock = a->clock;
  t.pause_reason = a->pause_reason;
  if (a->clock == ClockEffect::extend) t.new_due_at = input.new_due_at;
  t.flags = dossier.flags;
  t.open_consultations = dossier.open_consultations;
  t.supplement_requests = dossier.supplement_requests;
  t.apologies = dossier.apologies;
  for (DossierFlag f : a->set_flags) {
    if (!flag_value(t.flags, f)) t.flags_set.push_back(f);
    set_flag(t.flags, f, true);
    if (f == DossierFlag::supplement_used) ++t.supplement_requests;
    if (f == DossierFlag::apology_issued) ++t.apologies;
  }
  for (DossierFlag f : a->clear_flags) {
    if (flag_value(t.flags, f)) t.flags_cleared.push_back(f);
    set_flag(t.flags, f, false);
  }
  if (a->sub_case == SubCaseEffect::open) ++t.open_consultations;
  if (a->sub_case == SubCaseEffect::close && t.open_consultations > 0) --t.open_consultations;
  if (a->sub_case != SubCaseEffect::none) {
    const bool open = t.open_consultations > 0;
    if (open && !t.flags.open_consultations) t.flags_set.push_back(DossierFlag::open_consultations);
    if (!open && t.flags.open_consultations) t.flags_cleared.push_back(DossierFlag::open_consultations);
    t.flags.open_consultations = open;
  }
  if ((a->to && *a->to != dossier.state) || a->from.empty()) t.step_deadline = to->deadline;
  t.notification = a->notification;
  t.form = a->form;
  t.reason = input.reason;
  t.citation = a->citation;

  // The history line, as the Phiếu kiểm soát (Mẫu 05) and the TienTrinh packet show it.
  std::string vi = a->name_vi;
  std::string en = a->key;
  if (t.to_state != t.from_state) {
    vi += ": " + (from ? from->name_vi + " → " : std::string()) + to->name_vi;
    en += ": " + (from ? t.from_state + " -> " : std::string()) + t.to_state;
  }
  if (!blank(input.assignee)) {
    vi += "; cán bộ xử lý: " + input.assignee;
    en += "; assignee: " + input.assignee;
  }
  if (!blank(input.consulted_agency) && a->sub_case == SubCaseEffect::open) {
    vi += "; xin ý kiến: " + input.consulted_agency;
    en += "; consulted: " + input.consulted_agency;
  }
  if (!input.missing_items.empty() && std::find(a->set_flags.begin(), a->set_flags.end(), DossierFlag::supplement_used) != a->set_flags.end()) {
    std::vector<std::string> items;
    for (const auto& m : input.missing_items) items.push_back(m.name + " (" + m.reason + ")");
    vi += "; cần bổ sung: " + join(items, "; ");
    en += "; missing: " + join(items, "; ");
  }
  if (t.new_due_at) {
    vi += "; hẹn lại: " + format_local_datetime(*t.new_due_at);
    en += "; new due: " + format_local_datetime(*t.new_due_at);
  }
  if (!blank(input.result_reference) && a->preconditions.end() !=
      std::find(a->preconditions.begin(), a->preconditions.end(), Precondition::result_given)) {
    vi += "; kết quả: " + input.result_reference;
    en += "; result: " + input.result_reference;
  }
  if (!blank(input.reason)) {
    vi += "; lý do: " + input.reason;
    en += "; reason: " + input.reason;
  }
  t.history_vi = std::move(vi);
  t.history_en = std::move(en);
  return t;
}

std::vector<ActionOffer> offered_actions(const WorkflowDefinition& def, const DossierSnapshot& dossier,
                                         const Actor& actor, const WorkingCalendar& cal, std::int64_t now,
                                         const ClockPolicy& policy) {
  std::vector<ActionOffer> out;
  if (dossier.state.empty()) return out;
  for (const WorkflowAction* a : def.actions_from(dossier.state)) {
    if (!holds_role(*a, actor)) continue;
    out.push_back({a, first_unmet(*a, dossier, ActionInput{}, cal, now, policy, true)});
  }
  return out;
}

}  // namespace motcua::domain
