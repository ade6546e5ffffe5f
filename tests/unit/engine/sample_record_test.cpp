// engine/: the deadline rule of a sample's record (docs/outputs.md, "Deadlines"), on hand-made records.
#include "engine/sample_record.hpp"

#include <gtest/gtest.h>

namespace hybridfog {
namespace {

// A completed sample that arrived at 10 s and was answered by head 2 (wrong) at `finish_s`.
SampleRecord answered_at(double finish_s) {
  SampleRecord r;
  r.arrival_s = 10;
  r.finish_s = finish_s;
  r.exit_head = 2;
  r.correct = false;
  r.outcome = SampleRecord::Outcome::completed;
  return r;
}

DeadlineFacts facts(double deadline_s, bool fallback, int device_head = -1, double device_head_s = 0, bool correct = false) {
  DeadlineFacts f;
  f.deadline_s = deadline_s;
  f.fallback_at_deadline = fallback;
  f.device_head = device_head;
  f.device_head_s = device_head_s;
  f.device_head_correct = correct;
  return f;
}

TEST(ApplyDeadline, AnAnswerByTheDeadlineIsInTime) {
  SampleRecord r = answered_at(10.08);
  apply_deadline(r, facts(0.08, true, 0, 10.01, true));  // exactly at the deadline: in time
  EXPECT_DOUBLE_EQ(r.deadline_s, 0.08);
  EXPECT_FALSE(r.late);
  EXPECT_FALSE(r.fallback);
  EXPECT_EQ(r.exit_head, 2);
  EXPECT_DOUBLE_EQ(r.finish_s, 10.08);
}

TEST(ApplyDeadline, ALateAnswerWithoutFallbackIsLate) {
  SampleRecord r = answered_at(10.2);
  apply_deadline(r, facts(0.08, false, 0, 10.01, true));
  EXPECT_TRUE(r.late);
  EXPECT_FALSE(r.fallback);
  EXPECT_EQ(r.exit_head, 2);
  EXPECT_DOUBLE_EQ(r.finish_s, 10.2);
}

TEST(ApplyDeadline, FallbackGivesTheDeviceAnswerAtTheDeadline) {
  SampleRecord r = answered_at(10.2);
  apply_deadline(r, facts(0.08, true, 0, 10.01, true));
  EXPECT_FALSE(r.late);
  EXPECT_TRUE(r.fallback);
  EXPECT_EQ(r.exit_head, 0);
  EXPECT_TRUE(r.correct);
  EXPECT_DOUBLE_EQ(r.finish_s, 10.08);
}

TEST(ApplyDeadline, NoFallbackWhenTheDeviceHeadCameAfterTheDeadlineOrIsNone) {
  SampleRecord late_head = answered_at(10.2);
  apply_deadline(late_head, facts(0.08, true, 0, 10.09, true));
  EXPECT_TRUE(late_head.late);
  EXPECT_FALSE(late_head.fallback);
  SampleRecord no_head = answered_at(10.2);
  apply_deadline(no_head, facts(0.08, true));
  EXPECT_TRUE(no_head.late);
  SampleRecord same_head = answered_at(10.2);  // the device's head is the one that answered late
  apply_deadline(same_head, facts(0.08, true, 2, 10.01, false));
  EXPECT_TRUE(same_head.late);
  EXPECT_FALSE(same_head.fallback);
}

TEST(ApplyDeadline, GivenUpIsAMissAndNeverFallsBack) {
  SampleRecord r = answered_at(10.01);  // even "before" the deadline: it has no answer
  r.outcome = SampleRecord::Outcome::given_up;
  r.exit_head = -1;
  apply_deadline(r, facts(0.08, true, 0, 10.0, true));
  EXPECT_TRUE(r.late);
  EXPECT_FALSE(r.fallback);
  EXPECT_EQ(r.exit_head, -1);
}

TEST(ApplyDeadline, OnlyACompletedSampleFallsBack) {
  SampleRecord r = answered_at(10.2);
  r.outcome = SampleRecord::Outcome::fell_back;  // the failures' fallback already answered from the device
  apply_deadline(r, facts(0.08, true, 0, 10.01, true));
  EXPECT_TRUE(r.late);
  EXPECT_FALSE(r.fallback);
}

}  // namespace
}  // namespace hybridfog
