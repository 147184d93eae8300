#include "record/compose_queue.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "record/capture_folder.hpp"

namespace meet::record {
namespace {

using namespace meet::record::testing;

// An ffmpeg that notes when each run starts and ends (and lasts at least a second).
fs::path logging_ffmpeg(const fs::path& dir) {
  fs::path script = dir / "ffmpeg";
  write_text(script, "#!/bin/sh\necho start >> '" + (dir / "runs.log").string() +
                         "'\nsleep 1\nffmpeg \"$@\"\nrc=$?\necho end >> '" +
                         (dir / "runs.log").string() + "'\nexit $rc\n");
  ::chmod(script.c_str(), 0755);
  return script;
}

fs::path empty_capture(const fs::path& dir, const std::string& id) {
  fs::path f = dir / id;
  fs::create_directories(f);
  write_text(f / "manifest.jsonl", R"({"type":"recording","recording_id":")" + id +
                                       R"(","room":"x","started_at_ms":1000})"
                                       "\n"
                                       R"({"type":"stopped","at_ms":2000})"
                                       "\n");
  return f;
}

struct Outcome {
  std::atomic<int> done{0}, ok{0}, progress{0};
};

void wait_for(Outcome& o, int n) {
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (o.done < n && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string runs(const fs::path& dir) {
  return read_bytes(dir / "runs.log");
}

TEST(ComposeQueue, RunsOneJobAtATimeByDefault) {
  TempDir dir;
  ComposeOptions o;
  o.ffmpeg = logging_ffmpeg(dir.path());
  o.width = 320;
  o.height = 180;
  Outcome out;
  {
    ComposeQueue q(o, 1);
    for (int i = 0; i < 3; ++i) {
      q.submit(
          "r" + std::to_string(i), empty_capture(dir.path(), "r" + std::to_string(i)),
          [&](double) { ++out.progress; },
          [&](Result<ComposeResult, std::string> r) {
            out.ok += r.ok();
            ++out.done;
          });
    }
    wait_for(out, 3);
    EXPECT_EQ(q.pending(), 0u);
  }
  EXPECT_EQ(out.ok, 3);
  EXPECT_GE(out.progress, 3);  // at least the final 1.0 of each
  EXPECT_EQ(runs(dir.path()), "start\nend\nstart\nend\nstart\nend\n");
  EXPECT_TRUE(fs::exists(dir.path() / "r2" / "recording.mp4"));
}

TEST(ComposeQueue, RunsUpToItsConcurrency) {
  TempDir dir;
  ComposeOptions o;
  o.ffmpeg = logging_ffmpeg(dir.path());
  o.width = 320;
  o.height = 180;
  Outcome out;
  {
    ComposeQueue q(o, 2);
    for (int i = 0; i < 3; ++i) {
      q.submit("r" + std::to_string(i), empty_capture(dir.path(), "r" + std::to_string(i)), nullptr,
               [&](Result<ComposeResult, std::string> r) {
                 out.ok += r.ok();
                 ++out.done;
               });
    }
    wait_for(out, 3);
  }
  EXPECT_EQ(out.ok, 3);
  std::string log = runs(dir.path());
  EXPECT_EQ(log.rfind("start\nstart\n", 0), 0u) << log;                    // two at once
  EXPECT_EQ(log.find("start\nstart\nstart\n"), std::string::npos) << log;  // never three
}

TEST(ComposeQueue, ReportsAFailedJob) {
  TempDir dir;
  ComposeQueue q({}, 1);
  std::atomic<bool> got{false};
  std::string error;
  q.submit("missing", dir.path() / "missing", nullptr, [&](Result<ComposeResult, std::string> r) {
    if (!r.ok()) error = r.error();
    got = true;
  });
  for (int i = 0; i < 500 && !got; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(got);
  EXPECT_NE(error.find("manifest.jsonl"), std::string::npos) << error;
}

}  // namespace
}  // namespace meet::record
