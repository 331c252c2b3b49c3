// The calibration spec, read with the config Reader.
#include "config/calibration_spec.h"

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/redact.h"
#include "config/parsers.h"
#include "config/yaml_json.h"
#include "config/yaml_reader.h"

namespace ab::config {
namespace {

const std::vector<std::string> kCalibrationKeys = {"name",  "rubric", "rubric_version", "repetitions",
                                                   "store", "items",  "judges"};
const std::vector<std::string> kItemKeys = {"id", "text", "task", "run", "rubric", "human", "labels"};
const std::vector<std::string> kRunKeys = {"bench", "run_id", "test", "agent"};
const std::vector<std::string> kJudgeKeys = {"name", "provider", "rubric_version", "temperature", "threshold"};

constexpr int kMaxItems = 100000;
constexpr int kMaxRepetitions = 1000;
constexpr int kMaxJudges = 100;
/// items × judges × repetitions: each is a model call, and a typo (repetitions: 1000 on 10 000 items) must be
/// refused before it spends money.
constexpr long long kMaxCalls = 1000000;
constexpr size_t kMaxSpecBytes = size_t{64} << 20;

std::optional<bool> Verdict(Reader& r, const YAML::Node& v, std::string_view key) {
  std::optional<std::string> s = r.String(v, key);
  if (!s) return std::nullopt;
  if (*s == "pass") return true;
  if (*s == "fail") return false;
  if (std::optional<bool> b = BoolWord(*s)) return b;  // true/yes/on, false/no/off: as every boolean key reads
  r.Error(v, "'" + std::string(key) + "' must be pass or fail, got '" + *s + "'");
  return std::nullopt;
}

void ReadItem(Reader& r, const YAML::Node& node, CalibrationSpec& spec) {
  CalibrationItem item;
  item.loc = r.Loc(node);
  bool ok = r.ForEachKey(node, "item", kItemKeys, [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
    if (key == "id") {
      if (auto s = r.String(v, key)) item.id = *s;
    } else if (key == "text") {
      if (auto s = r.String(v, key)) item.text = *s;
    } else if (key == "task") {
      if (auto s = r.String(v, key)) item.task = *s;
    } else if (key == "rubric") {
      if (auto s = r.String(v, key)) item.rubric = *s;
    } else if (key == "human") {
      if (auto b = Verdict(r, v, key)) item.labels["human"] = *b;
    } else if (key == "labels") {
      if (!v.IsMap()) {
        r.Error(v, "'labels' must be a mapping of labeller name to pass or fail, got " + KindName(v));
        return;
      }
      for (auto it = v.begin(); it != v.end(); ++it) {
        std::string who = it->first.IsScalar() ? it->first.Scalar() : "";
        if (who.empty()) {
          r.Error(it->first, "a labeller name must be a non-empty text");
          continue;
        }
        if (auto b = Verdict(r, it->second, who)) item.labels[who] = *b;
      }
    } else if (key == "run") {
      CalibrationRunRef ref;
      r.ForEachKey(v, "run", kRunKeys, [&](const std::string& k, const YAML::Node&, const YAML::Node& x) {
        std::optional<std::string> s = r.String(x, k);
        if (!s) return;
        if (k == "bench") ref.bench = *s;
        if (k == "run_id") ref.run_id = *s;
        if (k == "test") ref.test = *s;
        if (k == "agent") ref.agent = *s;
      });
      if (ref.run_id.empty() || ref.test.empty()) r.Error(v, "'run' needs 'run_id' and 'test' (and 'agent')");
      item.run = ref;
    }
  });
  if (!ok) return;
  if (item.id.empty()) item.id = "item-" + std::to_string(spec.items.size() + 1);
  if (item.labels.empty()) r.Error(node, "item '" + item.id + "' has no human verdict ('human' or 'labels')");
  if (item.text.empty() && !item.run) r.Error(node, "item '" + item.id + "' needs 'text' or 'run'");
  if (!item.text.empty() && item.run) r.Error(node, "item '" + item.id + "' has both 'text' and 'run'; keep one");
  spec.items.push_back(std::move(item));
}

void ReadJudge(Reader& r, const YAML::Node& node, CalibrationSpec& spec) {
  CalibrationJudge j;
  j.loc = r.Loc(node);
  YAML::Node provider;
  bool has_provider = false;
  bool ok =
      r.ForEachKey(node, "judge", kJudgeKeys, [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
        if (key == "name") {
          if (auto s = r.String(v, key)) j.name = *s;
        } else if (key == "provider") {
          provider = v;
          has_provider = true;
        } else if (key == "rubric_version") {
          if (auto s = r.String(v, key)) j.rubric_version = *s;
        } else if (key == "temperature") {
          j.temperature = r.Double(v, key);
        } else if (key == "threshold") {
          if (auto d = r.Double(v, key)) {
            if (*d < 0 || *d > 1) r.Error(v, "'threshold' must be between 0 and 1");
            j.threshold = *d;
          }
        }
      });
  if (!ok) return;
  if (j.name.empty()) r.Error(node, "a judge needs a non-empty 'name'");
  if (!has_provider || !provider.IsMap()) {
    r.Error(node, "judge '" + j.name + "' needs a 'provider' mapping (type, model, ...)");
  } else {
    // The judge's name names its provider unless the provider says otherwise (ReadProvider requires a name).
    if (!provider["name"]) provider["name"] = j.name.empty() ? std::string("judge") : j.name;
    j.provider = ReadProvider(r, provider);
  }
  if (j.rubric_version.empty()) j.rubric_version = spec.rubric_version;
  if (j.temperature) j.provider.temperature = j.temperature;
  spec.judges.push_back(std::move(j));
}

void ParseCalibrationTop(Reader& r, const YAML::Node& root, CalibrationSpec& spec) {
  bool has_items = false, has_judges = false;
  r.ForEachKey(
      root, "calibration spec", kCalibrationKeys, [&](const std::string& key, const YAML::Node&, const YAML::Node& v) {
        if (key == "name") {
          if (auto s = r.String(v, key)) spec.name = *s;
        } else if (key == "rubric") {
          if (auto s = r.String(v, key)) spec.rubric = *s;
        } else if (key == "rubric_version") {
          if (auto s = r.String(v, key)) spec.rubric_version = *s;
        } else if (key == "store") {
          if (auto s = r.String(v, key)) spec.store = *s;
        } else if (key == "repetitions") {
          if (auto n = r.Int(v, key)) {
            if (*n < 1 || *n > kMaxRepetitions) {
              r.Error(v, "'repetitions' must be between 1 and " + std::to_string(kMaxRepetitions));
            } else {
              spec.repetitions = static_cast<int>(*n);
            }
          }
        } else if (key == "items") {
          has_items = true;
          if (!r.ExpectSequence(v, key)) return;
          if (v.size() > static_cast<size_t>(kMaxItems)) {
            r.Error(v,
                    "'items' has " + std::to_string(v.size()) + " entries; the limit is " + std::to_string(kMaxItems));
            return;
          }
          for (const YAML::Node& item : v) ReadItem(r, item, spec);
        } else if (key == "judges") {
          has_judges = true;
          if (!r.ExpectSequence(v, key)) return;
          if (v.size() > static_cast<size_t>(kMaxJudges)) {
            r.Error(
                v, "'judges' has " + std::to_string(v.size()) + " entries; the limit is " + std::to_string(kMaxJudges));
            return;
          }
          for (const YAML::Node& judge : v) ReadJudge(r, judge, spec);
        }
      });
  if (!has_items || spec.items.empty()) r.Error(root, "the calibration spec needs a non-empty 'items' list");
  if (!has_judges || spec.judges.empty()) r.Error(root, "the calibration spec needs a non-empty 'judges' list");
  long long calls =
      static_cast<long long>(spec.items.size()) * static_cast<long long>(spec.judges.size()) * spec.repetitions;
  if (calls > kMaxCalls) {
    r.Error(root, "the spec asks for " + std::to_string(calls) + " judge calls (items × judges × repetitions); the " +
                      "limit is " + std::to_string(kMaxCalls));
  }
  for (const CalibrationItem& item : spec.items)
    if (item.rubric.empty() && spec.rubric.empty())
      r.Error(item.loc, "item '" + item.id + "' has no rubric and the spec has no default 'rubric'");
}

}  // namespace

bool CalibrationItem::gold() const {
  int pass = 0;
  for (const auto& [who, verdict] : labels) pass += verdict ? 1 : 0;
  return pass * 2 > static_cast<int>(labels.size());
}

std::string CalibrationJudge::Key() const { return provider.type + "/" + provider.model + "/" + rubric_version; }

Result<CalibrationSpec> ParseCalibrationSpec(const std::string& text, const std::string& file,
                                             Diagnostics* diagnostics) {
  Reader r(file);
  CalibrationSpec spec;
  spec.file = file;
  spec.dir = std::filesystem::path(file).parent_path().string();
  if (spec.dir.empty()) spec.dir = ".";
  try {
    YAML::Node root = YAML::Load(text);
    if (!root || root.IsNull()) {
      r.Error(SourceLoc{file, 1, 1}, "the calibration spec is empty: it needs 'items' and 'judges'");
    } else {
      ParseCalibrationTop(r, root, spec);
    }
  } catch (const YAML::Exception& e) {
    r.Error(SourceLoc{file, e.mark.is_null() ? 0 : e.mark.line + 1, e.mark.is_null() ? 0 : e.mark.column + 1},
            "invalid YAML: " + e.msg);
  }
  Diagnostics diags = r.TakeSorted();
  if (diagnostics) diagnostics->insert(diagnostics->end(), diags.begin(), diags.end());
  for (const Diagnostic& d : diags)
    if (d.severity == Severity::kError) return Error(ErrorCode::kConfig, Redact(d.message), d.loc);
  if (spec.name.empty()) spec.name = std::filesystem::path(file).stem().string();
  return spec;
}

Result<CalibrationSpec> LoadCalibrationSpec(const std::string& path, Diagnostics* diagnostics) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(ErrorCode::kIo, "cannot read calibration spec '" + path + "'");
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxSpecBytes) {
    return Error(ErrorCode::kConfig, "calibration spec '" + path + "' is " + std::to_string(size) +
                                         " bytes; the limit is " + std::to_string(kMaxSpecBytes));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseCalibrationSpec(text.str(), path, diagnostics);
}

}  // namespace ab::config
