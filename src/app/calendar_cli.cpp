// Subcommands of the calendar module (placeholder until the module lands).
#include "app/cli.h"

namespace motcua::app {

std::vector<Command> calendar_commands() { return {}; }

}  // namespace motcua::app
