// The records of the sample lifecycle (engine/lifecycle.hpp): a sample's samples.csv row as of now, and its
// hand-over to the recorder with the energy it caused.
#include <simgrid/s4u/Engine.hpp>

#include "engine/lifecycle.hpp"
#include "engine/sample_record.hpp"

namespace sg4 = simgrid::s4u;

namespace hybridfog {

SampleRecord Simulation::record_of(int id) const {
  const Sample& s = samples_[SampleId(id)];
  SampleRecord record;
  record.id = s.id;
  record.device = s.device;
  record.trace_row = s.row;
  record.application = s.app;
  const Trace& trace = *traces_[static_cast<size_t>(s.app)];
  record.dataset_sample = trace.sample[s.row];
  record.exit_head = s.exit_head;
  // A given-up sample has no answer: it counts as wrong (docs/outputs.md, "Failures and recovery").
  record.correct = s.exit_head >= 0 && trace.heads[s.exit_head].pred[s.row] == trace.label[s.row];
  record.outcome = s.outcome;
  record.losses = s.losses;
  record.retries = s.retries;
  record.recovery_wait_s = s.recovery_wait_s;
  record.arrival_s = s.arrival_s;
  record.finish_s = sg4::Engine::get_clock();
  record.compute_s = s.compute_s;
  record.queue_s = s.queue_s;
  record.send_queue_s = s.send_queue_s;
  record.transfer_s = s.transfer_s;
  record.bytes_sent = s.bytes_sent;
  record.host_dynamic_energy_j = s.host_dynamic_j;
  record.compute_energy_j = s.compute_j;
  record.radio_energy_j = s.radio_j;
  record.network_energy_j = s.network_j;
  record.batch_wait_s = s.batch_wait_s;
  record.batch_size = s.batch_size;
  record.policy_threshold = s.threshold;
  if (!spec_.workload.deadline_s_by_class.empty()) {  // every application has one, or none (scenario_spec.cpp)
    DeadlineFacts facts;
    facts.deadline_s = decider_->deadline_s(s.device, s.app);
    facts.fallback_at_deadline = decider_->fallback_at_deadline(s.app);
    facts.device_head = s.device_head;
    facts.device_head_s = s.device_head_s;
    facts.device_head_correct = s.device_head >= 0 && trace.heads[s.device_head].pred[s.row] == trace.label[s.row];
    apply_deadline(record, facts);
  }
  compute_->note_hosts(SampleId(id), record);  // orchestration outputs only
  if (wireless_) wireless_->fill_record(SampleId(id), record);
  return record;
}

void Simulation::emit(SampleRecord r) {
  const bool analytic = spec_.outputs.compute_energy_view == ComputeEnergyView::analytic;
  r.energy_j = (analytic ? r.compute_energy_j : r.host_dynamic_energy_j) + r.radio_energy_j + r.network_energy_j;
  recorder_.record_sample(r);
  if (options_.on_sample) options_.on_sample(r);
}

}  // namespace hybridfog
