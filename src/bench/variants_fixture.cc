#include "bench/variants_fixture.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "base/json_dump.h"
#include "base/json_parse.h"
#include "base/safe_file.h"
#include "base/strings.h"
#include "runner/agent_runtime.h"
#include "runner/executor.h"

namespace ab::bench {
namespace {

constexpr int kFixtureVersion = 1;
constexpr int kMaxRounds = 3;  // asks for the missing variants at most this many times

Json Declaration(const GeneratedInputs& g) {
  Json inputs = Json::array();
  for (const auto& d : g.inputs)
    inputs.push_back({{"name", d.name},
                      {"type", d.type},
                      {"description", d.description},
                      {"required", d.required},
                      {"default", d.default_value ? Json(*d.default_value) : Json()},
                      {"enum", d.enum_values}});
  return {{"inputs", inputs},
          {"count", g.generate->count},
          {"hints", g.generate->hints},
          {"provider", g.generate->provider},
          {"seed", g.generate->seed ? Json(*g.generate->seed) : Json()}};
}

std::string Prompt(const GeneratedInputs& g, int wanted, int round, const std::vector<std::string>& problems) {
  std::string p = "PHASE: variants (round " + std::to_string(round) + ")\nWrite " + std::to_string(wanted) +
                  " realistic, varied sets of inputs for a benchmark of an AI agent.\nInputs:\n";
  for (const auto& d : g.inputs) {
    p += "- " + d.name + " (" + d.type + (d.required ? ", required" : "") + "): " + d.description;
    if (!d.enum_values.empty()) p += " One of: " + Join(d.enum_values, ", ") + ".";
    p += "\n";
  }
  if (!g.generate->hints.empty()) p += "Hints: " + g.generate->hints + "\n";
  if (g.generate->seed) p += "Seed: " + std::to_string(*g.generate->seed) + "\n";
  if (!problems.empty()) p += "Earlier sets were rejected:\n- " + Join(problems, "\n- ") + "\n";
  p += "Answer with JSON only: {\"variants\": [{\"name\": \"short-name\", \"inputs\": {\"input name\": value}}]}\n";
  return p;
}

std::optional<Json> ReadFixture(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  auto j = ParseJson(text.str());
  if (!j || !j->is_object()) return std::nullopt;
  return *j;
}

Result<Json> Generate(GeneratedInputs& g, llm::Provider& provider, std::ostream& log) {
  Json variants = Json::array();
  std::set<std::string> names;
  std::vector<std::string> problems;
  for (int round = 1; round <= kMaxRounds && static_cast<int>(variants.size()) < g.generate->count; ++round) {
    const int wanted = g.generate->count - static_cast<int>(variants.size());
    llm::ChatRequest req;
    req.model = provider.model();
    llm::Message u;
    u.role = llm::Role::kUser;
    u.text = Prompt(g, wanted, round, problems);
    req.messages = {u};
    req.seed = g.generate->seed;
    llm::CallOptions co;
    co.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    auto r = provider.Complete(req, co);
    if (!r) return r.error();
    // Priced like a run's calls: the bench adds them to its totals as the generation cost.
    ++g.calls;
    g.usage += r->usage;
    g.cost_unknown = g.cost_unknown || !r->usage.cost_usd;
    const std::string& text = r->message.text;
    Json answer;
    for (size_t open = text.find('{'); open != std::string::npos && !answer.is_object(); open = std::string::npos) {
      auto j = ParseJson(std::string_view(text).substr(open, text.rfind('}') + 1 - open));
      if (j && j->is_object()) answer = *j;
    }
    problems.clear();
    if (!answer.is_object() || !answer.contains("variants") || !answer["variants"].is_array()) {
      problems.push_back("the answer had no \"variants\" list");
      continue;
    }
    for (const Json& v : answer["variants"]) {
      if (static_cast<int>(variants.size()) >= g.generate->count) break;
      std::vector<std::pair<std::string, std::string>> vars;
      std::vector<std::string> errors =
          CheckVariantValues(v.is_object() && v.contains("inputs") ? v["inputs"] : Json(), g.inputs, &vars);
      if (!errors.empty()) {
        problems.push_back(Truncate(DumpJson(v), 200) + ": " + Join(errors, "; "));
        continue;
      }
      std::string name = v.contains("name") && v["name"].is_string() ? v["name"].get<std::string>() : "";
      if (name.empty() || name.size() > 60 || !names.insert("gen-" + name).second)
        name = std::to_string(variants.size() + 1);
      names.insert("gen-" + name);
      Json vj = Json::object();
      for (const auto& [k, val] : vars) vj[k] = val;
      variants.push_back({{"name", "gen-" + name}, {"variables", vj}});
    }
    if (!problems.empty())
      log << "bench: " << problems.size() << " generated variant" << (problems.size() == 1 ? "" : "s")
          << " rejected (round " << round << "): " << Truncate(problems.front(), 300) << "\n";
  }
  if (static_cast<int>(variants.size()) < g.generate->count)
    return Error(ErrorCode::kModel, "the model wrote " + std::to_string(variants.size()) + " valid variant sets of " +
                                        std::to_string(g.generate->count) + " after " + std::to_string(kMaxRounds) +
                                        " rounds" + (problems.empty() ? "" : ": " + Join(problems, "; ")));
  return variants;
}

}  // namespace

std::string VariantsFixturePath(const std::string& configs_path) {
  std::filesystem::path p(configs_path);
  return (p.parent_path() / (p.stem().string() + ".variants.json")).string();
}

Status ResolveGeneratedVariants(BenchSpec& spec, const runner::Unit& unit, const std::string& configs_path,
                                bool regenerate, std::ostream& log, const std::string& record_dir,
                                const std::string& replay_dir) {
  GeneratedInputs& g = spec.generated;
  if (!g.generate) return Status::Ok();
  if (g.inputs.empty())
    return Error(ErrorCode::kConfig, "'generate' needs declared 'inputs' to generate values for", g.generate->loc);
  const std::string path = VariantsFixturePath(configs_path);
  const Json declaration = Declaration(g);
  Json variants;
  bool reused = false;
  if (!regenerate) {
    auto fixture = ReadFixture(path);
    if (fixture && (*fixture)["version"] == kFixtureVersion && (*fixture)["declaration"] == declaration &&
        (*fixture)["variants"].is_array() && (*fixture)["hash"] == VariantsHash((*fixture)["variants"])) {
      variants = (*fixture)["variants"];
      reused = true;
    } else if (fixture) {
      log << "bench: the generated variants in " << path << " were made for another declaration; making new ones\n";
    }
  }
  if (!reused) {
    if (unit.files.empty() || unit.agents.empty()) return Error(ErrorCode::kConfig, "no agent to take a provider from");
    const std::string name = g.generate->provider.empty() ? unit.agents.front().provider : g.generate->provider;
    auto ctx = runner::FileContext(unit.files.front(), "variants", std::nullopt);
    if (!ctx) return ctx.error();
    runner::ProviderPool pool(unit.providers, *ctx,
                              runner::ProviderSetup{unit.files.front().file->dir, record_dir, replay_dir, nullptr});
    auto provider = pool.Get(name);
    if (!provider) return Error(ErrorCode::kConfig, "generate.provider: " + provider.error().message, g.generate->loc);
    auto made = Generate(g, **provider, log);
    if (!made) return made.error();
    variants = *made;
    Json fixture = {{"version", kFixtureVersion},
                    {"hash", VariantsHash(variants)},
                    {"declaration", declaration},
                    {"variants", variants}};
    Status st = WriteFileAtomically(path, DumpJson(fixture, 2) + "\n");
    if (!st.ok()) return st;
  }
  // Generated variants replace the implicit "default"; declared ones stay first.
  if (spec.variants.size() == 1 && spec.variants.front().name == kDefaultVariant &&
      spec.variants.front().variables.empty())
    spec.variants.clear();
  for (const Json& v : variants) {
    Variant out;
    out.name = v["name"].get<std::string>();
    for (auto it = v["variables"].begin(); it != v["variables"].end(); ++it)
      out.variables.emplace_back(it.key(),
                                 it.value().is_string() ? it.value().get<std::string>() : DumpJson(it.value()));
    out.loc = g.generate->loc;
    spec.variants.push_back(std::move(out));
  }
  log << "bench: " << (reused ? "reusing" : "generated") << " " << variants.size() << " variant set"
      << (variants.size() == 1 ? "" : "s") << " in " << path << " (hash " << VariantsHash(variants) << ")\n";
  return Status::Ok();
}

}  // namespace ab::bench
