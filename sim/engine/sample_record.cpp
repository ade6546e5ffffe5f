#include "engine/sample_record.hpp"

namespace hybridfog {

void apply_deadline(SampleRecord& record, const DeadlineFacts& facts) {
  record.deadline_s = facts.deadline_s;
  const double due_s = record.arrival_s + facts.deadline_s;
  if (record.given_up()) {
    record.late = true;
  } else if (record.finish_s > due_s) {
    if (record.outcome == SampleRecord::Outcome::completed && facts.fallback_at_deadline && facts.device_head >= 0 &&
        facts.device_head != record.exit_head && facts.device_head_s <= due_s) {
      record.fallback = true;
      record.exit_head = facts.device_head;
      record.correct = facts.device_head_correct;
      record.finish_s = due_s;
    } else {
      record.late = true;
    }
  }
}

}  // namespace hybridfog
