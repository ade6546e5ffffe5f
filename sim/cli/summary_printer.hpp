#pragma once
// Human-readable digest of a run's summary.json, printed by `hybridfog run` and `make demo`.
#include <nlohmann/json.hpp>

#include <ostream>
#include <string>

namespace hybridfog::cli {

// "%.*f" of a value.
std::string fixed(double value, int digits = 4);
void print_summary(const nlohmann::json& summary, std::ostream& out);

}  // namespace hybridfog::cli
