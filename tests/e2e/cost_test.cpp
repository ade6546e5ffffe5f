// What a run costs (issue 22 §4; docs/formats.md "Prices", docs/outputs.md "Cost"), on real runs of the
// quickstart: the cost account against the documented formulas, computed here from the scenario's numbers
// (its host counts, the run's end, hosts.csv busy core-seconds and energies, links.csv bytes and energies);
// each kind of price alone changes exactly its own part and nothing else; no price, no change at all; and
// `partition --objective cost` ranks by the cost a sample causes, as the simulation counts it.
#include <gtest/gtest.h>

#include <cstdlib>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

constexpr double kSecondsPerHour = 3600, kJoulesPerKwh = 3.6e6, kBytesPerGb = 1e9;
// platforms/quickstart.yaml: 2 sites x 5 rpi4 devices, 1 nuc edge server per site, 2 xeon cloud hosts.
constexpr int kDevices = 10, kEdgeHosts = 2, kCloudHosts = 2;
const std::string kQuickstart = "scenarios/quickstart.yaml";

double number(const std::string& text) { return std::strtod(text.c_str(), nullptr); }

struct PricedRun {
  nlohmann::json summary;
  std::vector<std::map<std::string, std::string>> hosts, links;
  std::string console, dir;
};

PricedRun run_quickstart(const TempDir& dir, const std::string& name, const std::vector<std::string>& sets) {
  std::vector<std::string> args = {"run", kQuickstart, "-o", dir.file(name), "--no-progress"};
  for (const auto& s : sets) args.insert(args.end(), {"--set", s});
  const CommandResult r = run_hybridfog(args);
  EXPECT_EQ(r.status, 0) << r.err;
  PricedRun run;
  run.dir = dir.file(name);
  if (r.status != 0) return run;
  run.summary = read_json(run.dir + "/summary.json");
  run.hosts = read_csv(run.dir + "/hosts.csv");
  run.links = read_csv(run.dir + "/links.csv");
  run.console = r.out;
  return run;
}

// Σ of a hosts.csv column over the hosts of one tier.
double tier_sum(const PricedRun& run, const std::string& tier, const std::string& column) {
  double sum = 0;
  for (const auto& h : run.hosts)
    if (h.at("tier") == tier) sum += number(h.at(column));
  return sum;
}
double class_sum(const PricedRun& run, const std::string& link_class, const std::string& column) {
  double sum = 0;
  for (const auto& l : run.links)
    if (l.at("link_class") == link_class) sum += number(l.at(column));
  return sum;
}

// The prices of the closed-form test, every kind at once (docs/formats.md, "Prices").
const std::vector<std::string> kAllPrices = {
    "platform.price={per_kwh: 0.30 USD}",
    "platform.tiers[0].classes[0].price={per_busy_core_hour: 0.01 USD}",
    "platform.tiers[1].classes[0].price={per_hour: 0.05 USD, per_kwh: 0.20 USD}",
    "platform.tiers[2].classes[0].price={per_hour: 1.20 USD, per_busy_core_hour: 0.04 USD}",
    "platform.links.access.price={per_gb: 0.01 USD}",
    "platform.links.uplink.price={per_gb: 0.09 USD}",
};

