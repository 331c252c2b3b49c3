#include "bench/stability.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace ab::bench {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/// Counts of each value, most frequent first, ties in first-seen order.
std::vector<std::pair<std::string, int>> Counted(const std::vector<std::string>& values) {
  std::vector<std::pair<std::string, int>> out;
  for (const std::string& v : values) {
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& p) { return p.first == v; });
    if (it == out.end()) {
      out.push_back({v, 1});
    } else {
      ++it->second;
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

}  // namespace

std::string NormalizeOutput(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (IsSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::string SequenceText(const std::vector<std::string>& tools) {
  if (tools.empty()) return "(no tools)";
  std::string out;
  for (const std::string& t : tools) out += (out.empty() ? "" : " → ") + t;
  return out;
}

std::vector<Stability> ComputeStability(const std::vector<RunRecord>& runs, const std::vector<RunTrace>& traces) {
  using Key = std::tuple<std::string, std::string, std::string>;
  std::vector<Key> order;
  std::map<Key, std::vector<const RunTrace*>> groups;
  for (size_t i = 0; i < runs.size() && i < traces.size(); ++i) {
    const RunRecord& r = runs[i];
    if (!traces[i].known || r.status == RunStatus::kSkipped) continue;
    Key key{r.config, r.variant, r.test_key};
    auto [it, fresh] = groups.try_emplace(key);
    if (fresh) order.push_back(key);
    it->second.push_back(&traces[i]);
  }
  std::vector<Stability> out;
  for (const Key& key : order) {
    const auto& group = groups[key];
    if (group.size() < 2) continue;
    Stability s;
    std::tie(s.config, s.variant, s.test_key) = key;
    s.runs = static_cast<int>(group.size());
    std::vector<std::string> sequences, outputs, normalized;
    for (const RunTrace* t : group) {
      sequences.push_back(SequenceText(t->tools));
      outputs.push_back(t->output);
      normalized.push_back(NormalizeOutput(t->output));
    }
    double n = s.runs;
    auto seq = Counted(sequences), exact = Counted(outputs), norm = Counted(normalized);
    for (const auto& [text, count] : seq) s.sequences.push_back({text, count});
    s.trajectory_consistency = seq.front().second / n;
    s.output_exact_agreement = exact.front().second / n;
    s.output_normalized_agreement = norm.front().second / n;
    s.distinct_outputs = static_cast<int>(exact.size());
    s.distinct_normalized_outputs = static_cast<int>(norm.size());
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> ToolsOfChain(std::string_view chain) {
  std::vector<std::string> tools;
  static constexpr std::string_view kArrow = " \u2192 ";
  while (!chain.empty()) {
    size_t end = chain.find(kArrow);
    std::string_view step = chain.substr(0, end);
    // "name outcome": the outcome is the last word; a cut chain may end in a name alone.
    size_t space = step.rfind(' ');
    std::string_view name = space == std::string_view::npos ? step : step.substr(0, space);
    if (!name.empty()) tools.emplace_back(name);
    if (end == std::string_view::npos) break;
    chain.remove_prefix(end + kArrow.size());
  }
  return tools;
}

std::vector<RunTrace> TracesFromRecords(const std::vector<RunRecord>& runs) {
  std::vector<RunTrace> traces(runs.size());
  bool any = false;
  for (const RunRecord& r : runs) any = any || !r.tool_chain.empty() || !r.final_answer.empty();
  if (!any) return traces;
  for (size_t i = 0; i < runs.size(); ++i) {
    const RunRecord& r = runs[i];
    const bool ran = r.status == RunStatus::kPassed || r.status == RunStatus::kFailed;
    if (!ran && r.tool_chain.empty() && r.final_answer.empty()) continue;
    traces[i].known = true;
    traces[i].tools = ToolsOfChain(r.tool_chain);
    traces[i].output = r.final_answer;
  }
  return traces;
}

}  // namespace ab::bench
