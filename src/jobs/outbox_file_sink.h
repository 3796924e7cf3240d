// The file mail sink (hộp thư dạng tệp): until the SMTP integration exists, undelivered outbox e-mails
// are written as DIR/<id>.eml, which operators can open and the API tests read.
#pragma once

#include <cstdint>
#include <string>

#include "storage/db.h"
#include "storage/outbox_repo.h"

namespace motcua::jobs {

// Writes each undelivered e-mail atomically (tmp file + rename), then marks it delivered. A failed
// write is recorded on the row (attempts, last_error) and retried on the next call. Returns how many
// were delivered. Safe to call from a timer and from the CLI at the same time.
int deliver_outbox_to_files(storage::Db& db, const std::string& dir, std::int64_t now_ms);

// The RFC 5322 text of one message (CRLF line ends, UTF-8 body, encoded-word subject).
std::string render_eml(const storage::OutboxMessage& m);

}  // namespace motcua::jobs
