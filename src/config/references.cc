#include "config/references.h"

#include <algorithm>

#include "base/strings.h"

namespace ab::config {

namespace {

template <typename T>
void CheckUnique(Reader& r, const std::vector<T>& items, const char* what) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].name.empty()) continue;
    for (size_t j = 0; j < i; ++j) {
      if (items[i].name == items[j].name) {
        r.Error(items[i].loc, std::string("duplicate ") + what + " name '" + items[i].name + "' (first defined at " +
                                  items[j].loc.ToString() + ")");
        break;
      }
    }
  }
}

template <typename T>
void AddNames(const std::vector<T>& items, std::vector<std::string>& out) {
  for (const T& item : items)
    if (!item.name.empty()) out.push_back(item.name);
}

// Keeps the items of |own| whose names |suite_items| does not define; warns about the others.
template <typename T>
void DropOverridden(Reader& r, const std::vector<T>& suite_items, std::vector<T>& own, const char* what) {
  std::vector<T> kept;
  for (T& item : own) {
    auto it = std::find_if(suite_items.begin(), suite_items.end(), [&](const T& s) { return s.name == item.name; });
    if (it == suite_items.end()) {
      kept.push_back(std::move(item));
      continue;
    }
    r.Warn(item.loc, std::string("test file's ") + what + " '" + item.name +
                         "' is ignored: the suite defines it too (at " + it->loc.ToString() + ")");
  }
  own = std::move(kept);
}

}  // namespace

void CheckDuplicateNames(Reader& r, const std::vector<Provider>& providers, const std::vector<Server>& servers,
                         const std::vector<Agent>& agents) {
  CheckUnique(r, providers, "provider");
  CheckUnique(r, servers, "server");
  CheckUnique(r, agents, "agent");
}

VisibleNames NamesOf(const std::vector<Provider>& providers, const std::vector<Server>& servers,
                     const std::vector<Agent>& agents) {
  VisibleNames names;
  AddNames(providers, names.providers);
  AddNames(servers, names.servers);
  AddNames(agents, names.agents);
  return names;
}

void CheckReferences(Reader& r, const VisibleNames& names) {
  for (const Reference& ref : r.references()) {
    const std::vector<std::string>* pool = &names.providers;
    const char* what = "provider";
    if (ref.kind == Reference::Kind::kServer) {
      pool = &names.servers;
      what = "server";
    } else if (ref.kind == Reference::Kind::kAgent) {
      pool = &names.agents;
      what = "agent";
    }
    if (std::find(pool->begin(), pool->end(), ref.name) != pool->end()) continue;
    std::string hint = DidYouMean(ref.name, *pool);
    if (hint.empty() && pool->empty()) hint = " (no " + std::string(what) + "s are defined)";
    r.Error(ref.loc, ref.from + " refers to unknown " + what + " '" + ref.name + "'" + hint);
  }
}

void ApplySuiteOverrides(Reader& r, const Suite& suite, TestFile& file) {
  DropOverridden(r, suite.providers, file.providers, "provider");
  DropOverridden(r, suite.servers, file.servers, "server");
  DropOverridden(r, suite.agents, file.agents, "agent");
}

}  // namespace ab::config
