// engine/ids.hpp: typed ids; who owns an execution (a sample or a batch) and a radio tail (a sample in flight
// or a device's parked record) round-trips without any sign or parity leaking out.
#include "engine/ids.hpp"

#include <gtest/gtest.h>

namespace hybridfog {
namespace {

TEST(Ids, AnIdIsInvalidUntilGivenAValue) {
  EXPECT_FALSE(SampleId().valid());
  EXPECT_TRUE(SampleId(0).valid());
  EXPECT_EQ(HostId(3), HostId(3));
  EXPECT_NE(HostId(3), HostId(4));
  EXPECT_LT(BatchId(1), BatchId(2));
}

TEST(Ids, AnExecutionOwnerIsASampleOrABatchNeverBoth) {
  const ExecOwner sample = ExecOwner::of(SampleId(7)), batch = ExecOwner::of(BatchId(7));
  EXPECT_FALSE(sample.is_batch());
  EXPECT_EQ(sample.sample(), SampleId(7));
  EXPECT_FALSE(sample.batch().valid());
  EXPECT_TRUE(batch.is_batch());
  EXPECT_EQ(batch.batch(), BatchId(7));
  EXPECT_FALSE(batch.sample().valid());
  EXPECT_FALSE(sample == batch);  // same index, different kinds
}

TEST(Ids, ATailOwnerRoundTripsThroughItsEncodedInt) {
  for (int i = 0; i < 5; ++i) {
    const TailOwner sample = TailOwner::decode(TailOwner::of(SampleId(i)).encoded());
    EXPECT_FALSE(sample.is_parked());
    EXPECT_EQ(sample.sample(), SampleId(i));
    EXPECT_FALSE(sample.device().valid());
    const TailOwner parked = TailOwner::decode(TailOwner::parked(DeviceId(i)).encoded());
    EXPECT_TRUE(parked.is_parked());
    EXPECT_EQ(parked.device(), DeviceId(i));
    EXPECT_FALSE(parked.sample().valid());
    EXPECT_GE(TailOwner::of(SampleId(i)).encoded(), 0);  // RadioMeter's -1 stays "nobody"
    EXPECT_NE(TailOwner::of(SampleId(i)).encoded(), TailOwner::parked(DeviceId(i)).encoded());
  }
}

}  // namespace
}  // namespace hybridfog
