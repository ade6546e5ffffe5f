// Arrival processes end to end (docs/formats.md, "Arrival processes"): a trace-driven workload puts every
// sample on its device at the CSV's time exactly; the random processes are byte-identical under the same
// seed; the offered-load warnings use each process's mean rate.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

TEST(Arrivals, TraceDrivenArrivalsAreTheCsvsTimesAndDevicesExactly) {
  TempDir dir;
  // 60 arrivals on the quickstart's 10 devices, by number and by host name, with ties and a gap.
  std::string csv = "time_s,device\n";
  std::vector<std::pair<double, int>> expected;
  for (int i = 0; i < 60; ++i) {
    const double t = 0.37 * (i / 2) + (i % 7 == 0 ? 5.0 : 0.0) * (i / 30);
    const int device = (i * 7) % 10;
    expected.emplace_back(t, device);
  }
  std::sort(expected.begin(), expected.end());
  for (const auto& [t, device] : expected) {
    char line[96];
    if (device % 2 == 0)
      std::snprintf(line, sizeof line, "%.17g,%d\n", t, device);
    else  // odd devices by host name: device d is site d / 5, rpi4 number d % 5
      std::snprintf(line, sizeof line, "%.17g,site%d-device-rpi4-%d\n", t, device / 5, device % 5);
    csv += line;
  }
  const std::string trace = dir.write("arrivals.csv", csv);
  const std::string out = dir.file("out");
  const CommandResult r = run_hybridfog({"run", "scenarios/quickstart.yaml", "--set",
                                         "workload={arrivals: trace, file: " + trace + "}", "-o", out, "--no-progress"});
  ASSERT_EQ(r.status, 0) << r.err;
  auto samples = read_csv(out + "/samples.csv");
  ASSERT_EQ(samples.size(), expected.size());
  std::sort(samples.begin(), samples.end(),
            [](const auto& a, const auto& b) { return std::stoll(a.at("sample_id")) < std::stoll(b.at("sample_id")); });
  for (size_t i = 0; i < samples.size(); ++i) {
    EXPECT_EQ(std::stod(samples[i].at("arrival_s")), expected[i].first) << i;
    EXPECT_EQ(std::stoi(samples[i].at("device")), expected[i].second) << i;
  }
  const nlohmann::json manifest = read_json(out + "/manifest.json");
  EXPECT_EQ(manifest["scenario"]["workload"]["arrivals"], "trace");
  bool recorded = false;
  for (const auto& input : manifest["inputs"]) recorded = recorded || input["role"] == "arrivals";
  EXPECT_TRUE(recorded);
}

TEST(Arrivals, EveryRandomProcessIsByteIdenticalUnderTheSameSeed) {
  const std::vector<std::string> workloads = {
      "{arrivals: bursty, states: [{rate: 20/s, mean_sojourn: 1s}, {rate: 1/s, mean_sojourn: 4s}], duration: 10s}",
      "{arrivals: profile, profile: [{time: 0s, rate: 1/s}, {time: 2s, rate: 10/s}], period: 4s, duration: 10s}",
      "{arrivals: periodic, rate: 3/s, samples_per_device: 10, classes: {rpi4: {arrivals: poisson, rate: 5/s}}}"};
  for (const auto& workload : workloads) {
    SCOPED_TRACE(workload);
    TempDir dir;
    std::vector<std::string> files;
    for (const char* seed : {"5", "5", "6"}) {
      const std::string out = dir.file(std::string("out") + std::to_string(files.size()));
      const CommandResult r = run_hybridfog({"run", "scenarios/quickstart.yaml", "--set", "workload=" + workload, "--seed",
                                             seed, "-o", out, "--no-progress"});
      ASSERT_EQ(r.status, 0) << r.err;
      files.push_back(read_file(out + "/samples.csv"));
    }
    EXPECT_GT(files[0].size(), 1000u);
    EXPECT_EQ(files[0], files[1]);
    EXPECT_NE(files[0], files[2]);
  }
}

// The warnings of `validate` for a workload (stderr lines with "offered").
std::string offered_warnings(const std::string& workload) {
  const CommandResult r = run_hybridfog({"validate", "scenarios/quickstart.yaml", "--set", "workload=" + workload});
  EXPECT_EQ(r.status, 0) << r.err;
  return r.err;
}

TEST(Arrivals, OfferedLoadUsesEachProcessesMeanRate) {
  // Mean 5,000/s per device in every form: Poisson; bursty 0.5 x 9,000 + 0.5 x 1,000; a profile of 9,000/s
  // and 1,000/s for 1 s each, over 100 s (50 periods).
  const std::string poisson = offered_warnings("{arrivals: poisson, rate: 5000/s, duration: 100s}");
  EXPECT_NE(poisson.find("[warning] uplink: offered 244 Mbps > capacity 50 Mbps"), std::string::npos) << poisson;
  EXPECT_EQ(offered_warnings("{arrivals: bursty, states: [{rate: 9000/s, mean_sojourn: 1s}, "
                             "{rate: 1000/s, mean_sojourn: 1s}], duration: 100s}"),
            poisson);
  EXPECT_EQ(offered_warnings("{arrivals: profile, profile: [{time: 0s, rate: 9000/s}, {time: 1s, rate: 1000/s}], "
                             "period: 2s, duration: 100s}"),
            poisson);
  // Per class: the one class of the quickstart's devices gets the same mean through `classes`.
  EXPECT_EQ(offered_warnings("{arrivals: poisson, rate: 1/s, duration: 100s, classes: {rpi4: {arrivals: poisson, "
                             "rate: 5000/s}}}"),
            poisson);
  // A mean of 1,000/s offers 48.8 Mbps to the uplink: no warning, though the burst state alone (1,800/s) would
  // overload it (the warning is about queues that grow without bound, which only the mean decides).
  EXPECT_EQ(offered_warnings("{arrivals: bursty, states: [{rate: 1800/s, mean_sojourn: 1s}, "
                             "{rate: 200/s, mean_sojourn: 1s}], duration: 100s}")
                .find("uplink"),
            std::string::npos);
}

}  // namespace
}  // namespace hybridfog::testing
