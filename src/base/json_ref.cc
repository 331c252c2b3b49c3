#include "base/json_ref.h"

#include "base/strings.h"

namespace ab {

Result<const Json*> ResolveLocalRef(const Json& root, const std::string& ref) {
  if (ref.empty() || ref[0] != '#') {
    return Error(ErrorCode::kInvalidArgument, "$ref '" + ref +
                                                  "' is not supported: only local references (#/...) are resolved, "
                                                  "and a schema is never fetched over the network");
  }
  // The fragment is URI-encoded (%xx), then a JSON pointer (~1 is '/', ~0 is '~').
  const std::string pointer = PercentDecode(std::string_view(ref).substr(1));
  if (!pointer.empty() && pointer[0] != '/') {
    return Error(ErrorCode::kInvalidArgument,
                 "$ref '" + ref + "' is not supported: anchors ($anchor names) are not resolved, only #/json/pointers");
  }
  const Json* node = &root;
  size_t pos = 0;
  while (pos < pointer.size()) {
    size_t next = pointer.find('/', pos + 1);
    std::string token = pointer.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1);
    pos = next == std::string::npos ? pointer.size() : next;
    std::string key;
    for (size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
        key += token[i + 1] == '0' ? '~' : '/';
        ++i;
      } else {
        key += token[i];
      }
    }
    if (node->is_object() && node->contains(key)) {
      node = &(*node)[key];
    } else if (node->is_array() && !key.empty() && key.size() < 10 &&
               key.find_first_not_of("0123456789") == std::string::npos && std::stoul(key) < node->size()) {
      node = &(*node)[std::stoul(key)];
    } else {
      return Error(ErrorCode::kInvalidArgument, "$ref '" + ref + "' points to nothing in the schema");
    }
  }
  return node;
}

}  // namespace ab
