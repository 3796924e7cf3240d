#include "domain/audit_chain.h"

#include <gtest/gtest.h>

using motcua::domain::audit_hash;
using motcua::domain::AuditRecord;

namespace {
AuditRecord sample() {
  AuditRecord r;
  r.id = 7;
  r.prev_hash = std::string(64, 'a');
  r.actor_id = 3;
  r.actor_role = "system_admin";
  r.agency_id = 1;
  r.action = "agency.update";
  r.target = "agency:5";
  r.summary = R"({"phone":["0212 3852 000","0212 3852 111"]})";
  r.request_id = "abc";
  r.at_ms = 1763900000000;
  return r;
}
}  // namespace

TEST(AuditChain, HashIsStableAndCoversEveryField) {
  const auto base = audit_hash(sample());
  EXPECT_EQ(base.size(), 64u);
  EXPECT_EQ(base, audit_hash(sample()));
  auto changed = [&](auto mutate) {
    auto r = sample();
    mutate(r);
    return audit_hash(r) != base;
  };
  EXPECT_TRUE(changed([](AuditRecord& r) { r.id = 8; }));
  EXPECT_TRUE(changed([](AuditRecord& r) { r.prev_hash[0] = 'b'; }));
  EXPECT_TRUE(changed([](AuditRecord& r) { r.actor_id = std::nullopt; }));
  EXPECT_TRUE(changed([](AuditRecord& r) { r.actor_role = "leader"; }));
  EXPECT_TRUE(changed([](AuditRecord& r) { r.agency_id = 2; }));
  EXPECT_TRUE(changed([](AuditRecord& r) { r.action = "agency.create"; }));
  EXPECT_TRUE(changed([](AuditRecord& r) { r.target = "agency:6"; }));
  EXPECT_TRUE(changed([](AuditRecord& r) { r.summary += " "; }));
  EXPECT_TRUE(changed([](AuditRecord& r) { r.request_id = "abd"; }));
  EXPECT_TRUE(changed([](AuditRecord& r) { r.at_ms += 1; }));
}

TEST(AuditChain, FieldBoundariesCannotBeShifted) {
  // Moving characters between adjacent fields must change the hash (length-prefixed encoding).
  auto a = sample();
  auto b = sample();
  a.action = "agency.up";
  a.target = "dateagency:5";
  b.action = "agency.update";
  b.target = "agency:5";
  EXPECT_NE(audit_hash(a), audit_hash(b));
}
