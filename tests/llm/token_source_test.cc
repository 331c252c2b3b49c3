// Entra ID and service-account (JWT) token flows against the mock token endpoint, with caching and refresh.
#include "llm/token_source.h"

#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fakes.h"
#include "llm/factory.h"
#include "llm/mock_server.h"

namespace ab::llm {
namespace {

using testing::FakeClock;
using testing::Msg;

struct KeyPair {
  std::string private_pem, public_pem;
};

KeyPair MakeKey() {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  REQUIRE(key != nullptr);
  BIO* priv = BIO_new(BIO_s_mem());
  BIO* pub = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr);
  PEM_write_bio_PUBKEY(pub, key);
  KeyPair out;
  char* data = nullptr;
  long n = BIO_get_mem_data(priv, &data);
  out.private_pem.assign(data, static_cast<size_t>(n));
  n = BIO_get_mem_data(pub, &data);
  out.public_pem.assign(data, static_cast<size_t>(n));
  BIO_free(priv);
  BIO_free(pub);
  EVP_PKEY_free(key);
  return out;
}

std::string FromBase64Url(const std::string& in) {
  std::string b64 = in;
  for (char& c : b64) c = c == '-' ? '+' : c == '_' ? '/' : c;
  while (b64.size() % 4) b64 += '=';
  std::string out(b64.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
  out.resize(static_cast<size_t>(n) - (in.size() % 4 == 2 ? 2 : in.size() % 4 == 3 ? 1 : 0));
  return out;
}

TEST_CASE("RS256 JWT verifies with the public key") {
  const KeyPair key = MakeKey();
  Result<std::string> jwt = SignJwtRs256(R"({"iss":"sa@proj.iam.gserviceaccount.com"})", key.private_pem);
  REQUIRE(jwt);
  const size_t dot1 = jwt->find('.'), dot2 = jwt->rfind('.');
  CHECK(FromBase64Url(jwt->substr(0, dot1)) == R"({"alg":"RS256","typ":"JWT"})");
  const std::string input = jwt->substr(0, dot2);
  const std::string signature = FromBase64Url(jwt->substr(dot2 + 1));
  BIO* bio = BIO_new_mem_buf(key.public_pem.data(), static_cast<int>(key.public_pem.size()));
  EVP_PKEY* pub = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  REQUIRE(EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, pub) == 1);
  CHECK(EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                         reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1);
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(pub);
  BIO_free(bio);
  CHECK_FALSE(SignJwtRs256("{}", "not a key"));
  CHECK(Base64Url("ab") == "YWI");
}

TEST_CASE("Vertex: service-account JWT exchanged at token_uri / token cached / refreshed before expiry") {
  MockLlmServer mock;
  REQUIRE(mock.Start(0, {}).ok());
  const KeyPair key = MakeKey();
  const Json creds = {{"type", "service_account"},
                      {"project_id", "proj-from-file"},
                      {"private_key", key.private_pem},
                      {"client_email", "sa@proj.iam.gserviceaccount.com"},
                      {"token_uri", mock.base_url() + "/oauth2/token"}};
  const std::string dir = std::string(AB_BINARY_DIR) + "/llm_vertex_test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream out(dir + "/sa.json");
    out << creds.dump();
  }
  FakeClock clock;
  config::Provider cfg;
  cfg.name = "vertex";
  cfg.type = "VERTEX";
  cfg.model = "gemini-2.5-flash";
  cfg.location = "europe-west1";
  cfg.credentials_path = "sa.json";
  cfg.base_url = mock.base_url();
  ProviderOptions options;
  options.base_dir = dir;
  options.clock = &clock;
  auto p = MakeProvider(cfg, options);
  REQUIRE_MESSAGE(p.has_value(), (p.has_value() ? std::string() : p.error().ToString()));
  ChatRequest r;
  r.messages.push_back(Msg(Role::kUser, "hi"));
  REQUIRE((*p)->Complete(r, {}));
  REQUIRE((*p)->Complete(r, {}));
  CHECK(mock.request_count("token") == 1);  // cached
  CHECK(mock.request_count("vertex") == 2);
  CHECK(mock.last_request("token")["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer");
  const std::string first = mock.last_headers("vertex")["authorization"];
  CHECK(first.rfind("Bearer mock-vertex-token-", 0) == 0);
  clock.Advance(std::chrono::minutes(56));  // within 5 minutes of the 1 h expiry
  REQUIRE((*p)->Complete(r, {}));
  CHECK(mock.request_count("token") == 2);
  CHECK(mock.last_headers("vertex")["authorization"] != first);
  // The project came from the key file.
  CHECK(mock.request_count("vertex") == 3);
}

TEST_CASE("Azure Entra ID: client credentials at AZURE_AUTHORITY_HOST / bearer token on the deployment URL") {
  MockLlmServer mock;
  REQUIRE(mock.Start(0, {}).ok());
  setenv("AZURE_TENANT_ID", "tenant-1", 1);
  setenv("AZURE_CLIENT_ID", "client-1", 1);
  setenv("AZURE_CLIENT_SECRET", "entra-secret-123456", 1);
  setenv("AZURE_AUTHORITY_HOST", mock.base_url().c_str(), 1);
  FakeClock clock;
  config::Provider cfg;
  cfg.name = "azure";
  cfg.type = "AZURE";
  cfg.auth_type = "entra_id";
  cfg.model = "gpt4o-deploy";
  cfg.base_url = mock.base_url();
  ProviderOptions options;
  options.clock = &clock;
  auto p = MakeProvider(cfg, options);
  REQUIRE_MESSAGE(p.has_value(), (p.has_value() ? std::string() : p.error().ToString()));
  ChatRequest r;
  r.messages.push_back(Msg(Role::kUser, "hi"));
  Result<ChatResponse> reply = (*p)->Complete(r, {});
  REQUIRE_MESSAGE(reply.has_value(), (reply.has_value() ? std::string() : reply.error().ToString()));
  CHECK(mock.request_count("token") == 1);
  CHECK(mock.last_request("token")["scope"] == "https://cognitiveservices.azure.com/.default");
  CHECK(mock.last_headers("azure")["authorization"].rfind("Bearer mock-entra-token-", 0) == 0);
  CHECK(mock.last_headers("azure").count("api-key") == 0);
  clock.Advance(std::chrono::hours(2));
  REQUIRE((*p)->Complete(r, {}));
  CHECK(mock.request_count("token") == 2);  // refreshed, unlike the reference
  unsetenv("AZURE_CLIENT_SECRET");
  auto missing = MakeProvider(cfg, options);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == ErrorCode::kConfig);
}

TEST_CASE("a rejected token request is kAuth") {
  MockLlmServer mock;
  REQUIRE(mock.Start(0, {}).ok());
  FakeClock clock;
  auto http = MakeHttpClient();
  auto source = MakeEntraTokenSource(*http, clock, mock.base_url(), "t", "client", "");
  Result<std::string> token = source->Token();
  REQUIRE_FALSE(token);
  CHECK(token.error().code == ErrorCode::kAuth);
}

}  // namespace
}  // namespace ab::llm
