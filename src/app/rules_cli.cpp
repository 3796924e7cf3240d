// Subcommands of the rules module (placeholder until the module lands).
#include "app/cli.h"

namespace motcua::app {

std::vector<Command> rules_commands() { return {}; }

}  // namespace motcua::app
