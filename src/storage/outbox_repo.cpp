#include "storage/outbox_repo.h"

namespace motcua::storage {

namespace {
std::int64_t enqueue(Connection& tx, const char* channel, const std::string& to, const std::string& subject,
                     const std::string& body, std::int64_t now_ms) {
  return tx
      .exec("INSERT INTO outbox (channel, recipient, subject, body, created_ms, attempts) "
            "VALUES ($1, $2, $3, $4, $5, 0) RETURNING id",
            {std::string(channel), to, subject, body, now_ms})
      .one()
      .i64(0);
}
}  // namespace

std::int64_t enqueue_email(Connection& tx, const std::string& to, const std::string& subject, const std::string& body,
                           std::int64_t now_ms) {
  return enqueue(tx, "email", to, subject, body, now_ms);
}

std::int64_t enqueue_sms(Connection& tx, const std::string& to, const std::string& body, std::int64_t now_ms) {
  return enqueue(tx, "sms", to, "", body, now_ms);
}

std::vector<OutboxMessage> fetch_undelivered(Connection& c, const std::string& channel, int limit, int max_attempts) {
  std::vector<OutboxMessage> out;
  auto res = c.exec(
      "SELECT id, channel, recipient, subject, body, created_ms, attempts FROM outbox "
      "WHERE delivered_ms IS NULL AND channel = $1 AND attempts < $2 ORDER BY id LIMIT $3",
      {channel, std::int64_t{max_attempts}, std::int64_t{limit}});
  for (const auto& r : res.rows)
    out.push_back(OutboxMessage{r.i64(0), r.str(1), r.str(2), r.str(3), r.str(4), r.i64(5), r.i64(6)});
  return out;
}

void mark_delivered(Connection& tx, std::int64_t id, std::int64_t now_ms) {
  tx.exec("UPDATE outbox SET delivered_ms = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1",
          {id, now_ms});
}

void mark_failed(Connection& tx, std::int64_t id, const std::string& error) {
  tx.exec("UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1", {id, error.substr(0, 1000)});
}

}  // namespace motcua::storage
