// An immutable JSON value whose copies share one tree. Used for data repeated in many results, such as the tool
// schemas every test of an agent records: 10 000 tests then hold one tree per tool set, not 10 000 trees.
#pragma once

#include <memory>

#include "base/json.h"

namespace ab {

class SharedJson {
 public:
  /// An empty JSON object (shared by every default-constructed value: no allocation).
  SharedJson() : tree_(Empty()) {}
  SharedJson(Json value) : tree_(std::make_shared<const Json>(std::move(value))) {}  // NOLINT: implicit on purpose

  const Json& get() const { return *tree_; }
  const Json& operator*() const { return *tree_; }
  const Json* operator->() const { return tree_.get(); }
  /// True when both are copies of one value (not merely equal).
  bool SharesWith(const SharedJson& other) const { return tree_ == other.tree_; }

 private:
  static const std::shared_ptr<const Json>& Empty() {
    static const std::shared_ptr<const Json> kEmpty = std::make_shared<const Json>(Json::object());
    return kEmpty;
  }
  std::shared_ptr<const Json> tree_;
};

}  // namespace ab
