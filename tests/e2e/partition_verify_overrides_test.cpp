// `partition --verify` on a tier with two host classes: the restricted platform copy must carry the run's
// `--set platform.<path>` overrides, and they must not be passed a second time.
#include <gtest/gtest.h>

#include "e2e_support.hpp"

namespace hybridfog::testing {
namespace {

TEST(PartitionVerify, RestrictedPlatformCarriesPlatformOverrides) {
  TempDir dir;
  std::string platform = read_file(source_path("platforms/quickstart.yaml"));
  const std::string cloud = "  - name: cloud\n    scope: central";
  const size_t at = platform.find(cloud);
  ASSERT_NE(at, std::string::npos);
  platform.insert(at,
                  "      - name: second\n        count: 1\n        cores: 2\n"
                  "        throughput: {fp32: 20GMAC/s, fp16: 20GMAC/s, int8: 80GMAC/s, int4: 160GMAC/s, binary: 640GMAC/s}\n"
                  "        power_per_core: {idle: 1W, busy: 3W}\n");
  dir.write("platform.yaml", platform);
  std::string scenario = read_file(source_path("scenarios/quickstart.yaml"));
  scenario.replace(scenario.find("../platforms/quickstart.yaml"), 28, "platform.yaml");
  while (scenario.find("../models/") != std::string::npos)
    scenario.replace(scenario.find("../models/"), 10, source_path("models/"));
  const std::string scenario_file = dir.write("scenario.yaml", scenario);

  const CommandResult r = run_hybridfog({"partition", scenario_file, "--set", "workload.samples_per_device=3", "--set",
                                         "platform.links.uplink.bandwidth=2Mbps", "--top", "3", "--verify", "3",
                                         "--verify-dir", dir.file("verify")});
  ASSERT_EQ(r.status, 0) << r.err;
  int restricted = 0;
  for (int rank = 1; rank <= 3; ++rank) {
    const std::string base = dir.file("verify/rank-" + std::to_string(rank));
    const auto manifest = read_json(base + "/run/manifest.json");
    bool uses_copy = false, passed_again = false;
    for (const auto& o : manifest["overrides"]) {
      const std::string text = o.get<std::string>();
      passed_again = passed_again || text == "platform.links.uplink.bandwidth=2Mbps";
      uses_copy = uses_copy || text.rfind("platform=", 0) == 0;
    }
    // Without a copy the override is passed as it is; with one, it is baked in and not passed again.
    EXPECT_NE(uses_copy, passed_again) << "rank " << rank;
    for (const auto& link : read_csv(base + "/run/links.csv"))
      if (link.at("link_class") == "uplink") {
        EXPECT_EQ(std::stod(link.at("bandwidth_bytes_per_s")), 2e6 / 8) << rank;
      }
    if (!uses_copy) continue;
    ++restricted;
    // The restricted copy is the resolved spec written in SI units (platform_to_yaml): 2 Mbps = 250000 B/s.
    EXPECT_NE(read_file(base + "/platform.yaml").find("bandwidth: 250000Bps"), std::string::npos) << rank;
  }
  EXPECT_GT(restricted, 0) << "no verified configuration used the edge tier";
}

}  // namespace
}  // namespace hybridfog::testing
