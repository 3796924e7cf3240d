#include "storage/stats_repo.h"

namespace motcua::storage {

PublicCounts count_since(Connection& c, std::int64_t since_ms) {
  const auto res = c.exec(
      "SELECT (SELECT COUNT(*) FROM dossiers WHERE received_at_ms >= $1), "
      "(SELECT COUNT(*) FROM dossiers WHERE completed_at_ms >= $1), "
      "(SELECT COUNT(*) FROM dossiers WHERE completed_at_ms >= $1 AND timeliness IN ('early', 'on_time'))",
      {since_ms});
  const auto& row = res.rows.front();
  return {row.i64(0), row.i64(1), row.i64(2)};
}

std::vector<ProcedureUse> most_used_procedures(Connection& c, std::int64_t since_ms, int limit) {
  std::vector<ProcedureUse> out;
  for (const auto& r : c.exec("SELECT d.procedure_code, MIN(COALESCE(pv.name, '')), COUNT(*) AS n FROM dossiers d "
                              "LEFT JOIN procedures p ON p.code = d.procedure_code "
                              "LEFT JOIN procedure_versions pv ON pv.id = p.current_version_id "
                              "WHERE d.submitted_at_ms >= $1 GROUP BY d.procedure_code "
                              "ORDER BY n DESC, d.procedure_code LIMIT " + std::to_string(limit),
                              {since_ms})
                           .rows)
    out.push_back({r.str(0), r.str(1), r.i64(2)});
  return out;
}

}  // namespace motcua::storage
