#include "app/lifecycle.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "app/calendar_files.h"
#include "app/data_dir.h"
#include "app/data_files.h"
#include "app/eforms.h"
#include "app/profiles.h"
#include "http/api_error.h"
#include "storage/office_hours_repo.h"

namespace motcua::app {

namespace fs = std::filesystem;

// Every definition in data/workflows, parsed and checked; the one loader (server and generator).
std::vector<domain::WorkflowDefinition> load_workflows() {
  const auto dir = find_data_dir("workflows");
  if (!dir) throw std::runtime_error("cannot find data/workflows; set MOTCUA_SOURCE_DIR to the source tree");
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(fs::path(*dir) / "workflows"))
    if (e.path().extension() == ".json") paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  std::vector<domain::WorkflowDefinition> out;
  for (const auto& p : paths) out.push_back(domain::parse_workflow(p.string(), read_data_file(p)));
  if (out.empty()) throw std::runtime_error("data/workflows holds no workflow definition");
  return out;
}

Lifecycle::Lifecycle(storage::Db& db, const Config& config, std::function<std::int64_t()> now_ms)
    : workflows_(load_workflows()),
      calendar_data_(load_calendar_data(calendar_dir())),
      default_hours_(default_hours(calendar_dir())),
      now_ms_(std::move(now_ms)),
      blobs_(config.data_dir),
      forms_(FormTemplates::load_bundled()) {
  DossierServiceDeps deps{db, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}};
  deps.workflow = [this](std::string_view key) -> const domain::WorkflowDefinition* {
    for (const auto& w : workflows_)
      if (w.key == key) return &w;
    return nullptr;
  };
  for (const auto& w : workflows_) deps.workflow_keys.push_back(w.key);
  // The simplest template serves procedures without an agency service naming another.
  deps.default_workflow_key =
      std::find(deps.workflow_keys.begin(), deps.workflow_keys.end(), "one-step") != deps.workflow_keys.end()
          ? "one-step"
          : deps.workflow_keys.front();
  deps.calendar = [this](storage::Connection& c, std::int64_t agency_id) -> const domain::WorkingCalendar& {
    return calendar_for(c, agency_id);
  };
  deps.rule_sets = load_rule_sets(rules_data_dir());
  deps.tracking_base_url = config.effective_base_url() + "/tra-cuu/";
  deps.now_ms = now_ms_;
  keys_ = std::make_unique<AgencyKeys>(db, configured_key_files(config), now_ms_);
  deps.sign_result = [this](storage::Connection& tx, std::int64_t result_id, std::int64_t agency_id,
                            const storage::AuditEntry& who) { return keys_->sign_result(tx, result_id, agency_id, who); };
  // E-forms (data/eforms/<key>.json): loaded once, all or nothing; the service's eform_key, else the code.
  auto eforms = std::make_shared<const Eforms>(Eforms::load_bundled());
  eforms_ = eforms;
  deps.eform = [eforms](std::string_view code, std::optional<std::string> key) -> const domain::EformSchema* {
    if (!key || key->empty()) return eforms->find(code);
    if (const auto* s = eforms->find(*key)) return s;
    throw http::ApiError(500, "eform_missing", "Không tìm thấy biểu mẫu điện tử \"" + *key + "\" của dịch vụ",
                         "The agency service names e-form \"" + *key + "\", which is not in data/eforms");
  };
  auto rule_sets = deps.rule_sets;
  service_ = std::make_unique<DossierService>(std::move(deps));
  documents_ = std::make_unique<DocumentService>(
      DocumentDeps{db, *service_, forms_, std::move(rule_sets), config.effective_base_url(), now_ms_, &blobs_});
}

const domain::WorkingCalendar& Lifecycle::calendar_for(storage::Connection& c, std::int64_t agency_id) {
  const std::string today = domain::format_local_datetime(now_ms_()).substr(0, 10);
  const auto hours = storage::office_hours_for(c, agency_id, today, default_hours_).hours;
  const std::string key = domain::office_hours_to_json(hours);
  std::lock_guard lk(mu_);
  auto& slot = calendars_[key];
  if (!slot) slot = std::make_unique<domain::WorkingCalendar>(calendar_data_, hours);
  return *slot;
}

}  // namespace motcua::app
