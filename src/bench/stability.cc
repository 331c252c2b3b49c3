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

}  // namespace ab::bench
