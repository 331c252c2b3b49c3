// Test data of rules/layer_includes_names_a_wrong_include: the agent layer reads the spec (ab::spec), not the loader.
#pragma once

#include "config/loader.h"
#include "config/model.h"
