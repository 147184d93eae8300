#include "http/static_files.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "http/mime_types.hpp"

namespace meet::http {
namespace {

std::string header(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("meet_static_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(root_ / "web" / "assets");
    write(root_ / "secret.txt", "top secret");
    write(root_ / "web" / "index.html", "<html>app</html>");
    write(root_ / "web" / "assets" / "app.js", "console.log(1)");
    write(root_ / "web" / "assets" / "a b.css", "body{}");
    write(root_ / "web" / ".env", "KEY=1");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  static void write(const std::filesystem::path& p, std::string_view data) {
    std::ofstream(p, std::ios::binary) << data;
  }
  std::filesystem::path root_;
};

TEST_F(StaticFilesTest, ServesIndexForRootWithNoCache) {
  StaticFiles files(root_ / "web");
  auto r = files.serve("/");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<html>app</html>");
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(header(r, "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, ServesFilesWithContentType) {
  StaticFiles files(root_ / "web");
  auto js = files.serve("/assets/app.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(header(js, "Cache-Control"), "public, max-age=3600");
  auto css = files.serve("/assets/a%20b.css");
  EXPECT_EQ(css.status, 200);
  EXPECT_EQ(css.content_type, "text/css; charset=utf-8");
}

TEST_F(StaticFilesTest, FallsBackToIndexForPathsWithoutExtension) {
  StaticFiles files(root_ / "web");
  auto r = files.serve("/room/demo");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<html>app</html>");
  auto missing = files.serve("/assets/missing.js");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(nlohmann::json::parse(missing.body)["error"]["code"], "not_found");
}

TEST_F(StaticFilesTest, ServesAFoldersOwnIndexAtItsSlashPath) {
  std::filesystem::create_directories(root_ / "web" / "test");
  write(root_ / "web" / "test" / "index.html", "<html>test page</html>");
  StaticFiles files(root_ / "web");
  auto page = files.serve("/test/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body, "<html>test page</html>");
  auto bare = files.serve("/test");
  EXPECT_EQ(bare.status, 301);
  EXPECT_EQ(header(bare, "Location"), "/test/");
  // A folder without an index.html is still the app's route.
  EXPECT_EQ(files.serve("/assets/").body, "<html>app</html>");
}

TEST_F(StaticFilesTest, RejectsTraversal) {
  StaticFiles files(root_ / "web");
  const char* bad[] = {
      "/../secret.txt",     "/assets/../../secret.txt",
      "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
      "/..%2fsecret.txt",   "/assets/..%2F..%2Fsecret.txt",
      "/..%5csecret.txt",   "/./index.html",
      "/%00index.html",     "/assets/%zz",
      "//etc/passwd",       "relative",
  };
  for (const char* path : bad) {
    auto r = files.serve(path);
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_EQ(r.body.find("secret"), std::string::npos) << path;
  }
}

TEST_F(StaticFilesTest, HidesDotfiles) {
  StaticFiles files(root_ / "web");
  EXPECT_EQ(files.serve("/.env").status, 404);
}

TEST(MimeTypes, KnowsWebAssetTypes) {
  EXPECT_EQ(mime_type_for("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type_for("a.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type_for("m.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type_for("s.css"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type_for("d.json"), "application/json");
  EXPECT_EQ(mime_type_for("i.svg"), "image/svg+xml");
  EXPECT_EQ(mime_type_for("i.png"), "image/png");
  EXPECT_EQ(mime_type_for("m.wasm"), "application/wasm");
  EXPECT_EQ(mime_type_for("app.js.map"), "application/json");
  EXPECT_EQ(mime_type_for("noext"), "application/octet-stream");
  EXPECT_EQ(mime_type_for("dir.d/noext"), "application/octet-stream");
}

}  // namespace
}  // namespace meet::http
