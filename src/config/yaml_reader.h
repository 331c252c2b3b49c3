// Internal to the config loader: reads yaml-cpp nodes into typed values while collecting diagnostics. Every
// conversion reports a wrong type at the node's own position and returns nullopt instead of throwing, so a file's
// errors are all found in one pass. yaml-cpp is only ever called from this folder.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostic.h"
#include "base/duration.h"

namespace ab::config {

/// A name that must resolve to a definition (agent -> provider, ...), checked once every definition is known.
struct Reference {
  enum class Kind { kProvider, kServer, kAgent };
  Kind kind;
  std::string name;
  SourceLoc loc;     ///< of the name's value
  std::string from;  ///< who refers, for messages: "agent 'a'", "test 't'" ...
};

/// Collects the diagnostics (and pending references) of one file and converts nodes to typed values.
class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }
  /// 1-based position of |node| in the file (line 0 when yaml-cpp knows none); a null value's key's position.
  SourceLoc Loc(const YAML::Node& node) const;
  SourceLoc LocAt(int line0, int col0) const;

  void Error(const SourceLoc& loc, std::string message);
  void Warn(const SourceLoc& loc, std::string message);
  void Error(const YAML::Node& node, std::string message) { Error(Loc(node), std::move(message)); }
  void Warn(const YAML::Node& node, std::string message) { Warn(Loc(node), std::move(message)); }

  Diagnostics& diagnostics() { return diags_; }
  /// Remembers a reference from |value| (a scalar naming a definition) unless it is a {{template}}.
  void AddReference(Reference::Kind kind, const YAML::Node& value, std::string from);
  const std::vector<Reference>& references() const { return refs_; }
  /// Sorts the diagnostics by position (stable), so they come out in file order.
  Diagnostics TakeSorted();

  /// Visits the keys of mapping |node| (described as |what| in messages, e.g. "settings"). Keys outside |known|
  /// are reported ("unknown key 'x' in settings, did you mean 'y'?") unless |unsupported| returns true for them
  /// (it reports its own message); a key written twice is an error. Null counts as an empty mapping. Returns
  /// false if |node| is neither.
  using KeyVisitor = std::function<void(const std::string& key, const YAML::Node& key_node, const YAML::Node& value)>;
  bool ForEachKey(const YAML::Node& node, std::string_view what, const std::vector<std::string>& known,
                  const KeyVisitor& visit,
                  const std::function<bool(const std::string&, const YAML::Node&)>& unsupported = nullptr);

  /// Scalar as text (empty for null). Reports a sequence or mapping; an unquoted {{VAR}} (which YAML reads as a
  /// nested flow mapping) is turned back into "{{VAR}}" with a warning to quote it.
  std::optional<std::string> String(const YAML::Node& v, std::string_view key);
  std::optional<bool> Bool(const YAML::Node& v, std::string_view key);
  std::optional<long long> Int(const YAML::Node& v, std::string_view key);
  std::optional<double> Double(const YAML::Node& v, std::string_view key);
  std::optional<Millis> Duration(const YAML::Node& v, std::string_view key);
  /// A sequence of scalars.
  std::optional<std::vector<std::string>> StringList(const YAML::Node& v, std::string_view key);
  /// A mapping of name -> scalar, in file order.
  std::optional<std::vector<std::pair<std::string, std::string>>> StringMap(const YAML::Node& v, std::string_view key);

  /// True (and reports) unless |v| is a sequence; null counts as an empty sequence.
  bool ExpectSequence(const YAML::Node& v, std::string_view key);

 private:
  std::string file_;
  Diagnostics diags_;
  /// The null values ForEachKey met, by yaml-cpp position, with their key's position: yaml-cpp places a null
  /// value at the token after it (often the next line), so a message about `key:` with nothing after it points
  /// at the key instead. One entry per null value of the file.
  std::multimap<int, std::pair<YAML::Node, SourceLoc>> null_values_;
  std::vector<Reference> refs_;
};

/// "a mapping", "a sequence", "a string" ...: the YAML kind of |node| for messages.
std::string KindName(const YAML::Node& node);
/// True for a scalar written with quotes (yaml-cpp tags those "!"; plain scalars get "?").
bool IsQuoted(const YAML::Node& node);

}  // namespace ab::config
