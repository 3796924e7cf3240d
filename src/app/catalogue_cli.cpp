// Subcommands of the catalogue module (placeholder until the module lands).
#include "app/cli.h"

namespace motcua::app {

std::vector<Command> catalogue_commands() { return {}; }

}  // namespace motcua::app

#include <iostream>

namespace motcua::app {
int run_import_catalogue(const Config&, const Args&) {
  std::cerr << "import catalogue: not built yet\n";
  return 2;
}
}  // namespace motcua::app
