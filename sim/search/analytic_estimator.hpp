#pragma once
// The analytic estimator: hybridfog's own cost model of one sample alone on the platform (no contention,
// no queueing), with early exits.
//
//  - compute time and energy of a layer on a host class: cost/ (as the engine), or a measured block time
//    spread over the block's layers by MACs;
//    a head runs on the tier of the layer it reads;
//  - a hop between tiers: cost::hop_between / hop_seconds (the CM02 time of a lone flow), carrying the tensors that cross the cut (the raw input when the
//    device runs nothing);
//  - the answer goes back to the device from wherever the sample stops (workload.result_size);
//  - expected figures weight every path by the fraction of trace rows taking it under the scenario's
//    policy (sample_classes.hpp): samples that exit early do not pay the later tiers;
//  - pstates: a lone sample runs in the state it finds: a `fixed` governor's state, or for `ondemand` the
//    slowest state (state 0 with up_queue 0); time / speed, (busy − idle) power of that state;
//  - batching: a lone sample's batch is released by max_wait (max_size > 1), once per stage on the class;
//  - radio: (transmit − idle) over every upload of the sample from its device, (receive − idle) over the
//    answer's download, and one full tail (tail_power − idle) × tail after its last transfer; a tail between
//    its own transfers is cut by the next one. Ignored: contention (other samples' flows, queues, batches
//    filling up, tails cut by other samples' transfers, ondemand raised by a queue).
//  Energies are those `run` counts as caused (estimate.hpp): computation in the scenario's compute view,
//  radio above idle and network energy per bit.
//  - cost (docs/outputs.md, "Cost"): what `run` counts as caused: the sample's computation seconds at full
//    core speed × per_busy_core_hour, its caused energy × per_kwh (the class's, or the platform's for links),
//    its bytes × per_gb of each link class it crosses; provisioned cost (per_hour, idle energy) is the same
//    for every configuration of a platform and is not estimated.
#include <memory>
#include <vector>

#include "cost/cost_model.hpp"
#include "scenario/scenario_spec.hpp"
#include "search/benchmark_csv.hpp"
#include "search/estimate.hpp"
#include "search/sample_classes.hpp"

namespace hybridfog::search {

class AnalyticEstimator final : public Estimator {
 public:
  // Blocks: the benchmark's when `measured` is given (its systems' times replace the analytic times of
  // the host classes of the same name), else the profile's cut points.
  // Throws InputError when the placement ignores the partition (cloud-only) or a benchmark system is not a
  // host class of the platform.
  AnalyticEstimator(const ScenarioSpec& spec, const Benchmark* measured = nullptr);

  const SearchSpace& space() const override { return space_; }
  Estimate evaluate(const Configuration& config) const override;
  std::string name() const override { return "hybridfog"; }

  const std::vector<SampleClass>& sample_classes() const { return classes_; }
  const std::vector<double>& boundary_bytes() const { return boundary_bytes_; }

 private:
  struct MachineTables {
    std::vector<double> time_prefix;    // Σ seconds of layers [0, l)
    std::vector<double> energy_prefix;  // Σ joules of layers [0, l)
    std::vector<int> unrunnable_prefix; // layers [0, l) this class has no throughput for
    std::vector<double> head_time, head_energy;
    std::vector<double> dynamic_prefix;  // Σ (busy − idle) × seconds of layers [0, l) in the state in force
    std::vector<double> head_dynamic;
    std::vector<double> cost_prefix;     // Σ caused cost of layers [0, l): busy core-seconds and caused energy priced
    std::vector<double> head_cost;
    double price_per_j = 0;              // the class's energy price per joule (its radio's too)
    double batch_wait_s = 0;             // max_wait of the class's batching (0 without batching)
    std::vector<char> head_runnable;
  };
  const cost::Hop& hop(int from_machine, int to_machine) const { return hops_[from_machine * machine_count_ + to_machine]; }

  SearchSpace space_;
  std::vector<int> machine_offset_;  // per tier: global index of its first machine
  int machine_count_ = 0;
  std::vector<MachineTables> machines_;
  std::vector<cost::Hop> hops_;
  std::vector<double> boundary_bytes_;  // per block
  std::vector<HeadSpec> heads_;
  std::vector<int> head_after_;         // per head: the layer it reads
  // skip_bytes_[h * blocks + b]: bytes carried when a sample escalates from exit head h straight to a last
  // tier starting at block b; NaN when that stage reads tensors only skipped layers make.
  std::vector<double> skip_bytes_;
  bool may_escalate_ = false;
  double result_bytes_ = 0;
  bool analytic_view_ = false;  // outputs.compute_energy_view: analytic (else host dynamic)
  std::optional<RadioSpec> radio_;  // the access link's radio model
  double link_price_per_j_ = 0;     // the platform's energy price per joule (links' energy per bit)
  std::vector<SampleClass> classes_;
};

}  // namespace hybridfog::search
