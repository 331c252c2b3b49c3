// Test data for rules/yaml_only_in_config: a layer outside config/ that reads YAML itself must fail the rule.
#include <yaml-cpp/yaml.h>
