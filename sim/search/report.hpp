#pragma once
// Output of `hybridfog partition`: the ranked table on stdout, the same as CSV (docs/partition.md lists
// the columns), and the side-by-side comparison of the analytic and simulated rankings.
#include <ostream>
#include <string>
#include <vector>

#include "search/partition_search.hpp"
#include "search/verify.hpp"

namespace hybridfog::search {

// Human-readable ranking: one line per configuration.
void print_ranking(std::ostream& out, const Estimator& estimator, const SearchResult& result, const Objective& objective);

// CSV, one row per ranked configuration. `verified` (may be empty) holds the simulated figures of the
// first verified.size() rows.
void write_ranking_csv(std::ostream& out, const Estimator& estimator, const std::vector<Ranked>& ranked,
                       const Objective& objective, const std::vector<SimulatedFigures>& verified);

// Analytic vs simulated ranks and objective values of the verified configurations, flagging each
// configuration whose two ranks differ. Returns the number of disagreements.
int print_verification(std::ostream& out, const Estimator& estimator, const std::vector<Ranked>& ranked,
                       const Objective& objective, const std::vector<SimulatedFigures>& verified);

// "rpi4[0-3] > xeon[4-8]": the machines and block ranges of the used tiers (device class always shown).
std::string describe_configuration(const SearchSpace& space, const Configuration& config);

}  // namespace hybridfog::search
