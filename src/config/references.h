// Internal to the config loader: name uniqueness and cross-references between definitions.
#pragma once

#include <string>
#include <vector>

#include "config/model.h"
#include "config/yaml_reader.h"

namespace ab::config {

/// The names a file may refer to: its own definitions, plus its suite's when it belongs to one.
struct VisibleNames {
  std::vector<std::string> providers;
  std::vector<std::string> servers;
  std::vector<std::string> agents;
};

/// Reports a provider, server or agent name defined twice in one file.
void CheckDuplicateNames(Reader& r, const std::vector<Provider>& providers, const std::vector<Server>& servers,
                         const std::vector<Agent>& agents);

/// Reports every reference the reader collected that names nothing in |names|, with a did-you-mean.
void CheckReferences(Reader& r, const VisibleNames& names);

/// Drops the definitions of |file| whose names the suite also defines (the suite's win) with a warning each.
void ApplySuiteOverrides(Reader& r, const Suite& suite, TestFile& file);

/// The names |suite| and |file| define together.
VisibleNames NamesOf(const std::vector<Provider>& providers, const std::vector<Server>& servers,
                     const std::vector<Agent>& agents);

}  // namespace ab::config
