#pragma once
// Numbers as written into the CSV outputs (samples.csv, hosts.csv, links.csv, results.csv).
#include <string>

namespace hybridfog {

// printf("%.*g") with enough digits to round-trip a double, the same on every run.
std::string format_number(double value);

}  // namespace hybridfog
