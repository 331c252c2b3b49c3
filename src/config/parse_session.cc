// Sessions, their tests, and the tests' extractors. Names must be unique: sessions within a file, tests within a
// session (reports and --filter key on them).
#include <algorithm>

#include "base/strings.h"
#include "config/keys.h"
#include "config/parsers.h"

namespace ab::config {

namespace {

Extractor ReadExtractor(Reader& r, const YAML::Node& node) {
  Extractor e;
  e.loc = r.Loc(node);
  std::optional<YAML::Node> type_node;
  r.ForEachKey(node, "extractor", KeysOf("extractor"),
               [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
                 if (key == "type") {
                   type_node.emplace(v);
                   return SetIf(e.type, r.String(v, key));
                 }
                 if (key == "tool") return SetIf(e.tool, r.String(v, key));
                 if (key == "path") return SetIf(e.path, r.String(v, key));
                 if (key == "variable_name") return SetIf(e.variable_name, r.String(v, key));
               });
  if (!node.IsMap()) return e;
  if (e.type != "jsonpath") {
    r.Error(type_node ? r.Loc(*type_node) : e.loc,
            "unknown extractor type '" + e.type + "' (only 'jsonpath')" + DidYouMean(e.type, {"jsonpath"}));
  }
  if (e.tool.empty()) r.Error(node, "extractor is missing required key 'tool'");
  if (e.path.empty()) r.Error(node, "extractor is missing required key 'path'");
  if (e.variable_name.empty()) r.Error(node, "extractor is missing required key 'variable_name'");
  return e;
}

Test ReadTest(Reader& r, const YAML::Node& node) {
  Test t;
  t.loc = r.Loc(node);
  std::string spelling;
  bool has_prompt = false;
  r.ForEachKey(node, "test", KeysOf("test"),
               [&](const std::string& key, const YAML::Node& key_node, const YAML::Node& v) {
                 if (key == "name") return SetIf(t.name, r.String(v, key));
                 if (key == "description") return SetIf(t.description, r.String(v, key));
                 if (key == "prompt") {
                   has_prompt = true;
                   return SetIf(t.prompt, r.String(v, key));
                 }
                 if (key == "agent") {
                   r.AddReference(Reference::Kind::kAgent, v, "test");
                   return SetIf(t.agent, r.String(v, key));
                 }
                 if (key == "start_delay") {
                   t.start_delay = r.Duration(v, key);
                   return;
                 }
                 if (key == "timeout") {
                   t.timeout = r.Duration(v, key);
                   return;
                 }
                 if (key == "assertions") {
                   if (!r.ExpectSequence(v, key)) return;
                   for (const YAML::Node& item : v)
                     if (std::optional<AssertionSpec> a = ReadAssertion(r, item, 0))
                       t.assertions.push_back(std::move(*a));
                   return;
                 }
                 if (key == "extractors") {
                   t.extractors = ReadList<Extractor>(r, v, key, &ReadExtractor);
                   return;
                 }
                 ReadAllowedTools(r, key, key_node, v, t.allowed_tools, spelling);
               });
  if (!node.IsMap()) return t;
  if (t.name.empty()) r.Error(node, "test is missing required key 'name'");
  if (!has_prompt) r.Error(node, "test '" + t.name + "' is missing required key 'prompt'");
  return t;
}

Session ReadSession(Reader& r, const YAML::Node& node) {
  Session s;
  s.loc = r.Loc(node);
  std::string spelling;
  r.ForEachKey(node, "session", KeysOf("session"),
               [&](const std::string& key, const YAML::Node& key_node, const YAML::Node& v) {
                 if (key == "name") return SetIf(s.name, r.String(v, key));
                 if (key == "tests") {
                   s.tests = ReadList<Test>(r, v, key, &ReadTest);
                   return;
                 }
                 if (key == "agents") {
                   // Written in real files to run a session on some agents only (the reference ignored it): honoured.
                   s.agents = r.StringList(v, key);
                   if (s.agents && v.IsSequence()) {
                     for (const YAML::Node& item : v) {
                       r.AddReference(Reference::Kind::kAgent, item, "session");
                       s.agent_locs.push_back(r.Loc(item));
                     }
                   }
                   if (s.agents && s.agents->empty()) {
                     r.Warn(v, "'agents: []' in a session is empty; the session runs on every agent");
                     s.agents.reset();
                   }
                   return;
                 }
                 ReadAllowedTools(r, key, key_node, v, s.allowed_tools, spelling);
               });
  if (!node.IsMap()) return s;
  if (s.name.empty()) r.Error(node, "session is missing required key 'name'");
  if (s.agents) {
    for (Test& t : s.tests) {
      t.session_agents = s.agents;
      if (!t.agent.empty() && !IsTemplate(t.agent) &&
          std::find(s.agents->begin(), s.agents->end(), t.agent) == s.agents->end())
        r.Warn(t.loc, "test '" + t.name + "' runs only on agent '" + t.agent +
                          "', which is not in the agents of "
                          "session '" +
                          s.name + "' (" + Join(*s.agents, ", ") + "); it never runs");
    }
  }
  for (size_t i = 0; i < s.tests.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (!s.tests[i].name.empty() && s.tests[i].name == s.tests[j].name) {
        r.Error(s.tests[i].loc, "duplicate test name '" + s.tests[i].name + "' in session '" + s.name +
                                    "' (first defined at " + s.tests[j].loc.ToString() + ")");
        break;
      }
    }
  }
  return s;
}

}  // namespace

std::vector<Session> ReadSessions(Reader& r, const YAML::Node& node) {
  std::vector<Session> sessions = ReadList<Session>(r, node, "sessions", &ReadSession);
  for (size_t i = 0; i < sessions.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (!sessions[i].name.empty() && sessions[i].name == sessions[j].name) {
        r.Error(sessions[i].loc, "duplicate session name '" + sessions[i].name + "' (first defined at " +
                                     sessions[j].loc.ToString() + ")");
        break;
      }
    }
  }
  return sessions;
}

}  // namespace ab::config
