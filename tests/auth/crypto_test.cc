#include "auth/crypto.h"

#include <doctest/doctest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

#include "base/strings.h"

namespace ab::auth {
namespace {

TEST_CASE("SHA-256 in base64url matches the FIPS 180-2 \"abc\" digest (ba7816bf...15ad)") {
  CHECK(Base64Url(Sha256("abc")) == "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  CHECK(Sha256("").size() == 32);
}

TEST_CASE("a fresh PKCE pair: 43 unreserved characters, S256 of the verifier, never the same twice") {
  const Pkce a = MakePkce();
  const Pkce b = MakePkce();
  CHECK(a.verifier.size() == 43);
  CHECK(a.verifier.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
        std::string::npos);
  CHECK(a.challenge == Base64Url(Sha256(a.verifier)));
  CHECK(a.method == "S256");
  CHECK(a.verifier != b.verifier);
}

TEST_CASE("standard base64 pads, URL-safe base64 does not") {
  CHECK(Base64("f") == "Zg==");
  CHECK(Base64("fo") == "Zm8=");
  CHECK(Base64("foo") == "Zm9v");
  CHECK(Base64("\xfb\xff") == "+/8=");
  CHECK(Base64Url("\xfb\xff") == "-_8");
}

std::string PemOf(EVP_PKEY* key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

TEST_CASE("client assertions are RS256 for an RSA key (and verify) and ES256 with a 64-byte signature for P-256") {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> rsa(EVP_RSA_gen(2048), &EVP_PKEY_free);
  REQUIRE(rsa);
  auto jwt = SignJwt(R"({"iss":"c"})", PemOf(rsa.get()), "k1");
  REQUIRE(jwt.has_value());
  const auto parts = Split(*jwt, '.');
  REQUIRE(parts.size() == 3);
  CHECK(parts[0] == Base64Url(R"({"alg":"RS256","typ":"JWT","kid":"k1"})"));
  const std::string input = parts[0] + "." + parts[1];
  // Decode the signature (base64url) and verify it with the public key.
  std::string sig;
  {
    std::string b64 = parts[2];
    for (char& c : b64) c = c == '-' ? '+' : c == '_' ? '/' : c;
    while (b64.size() % 4) b64 += '=';
    sig.resize(b64.size());
    int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(sig.data()),
                            reinterpret_cast<const unsigned char*>(b64.data()), static_cast<int>(b64.size()));
    REQUIRE(n > 0);
    sig.resize(256);
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  REQUIRE(EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, rsa.get()) == 1);
  CHECK(EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                         reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1);

  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> ec(EVP_EC_gen("P-256"), &EVP_PKEY_free);
  REQUIRE(ec);
  auto es = SignJwt(R"({"iss":"c"})", PemOf(ec.get()));
  REQUIRE(es.has_value());
  const auto es_parts = Split(*es, '.');
  REQUIRE(es_parts.size() == 3);
  CHECK(es_parts[0] == Base64Url(R"({"alg":"ES256","typ":"JWT"})"));
  CHECK(es_parts[2].size() == 86);  // 64 bytes in unpadded base64url
}

TEST_CASE("a key that is not PEM is a configuration error") {
  auto bad = SignJwt("{}", "not a key");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().code == ErrorCode::kConfig);
}

}  // namespace
}  // namespace ab::auth
