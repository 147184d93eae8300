#pragma once
// Store backends for typed test suites (store and api tests): each opens a fresh, empty Store.
//   SqliteBackend   a temporary file, removed with the backend.
//   PostgresBackend a new database on the shared PgServer; FAILS when PostgreSQL is missing
//                   unless MEET_SKIP_PG=1 (then the test is skipped).
// reopen() closes the store and opens the same database again (a restart).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "store/pg_server.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace meet::testing {

class SqliteBackend {
 public:
  static constexpr const char* kName = "sqlite";
  // Fills `out`; on failure records a test failure and leaves it empty.
  void open(std::unique_ptr<store::Store>& out) {
    char tmpl[] = "/tmp/meet-sqlite-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    reopen(out);
  }
  // Closes `out` and opens the same database again, as a restarted server would.
  void reopen(std::unique_ptr<store::Store>& out) {
    out.reset();
    auto s = store::SqliteStore::open(dir_ + "/meet.db");
    ASSERT_TRUE(s.ok()) << s.error().message;
    out = std::move(s).value();
  }
  ~SqliteBackend() {
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

 private:
  std::string dir_;
};

class PostgresBackend {
 public:
  static constexpr const char* kName = "postgres";
  void open(std::unique_ptr<store::Store>& out) {
    auto& server = PgServer::shared();
    if (!server.available()) {
      if (pg_skip_allowed()) GTEST_SKIP() << "MEET_SKIP_PG=1: " << server.error();
      FAIL() << "PostgreSQL suite cannot run: " << server.error()
             << " (set MEET_SKIP_PG=1 to skip)";
    }
    url_ = server.create_database();
    ASSERT_FALSE(url_.empty()) << "CREATE DATABASE failed";
    reopen(out);
  }
  void reopen(std::unique_ptr<store::Store>& out) {
    out.reset();
    auto s = store::PostgresStore::open(url_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    out = std::move(s).value();
  }

 private:
  std::string url_;
};

struct BackendName {
  template <typename T>
  static std::string GetName(int) {
    return T::kName;
  }
};

}  // namespace meet::testing
