#pragma once

namespace motcua::app {
// Parses the command line and runs one subcommand; returns the process exit code.
int run_cli(int argc, char** argv);
}  // namespace motcua::app
