#include "assert/compiled_cache.h"

#include <re2/re2.h>

#include <map>
#include <mutex>

namespace ab::assertions {
namespace {

// Rendered templates can make many distinct strings (random values); past this size the cache starts over
// rather than grow without bound.
constexpr size_t kMaxEntries = 2048;

template <typename T>
struct Cache {
  std::mutex mu;
  std::map<std::string, std::shared_ptr<const T>> entries;

  std::shared_ptr<const T> Get(const std::string& key) {
    std::lock_guard<std::mutex> lock(mu);
    auto it = entries.find(key);
    return it == entries.end() ? nullptr : it->second;
  }
  void Put(const std::string& key, std::shared_ptr<const T> value) {
    std::lock_guard<std::mutex> lock(mu);
    if (entries.size() >= kMaxEntries) entries.clear();
    entries[key] = std::move(value);
  }
};

}  // namespace

Result<std::shared_ptr<const re2::RE2>> CompiledRegex(const std::string& pattern) {
  static Cache<re2::RE2>* cache = new Cache<re2::RE2>();
  if (auto hit = cache->Get(pattern)) return hit;
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(pattern, options);
  if (!re->ok()) return Error(ErrorCode::kInvalidArgument, "invalid pattern: " + re->error());
  cache->Put(pattern, re);
  return std::shared_ptr<const re2::RE2>(re);
}

Result<std::shared_ptr<const jsonpath::Path>> CompiledPath(const std::string& path) {
  static Cache<jsonpath::Path>* cache = new Cache<jsonpath::Path>();
  if (auto hit = cache->Get(path)) return hit;
  Result<jsonpath::Path> parsed = jsonpath::Parse(path);
  if (!parsed) return Error(ErrorCode::kParse, "invalid JSONPath '" + path + "': " + parsed.error().message);
  auto shared = std::make_shared<const jsonpath::Path>(std::move(*parsed));
  cache->Put(path, shared);
  return std::shared_ptr<const jsonpath::Path>(shared);
}

}  // namespace ab::assertions
