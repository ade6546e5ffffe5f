#pragma once
// What an estimator says about one configuration: expected figures for one sample, per tier and in total.
#include <array>
#include <string>

#include "search/search_space.hpp"

namespace hybridfog::search {

struct TierFigures {
  double compute_s = 0;         // expected compute time of one sample on this tier (heads included), at the
                                // speed of the pstate a lone sample finds (docs/partition.md, "Cost model")
  double compute_energy_j = 0;  // expected Σ MACs × energy per MAC on this tier (MAC only, analytic view)
  double dynamic_energy_j = 0;  // expected (busy − idle power per core of that pstate) × its compute seconds
  double batch_wait_s = 0;      // expected wait of a lone sample for its batches to form (max_wait per stage)
  double reach = 0;             // fraction of samples that compute anything on this tier
  double in_bytes = 0;          // expected bytes one sample carries INTO this tier (cut tensor or raw input)
  double in_transfer_s = 0;     // expected time of that hop (latency + bytes / bandwidth), 0 for no hop
  double max_upload_bytes = 0;  // the most bytes a sample sends out of this tier in one hop (answers excluded)
};

struct Estimate {
  bool feasible = true;
  const char* infeasible_because = "";  // static text, for the empty-result diagnosis
  std::array<TierFigures, kMaxTiers> tier{};
  double latency_s = 0;        // compute + transfer + return
  double compute_s = 0;        // Σ tier compute
  double transfer_s = 0;       // Σ hops towards the data's destination
  double return_s = 0;         // expected time of the answer's trip back to the device
  double batch_wait_s = 0;     // Σ tier batch_wait_s (part of latency_s)
  // The energy a sample causes above idle, as `run` counts it (docs/outputs.md, "Energy account"): computation
  // in the scenario's compute view (outputs.compute_energy_view: host dynamic, or analytic MAC energy),
  // the device radio above idle, and the links' energy per bit.
  double radio_energy_j = 0;   // the device radio above idle: (transmit or receive − idle) over its transfers + a tail
  double device_energy_j = 0;  // device tier computation + radio above idle + the bits on the device's access link
  double total_energy_j = 0;   // every tier's computation + radio above idle + every link's energy per bit
  double wan_bytes = 0;        // expected bytes to and from the central tier (the uplink), answers included
  // The cost a sample causes, as `run` counts it (docs/outputs.md, "Cost": caused_per_sample), in the
  // platform's currency: busy core-hours × per_busy_core_hour, caused energy (as total_energy_j) × per_kwh,
  // bytes × per_gb of every link class on its hops. 0 without prices.
  double caused_cost = 0;
};

// Scores configurations of one search space. Implementations are immutable after construction and
// evaluate() is cheap (no allocation): it is called for every configuration.
class Estimator {
 public:
  virtual ~Estimator() = default;
  virtual const SearchSpace& space() const = 0;
  virtual Estimate evaluate(const Configuration& config) const = 0;
  // Short name for tables and docs: "hybridfog" or "scission".
  virtual std::string name() const = 0;
};

}  // namespace hybridfog::search
