#include "engine/send_queue.hpp"

#include <gtest/gtest.h>

namespace hybridfog {
namespace {

TEST(SendQueues, KeepsAtMostTheLimitInFlightAndServesWaitersFirstComeFirstServed) {
  SendQueues queues({2, 1});
  EXPECT_TRUE(queues.request(0, 10));
  EXPECT_TRUE(queues.request(0, 11));
  EXPECT_FALSE(queues.request(0, 12));
  EXPECT_FALSE(queues.request(0, 3));
  EXPECT_TRUE(queues.request(1, 4));  // another host has its own flows
  EXPECT_EQ(queues.in_flight(0), 2);
  EXPECT_EQ(queues.waiting(0), 2);
  EXPECT_EQ(queues.finish(0), std::optional<int>(12));  // 12 takes the freed flow
  EXPECT_EQ(queues.in_flight(0), 2);
  EXPECT_EQ(queues.finish(0), std::optional<int>(3));
  EXPECT_EQ(queues.finish(0), std::nullopt);
  EXPECT_EQ(queues.in_flight(0), 1);
  EXPECT_TRUE(queues.request(0, 12));  // a sample id can queue again after its turn
  EXPECT_FALSE(queues.request(0, 5));
  EXPECT_EQ(queues.finish(0), std::optional<int>(5));
  EXPECT_EQ(queues.finish(0), std::nullopt);
  EXPECT_EQ(queues.finish(0), std::nullopt);
  EXPECT_EQ(queues.in_flight(0), 0);
  EXPECT_EQ(queues.finish(1), std::nullopt);
}

TEST(SendQueues, ZeroMeansUnlimited) {
  SendQueues queues({0});
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(queues.request(0, i));
  EXPECT_EQ(queues.in_flight(0), 1000);
  EXPECT_EQ(queues.waiting(0), 0);
}

}  // namespace
}  // namespace hybridfog
