#include "cli/summary_printer.hpp"

#include <algorithm>
#include <cstdio>

namespace hybridfog::cli {

std::string fixed(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
  return buffer;
}

void print_summary(const nlohmann::json& s, std::ostream& out) {
  out << "samples      " << s["samples"].get<std::uint64_t>() << "\n";
  out << "accuracy     " << fixed(s["accuracy"].get<double>()) << "\n";
  out << "exits       ";
  for (const auto& [head, fraction] : s["exit_fraction"].items()) out << " " << head << "=" << fixed(fraction.get<double>());
  out << "\n";
  const auto& l = s["latency_s"];
  out << "latency (ms) mean " << fixed(l["mean"].get<double>() * 1e3, 3) << "  p50 " << fixed(l["p50"].get<double>() * 1e3, 3)
      << "  p95 " << fixed(l["p95"].get<double>() * 1e3, 3) << "  p99 " << fixed(l["p99"].get<double>() * 1e3, 3)
      << "  max " << fixed(l["max"].get<double>() * 1e3, 3) << "\n";
  const auto& a = s["energy_account_j"];
  const auto& t = a["total"];
  const double n = std::max<double>(1, s["samples"].get<double>());
  const bool analytic = a["compute_view"] == "analytic";
  out << "energy (J)   fleet " << fixed(a["fleet_total"].get<double>()) << " = idle " << fixed(a["idle_total"].get<double>())
      << " + host dynamic " << fixed(t["host_dynamic"].get<double>()) << " + radio above idle "
      << fixed(t["radio_above_idle"].get<double>()) << " + network " << fixed(t["network"].get<double>())
      << (a["radio_modelled"].get<bool>() ? "" : " (no radio model)") << "\n";
  out << "  per sample " << fixed(a["caused_per_sample"].get<double>() * 1e3, 6) << " mJ caused (idle excluded) = "
      << (analytic ? "compute (MACs x energy/MAC) " : "host dynamic ")
      << fixed((analytic ? t["compute_analytic"] : t["host_dynamic"]).get<double>() / n * 1e3, 6) << " + radio "
      << fixed(t["radio_above_idle"].get<double>() / n * 1e3, 6) << " + network "
      << fixed(t["network"].get<double>() / n * 1e3, 6) << "\n";
  out << "  by tier   ";
  for (const auto& [tier, c] : a["by_tier"].items())
    out << " " << tier << ": idle " << fixed(c["host_idle"].get<double>() + c["radio_idle"].get<double>()) << " dynamic "
        << fixed(c["host_dynamic"].get<double>()) << " radio " << fixed(c["radio_above_idle"].get<double>())
        << " compute(MAC) " << fixed(c["compute_analytic"].get<double>(), 6) << ";";
  out << "\n";
  out << "bytes        total " << s["bytes"]["total"].get<double>() << ";";
  for (const auto& [c, b] : s["bytes"]["by_link_class"].items()) out << " " << c << "=" << b.get<double>();
  out << "\n";
  if (s.contains("recovery")) {  // failures or a wireless access: every arrival accounted for once
    const auto& r = s["recovery"];
    out << "outcomes     " << r["arrivals"].get<std::uint64_t>() << " arrivals = " << r["completed"].get<std::uint64_t>()
        << " completed + " << r["fell_back"].get<std::uint64_t>() << " fell back + " << r["given_up"].get<std::uint64_t>()
        << " given up; " << r["losses"].get<std::uint64_t>() << " losses, " << r["retried"].get<std::uint64_t>()
        << " samples retried\n";
  }
  if (s.contains("mobility")) {
    const auto& m = s["mobility"];
    out << "mobility     " << m["given_up_out_of_coverage"].get<std::uint64_t>() << " given up out of coverage; "
        << m["handovers"].get<std::uint64_t>() << " handovers, " << m["reassociations"].get<std::uint64_t>() << " re-associations, "
        << m["interrupted_transfers"].get<std::uint64_t>() << " transfers interrupted, "
        << fixed(m["out_of_coverage_s"].get<double>(), 3) << " s out of coverage (all devices)\n";
  }
  out << "sim time     " << fixed(s["sim_time_s"].get<double>(), 3) << " s, wall time " << fixed(s["wall_time_s"].get<double>(), 3)
      << " s\n";
}

}  // namespace hybridfog::cli
