#include "runner/judge.h"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <mutex>

#include "base/json.h"
#include "base/json_dump.h"
#include "base/json_parse.h"
#include "base/strings.h"

namespace ab::runner {
namespace {

constexpr const char* kClarificationSystem =
    "You classify an AI agent's final response. Answer YES if the response asks the user for clarification, "
    "confirmation, permission or missing information instead of completing the task (for example 'Would you like "
    "me to...', 'Should I proceed...', 'Which would you prefer?'). Answer NO if the response reports completed "
    "work, even when it ends with an offer such as 'Let me know if you need anything else'. Answer with exactly "
    "one word: YES or NO.";

constexpr const char* kGraderSystem =
    "You are a strict grader of an AI agent's work. Read the rubric and the evidence, then reply with only a JSON "
    "object: {\"score\": <number from 0 to 1>, \"reasoning\": \"<one or two sentences>\"}.";

Result<llm::ChatResponse> Ask(llm::Provider& p, const char* system, const std::string& user,
                              const std::atomic<bool>* cancel, double temperature = 0.0) {
  llm::ChatRequest req;
  req.model = p.model();
  llm::Message s;
  s.role = llm::Role::kSystem;
  s.text = system;
  llm::Message u;
  u.role = llm::Role::kUser;
  u.text = user;
  req.messages = {s, u};
  req.temperature = temperature;
  llm::CallOptions options;
  options.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  options.cancel = cancel;
  return p.Complete(req, options);
}

}  // namespace

Result<bool> AskClarificationJudge(llm::Provider& judge, const std::string& answer, const std::atomic<bool>* cancel) {
  auto r = Ask(judge, kClarificationSystem, "Response to classify:\n\n" + answer, cancel);
  if (!r) return r.error();
  std::string text = ToLower(Trim(r->message.text));
  return StartsWith(text, "yes");
}

Result<Grade> ParseGrade(const std::string& text) {
  // The first {...} block that parses as JSON with a numeric "score".
  for (size_t start = text.find('{'); start != std::string::npos; start = text.find('{', start + 1)) {
    for (size_t end = text.rfind('}'); end != std::string::npos && end > start; end = text.rfind('}', end - 1)) {
      Json j = ParseJsonOrDiscarded(text.substr(start, end - start + 1));
      if (j.is_discarded() || !j.is_object() || !j.contains("score")) continue;
      double score = 0;
      if (j["score"].is_number()) {
        score = j["score"].get<double>();
      } else if (j["score"].is_string()) {
        score = std::strtod(j["score"].get<std::string>().c_str(), nullptr);
      } else {
        continue;
      }
      if (score > 1 && score <= 10) score /= 10;
      else if (score > 10 && score <= 100) score /= 100;
      if (score < 0 || score > 1) return Error(ErrorCode::kModel, "judge score out of range: " + DumpJson(j["score"]));
      Grade g;
      g.score = score;
      if (j.contains("reasoning") && j["reasoning"].is_string()) g.reasoning = j["reasoning"].get<std::string>();
      return g;
    }
  }
  return Error(ErrorCode::kModel, "the judge's answer has no JSON score: " + Truncate(text, 200));
}

Result<Grade> GradeWithJudge(llm::Provider& judge, const std::string& prompt, const std::atomic<bool>* cancel,
                             double temperature) {
  auto r = Ask(judge, kGraderSystem, prompt, cancel, temperature);
  if (!r) return r.error();
  auto g = ParseGrade(r->message.text);
  if (!g) return g.error();
  g->usage = r->usage;
  return g;
}

std::string JudgeKey(const std::string& provider_type, const std::string& model, const std::string& rubric_version) {
  std::string type = provider_type;
  for (char& c : type) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return type + "/" + model + "/" + rubric_version;
}

namespace {
std::mutex g_lookup_mu;
CalibrationLookup g_lookup;
}  // namespace

void SetCalibrationLookup(CalibrationLookup lookup) {
  std::lock_guard<std::mutex> lock(g_lookup_mu);
  g_lookup = std::move(lookup);
}

Result<std::optional<assertions::JudgeCalibration>> LookupCalibration(const std::string& judge_key) {
  CalibrationLookup lookup;
  {
    std::lock_guard<std::mutex> lock(g_lookup_mu);
    lookup = g_lookup;
  }
  if (!lookup) return std::optional<assertions::JudgeCalibration>();
  return lookup(judge_key);
}

ClarificationGate CheckClarificationCalibration(const config::ClarificationDetection::Calibration& rule,
                                                const std::string& provider_type, const std::string& model) {
  ClarificationGate gate;
  const std::string key = JudgeKey(provider_type, model, kClarificationRubricVersion);
  auto found = LookupCalibration(key);
  char kappa[32];
  std::string why;
  if (!found) {
    why = "its calibration could not be read: " + found.error().message;
  } else if (!*found) {
    why = "no stored calibration of judge " + key + " (run agent-bench calibrate with rubric_version " +
          kClarificationRubricVersion + ")";
  } else {
    gate.calibration = **found;
    const bool good = gate.calibration->kappa >= rule.min_kappa;
    std::snprintf(kappa, sizeof kappa, "%.2f %s %.2f", gate.calibration->kappa, good ? ">=" : "<", rule.min_kappa);
    if (good) {
      gate.trusted_because = "judge " + key + ", calibration " + gate.calibration->id + " (kappa " + kappa + ")";
      return gate;
    }
    why = "calibration " + gate.calibration->id + " of judge " + key + " gives kappa " + kappa;
  }
  gate.use_judge = false;
  if (rule.fail) {
    gate.error = "uncalibrated clarification judge: " + why;
  } else {
    gate.warning = "uncalibrated clarification judge, its verdicts are not used (patterns only): " + why;
  }
  return gate;
}

}  // namespace ab::runner
