#include "gen/ask.h"

#include "base/strings.h"

namespace ab::gen {
namespace {

std::vector<std::string> Check(const AskSpec& spec, const Result<std::string>& reply) {
  auto json = ExtractJsonObject(*reply);
  if (!json) return {json.error().message};
  return spec.validate(*json);
}

std::string Listed(const std::vector<std::string>& errors) {
  std::string out;
  for (size_t i = 0; i < errors.size() && i < 20; ++i) out += "- " + errors[i] + "\n";
  if (errors.size() > 20) out += "- (" + std::to_string(errors.size() - 20) + " more)\n";
  return out;
}

}  // namespace

Result<Json> AskValidated(ModelCaller& model, const AskSpec& spec, std::ostream& progress) {
  std::vector<std::string> errors;
  int calls = 0;
  for (int attempt = 1; attempt <= spec.attempts && calls < spec.max_calls; ++attempt) {
    std::vector<llm::Message> messages = {Msg(llm::Role::kSystem, spec.system),
                                          Msg(llm::Role::kUser, spec.prompt(attempt))};
    // The first answer, then at most one repair of it.
    for (int round = 0; round < 2 && calls < spec.max_calls; ++round) {
      ++calls;
      auto reply = model.Ask(messages, spec.max_reply_tokens);
      if (!reply) return reply.error();
      errors = Check(spec, reply);
      if (errors.empty()) {
        auto json = ExtractJsonObject(*reply);
        progress << spec.who << ": " << spec.what << ": accepted"
                 << (attempt > 1 || round > 0
                         ? " (attempt " + std::to_string(attempt) + (round > 0 ? ", after a repair)" : ")")
                         : std::string())
                 << "\n";
        return *json;
      }
      progress << spec.who << ": " << spec.what << ": answer rejected (attempt " << attempt
               << (round > 0 ? ", repair" : "") << "): " << Truncate(errors.front(), 300)
               << (errors.size() > 1 ? " (+" + std::to_string(errors.size() - 1) + " more)" : "") << "\n";
      if (round == 0)
        messages.push_back(Msg(llm::Role::kUser, "REPAIR: your answer was rejected for these reasons:\n" +
                                                     Listed(errors) +
                                                     "Answer again with the whole corrected JSON object only."));
    }
  }
  return Error(ErrorCode::kModel, spec.what + ": rejected after " + std::to_string(calls) + " model call" +
                                      (calls == 1 ? "" : "s") + ": " + Join(errors, "; "));
}

}  // namespace ab::gen
