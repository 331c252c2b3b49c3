// `generator:`, `explorer:` and `ai_summary:`: the settings of the reference's -g and -e modes and of the AI
// summary. As everywhere in the reference's files, 0 and "" mean "not set" (its own generator writes them), so they
// keep the default; a value out of range is an error at its line and column.
#include <algorithm>
#include <fstream>
#include <sstream>

#include "base/utf8.h"
#include "config/keys.h"
#include "config/loader.h"
#include "config/parsers.h"
#include "config/read_choice.h"
#include "config/yaml_json.h"

namespace ab::config {
namespace {

// An integer in [lo, hi]; 0 (or "") keeps |dst| unchanged.
void ReadCount(Reader& r, const YAML::Node& v, const std::string& key, long long lo, long long hi, int& dst) {
  if (v.IsNull() || (v.IsScalar() && v.Scalar().empty())) return;
  std::optional<long long> n = r.Int(v, key);
  if (!n || *n == 0) return;
  if (*n < lo || *n > hi) {
    r.Error(v, "'" + key + "' must be between " + std::to_string(lo) + " and " + std::to_string(hi) + ", got " +
                   std::to_string(*n));
    return;
  }
  dst = static_cast<int>(*n);
}

void ReadTokens(Reader& r, const YAML::Node& v, const std::string& key, long long& dst) {
  if (v.IsNull() || (v.IsScalar() && v.Scalar().empty())) return;
  std::optional<long long> n = r.Int(v, key);
  if (!n) return;
  if (*n < 0) return r.Error(v, "'" + key + "' must be 0 (unlimited) or a positive token count");
  dst = *n;
}

}  // namespace

AiSummary ReadAiSummary(Reader& r, const YAML::Node& node) {
  AiSummary out;
  out.loc = r.Loc(node);
  r.ForEachKey(node, "ai_summary", KeysOf("aiSummary"),
               [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
                 if (key == "enabled") return SetIf(out.enabled, r.Bool(v, key));
                 SetIf(out.judge_provider, r.String(v, key));
                 if (!out.judge_provider.empty() && out.judge_provider != "$self")
                   r.AddReference(Reference::Kind::kProvider, v, "ai_summary");
               });
  return out;
}

GeneratorConfig ReadGenerator(Reader& r, const YAML::Node& node) {
  GeneratorConfig g;
  g.loc = r.Loc(node);
  r.ForEachKey(node, "generator", KeysOf("generator"),
               [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
                 if (key == "agent") {
                   SetIf(g.agent, r.String(v, key));
                   if (!g.agent.empty()) r.AddReference(Reference::Kind::kAgent, v, "generator");
                 } else if (key == "test_count") {
                   ReadCount(r, v, key, 1, 500, g.test_count);
                 } else if (key == "complexity") {
                   if (v.IsScalar() && v.Scalar().empty()) return;  // `complexity: ""` keeps the default
                   SetIf(g.complexity, ReadChoice(r, v, key, kComplexities, "complexity"));
                 } else if (key == "include_edge_cases") {
                   SetIf(g.include_edge_cases, r.Bool(v, key));
                 } else if (key == "max_steps_per_test") {
                   ReadCount(r, v, key, 1, 50, g.max_steps_per_test);
                 } else if (key == "max_retries") {
                   ReadCount(r, v, key, 1, 20, g.max_retries);
                 } else if (key == "tools") {
                   if (v.IsNull()) return;
                   g.tools = r.StringList(v, key);
                 } else if (key == "max_tokens") {
                   ReadTokens(r, v, key, g.max_tokens);
                 } else if (key == "goal") {
                   SetIf(g.goal, r.String(v, key));
                 } else if (key == "max_iterations") {
                   ReadCount(r, v, key, 1, 100, g.max_iterations);
                 } else if (key == "plan_chunk_size") {
                   ReadCount(r, v, key, 1, 50, g.plan_chunk_size);
                 } else if (key == "plan_chunk_max_tokens") {
                   ReadCount(r, v, key, 256, 1'000'000, g.plan_chunk_max_tokens);
                 }
               });
  return g;
}

ExplorerConfig ReadExplorer(Reader& r, const YAML::Node& node) {
  ExplorerConfig e;
  e.loc = r.Loc(node);
  bool has_goal = false;
  r.ForEachKey(node, "explorer", KeysOf("explorer"),
               [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
                 if (key == "goal") {
                   SetIf(e.goal, r.String(v, key));
                   has_goal = !e.goal.empty();
                 } else if (key == "agent") {
                   SetIf(e.agent, r.String(v, key));
                   if (!e.agent.empty()) r.AddReference(Reference::Kind::kAgent, v, "explorer");
                 } else if (key == "max_iterations") {
                   ReadCount(r, v, key, 1, 1000, e.max_iterations);
                 } else if (key == "stop_on_pass_count") {
                   ReadCount(r, v, key, 1, 1000, e.stop_on_pass_count);
                 } else if (key == "max_retries") {
                   ReadCount(r, v, key, 1, 20, e.max_retries);
                 } else if (key == "max_tokens") {
                   ReadTokens(r, v, key, e.max_tokens);
                 }
               });
  if (!has_goal) r.Error(e.loc, "the explorer needs a 'goal': what it should try to do with the servers");
  return e;
}

std::optional<Json> ReadSectionsAsJson(const std::string& path, const std::vector<std::string>& keys,
                                       std::string& why) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (!in || !(text << in.rdbuf())) {
    why = "cannot read " + path;
    return std::nullopt;
  }
  try {
    const YAML::Node root = YAML::Load(ValidUtf8(text.str()));
    Json out = Json::object();
    if (!root.IsMap()) return out;
    Reader r(path);
    for (const auto& kv : root) {
      if (!kv.first.IsScalar()) continue;
      const std::string key = kv.first.Scalar();
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) continue;
      std::optional<Json> j = YamlToJson(kv.second, r);
      if (!j) {
        why = path + ": section '" + key + "' cannot be copied";
        return std::nullopt;
      }
      out[key] = std::move(*j);
    }
    return out;
  } catch (const std::exception& e) {
    why = path + ": invalid YAML: " + e.what();
    return std::nullopt;
  }
}

}  // namespace ab::config
