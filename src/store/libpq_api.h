// libpq, loaded the first time a PostgreSQL history is opened. Linking it would make every start of agent-bench
// load twenty more shared libraries (Kerberos, LDAP, SASL, GnuTLS ...) that almost no run needs; see finding 10 in
// docs/BENCHMARKS.md. The types still come from <libpq-fe.h>.
#pragma once

#include <libpq-fe.h>

#include "base/result.h"

namespace ab::store {

/// The libpq functions the PostgreSQL backend uses, named as in libpq.
struct LibPq {
  decltype(&::PQclear) PQclear = nullptr;
  decltype(&::PQconnectdbParams) PQconnectdbParams = nullptr;
  decltype(&::PQconninfoFree) PQconninfoFree = nullptr;
  decltype(&::PQconninfoParse) PQconninfoParse = nullptr;
  decltype(&::PQerrorMessage) PQerrorMessage = nullptr;
  decltype(&::PQexec) PQexec = nullptr;
  decltype(&::PQexecParams) PQexecParams = nullptr;
  decltype(&::PQfinish) PQfinish = nullptr;
  decltype(&::PQftype) PQftype = nullptr;
  decltype(&::PQgetisnull) PQgetisnull = nullptr;
  decltype(&::PQgetlength) PQgetlength = nullptr;
  decltype(&::PQgetvalue) PQgetvalue = nullptr;
  decltype(&::PQnfields) PQnfields = nullptr;
  decltype(&::PQntuples) PQntuples = nullptr;
  decltype(&::PQresultErrorMessage) PQresultErrorMessage = nullptr;
  decltype(&::PQresultStatus) PQresultStatus = nullptr;
  decltype(&::PQsetNoticeProcessor) PQsetNoticeProcessor = nullptr;
  decltype(&::PQstatus) PQstatus = nullptr;
  decltype(&::PQtransactionStatus) PQtransactionStatus = nullptr;
};

/// Loads libpq once (thread-safe) and returns its functions; kUnavailable, naming the Debian package, when the
/// library or one of the functions is missing.
Result<const LibPq*> LoadLibPq();

}  // namespace ab::store
