// libpq, loaded the first time a PostgreSQL history is opened. Linking it would make every start of agent-bench
// load twenty more shared libraries (Kerberos, LDAP, SASL, GnuTLS ...) that almost no run needs; see finding 10 in
// docs/BENCHMARKS.md. The types still come from <libpq-fe.h>.
#pragma once

#include <libpq-fe.h>

#include "base/result.h"

namespace ab::store {

/// The libpq functions the PostgreSQL backend uses: one list, expanded into the struct below and into the
/// dlsym calls of libpq_api.cc.
// (clang-format does not settle on one layout for this list.)
// clang-format off
#define AB_LIBPQ_FUNCTIONS(X)                                                                                   \
  X(PQclear) X(PQconnectdbParams) X(PQconninfoFree) X(PQconninfoParse) X(PQerrorMessage) X(PQexec)             \
  X(PQexecParams) X(PQfinish) X(PQftype) X(PQgetisnull) X(PQgetlength) X(PQgetvalue) X(PQnfields)           \
  X(PQntuples) X(PQresultErrorMessage) X(PQresultStatus) X(PQsetNoticeProcessor) X(PQstatus)                \
  X(PQtransactionStatus)
// clang-format on

/// Those functions, named as in libpq.
struct LibPq {
#define AB_LIBPQ_MEMBER(name) decltype(&::name) name = nullptr;
  AB_LIBPQ_FUNCTIONS(AB_LIBPQ_MEMBER)
#undef AB_LIBPQ_MEMBER
};

/// Loads libpq once (thread-safe) and returns its functions; kUnavailable, naming the Debian package, when the
/// library or one of the functions is missing.
Result<const LibPq*> LoadLibPq();

}  // namespace ab::store
