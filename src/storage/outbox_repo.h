// Outbox (hộp thư đi): messages are written in the same transaction as the change that causes them,
// and a separate job delivers them, so a rolled-back change never sends mail and a crash never loses it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace motcua::storage {

struct OutboxMessage {
  std::int64_t id = 0;
  std::string channel;  // email | sms
  std::string recipient;
  std::string subject;
  std::string body;
  std::int64_t created_ms = 0;
  std::int64_t attempts = 0;
};

std::int64_t enqueue_email(Connection& tx, const std::string& to, const std::string& subject, const std::string& body,
                           std::int64_t now_ms);
std::int64_t enqueue_sms(Connection& tx, const std::string& to, const std::string& body, std::int64_t now_ms);

// Undelivered messages of a channel, oldest first, skipping those that failed max_attempts times.
std::vector<OutboxMessage> fetch_undelivered(Connection& c, const std::string& channel, int limit = 100,
                                             int max_attempts = 10);
void mark_delivered(Connection& tx, std::int64_t id, std::int64_t now_ms);
void mark_failed(Connection& tx, std::int64_t id, const std::string& error);

}  // namespace motcua::storage
