// TranscriptText: a run's transcript as the history keeps it, redacted and bounded in size.
#include "base/json_parse.h"
#include "base/redact.h"
#include "base/strings.h"
#include "store/model.h"

namespace ab::store {
namespace {

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

/// Shortens every string value longer than |max| bytes, saying how much was cut.
void CutStrings(Json& j, size_t max) {
  if (j.is_string()) {
    std::string& s = j.get_ref<std::string&>();
    if (s.size() > max) s = Truncate(s, max) + " [" + std::to_string(s.size()) + " bytes, cut to fit the history]";
  } else if (j.is_structured()) {
    for (Json& child : j) CutStrings(child, max);
  }
}

}  // namespace

std::string TranscriptText(const Json& transcript, size_t max_bytes) {
  // Redacted before anything is cut: a secret cut in two would no longer be recognised.
  std::string text = Redact(Dump(transcript));
  if (text.size() <= max_bytes) return text;
  Json marker = {{"originalBytes", text.size()}, {"limitBytes", max_bytes}};
  Json j = ParseJsonOrDiscarded(text, kStoredJsonLimits);
  if (j.is_object()) {
    for (size_t cut : {size_t{65536}, size_t{4096}, size_t{512}, size_t{64}}) {
      CutStrings(j, cut);
      j["transcriptTruncated"] = marker;
      std::string shorter = Dump(j);
      if (shorter.size() <= max_bytes) return shorter;
    }
    // Too many messages or tool calls even with short strings: keep the assertions and figures only.
    if (j.contains("execution") && j["execution"].is_object()) {
      for (const char* key : {"messages", "toolCalls"}) j["execution"][key] = Json::array();
      std::string shorter = Dump(j);
      if (shorter.size() <= max_bytes) return shorter;
    }
  }
  return Dump(Json{{"transcriptTruncated", marker}});
}

void TranscriptCollector::Add(const RunRecord& run, const Json& transcript) {
  StoredTranscript t{run.run_id, run.test_key, run.agent, SpilledText::Keep(TranscriptText(transcript))};
  std::lock_guard<std::mutex> lock(mu_);
  items_.push_back(std::move(t));
}

std::vector<StoredTranscript> TranscriptCollector::Take() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<StoredTranscript> out = std::move(items_);
  items_.clear();
  return out;
}

}  // namespace ab::store
