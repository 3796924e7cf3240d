// Loading the generator's world (app/dossier_generator.h) from the database, after the tree is ensured.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/dossier_generator.h"
#include "storage/db.h"

namespace motcua::app {

// `workflow(key)`: the loaded definition of a key (nullptr when unknown); `cal` must outlive the world.
GenWorld load_gen_world(storage::Connection& c, const BenchTree& tree,
                        const std::function<const domain::WorkflowDefinition*(const std::string&)>& workflow,
                        const std::string& default_workflow, std::vector<domain::RuleSet> rule_sets,
                        const domain::WorkingCalendar& cal);

}  // namespace motcua::app
