// scenario/: InputCache (a study's points share their trace, profile and platform): a scenario loaded
// through the cache equals the one loaded without it, overrides of the platform bypass the cached platform,
// a cached input is reused while its file is unchanged and read again once it changes, and a bad file is
// reported the same way every time (nothing bad is cached).
#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "scenario/scenario_spec.hpp"
#include "test_support.hpp"

namespace hybridfog {
namespace {

using testing::read_file;
using testing::source_path;
using testing::TempDir;

TEST(InputCache, ScenariosLoadedThroughTheCacheEqualThoseLoadedWithout) {
  InputCache cache;
  const std::string scenario = source_path("scenarios/quickstart.yaml");
  // The platform override comes after a point without one: it must not get the cached platform.
  for (const std::vector<std::string>& overrides :
       {std::vector<std::string>{}, {"policy.threshold=0.5"}, {"platform.links.uplink.bandwidth=8Mbps"},
        {"policy={name: max-softmax, threshold: 0.9}"}, {}}) {
    SCOPED_TRACE(overrides.empty() ? "no override" : overrides[0]);
    const ScenarioSpec plain = load_scenario(scenario, overrides, 3);
    const ScenarioSpec cached = load_scenario(scenario, overrides, 3, {}, &cache);
    EXPECT_EQ(scenario_to_json(cached).dump(), scenario_to_json(plain).dump());
    EXPECT_EQ(cached.trace.rows(), plain.trace.rows());
    ASSERT_EQ(cached.trace.heads.size(), plain.trace.heads.size());
    for (size_t h = 0; h < plain.trace.heads.size(); ++h) {
      EXPECT_EQ(cached.trace.heads[h].name, plain.trace.heads[h].name);  // the profile's order
      EXPECT_TRUE((cached.trace.heads[h].entropy_nats.array() == plain.trace.heads[h].entropy_nats.array()).all());
    }
  }
  const ScenarioSpec overridden = load_scenario(scenario, {"platform.links.uplink.bandwidth=8Mbps"}, 3, {}, &cache);
  EXPECT_DOUBLE_EQ(overridden.platform.uplink->bandwidth_bytes_per_s, 1e6);  // 8 Mbps, not the file's 50 Mbps
  const ScenarioSpec from_file = load_scenario(scenario, {}, 3, {}, &cache);
  EXPECT_DOUBLE_EQ(from_file.platform.uplink->bandwidth_bytes_per_s, 50e6 / 8);
}

TEST(InputCache, ReusesAnUnchangedFileAndRereadsAChangedOne) {
  TempDir dir;
  const std::string platform_text = read_file(source_path("platforms/quickstart.yaml"));
  const std::string platform = dir.write("platform.yaml", platform_text);
  const std::string trace_text = read_file(source_path("models/traces/hybrid-binary-fmnist.csv"));
  const std::string trace = dir.write("trace.csv", trace_text);
  InputCache cache;

  const PlatformSpec& first = cache.platform(platform);
  EXPECT_EQ(first.sites, 2);
  EXPECT_EQ(&cache.platform(platform), &first);  // not parsed again
  const std::string four_sites = "sites: 4  ";   // another size: the file's stamp changes
  std::string changed = platform_text;
  changed.replace(changed.find("sites: 2"), 8, four_sites);
  dir.write("platform.yaml", changed);
  EXPECT_EQ(cache.platform(platform).sites, 4);

  const size_t rows = cache.trace(trace).rows();
  const Trace* before = &cache.trace(trace);
  EXPECT_EQ(&cache.trace(trace), before);
  // One more row: a copy of the first data row with the next sample number.
  const std::string row = "10000,9,9,0.93287,0.288394,9,0.994815,0.0383417\n";
  dir.write("trace.csv", trace_text + row);
  EXPECT_EQ(cache.trace(trace).rows(), rows + 1);
}

TEST(InputCache, ABadFileIsReportedEveryTimeAndNotCached) {
  TempDir dir;
  const std::string good = read_file(source_path("platforms/quickstart.yaml"));
  std::string bad = good;
  bad.replace(bad.find("sites: 2"), 8, "sites: 0");
  const std::string platform = dir.write("platform.yaml", bad);
  InputCache cache;
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      cache.platform(platform);
      ADD_FAILURE() << "a platform of 0 sites was accepted";
    } catch (const InputError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(platform + ":9:8: sites: ", 0), 0u) << e.what();
    }
  }
  dir.write("platform.yaml", good);
  EXPECT_EQ(cache.platform(platform).sites, 2);
}

}  // namespace
}  // namespace hybridfog