TEST(Cost, QuickstartEqualsTheDocumentedFormulas) {
  TempDir dir;
  const PricedRun run = run_quickstart(dir, "out", kAllPrices);
  ASSERT_TRUE(run.summary.contains("cost_usd")) << run.summary.dump();
  const nlohmann::json& cost = run.summary["cost_usd"];
  EXPECT_EQ(cost["currency"], "USD");
  const double T = run.summary["sim_time_s"].get<double>();
  const double samples = run.summary["samples"].get<double>();
  ASSERT_EQ(samples, 1000);
  ASSERT_GT(T, 0);

  // device tier: rpi4, serverless price on busy core-hours, the platform's 0.30 per kWh; no radio model.
  const double device_busy = 0.01 * tier_sum(run, "device", "busy_core_s") / kSecondsPerHour;
  const double device_idle = 0.30 * tier_sum(run, "device", "idle_energy_j") / kJoulesPerKwh;
  const double device_caused_energy = 0.30 * tier_sum(run, "device", "dynamic_energy_j") / kJoulesPerKwh;
  // edge tier: nuc, provisioned per hour (2 servers for the whole run) and its own 0.20 per kWh.
  const double edge_hosting = kEdgeHosts * 0.05 * T / kSecondsPerHour;
  const double edge_idle = 0.20 * tier_sum(run, "edge", "idle_energy_j") / kJoulesPerKwh;
  const double edge_caused_energy = 0.20 * tier_sum(run, "edge", "dynamic_energy_j") / kJoulesPerKwh;
  // cloud tier: xeon, both kinds of host price, the platform's per kWh.
  const double cloud_hosting = kCloudHosts * 1.20 * T / kSecondsPerHour;
  const double cloud_busy = 0.04 * tier_sum(run, "cloud", "busy_core_s") / kSecondsPerHour;
  const double cloud_idle = 0.30 * tier_sum(run, "cloud", "idle_energy_j") / kJoulesPerKwh;
  const double cloud_caused_energy = 0.30 * tier_sum(run, "cloud", "dynamic_energy_j") / kJoulesPerKwh;
  // links: bytes carried per class; the access link's energy per bit at the platform's per kWh.
  const double access_traffic = 0.01 * class_sum(run, "access", "bytes") / kBytesPerGb;
  const double access_energy = 0.30 * class_sum(run, "access", "energy_j") / kJoulesPerKwh;
  const double uplink_traffic = 0.09 * class_sum(run, "uplink", "bytes") / kBytesPerGb;
  EXPECT_EQ(static_cast<int>(run.hosts.size()), kDevices + kEdgeHosts + kCloudHosts);
  EXPECT_GT(device_busy, 0);
  EXPECT_GT(cloud_busy, 0);
  EXPECT_GT(uplink_traffic, 0);
  EXPECT_GT(access_energy, 0);

  const auto& tiers = cost["by_tier"];
  expect_close(tiers["device"]["hosting"], 0, "device hosting");
  expect_close(tiers["device"]["busy_cores"], device_busy, "device busy cores");
  expect_close(tiers["device"]["energy_idle"], device_idle, "device idle energy");
  expect_close(tiers["device"]["energy_caused"], device_caused_energy, "device caused energy");
  expect_close(tiers["edge"]["hosting"], edge_hosting, "edge hosting");
  expect_close(tiers["edge"]["busy_cores"], 0, "edge busy cores");
  expect_close(tiers["edge"]["energy_idle"], edge_idle, "edge idle energy");
  expect_close(tiers["edge"]["energy_caused"], edge_caused_energy, "edge caused energy");
  expect_close(tiers["cloud"]["hosting"], cloud_hosting, "cloud hosting");
  expect_close(tiers["cloud"]["busy_cores"], cloud_busy, "cloud busy cores");
  expect_close(tiers["cloud"]["energy_idle"], cloud_idle, "cloud idle energy");
  expect_close(tiers["cloud"]["energy_caused"], cloud_caused_energy, "cloud caused energy");
  for (const char* tier : {"device", "edge", "cloud"}) {
    SCOPED_TRACE(tier);
    const auto& t = tiers[tier];
    expect_close(t["provisioned"], t["hosting"].get<double>() + t["energy_idle"].get<double>(), "provisioned");
    expect_close(t["caused"], t["busy_cores"].get<double>() + t["energy_caused"].get<double>(), "caused");
  }
  const auto& links = cost["by_link_class"];
  expect_close(links["access"]["traffic"], access_traffic, "access traffic");
  expect_close(links["access"]["energy"], access_energy, "access energy");
  expect_close(links["access"]["caused"], access_traffic + access_energy, "access caused");
  expect_close(links["uplink"]["traffic"], uplink_traffic, "uplink traffic");
  expect_close(links["uplink"]["energy"], 0, "uplink energy (no energy per bit)");
  expect_close(links["ingress"]["caused"], 0, "ingress (no price)");

  const double provisioned = edge_hosting + cloud_hosting + device_idle + edge_idle + cloud_idle;
  const double caused = device_busy + cloud_busy + device_caused_energy + edge_caused_energy + cloud_caused_energy +
                        access_traffic + access_energy + uplink_traffic;
  expect_close(cost["provisioned_total"], provisioned, "provisioned total");
  expect_close(cost["caused_total"], caused, "caused total");
  expect_close(cost["total"], provisioned + caused, "total");
  expect_close(cost["caused_per_sample"], caused / samples, "caused per sample");
  expect_close(cost["total_per_sample"], (provisioned + caused) / samples, "total per sample");

  // The energy priced is the energy account's, split the same way (docs/outputs.md, "Energy account").
  const auto& account = run.summary["energy_account_j"]["total"];
  expect_close(tier_sum(run, "device", "idle_energy_j") + tier_sum(run, "edge", "idle_energy_j") +
                   tier_sum(run, "cloud", "idle_energy_j"),
               account["host_idle"].get<double>(), "idle energy of hosts.csv = the account's");

  // The console gives the account (docs/outputs.md, "When it is done").
  EXPECT_NE(run.console.find("cost (USD)   total "), std::string::npos) << run.console;
  EXPECT_NE(run.console.find("  per sample "), std::string::npos) << run.console;
  EXPECT_NE(run.console.find("  links    access "), std::string::npos) << run.console;
}

