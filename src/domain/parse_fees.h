// Fees and charges (phí, lệ phí) of one submission channel.
//  - national portal scrape: fee cells of the method table, "Miễn phí" | "50,000 Việt Nam Đồng" | "70,000 VNĐ" |
//    "145 USD", each optionally followed by a "(note)". The flattened table has no phí/lệ phí column,
//    so the kind is taken only from a note that starts with "Phí"/"Lệ phí"; otherwise it stays unspecified.
//  - Bộ Quốc phòng export: "Phí : 0 Đồng", "Lệ phí : 50 USD (...)", one per line.
// A fixed amount is accepted only when any note agrees with it (same amounts, no case words). A note that
// makes the amount depend on the case ("Trường hợp ...", "theo quy định tại ...", "...%", "do Hội đồng
// nhân dân ... quyết định", a second amount) gives per_case = true, no amount, and parsed = false: the raw
// text is kept for a reviewer. "Miễn phí" with a note is likewise left to review: on the portal "Miễn phí"
// is what an empty amount displays as, and the notes often carry the real rates (3.000340).
#pragma once

#include <string_view>
#include <vector>

#include "domain/parse_method_table.h"
#include "domain/procedure.h"

namespace motcua::domain {

// "Không có thông tin" cells give no fee (an empty result).
std::vector<Fee> parse_dvcqg_fee(Channel channel, const MethodFeeCell& cell);

// The whole "phi_le_phi" cell of a BQP row; empty text → no fee.
std::vector<Fee> parse_bqp_fees(Channel channel, std::string_view cell);

// True when a fee note makes the amount depend on the case (see above).
bool fee_note_is_case_dependent(std::string_view note, std::optional<std::int64_t> amount);

}  // namespace motcua::domain
