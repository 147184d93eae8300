#include "store/sqlite/sqlite_store.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "store/migrations.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace meet::store {
namespace {

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/meet-sqlite-XXXXXX";
    path_ = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(SqliteStore, KeepsDataAcrossReopenAndMigratesOnce) {
  TempDir dir;
  const std::string file = dir.path() + "/meet.db";
  std::string id;
  {
    auto s = SqliteStore::open(file);
    ASSERT_TRUE(s.ok()) << s.error().message;
    id = (*s)->create_tenant({"", "acme", 1})->id;
  }
  auto s = SqliteStore::open(file);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ((*s)->get_tenant(id)->name, "acme");
  auto conn = SqliteConnection::open(file);
  ASSERT_TRUE(conn.ok());
  auto rows = (*conn)->query("SELECT COUNT(*), MAX(version) FROM schema_migrations");
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->rows[0][0], std::to_string(migrations().size()));
  EXPECT_EQ(rows->rows[0][1], std::to_string(migrations().back().version));
  auto mode = (*conn)->query("PRAGMA journal_mode");
  EXPECT_EQ(mode->rows[0][0], "wal");
}

TEST(SqliteStore, FailsToOpenAnUnwritablePath) {
  auto s = SqliteStore::open("/nonexistent-dir/meet.db");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, StoreErrorCode::kUnavailable);
}

TEST(SqliteConnection, BindsParametersByNameNotSplicing) {
  auto conn = SqliteConnection::open(":memory:");
  ASSERT_TRUE(conn.ok());
  auto r = (*conn)->query("SELECT $2, $1, $1", {int64_t{7}, std::string("x'; --")});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->rows[0][0], "x'; --");
  EXPECT_EQ(r->rows[0][1], "7");
  EXPECT_EQ(r->rows[0][2], "7");
}

}  // namespace
}  // namespace meet::store
