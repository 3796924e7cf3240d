// Stable codes for the procedure enums: they are stored in the database and returned by the API.
#include "domain/procedure.h"

namespace motcua::domain {

std::string_view time_unit_code(TimeUnit u) {
  switch (u) {
    case TimeUnit::working_days: return "working_days";
    case TimeUnit::working_hours: return "working_hours";
    case TimeUnit::calendar_days: return "calendar_days";
    case TimeUnit::months: return "months";
    case TimeUnit::years: return "years";
    case TimeUnit::unspecified: break;
  }
  return "unspecified";
}

std::string_view channel_code(Channel c) {
  switch (c) {
    case Channel::in_person: return "in_person";
    case Channel::online: return "online";
    case Channel::postal: return "postal";
    case Channel::unspecified: break;
  }
  return "unspecified";
}

std::string_view fee_kind_code(FeeKind k) {
  switch (k) {
    case FeeKind::fee: return "fee";
    case FeeKind::charge: return "charge";
    case FeeKind::free: return "free";
    case FeeKind::unspecified: break;
  }
  return "unspecified";
}

std::string_view online_level_code(OnlineLevel l) {
  switch (l) {
    case OnlineLevel::full: return "full";
    case OnlineLevel::partial: return "partial";
    case OnlineLevel::none: return "none";
    case OnlineLevel::unknown: break;
  }
  return "unknown";
}

}  // namespace motcua::domain
