#pragma once
// Human-readable digest of a run's summary.json, printed by `hybridfog run` and `make demo`
// (docs/outputs.md, "Console summary").
#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace hybridfog::cli {

// "%.*f" of a value.
std::string fixed(double value, int digits = 4);
// A byte count with an SI unit: 950 -> "950 B", 12345 -> "12.35 kB", 3.2e9 -> "3.20 GB".
std::string human_bytes(double bytes);
// `tiers`: the platform's tier names from the device outwards (the order the digest lists them in); tiers of
// the summary that are not in it follow by name. Empty: device, edge, fog, cloud, then the rest by name.
void print_summary(const nlohmann::json& summary, std::ostream& out, const std::vector<std::string>& tiers = {});

}  // namespace hybridfog::cli
