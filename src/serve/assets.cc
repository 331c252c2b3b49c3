// Serves the embedded UI: "/" is index.html, the other files by name, with a strict Content-Security-Policy
// (scripts and styles from this server only, no inline script, no framing) so even a missed escape cannot run
// injected code.
#include <httplib.h>

#include <cstring>
#include <string>

#include "serve/api.h"
#include "serve/assets_data.h"

namespace ab::serve {
namespace {

const char* MimeOf(const std::string& path) {
  auto ends = [&](const char* ext) {
    size_t n = std::strlen(ext);
    return path.size() >= n && path.compare(path.size() - n, n, ext) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  return "application/octet-stream";
}

}  // namespace

void InstallAssetRoutes(httplib::Server& http) {
  for (const AssetData& a : kAssetData) {
    std::string path = std::strcmp(a.path, "/index.html") == 0 ? "/" : a.path;
    std::string body = a.body;
    std::string mime = MimeOf(a.path);
    http.Get(path, [body, mime](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Security-Policy",
                     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                     "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_header("Referrer-Policy", "no-referrer");
      res.set_header("Cache-Control", "no-cache");
      res.set_content(body, mime.c_str());
    });
  }
}

}  // namespace ab::serve
