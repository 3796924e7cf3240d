// The dossier lifecycle as the server runs it: the workflow definitions (data/workflows), the national
// calendar (data/calendar) with each agency's office hours, and the rule sets (data/rules), loaded and
// validated once at start-up — a broken file stops the start with its message — and the DossierService
// built on them.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/agency_keys.h"
#include "app/config.h"
#include "app/documents.h"
#include "app/dossier_service.h"
#include "app/eforms.h"
#include "app/form_templates.h"
#include "storage/blob_store.h"

namespace motcua::app {

// The workflow definitions in data/workflows (throws when none can be read).
std::vector<domain::WorkflowDefinition> load_workflows();

class Lifecycle {
 public:
  Lifecycle(storage::Db& db, const Config& config, std::function<std::int64_t()> now_ms);
  DossierService& service() { return *service_; }
  DocumentService& documents() { return *documents_; }
  // The e-form schema text of a procedure (or of an agency service's eform_key); nullptr when it has none.
  const std::string* eform_text(std::string_view key) const { return eforms_->text(key); }
  const domain::EformSchema* eform_schema(std::string_view key) const { return eforms_->find(key); }
  storage::BlobStore& blobs() { return blobs_; }
  AgencyKeys& keys() { return *keys_; }
  const std::vector<domain::WorkflowDefinition>& workflows() const { return workflows_; }
  const domain::CalendarData& calendar_data() const { return calendar_data_; }

 private:
  const domain::WorkingCalendar& calendar_for(storage::Connection& c, std::int64_t agency_id);

  std::vector<domain::WorkflowDefinition> workflows_;
  domain::CalendarData calendar_data_;
  domain::OfficeHours default_hours_;
  std::function<std::int64_t()> now_ms_;
  std::mutex mu_;
  // Working calendars by office-hours JSON: agencies with the same hours share one table set.
  std::map<std::string, std::unique_ptr<domain::WorkingCalendar>> calendars_;
  std::unique_ptr<DossierService> service_;
  storage::BlobStore blobs_;  // attachments by SHA-256 under <data_dir>/blobs
  FormTemplates forms_;       // data/forms, validated at start-up
  std::shared_ptr<const Eforms> eforms_;  // data/eforms, validated at start-up
  std::unique_ptr<DocumentService> documents_;
  std::unique_ptr<AgencyKeys> keys_;  // the agencies' signing keys: results are signed at completion
};

}  // namespace motcua::app
