// base64 (RFC 4648): the standard alphabet with padding for HTTP Basic credentials and MIME words, the URL-safe
// alphabet without padding for JWTs and PKCE. One encoder, so every layer writes the same bytes.
#pragma once

#include <string>
#include <string_view>

namespace ab {

/// Standard base64 with padding (RFC 4648 section 4).
std::string Base64(std::string_view data);
/// URL-safe base64 without padding (RFC 4648 section 5; RFC 7515 base64url).
std::string Base64Url(std::string_view data);

}  // namespace ab
