// /api/v1/fixtures: named, versioned input sets. POST creates version 1, PUT adds a version (unless the content
// is unchanged), GET lists the latest versions or one fixture with its version history, DELETE removes a name.
#include <httplib.h>

#include <algorithm>

#include "base/strings.h"
#include "serve/api.h"
#include "serve/api_json.h"
#include "serve/http_util.h"

namespace ab::serve {
namespace {

/// Reads {name?, description?, variants} from a request; false after replying 400.
bool ReadBody(const httplib::Request& req, httplib::Response& res, bool with_name, std::string& name,
              std::string& description, Json& variants) {
  Result<Json> body = ParseJsonBody(req);
  if (!body) {
    ReplyError(res, 400, body.error().message);
    return false;
  }
  std::vector<std::string> fields = {"description", "variants"};
  if (with_name) fields.push_back("name");
  if (auto bad = [&]() -> std::optional<std::string> {
        for (const auto& [key, value] : body->items()) {
          (void)value;
          if (std::find(fields.begin(), fields.end(), key) == fields.end()) return key;
        }
        return std::nullopt;
      }()) {
    ReplyError(res, 400, *bad + ": unknown field" + DidYouMean(*bad, fields), *bad);
    return false;
  }
  if (with_name) {
    auto n = body->find("name");
    if (n == body->end() || !n->is_string() || !ValidFixtureName(n->get<std::string>())) {
      ReplyError(res, 400, "name: required: 1 to 100 letters, digits, '-', '_' or '.'", "name");
      return false;
    }
    name = *n;
  }
  auto d = body->find("description");
  if (d != body->end() && !d->is_null()) {
    if (!d->is_string()) {
      ReplyError(res, 400, "description: must be a string", "description");
      return false;
    }
    description = *d;
  }
  Result<Json> normalized = NormalizeVariants(body->value("variants", Json()));
  if (!normalized) {
    std::string msg = normalized.error().message;
    ReplyError(res, 400, msg, msg.substr(0, msg.find(':')));
    return false;
  }
  variants = std::move(*normalized);
  return true;
}

Json VersionList(const std::vector<FixtureVersion>& versions) {
  Json out = Json::array();
  for (const auto& v : versions) out.push_back(FixtureToJson(v, false));
  return out;
}

}  // namespace

void InstallFixtureRoutes(httplib::Server& http, Api& api) {
  http.Get("/api/v1/fixtures", [&api](const httplib::Request& req, httplib::Response& res) {
    if (auto bad = CheckParams(req, {})) return ReplyError(res, 400, bad->message, bad->field);
    Result<std::vector<FixtureVersion>> all = api.fixtures->List();
    if (!all) return ReplyFailure(res, all.error());
    ReplyJson(res, Json{{"fixtures", VersionList(*all)}});
  });

  http.Post("/api/v1/fixtures", [&api](const httplib::Request& req, httplib::Response& res) {
    std::string name, description;
    Json variants;
    if (!ReadBody(req, res, true, name, description, variants)) return;
    Result<FixtureVersion> v = api.fixtures->Put(name, description, variants, /*must_be_new=*/true);
    if (!v) return ReplyFailure(res, v.error());
    res.set_header("Location", "/api/v1/fixtures/" + name);
    ReplyJson(res, FixtureToJson(*v, true), 201);
  });

  http.Get(R"(/api/v1/fixtures/([^/]+))", [&api](const httplib::Request& req, httplib::Response& res) {
    Result<std::vector<FixtureVersion>> versions = api.fixtures->Versions(req.matches[1].str());
    if (!versions) return ReplyFailure(res, versions.error());
    Json j = FixtureToJson(versions->back(), true);
    j["versions"] = VersionList(*versions);
    ReplyJson(res, j);
  });

  http.Get(R"(/api/v1/fixtures/([^/]+)/versions/(\d+))", [&api](const httplib::Request& req, httplib::Response& res) {
    Result<std::vector<FixtureVersion>> versions = api.fixtures->Versions(req.matches[1].str());
    if (!versions) return ReplyFailure(res, versions.error());
    int wanted = std::atoi(req.matches[2].str().c_str());
    for (const auto& v : *versions)
      if (v.version == wanted) return ReplyJson(res, FixtureToJson(v, true));
    ReplyError(res, 404, "fixture '" + req.matches[1].str() + "' has no version " + req.matches[2].str());
  });

  http.Put(R"(/api/v1/fixtures/([^/]+))", [&api](const httplib::Request& req, httplib::Response& res) {
    std::string name, description;
    Json variants;
    if (!ReadBody(req, res, false, name, description, variants)) return;
    Result<FixtureVersion> v = api.fixtures->Put(req.matches[1].str(), description, variants, /*must_be_new=*/false);
    if (!v) return ReplyFailure(res, v.error());
    ReplyJson(res, FixtureToJson(*v, true));
  });

  http.Delete(R"(/api/v1/fixtures/([^/]+))", [&api](const httplib::Request& req, httplib::Response& res) {
    if (Status s = api.fixtures->Delete(req.matches[1].str()); !s) return ReplyFailure(res, s.error());
    res.status = 204;
  });
}

}  // namespace ab::serve
