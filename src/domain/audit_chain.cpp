#include "domain/audit_chain.h"

#include <openssl/sha.h>

namespace motcua::domain {

namespace {
void put(std::string& buf, std::string_view field) {
  buf += std::to_string(field.size());
  buf += ':';
  buf += field;
  buf += ';';
}
void put_opt(std::string& buf, const std::optional<std::int64_t>& v) {
  put(buf, v ? std::to_string(*v) : std::string("null"));
}
}  // namespace

std::string audit_hash(const AuditRecord& r) {
  std::string buf;
  buf.reserve(256 + r.summary.size());
  put(buf, "motcua-audit-v1");
  put(buf, std::to_string(r.id));
  put(buf, r.prev_hash);
  put_opt(buf, r.actor_id);
  put(buf, r.actor_role);
  put_opt(buf, r.agency_id);
  put(buf, r.action);
  put(buf, r.target);
  put(buf, r.summary);
  put(buf, r.request_id);
  put(buf, std::to_string(r.at_ms));
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(buf.data()), buf.size(), digest);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (unsigned char b : digest) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

}  // namespace motcua::domain
