// What every API module needs, passed to its register_*_routes function.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "app/config.h"
#include "storage/db.h"

namespace motcua::app {
class DossierService;
class DocumentService;
class AgencyKeys;
}
namespace motcua::storage {
class BlobStore;
}
namespace motcua::domain {
class EformSchema;
struct WorkflowDefinition;
class CalendarData;
}

namespace motcua::api {

class Auth;

struct AppContext {
  storage::Db& db;
  const app::Config& config;
  Auth& auth;
  std::function<std::int64_t()> now_ms;  // wall clock in epoch ms; tests may replace it
  // The dossier lifecycle's application service (src/app/dossier_service.h). Routes call it; it owns the
  // transactions. Null in a process that serves no dossiers (e.g. `motcua routes`).
  app::DossierService* dossiers = nullptr;
  storage::BlobStore* blobs = nullptr;  // attachment files by SHA-256
  app::DocumentService* documents = nullptr;  // printed forms (src/app/documents.h)
  // The e-form schema text by key (procedure code or eform_key); nullptr when there is none.
  std::function<const std::string*(std::string_view key)> eform_text;
  // The loaded schema by the same key (the one validator the dossier service uses); nullptr when none.
  std::function<const domain::EformSchema*(std::string_view key)> eform_schema;
  app::AgencyKeys* keys = nullptr;  // the agencies' signing keys (src/app/agency_keys.h)
  const std::vector<domain::WorkflowDefinition>* workflows = nullptr;  // as loaded at start-up (data/workflows)
  const domain::CalendarData* calendar = nullptr;                       // the national calendar (data/calendar)
};

}  // namespace motcua::api
