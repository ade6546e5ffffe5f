#pragma once
// What a sample's record says at its end (docs/outputs.md, "samples.csv"): pure functions of the sample's
// figures, unit-tested on hand-made values.
#include "metrics/records.hpp"

namespace hybridfog {

// What the deadline rule needs to know beyond the record itself.
struct DeadlineFacts {
  double deadline_s = 0;              // the sample's deadline, relative to its arrival
  bool fallback_at_deadline = false;  // the policy asks for the device's answer at the deadline (on_late: fallback)
  int device_head = -1;               // the last exit head computed on its device, -1: none
  double device_head_s = 0;           // when
  bool device_head_correct = false;   // that head's answer is right
};

// Deadlines (docs/outputs.md): an answer after the deadline is late, unless the policy asked for the
// device's answer at the deadline and the device had computed a head (other than the one that answered) by
// then: the record then holds that head's answer, at the deadline (everything the sample caused stays in
// the record). A given-up sample has no answer: a miss. Only a completed sample falls back.
// Sets record.deadline_s, and record.late or record.fallback (with exit_head, correct and finish_s).
void apply_deadline(SampleRecord& record, const DeadlineFacts& facts);

}  // namespace hybridfog
