#pragma once
// `--model scission`: Scission's prediction (Lockhart et al., UCC 2020) from measured benchmarks.
//
//   latency = Σ measured block times on the chosen machines
//           + for each hop between consecutive used tiers: ping + bytes / bandwidth
// where the bytes are the output of the last block before the hop, as measured on the machine that ran
// it, or the raw input (default 0.15 MB) when the device runs nothing; no return trip; no early exits.
// The arithmetic is done in Scission's order (device + edge + cloud time, then the hops) so that equal
// inputs give bit-equal latencies and the same ranking.
//
// Machines are the benchmark's systems, matched by name to host classes of the scenario's platform (which
// gives their tier; a `tier` column of the benchmark must agree); a host class without benchmark rows
// cannot be chosen.
//
// scission_compat (`partition --scission-compat`): Scission's scission_predict.py decides what is sent by
// the recorded times, not by tier use: when the edge and cloud block times sum to 0.0 s the device sends
// 0 bytes; otherwise, when the cloud block times sum to 0.0 s the edge sends 0 bytes (the hop's ping is
// still paid). Without it, a used tier always receives its input tensor (the physically right rule).
#include <vector>

#include "scenario/scenario_spec.hpp"
#include "search/benchmark_csv.hpp"
#include "search/estimate.hpp"

namespace hybridfog::search {

class ScissionEstimator final : public Estimator {
 public:
  // Throws InputError when a system is not a host class of the platform, the device tier has no benchmarked
  // system, or the network lacks a pair of systems on two tiers.
  ScissionEstimator(const ScenarioSpec& spec, const Benchmark& benchmark, const NetworkTable& network,
                    double raw_input_bytes, bool scission_compat = false);

  const SearchSpace& space() const override { return space_; }
  Estimate evaluate(const Configuration& config) const override;
  std::string name() const override { return scission_compat_ ? "scission (--scission-compat)" : "scission"; }

 private:
  struct Link {
    double ping_s = 0;
    double bytes_per_s = 1;
  };
  const Link& link(int from_machine, int to_machine) const { return links_[from_machine * machine_count_ + to_machine]; }

  SearchSpace space_;
  std::vector<int> machine_offset_;
  int machine_count_ = 0;
  std::vector<const MeasuredSystem*> system_;  // per machine, nullptr when not benchmarked
  std::vector<Link> links_;
  std::vector<char> central_;  // per tier: the central tier (its hops in count as WAN)
  double raw_input_bytes_ = 0;
  bool scission_compat_ = false;
};

}  // namespace hybridfog::search
