// The caps every HTTP exchange runs under. A peer is hostile until bounded: each cap stops reading the moment it
// is passed, and the request fails with an error naming the cap, so a broken or malicious server costs bounded
// memory and time. The defaults sit far above anything an honest peer sends.
#pragma once

#include <cstddef>
#include <string>

namespace ab::net {

inline constexpr size_t kMiB = size_t{1} << 20;

struct Limits {
  /// The (decoded) response body. Whole-body requests default to 64 MiB, far more than any model reply; 0 = no
  /// cap (event streams, which are bounded per line and per event instead, see mcp/sse_parser.h).
  size_t max_response_bytes = 64 * kMiB;
  /// The status line and headers together.
  size_t max_header_bytes = 256 * 1024;
  /// Raw bytes read in a row without any body byte coming out: chunk-size lines, chunk extensions, trailers. An
  /// honest chunked body spends a few bytes of framing per chunk.
  size_t max_framing_bytes = 1 * kMiB;
};

/// "64 MiB", "256 KiB", "512 bytes": a cap as a person reads it.
std::string FormatBytes(size_t bytes);

}  // namespace ab::net
