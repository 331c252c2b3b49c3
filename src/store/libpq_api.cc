#include "store/libpq_api.h"

#include <dlfcn.h>

#include <string>
#include <type_traits>

namespace ab::store {
namespace {

Result<const LibPq*> Load() {
  void* handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    return Error(ErrorCode::kUnavailable, std::string("cannot load PostgreSQL's client library libpq.so.5 (") +
                                              (why ? why : "not found") + "): apt-get install libpq5");
  }
  static LibPq api;
  std::string missing;
  auto bind = [&](auto& fn, const char* name) {
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(handle, name));
    if (!fn) missing += missing.empty() ? name : std::string(", ") + name;
  };
#define AB_LIBPQ_BIND(name) bind(api.name, #name);
  AB_LIBPQ_FUNCTIONS(AB_LIBPQ_BIND)
#undef AB_LIBPQ_BIND
  if (!missing.empty()) {
    return Error(ErrorCode::kUnavailable, "libpq.so.5 lacks " + missing + ": install a newer libpq5");
  }
  return &api;
}

}  // namespace

Result<const LibPq*> LoadLibPq() {
  static const Result<const LibPq*> loaded = Load();
  return loaded;
}

}  // namespace ab::store
