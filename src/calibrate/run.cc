#include "calibrate/run.h"

#include <algorithm>
#include <chrono>

#include "base/json_dump.h"
#include "base/redact.h"
#include "base/time.h"
#include "bench/format.h"
#include "bench/stats.h"
#include "llm/factory.h"
#include "runner/judge.h"
#include "runner/render_config.h"
#include "store/store.h"
#include "template/template.h"

namespace ab::calibrate {
namespace {

using bench::FormatFixed;
using bench::FormatMs;
using bench::FormatPercent;
using bench::FormatUsd;

std::string Prompt(const Item& item, const std::string& rubric) {
  return "You are judging the answer of an AI agent against a rubric.\n\n## Rubric\n" + rubric +
         "\n\n## Task given to the agent\n" + (item.task.empty() ? "(not given)" : item.task) +
         "\n\n## The agent's final answer\n" + item.text +
         "\n\nReply with JSON only: {\"score\": <number from 0 to 1>, \"reasoning\": \"<one short paragraph>\"}";
}

Status LoadRunItems(Spec& spec, const std::string& store_path) {
  bool any = std::any_of(spec.items.begin(), spec.items.end(), [](const Item& i) { return i.run.has_value(); });
  if (!any) return Status::Ok();
  std::string path = spec.store.empty() ? store_path : spec.store;
  if (path.empty()) path = store::DefaultStorePath();
  Result<std::unique_ptr<store::Store>> s = store::OpenStore(path);
  if (!s) return s.error();
  for (Item& item : spec.items) {
    if (!item.run) continue;
    store::RunRecord r;
    r.run_id = item.run->run_id;
    r.test_key = item.run->test;
    r.agent = item.run->agent;
    Result<std::optional<Json>> t = (*s)->LoadTranscript(r);
    if (!t) return t.error();
    if (!*t) {
      return Error(ErrorCode::kNotFound, "item '" + item.id + "': no stored transcript of run " + r.run_id +
                                             ", test '" + r.test_key + "', agent '" + r.agent + "' in " +
                                             store::RedactStoreLocation(path));
    }
    const Json& exec = (**t).contains("execution") ? (**t)["execution"] : **t;
    if (exec.contains("finalOutput") && exec["finalOutput"].is_string()) item.text = exec["finalOutput"];
    if (exec.contains("prompt") && exec["prompt"].is_string()) item.task = exec["prompt"];
  }
  return Status::Ok();
}

}  // namespace

void Score(JudgeResult& j, const std::vector<bool>& gold) {
  j.confusion = {};
  j.judged = 0;
  j.failed_calls = 0;
  double consistency = 0;
  int judge_pass = 0, human_pass = 0;
  std::vector<double> latencies;
  double cost = 0;
  bool cost_known = true;
  j.cost_unknown = 0;
  for (size_t i = 0; i < j.calls.size() && i < gold.size(); ++i) {
    int ok = 0, pass = 0;
    for (const Call& c : j.calls[i]) {
      latencies.push_back(c.latency_ms);
      // A call answered without a price makes the total unknown; a call that got no answer is not billed.
      if (c.cost_usd) {
        cost += *c.cost_usd;
      } else if (c.ok) {
        cost_known = false;
        ++j.cost_unknown;
      }
      if (!c.ok) {
        ++j.failed_calls;
        continue;
      }
      ++ok;
      pass += c.pass ? 1 : 0;
    }
    if (ok == 0) continue;
    ++j.judged;
    bool verdict = pass * 2 > ok;
    consistency += static_cast<double>(verdict ? pass : ok - pass) / ok;
    judge_pass += verdict ? 1 : 0;
    human_pass += gold[i] ? 1 : 0;
    if (verdict && gold[i]) ++j.confusion.tp;
    if (verdict && !gold[i]) ++j.confusion.fp;
    if (!verdict && gold[i]) ++j.confusion.fn;
    if (!verdict && !gold[i]) ++j.confusion.tn;
  }
  j.kappa = CohenKappa(j.confusion);
  j.agreement = j.kappa.observed;
  if (j.judged > 0) {
    j.judge_pass_rate = static_cast<double>(judge_pass) / j.judged;
    j.human_pass_rate = static_cast<double>(human_pass) / j.judged;
    j.bias = j.judge_pass_rate - j.human_pass_rate;
    j.self_consistency = consistency / j.judged;
  }
  if (cost_known) j.cost_total = cost;
  else j.cost_total.reset();
  j.latency_p50_ms = bench::Percentile(latencies, 50);
  j.latency_mean_ms = bench::Mean(latencies);
}

void LabellerAgreement(const Spec& spec, Calibration& out) {
  std::vector<std::string> labellers;
  for (const Item& item : spec.items)
    for (const auto& [who, v] : item.labels)
      if (std::find(labellers.begin(), labellers.end(), who) == labellers.end()) labellers.push_back(who);
  std::sort(labellers.begin(), labellers.end());
  out.labellers = labellers;
  if (labellers.size() < 2) return;
  std::vector<std::vector<int>> counts;
  for (const Item& item : spec.items) {
    if (item.labels.size() != labellers.size()) continue;
    int pass = 0;
    for (const auto& [who, v] : item.labels) pass += v ? 1 : 0;
    counts.push_back({pass, static_cast<int>(labellers.size()) - pass});
  }
  out.labeller_items = static_cast<int>(counts.size());
  if (!counts.empty()) out.labeller_kappa = FleissKappa(counts);
}

Result<Calibration> Run(Spec spec, const RunOptions& options) {
  if (Status s = LoadRunItems(spec, options.store_path); !s) return s.error();
  Calibration out;
  out.name = spec.name;
  out.spec_file = spec.file;
  out.created_ms = NowMs();
  out.id = "cal-" + spec.name + "-" + std::to_string(out.created_ms);
  out.items = static_cast<int>(spec.items.size());
  out.repetitions = spec.repetitions;
  for (const Item& item : spec.items) {
    out.item_ids.push_back(item.id);
    out.gold.push_back(item.gold());
  }
  LabellerAgreement(spec, out);
  for (const JudgeConfig& jc : spec.judges) {
    tmpl::Context ctx;
    ctx.variables[tmpl::kTestDir] = spec.dir;
    Result<config::Provider> rendered = runner::RenderProvider(jc.provider, ctx);
    if (!rendered) return Error(ErrorCode::kConfig, "judge '" + jc.name + "': " + rendered.error().message, jc.loc);
    llm::ProviderOptions po;
    po.base_dir = spec.dir;
    Result<std::unique_ptr<llm::Provider>> provider = llm::MakeProvider(*rendered, po);
    if (!provider) return Error(provider.error().code, "judge '" + jc.name + "': " + provider.error().message, jc.loc);
    JudgeResult j;
    j.name = jc.name;
    j.key = runner::JudgeKey(jc.provider.type, rendered->model, jc.rubric_version);
    j.provider_type = jc.provider.type;
    j.model = rendered->model;
    j.rubric_version = jc.rubric_version;
    j.temperature = jc.temperature;
    j.threshold = jc.threshold;
    for (const Item& item : spec.items) {
      std::vector<Call> calls;
      std::string prompt = Prompt(item, item.rubric.empty() ? spec.rubric : item.rubric);
      for (int rep = 0; rep < spec.repetitions; ++rep) {
        if (options.cancel && options.cancel->load()) return Error(ErrorCode::kCancelled, "calibration interrupted");
        Call c;
        auto start = std::chrono::steady_clock::now();
        Result<runner::Grade> g =
            runner::GradeWithJudge(**provider, prompt, options.cancel, jc.temperature.value_or(0.0));
        c.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (g) {
          c.ok = true;
          c.score = g->score;
          c.pass = g->score >= jc.threshold;
          c.cost_usd = g->usage.cost_usd;
        } else {
          c.error = Redact(g.error().message);
        }
        calls.push_back(std::move(c));
      }
      j.calls.push_back(std::move(calls));
    }
    Score(j, out.gold);
    out.judges.push_back(std::move(j));
  }
  return out;
}

Json ToJson(const Calibration& c) {
  Json judges = Json::array();
  for (const JudgeResult& j : c.judges) {
    Json items = Json::array();
    for (size_t i = 0; i < j.calls.size(); ++i) {
      Json calls = Json::array();
      for (const Call& call : j.calls[i]) {
        Json jc = {{"ok", call.ok}, {"latency_ms", call.latency_ms}};
        if (call.ok) {
          jc["pass"] = call.pass;
          jc["score"] = call.score;
        } else {
          jc["error"] = call.error;
        }
        calls.push_back(std::move(jc));
      }
      items.push_back({{"id", c.item_ids[i]}, {"calls", calls}});
    }
    judges.push_back(
        {{"name", j.name},
         {"key", j.key},
         {"provider_type", j.provider_type},
         {"model", j.model},
         {"rubric_version", j.rubric_version},
         {"temperature", j.temperature ? Json(*j.temperature) : Json(nullptr)},
         {"threshold", j.threshold},
         {"judged_items", j.judged},
         {"failed_calls", j.failed_calls},
         {"agreement", j.agreement},
         {"kappa",
          {{"value", j.kappa.kappa},
           {"ci95", {j.kappa.low, j.kappa.high}},
           {"se", j.kappa.se},
           {"observed", j.kappa.observed},
           {"expected", j.kappa.expected}}},
         {"confusion",
          {{"tp", j.confusion.tp}, {"fp", j.confusion.fp}, {"fn", j.confusion.fn}, {"tn", j.confusion.tn}}},
         {"judge_pass_rate", j.judge_pass_rate},
         {"human_pass_rate", j.human_pass_rate},
         {"bias", j.bias},
         {"self_consistency", j.self_consistency},
         {"cost_usd", j.cost_total ? Json(*j.cost_total) : Json(nullptr)},
         {"latency_ms", {{"p50", j.latency_p50_ms}, {"mean", j.latency_mean_ms}}},
         {"items", items}});
  }
  return Json{{"kind", "agent-bench/calibration"},
              {"schema_version", 1},
              {"id", c.id},
              {"name", c.name},
              {"created_ms", c.created_ms},
              {"items", c.items},
              {"repetitions", c.repetitions},
              {"labellers", c.labellers},
              {"labeller_kappa", c.labeller_kappa ? Json(*c.labeller_kappa) : Json(nullptr)},
              {"labeller_items", c.labeller_items},
              {"judges", judges}};
}

std::string ToMarkdown(const Calibration& c) {
  std::string out = "# Judge calibration: " + bench::EscapeMarkdownCell(c.name) + "\n\n";
  out += "Calibration `" + bench::EscapeMarkdownCell(c.id) + "` · " + std::to_string(c.items) + " items × " +
         std::to_string(c.repetitions) + " repetitions · gold = the labellers' majority (a tie is fail)\n\n";
  out +=
      "| Judge | Model | Rubric | κ (95% CI) | Agreement | Bias | Self-consistency | TP | FP | FN | TN | "
      "Failed calls | Cost | p50 latency |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const JudgeResult& j : c.judges) {
    std::string bias = (j.bias > 0 ? "+" : "") + FormatFixed(j.bias * 100, 1) + " pts";
    out += "| " + bench::EscapeMarkdownCell(j.name) + " | " + bench::EscapeMarkdownCell(j.model) + " | " +
           bench::EscapeMarkdownCell(j.rubric_version) + " | " + FormatFixed(j.kappa.kappa, 3) + " (" +
           FormatFixed(j.kappa.low, 2) + "–" + FormatFixed(j.kappa.high, 2) + ") | " + FormatPercent(j.agreement) +
           " | " + bias + " | " + FormatPercent(j.self_consistency) + " | " + std::to_string(j.confusion.tp) + " | " +
           std::to_string(j.confusion.fp) + " | " + std::to_string(j.confusion.fn) + " | " +
           std::to_string(j.confusion.tn) + " | " + std::to_string(j.failed_calls) + " | " + FormatUsd(j.cost_total) +
           " | " + FormatMs(j.latency_p50_ms) + " |\n";
  }
  out += "\nBias: the judge's pass rate minus the humans' (positive = more lenient).\n";
  if (c.labeller_kappa) {
    out += "\nLabellers (" + std::to_string(c.labellers.size()) +
           ") agree with each other at Fleiss' κ = " + FormatFixed(*c.labeller_kappa, 3) + " over " +
           std::to_string(c.labeller_items) + " items: the ceiling a judge can be expected to reach.\n";
  }
  return out;
}

}  // namespace ab::calibrate
