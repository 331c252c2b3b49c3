#include "base/result.h"

namespace ab {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kConfig: return "configuration error";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kParse: return "parse error";
    case ErrorCode::kIo: return "i/o error";
    case ErrorCode::kNetwork: return "network error";
    case ErrorCode::kTimeout: return "timeout";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kProtocol: return "protocol error";
    case ErrorCode::kRpcError: return "json-rpc error";
    case ErrorCode::kRateLimited: return "rate limited";
    case ErrorCode::kAuth: return "authentication error";
    case ErrorCode::kServer: return "server error";
    case ErrorCode::kHttp: return "http error";
    case ErrorCode::kModel: return "model error";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kInternal: return "internal error";
  }
  return "error";
}

std::string SourceLoc::ToString() const {
  if (file.empty() && line <= 0) return "";
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

std::string Error::ToString() const {
  std::string where = loc.ToString();
  if (where.empty()) return message;
  return where + ": " + message;
}

}  // namespace ab