// Everything of summary.json but its wall time and the cost account.
nlohmann::json without_cost(nlohmann::json summary) {
  summary.erase("wall_time_s");
  summary.erase("cost_usd");
  return summary;
}

TEST(Cost, EachPriceAloneChangesExactlyItsPart) {
  TempDir dir;
  const PricedRun plain = run_quickstart(dir, "plain", {});
  ASSERT_FALSE(plain.summary.empty());
  // No price anywhere: no cost in summary.json or on the console.
  for (const auto& [key, _] : plain.summary.items()) EXPECT_NE(key.rfind("cost", 0), 0u) << key;
  EXPECT_EQ(plain.console.find("cost ("), std::string::npos) << plain.console;

  struct Case {
    std::string name;
    std::string set;
    std::vector<std::string> nonzero;  // "tier.component" or "link.class.component" expected > 0; all others 0
  };
  const std::vector<Case> cases = {
      {"per_hour", "platform.tiers[2].classes[0].price={per_hour: 1 USD}", {"cloud.hosting"}},
      {"per_busy_core_hour", "platform.tiers[0].classes[0].price={per_busy_core_hour: 1 USD}", {"device.busy_cores"}},
      {"per_gb", "platform.links.uplink.price={per_gb: 1 USD}", {"link.uplink.traffic"}},
      // The platform's per kWh prices every joule: hosts idle and above idle, and the access link's bits (the
      // quickstart's binary model runs on the devices and in the cloud: the edge servers only idle).
      {"platform per_kwh", "platform.price={per_kwh: 1 USD}",
       {"device.energy_idle", "device.energy_caused", "edge.energy_idle", "cloud.energy_idle", "cloud.energy_caused",
        "link.access.energy"}},
      // A class's own per kWh prices its hosts only.
      {"class per_kwh", "platform.tiers[0].classes[0].price={per_kwh: 1 USD}", {"device.energy_idle", "device.energy_caused"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const PricedRun priced = run_quickstart(dir, "priced", {c.set});
    ASSERT_TRUE(priced.summary.contains("cost_usd")) << priced.summary.dump();
    // Nothing else changes: the other figures and the tables are the same, byte for byte.
    EXPECT_EQ(without_cost(priced.summary), without_cost(plain.summary));
    for (const char* file : {"samples.csv", "hosts.csv", "links.csv"})
      EXPECT_EQ(read_file(priced.dir + "/" + file), read_file(plain.dir + "/" + file)) << file;
    const auto& cost = priced.summary["cost_usd"];
    double expected_total = 0;
    for (const char* tier : {"device", "edge", "cloud"})
      for (const char* part : {"hosting", "busy_cores", "energy_idle", "energy_caused"}) {
        const std::string name = std::string(tier) + "." + part;
        const double value = cost["by_tier"][tier][part].get<double>();
        const bool priced_part = std::find(c.nonzero.begin(), c.nonzero.end(), name) != c.nonzero.end();
        if (priced_part) {
          EXPECT_GT(value, 0) << name;
        } else {
          EXPECT_EQ(value, 0) << name;
        }
        expected_total += value;
      }
    for (const char* link_class : {"access", "uplink", "ingress"})
      for (const char* part : {"traffic", "energy"}) {
        const std::string name = std::string("link.") + link_class + "." + part;
        const double value = cost["by_link_class"][link_class][part].get<double>();
        const bool priced_part = std::find(c.nonzero.begin(), c.nonzero.end(), name) != c.nonzero.end();
        if (priced_part) {
          EXPECT_GT(value, 0) << name;
        } else {
          EXPECT_EQ(value, 0) << name;
        }
        expected_total += value;
      }
    expect_close(cost["total"], expected_total, "total = the sum of its parts");
  }
}

TEST(Cost, TheCurrencyIsNamedOnceAndInTheKey) {
  TempDir dir;
  const PricedRun run = run_quickstart(dir, "eur", {"platform.currency=EUR", "platform.links.uplink.price={per_gb: 0.08 EUR}"});
  ASSERT_TRUE(run.summary.contains("cost_eur")) << run.summary.dump();
  EXPECT_FALSE(run.summary.contains("cost_usd"));
  EXPECT_EQ(run.summary["cost_eur"]["currency"], "EUR");
  expect_close(run.summary["cost_eur"]["caused_total"], 0.08 * class_sum(run, "uplink", "bytes") / kBytesPerGb,
               "uplink traffic in EUR");
  EXPECT_NE(run.console.find("cost (EUR)"), std::string::npos) << run.console;
}

TEST(Cost, SweepResultsCarryTheCostWithItsUnit) {
  TempDir dir;
  const std::string study = dir.write(
      "study.yaml", "name: cost\nbase: " + source_path(kQuickstart) +
                        "\nseed: 5\nreplications: 1\nset:\n  platform.links.uplink.price: {per_gb: 0.09 USD}\n"
                        "axes:\n  - grid:\n      policy.threshold: [0.3, 0.9]\n");
  const CommandResult r = run_hybridfog({"sweep", study, "-o", dir.file("study"), "--no-progress"});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto rows = read_csv(dir.file("study") + "/results.csv");
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    const nlohmann::json summary = read_json(dir.file("study") + "/" + row.at("output_dir") + "/summary.json");
    const double uplink_bytes = summary["bytes"]["by_link_class"]["uplink"].get<double>();
    expect_close(number(row.at("cost_usd.caused_total")), 0.09 * uplink_bytes / kBytesPerGb, "results.csv caused total");
    expect_close(number(row.at("cost_usd.by_link_class.uplink.caused")), 0.09 * uplink_bytes / kBytesPerGb, "uplink");
    expect_close(number(row.at("cost_usd.caused_per_sample")), 0.09 * uplink_bytes / kBytesPerGb / 1000, "per sample");
    EXPECT_EQ(number(row.at("cost_usd.provisioned_total")), 0);
    EXPECT_TRUE(row.count("cost_usd.by_tier.cloud.caused"));
  }
  // A lower threshold sends more samples to the cloud: more WAN bytes, a higher cost.
  EXPECT_GT(number(rows[0].at("cost_usd.caused_total")), number(rows[1].at("cost_usd.caused_total")));
}

// partition --objective cost (docs/partition.md): one device, one sample at a time, so the simulation has no
// contention and the cost it counts per sample equals the analytic estimate for every configuration.
const std::string kExits = "tests/data/partition/exits-scenario.yaml";

// Every configuration verified: the simulated cost per sample equals the estimate, and the ranks agree.
void expect_verified_cost_equals_the_simulation(const std::vector<std::string>& sets) {
  TempDir dir;
  std::vector<std::string> args = {"partition", kExits, "--top", "0", "--verify", "7", "--objective", "cost", "-o",
                                   dir.file("ranking.csv")};
  for (const auto& p : sets) args.insert(args.end(), {"--set", p});
  const CommandResult r = run_hybridfog(args);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("objective cost"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("the analytic and simulated rankings agree"), std::string::npos) << r.out;
  const auto rows = read_csv(dir.file("ranking.csv"));
  ASSERT_EQ(rows.size(), 7u);
  for (size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE(rows[i].at("partition"));
    const double estimate = number(rows[i].at("cost_usd_per_sample"));
    EXPECT_GT(estimate, 0);
    EXPECT_EQ(rows[i].at("objective"), rows[i].at("cost_usd_per_sample"));
    if (i > 0) {
      EXPECT_LE(number(rows[i - 1].at("cost_usd_per_sample")), estimate);
    }
    EXPECT_EQ(rows[i].at("sim.rank"), rows[i].at("rank"));
    EXPECT_NEAR(number(rows[i].at("sim.cost_usd_per_sample")), estimate, 1e-9 * estimate);
  }
}

TEST(Cost, PartitionRanksByTheCostASampleCauses) {
  const std::vector<std::string> prices = {
      "platform.price={per_kwh: 0.30 USD}",
      "platform.tiers[1].classes[0].price={per_busy_core_hour: 3.6 USD, per_hour: 100 USD}",
      "platform.tiers[1].classes[1].price={per_busy_core_hour: 0.36 USD}",
      "platform.links.uplink.price={per_gb: 1000 USD}",
  };
  expect_verified_cost_equals_the_simulation(prices);
  // The device class's own energy price, priced on its radio too (with a tail), and the analytic MAC view.
  std::vector<std::string> radio = prices;
  radio.push_back("platform.tiers[0].classes[0].price={per_kwh: 2 USD}");
  radio.push_back("platform.links.access.radio={transmit: 1.5W, receive: 1W, idle: 0.5W, tail: 20ms, tail_power: 1W}");
  expect_verified_cost_equals_the_simulation(radio);
  radio.push_back("outputs.compute_energy_view=analytic");
  expect_verified_cost_equals_the_simulation(radio);
  // A device in a slow performance state: busy core-seconds are counted at full core speed (hosts.csv
  // busy_core_s), by the estimate as by the run.
  std::vector<std::string> slow = prices;
  slow.push_back(
      "platform.tiers[0].classes[0]={name: dev, count: 1, cores: 1, throughput: {fp32: 1GMAC/s}, pstates: [{speed: 1, "
      "idle: 1W, busy: 2W}, {speed: 0.5, idle: 0.5W, busy: 1W}], governor: {name: fixed, pstate: 1}, energy_per_mac: "
      "{fp32: 1pJ}, price: {per_busy_core_hour: 36 USD}}");
  expect_verified_cost_equals_the_simulation(slow);

  TempDir dir;
  // By hand, one price at a time: the uplink's per GB alone costs wan_bytes x 1000 / 1e9 (the exits platform
  // has no ingress); the fast cloud class's busy core-hour alone costs its compute seconds x 3.6 / 3600.
  const auto ranking = [&](const std::string& set) {
    const CommandResult one = run_hybridfog({"partition", kExits, "--top", "0", "--objective", "cost", "--set", set, "-o",
                                             dir.file("one.csv")});
    EXPECT_EQ(one.status, 0) << one.err;
    return read_csv(dir.file("one.csv"));
  };
  for (const auto& row : ranking("platform.links.uplink.price={per_gb: 1000 USD}"))
    expect_close(number(row.at("cost_usd_per_sample")), number(row.at("wan_bytes")) * 1000 / kBytesPerGb, "per GB alone");
  for (const auto& row : ranking("platform.tiers[1].classes[0].price={per_busy_core_hour: 3.6 USD}")) {
    const double cloud_s = row.at("cloud.class") == "srv" ? number(row.at("cloud.compute_s")) : 0.0;
    expect_close(number(row.at("cost_usd_per_sample")), cloud_s * 3.6 / kSecondsPerHour, "busy core-hour alone");
  }
  // Provisioned prices alone cause nothing: every configuration costs 0 per sample, ranked as enumerated.
  for (const auto& row : ranking("platform.tiers[1].classes[0].price={per_hour: 5 USD}"))
    EXPECT_EQ(number(row.at("cost_usd_per_sample")), 0);
}

TEST(Cost, PartitionByCostWithoutPricesIsRefused) {
  const CommandResult r = run_hybridfog({"partition", kExits, "--objective", "cost"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "<command line>: --objective cost: the platform declares no price (docs/formats.md, \"Prices\"): "
                   "every configuration would cost 0\n");
}

}  // namespace
}  // namespace hybridfog::testing
