#include "net/failure.h"

#include <httplib.h>

#include <cstdio>

#include "net/limits.h"

namespace ab::net {

std::string DescribeFailure(httplib::Error error, bool got_bytes, bool head_seen, const std::string& host,
                            bool resolves) {
  using E = httplib::Error;
  switch (error) {
    case E::Success: return "succeeded";
    case E::Connection:
      if (!resolves) return "could not connect: the host name '" + host + "' does not resolve";
      return "could not connect: the connection was refused (nothing listening there?) or the host is unreachable";
    case E::BindIPAddress: return "could not bind the local network interface";
    case E::Read:
      if (head_seen) return "the connection was closed before the whole response body arrived";
      if (got_bytes) return "the connection was closed in the middle of the response headers";
      return "the connection was closed before any response arrived";
    case E::Write: return "the connection was closed while the request was being sent";
    case E::ExceedRedirectCount: return "too many redirects";
    case E::Canceled: return "the request was stopped";
    case E::SSLConnection: return "the TLS handshake failed (is it an https endpoint? is the port right?)";
    case E::SSLLoadingCerts: return "the system's trusted TLS certificates could not be loaded";
    case E::SSLServerVerification: return "the server's TLS certificate is not trusted";
    case E::UnsupportedMultipartBoundaryChars: return "the multipart boundary is invalid";
    case E::Compression: return "the response body could not be decompressed";
    case E::ConnectionTimeout: return "could not connect in time";
    case E::Unknown:
    default:
      return got_bytes ? "the response could not be read (malformed HTTP?)"
                       : "the request failed before any response arrived";
  }
}

std::string FormatMillis(std::chrono::milliseconds d) {
  const long long ms = d.count();
  if (ms < 1000) return std::to_string(ms) + " ms";
  char buf[32];
  if (ms % 1000 == 0) {
    std::snprintf(buf, sizeof buf, "%lld s", ms / 1000);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms) / 1000.0);
  }
  return buf;
}

std::string AfterText(int attempts, std::chrono::steady_clock::duration elapsed) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
  char buf[32];
  if (ms < 1000) std::snprintf(buf, sizeof buf, "%lld ms", static_cast<long long>(ms));
  else std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ms) / 1000.0);
  const std::string took = buf;
  if (attempts > 1) return " (after " + std::to_string(attempts) + " attempts, " + took + ")";
  return " (after " + took + ")";
}

std::string FormatBytes(size_t bytes) {
  char buf[48];
  const size_t gib = kMiB * 1024;
  if (bytes >= gib) {
    if (bytes % gib == 0) std::snprintf(buf, sizeof buf, "%zu GiB", bytes / gib);
    else std::snprintf(buf, sizeof buf, "%.1f GiB", static_cast<double>(bytes) / static_cast<double>(gib));
  } else if (bytes >= kMiB) {
    if (bytes % kMiB == 0) std::snprintf(buf, sizeof buf, "%zu MiB", bytes / kMiB);
    else std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / static_cast<double>(kMiB));
  } else if (bytes >= 1024) {
    if (bytes % 1024 == 0) std::snprintf(buf, sizeof buf, "%zu KiB", bytes / 1024);
    else std::snprintf(buf, sizeof buf, "%.1f KiB", static_cast<double>(bytes) / 1024.0);
  } else {
    std::snprintf(buf, sizeof buf, "%zu bytes", bytes);
  }
  return buf;
}

}  // namespace ab::net
