#include "storage/dossier_code_repo.h"

#include "storage/agency_repo.h"

namespace motcua::storage {

std::int64_t next_dossier_sequence(Connection& tx, std::int64_t agency_id, const domain::LocalDate& day) {
  const auto key = domain::sequence_key(agency_id, day);
  return tx
      .exec("INSERT INTO dossier_code_counters (agency_id, day, last_seq) VALUES ($1, $2, 1) "
            "ON CONFLICT (agency_id, day) DO UPDATE SET last_seq = dossier_code_counters.last_seq + 1 "
            "RETURNING last_seq",
            {key.agency_id, key.day})
      .one()
      .i64(0);
}

std::string allocate_dossier_code(Connection& tx, std::int64_t agency_id, const domain::AgencyIdentifiers& agency,
                                  const domain::LocalDate& day, const domain::CodeFormatSpec& spec) {
  domain::agency_code_for(agency, spec);  // throws before the counter moves
  if (!day.valid())
    throw domain::DossierCodeError(domain::DossierCodeError::Kind::invalid_date,
                                   "reception day " + day.iso() + " is not a valid date");
  const std::int64_t seq = next_dossier_sequence(tx, agency_id, day);
  return domain::format_dossier_code(agency, day, seq, spec);
}

std::string allocate_dossier_code(Connection& tx, std::int64_t agency_id, const domain::LocalDate& day,
                                  const domain::CodeFormatSpec& spec) {
  const auto rec = get_agency(tx, agency_id);
  if (!rec)
    throw domain::DossierCodeError(domain::DossierCodeError::Kind::missing_identifier,
                                   "agency " + std::to_string(agency_id) + " does not exist");
  return allocate_dossier_code(tx, agency_id,
                               domain::AgencyIdentifiers{rec->fields.name, rec->fields.qcvn102_code, rec->fields.qd20_code},
                               day, spec);
}

std::int64_t last_dossier_sequence(Connection& c, std::int64_t agency_id, const domain::LocalDate& day) {
  const auto key = domain::sequence_key(agency_id, day);
  const auto r = c.exec("SELECT last_seq FROM dossier_code_counters WHERE agency_id = $1 AND day = $2",
                        {key.agency_id, key.day});
  return r.empty() ? 0 : r.one().i64(0);
}

}  // namespace motcua::storage
