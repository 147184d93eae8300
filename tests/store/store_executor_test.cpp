// StoreExecutor: jobs run off the caller's thread, in order; the queue is bounded; a job that
// blocks (a stuck database) never blocks the poster.
#include "store/store_executor.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

namespace meet::store {
namespace {

using namespace std::chrono_literals;

TEST(StoreExecutor, RunsJobsInOrderOnItsOwnThread) {
  std::vector<int> order;
  std::promise<std::thread::id> ran_on;
  {
    StoreExecutor ex;
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(ex.post([&order, i] { order.push_back(i); }));
    ASSERT_TRUE(ex.post([&ran_on] { ran_on.set_value(std::this_thread::get_id()); }));
    EXPECT_NE(ran_on.get_future().get(), std::this_thread::get_id());
  }  // the destructor drains the queue
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(StoreExecutor, ABlockedStoreNeitherBlocksThePosterNorGrowsTheQueuePastItsBound) {
  std::promise<void> release;
  auto released = release.get_future().share();
  std::promise<void> started;
  std::atomic<int> done{0};
  StoreExecutor ex(3);
  ASSERT_TRUE(ex.post([&] {
    started.set_value();
    released.wait();  // the database hangs
    ++done;
  }));
  started.get_future().wait();
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(ex.post([&] { ++done; })) << i;
  EXPECT_FALSE(ex.post([&] { ++done; })) << "a fourth waiting job is refused";
  EXPECT_EQ(ex.queued(), 3u);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s) << "posting waited for the store";
  release.set_value();
  for (int i = 0; i < 200 && done.load() < 4; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(done.load(), 4);
  EXPECT_TRUE(ex.post([&] { ++done; })) << "room again once the store answered";
}

}  // namespace
}  // namespace meet::store
