// engine/: the workload streams, without SimGrid (arrival times and trace rows are plain arithmetic).
#include "engine/workload.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <memory>
#include <set>

namespace hybridfog {
namespace {

TEST(Workload, PeriodicZeroPhaseArrivesOnTheGridInDeviceOrder) {
  WorkloadSpec spec;
  spec.arrivals = ArrivalProcess::periodic;
  spec.rate_per_s = 4;  // every 0.25 s
  spec.random_phase = false;
  spec.samples_per_device = 3;
  spec.order = SampleOrder::sequential;
  Workload w(spec, 7, 2, 5);
  std::vector<std::pair<double, int>> arrivals;
  while (!w.done()) {
    const double t = w.next_time();
    arrivals.emplace_back(t, w.take_next());
  }
  const std::vector<std::pair<double, int>> expected = {{0, 0}, {0, 1}, {0.25, 0}, {0.25, 1}, {0.5, 0}, {0.5, 1}};
  EXPECT_EQ(arrivals, expected);
  for (std::uint64_t id = 0; id < 7; ++id) EXPECT_EQ(w.trace_row(id), static_cast<int>(id % 5));
}

TEST(Workload, AStoppedDeviceMakesNoMoreArrivalsAndCountsTheOnesItWouldHaveMade) {
  // Two devices every 0.25 s, 5 samples each. Device 0 stops (its battery emptied) after its arrivals at 0 and
  // 0.25 s: its 3 others are counted, not made; device 1 goes on alone; stopping it again counts nothing.
  WorkloadSpec spec;
  spec.arrivals = ArrivalProcess::periodic;
  spec.rate_per_s = 4;
  spec.random_phase = false;
  spec.samples_per_device = 5;
  spec.order = SampleOrder::sequential;
  Workload w(spec, 7, 2, 5);
  std::vector<std::pair<double, int>> arrivals;
  for (int i = 0; i < 3; ++i) {  // 0 s: devices 0 and 1; 0.25 s: device 0
    const double t = w.next_time();
    arrivals.emplace_back(t, w.take_next());
  }
  EXPECT_EQ(w.stop(0), 3);
  EXPECT_EQ(w.stop(0), 0);
  while (!w.done()) {
    const double t = w.next_time();
    arrivals.emplace_back(t, w.take_next());
  }
  const std::vector<std::pair<double, int>> expected = {{0, 0}, {0, 1}, {0.25, 0}, {0.25, 1}, {0.5, 1}, {0.75, 1}, {1.0, 1}};
  EXPECT_EQ(arrivals, expected);
  EXPECT_EQ(w.stop(1), 0);  // its stream had ended
}

TEST(Workload, DurationBoundsArrivalsAndShuffledVisitsEveryRowOnce) {
  WorkloadSpec spec;
  spec.arrivals = ArrivalProcess::poisson;
  spec.rate_per_s = 10;
  spec.duration_s = 2.0;
  spec.order = SampleOrder::shuffled;
  Workload w(spec, 3, 4, 50);
  int count = 0;
  double last = 0;
  while (!w.done()) {
    EXPECT_GE(w.next_time(), last);
    EXPECT_LT(w.next_time(), 2.0);
    last = w.next_time();
    w.take_next();
    ++count;
  }
  // 4 devices x 10/s x 2 s: 80 expected; a Poisson count that far off would be a bug.
  EXPECT_GT(count, 40);
  EXPECT_LT(count, 130);
  std::set<int> rows;
  for (std::uint64_t id = 0; id < 50; ++id) rows.insert(w.trace_row(id));
  EXPECT_EQ(rows.size(), 50u);
}

TEST(Workload, TheSameSeedGivesTheSameStreams) {
  WorkloadSpec spec;
  spec.samples_per_device = 20;
  spec.order = SampleOrder::replacement;
  Workload a(spec, 11, 3, 100), b(spec, 11, 3, 100), c(spec, 12, 3, 100);
  bool differs = false;
  for (std::uint64_t id = 0; !a.done(); ++id) {
    ASSERT_FALSE(b.done());
    EXPECT_EQ(a.next_time(), b.next_time());
    differs = differs || a.next_time() != c.next_time();
    EXPECT_EQ(a.take_next(), b.take_next());
    c.take_next();
    EXPECT_EQ(a.trace_row(id), b.trace_row(id));
  }
  EXPECT_TRUE(b.done());
  EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace hybridfog

// ---- Arrival processes over long runs (docs/formats.md, "Arrival processes"). Every bound below is
// mean +- 4 standard deviations of the count, the standard deviation derived in the test's comment.

namespace hybridfog {
namespace {

// Every arrival of a workload: (time, device), in arrival order.
std::vector<std::pair<double, int>> all_arrivals(const WorkloadSpec& spec, std::uint64_t seed, int devices,
                                                 const std::vector<int>& device_class = {}) {
  Workload w(spec, seed, devices, 10, device_class);
  std::vector<std::pair<double, int>> out;
  double last = 0;
  while (!w.done()) {
    const double t = w.next_time();
    EXPECT_GE(t, last);
    last = t;
    out.emplace_back(t, w.take_next());
  }
  return out;
}

TEST(ArrivalProcesses, PoissonCountOverALongRunIsWithinFourSigma) {
  WorkloadSpec spec;
  spec.rate_per_s = 3;
  spec.duration_s = 2000.0;
  // 20 devices x 3/s x 2000 s: Poisson of mean 120,000, sigma = sqrt(120,000) = 346.4.
  const double count = static_cast<double>(all_arrivals(spec, 5, 20).size());
  const double mean = 20 * 3 * 2000.0;
  EXPECT_NEAR(count, mean, 4 * std::sqrt(mean));
}

TEST(ArrivalProcesses, PeriodicGivesExactlyRateTimesDurationPerDevice) {
  WorkloadSpec spec;
  spec.arrivals = ArrivalProcess::periodic;
  spec.rate_per_s = 0.5;  // every 2 s; random phase in [0, 2): arrivals at phase + 2k < 101 s
  spec.duration_s = 101.0;
  const auto arrivals = all_arrivals(spec, 9, 4);
  std::vector<int> per_device(4, 0);
  std::vector<double> first(4, -1);
  for (const auto& [t, d] : arrivals) {
    if (first[d] < 0) first[d] = t;
    EXPECT_NEAR(std::remainder(t - first[d], 2.0), 0.0, 1e-9);
    ++per_device[d];
  }
  for (int d = 0; d < 4; ++d) {
    EXPECT_GE(first[d], 0.0);
    EXPECT_LT(first[d], 2.0);
    EXPECT_EQ(per_device[d], first[d] < 1.0 ? 51 : 50) << d;  // phase + 2k < 101: k = 0 .. 50 when phase < 1
  }
}

// Two-state MMPP: state 0 bursts at 20/s for 2 s on average, state 1 trickles at 0.5/s for 18 s.
WorkloadSpec bursty_spec() {
  WorkloadSpec spec;
  spec.arrivals = ArrivalProcess::bursty;
  spec.state_rate_per_s = {20, 0.5};
  spec.mean_sojourn_s = {2, 18};
  return spec;
}

TEST(ArrivalProcesses, BurstyLongRunRateIsTheStationaryMixOfTheStateRates) {
  WorkloadSpec spec = bursty_spec();
  spec.duration_s = 20000.0;
  const double pi0 = 2.0 / 20, pi1 = 18.0 / 20;
  const double rate = pi0 * 20 + pi1 * 0.5;  // pi . lambda = 2.45/s
  EXPECT_DOUBLE_EQ(spec.expected_arrivals(1.0), rate);
  const int devices = 10;
  const double count = static_cast<double>(all_arrivals(spec, 21, devices).size());
  // Counts of a 2-state MMPP over a long T: Var N(T) ~ T (lambda_bar + 2 pi0 pi1 (l0 - l1)^2 / (r0 + r1)),
  // r_i = 1 / mean_sojourn_i (the asymptotic index of dispersion); devices are independent.
  const double T = *spec.duration_s;
  const double variance = devices * T * (rate + 2 * pi0 * pi1 * (20 - 0.5) * (20 - 0.5) / (1.0 / 2 + 1.0 / 18));
  EXPECT_NEAR(count, devices * rate * T, 4 * std::sqrt(variance));
}

TEST(ArrivalProcesses, BurstyCountsAreOverdispersedAsTheFormulaSays) {
  // Counts per window of t = 100 s of one device: the index of dispersion (variance / mean) of a 2-state
  // MMPP is 1 + 2 pi0 pi1 (l0 - l1)^2 / (lambda_bar r) x (1 - (1 - exp(-r t)) / (r t)), r = r0 + r1,
  // here 50.4, far above a Poisson process's 1. Over 400 windows the sample variance's relative standard
  // deviation is about sqrt(2 / 400 + excess kurtosis / 400) < 9 %: checked within 35 % (4 sigma).
  WorkloadSpec spec = bursty_spec();
  spec.duration_s = 40000.0;
  std::vector<double> windows(400, 0.0);
  for (const auto& [t, d] : all_arrivals(spec, 4, 1)) windows[static_cast<size_t>(t / 100)] += 1;
  double mean = 0, variance = 0;
  for (double c : windows) mean += c / windows.size();
  for (double c : windows) variance += (c - mean) * (c - mean) / (windows.size() - 1);
  const double pi0 = 0.1, pi1 = 0.9, rate = 2.45;
  const double r = 0.5 + 1.0 / 18, t = 100;
  const double dispersion = 1 + 2 * pi0 * pi1 * 19.5 * 19.5 / (rate * r) * (1 - (1 - std::exp(-r * t)) / (r * t));
  EXPECT_NEAR(variance / mean, dispersion, 0.35 * dispersion);
  EXPECT_GT(variance / mean, 30.0);
}

// A diurnal profile over one day in seconds: night 0.2/s, morning 1/s, peak 3/s, evening 1/s.
WorkloadSpec diurnal_spec() {
  WorkloadSpec spec;
  spec.arrivals = ArrivalProcess::profile;
  spec.profile.time_s = {0, 21600, 43200, 64800};
  spec.profile.rate_per_s = {0.2, 1, 3, 1};
  spec.profile.period_s = 86400;
  spec.profile.finish();
  return spec;
}

TEST(ArrivalProcesses, RateProfileIntegralAndInverseInClosedForm) {
  const WorkloadSpec spec = diurnal_spec();
  const RateProfile& p = spec.profile;
  EXPECT_DOUBLE_EQ(p.per_period, 21600 * (0.2 + 1 + 3 + 1));
  EXPECT_DOUBLE_EQ(p.integral(21600 + 100), 21600 * 0.2 + 100);
  EXPECT_DOUBLE_EQ(p.integral(86400 + 43200 + 10), p.per_period + 21600 * 1.2 + 30);
  EXPECT_DOUBLE_EQ(p.inverse(21600 * 0.2 + 100), 21600 + 100);
  EXPECT_DOUBLE_EQ(p.inverse(p.per_period * 2 + 21600 * 1.2 + 30), 2 * 86400 + 43200 + 10);
  for (double x : {0.0, 1.0, 4320.0, 4321.5, 70000.0, 112320.0, 500000.0}) EXPECT_NEAR(p.integral(p.inverse(x)), x, 1e-9 * (1 + x));
  // Without a period, a final rate of 0 ends the process: the integral stops at its total.
  RateProfile ending;
  ending.time_s = {0, 10, 20};
  ending.rate_per_s = {0, 2, 0};
  ending.finish();
  EXPECT_DOUBLE_EQ(ending.total(), 20);
  EXPECT_DOUBLE_EQ(ending.inverse(0), 10);  // the rate is 0 before t = 10
  EXPECT_DOUBLE_EQ(ending.inverse(5), 12.5);
  EXPECT_TRUE(std::isinf(ending.inverse(20.5)));
}

TEST(ArrivalProcesses, RateProfileCountsPerWindowFollowTheIntegralOfTheRate) {
  WorkloadSpec spec = diurnal_spec();
  spec.duration_s = 2 * 86400.0;
  const int devices = 5;
  // Per 6-hour window of each of the two days: Poisson of mean devices x integral of the rate over it.
  std::vector<double> counts(8, 0.0);
  for (const auto& [t, d] : all_arrivals(spec, 17, devices)) counts[static_cast<size_t>(t / 21600)] += 1;
  for (size_t k = 0; k < counts.size(); ++k) {
    const double mean = devices * (spec.profile.integral(21600.0 * (k + 1)) - spec.profile.integral(21600.0 * k));
    EXPECT_NEAR(counts[k], mean, 4 * std::sqrt(mean)) << "window " << k;
  }
}

TEST(ArrivalProcesses, ARateProfileEndingAtZeroStopsBeforeItsCount) {
  WorkloadSpec spec;
  spec.arrivals = ArrivalProcess::profile;
  spec.profile.time_s = {0, 100};
  spec.profile.rate_per_s = {2, 0};  // 200 expected arrivals per device, then none
  spec.profile.finish();
  spec.samples_per_device = 1000;
  const auto arrivals = all_arrivals(spec, 3, 10);
  // 10 devices: Poisson of mean 2,000, sigma 44.7.
  EXPECT_NEAR(static_cast<double>(arrivals.size()), 2000, 4 * std::sqrt(2000.0));
  EXPECT_LT(arrivals.back().first, 100.0);
}

TEST(ArrivalProcesses, TraceArrivalsAreReplayedExactly) {
  WorkloadSpec spec;
  spec.arrivals = ArrivalProcess::trace;
  auto trace = std::make_shared<ArrivalTrace>();
  trace->times_s = {{0.5, 0.5, 2.25}, {}, {0.125, 7}};
  spec.trace = trace;
  const std::vector<std::pair<double, int>> expected = {{0.125, 2}, {0.5, 0}, {0.5, 0}, {2.25, 0}, {7, 2}};
  EXPECT_EQ(all_arrivals(spec, 1, 3), expected);
}

TEST(ArrivalProcesses, EachDeviceClassRunsItsOwnProcess) {
  WorkloadSpec spec;  // class 0: the workload's Poisson 1/s; class 1: periodic 8/s from t = 0 (exact steps)
  spec.duration_s = 125.0;
  ArrivalSpec sensor;
  sensor.arrivals = ArrivalProcess::periodic;
  sensor.rate_per_s = 8;
  sensor.random_phase = false;
  spec.by_class = {std::nullopt, sensor};
  std::vector<int> per_device(4, 0);
  for (const auto& [t, d] : all_arrivals(spec, 8, 4, {0, 1, 0, 1})) ++per_device[d];
  EXPECT_EQ(per_device[1], 1000);
  EXPECT_EQ(per_device[3], 1000);
  // Poisson of mean 125 each: within 4 sigma = 44.7.
  EXPECT_NEAR(per_device[0], 125, 4 * std::sqrt(125.0));
  EXPECT_NEAR(per_device[2], 125, 4 * std::sqrt(125.0));
}

TEST(ArrivalProcesses, SameSeedSameTimesAndAnExtraDeviceLeavesTheOthersAlone) {
  WorkloadSpec poisson;
  poisson.rate_per_s = 2;
  WorkloadSpec periodic;
  periodic.arrivals = ArrivalProcess::periodic;
  periodic.rate_per_s = 2;
  WorkloadSpec bursty = bursty_spec();
  WorkloadSpec profile = diurnal_spec();
  for (WorkloadSpec* spec : {&poisson, &periodic, &bursty, &profile}) {
    spec->samples_per_device = 50;
    SCOPED_TRACE(arrival_process_name(spec->arrivals));
    const auto a = all_arrivals(*spec, 13, 3);
    EXPECT_EQ(a, all_arrivals(*spec, 13, 3));
    EXPECT_NE(a, all_arrivals(*spec, 14, 3));
    // A fourth device: the first three keep their streams, so their arrivals are the same.
    std::vector<std::pair<double, int>> first_three;
    for (const auto& arrival : all_arrivals(*spec, 13, 4))
      if (arrival.second < 3) first_three.push_back(arrival);
    EXPECT_EQ(a, first_three);
  }
}

}  // namespace
}  // namespace hybridfog

namespace hybridfog {
namespace {

TEST(Workload, ASubsetOfDevicesDrawsTheStreamsThoseDevicesHaveInTheWholeFleet) {
  // An application's workload (docs/formats.md, "Several applications") runs on some devices only; each of them
  // draws from the stream of its device number, so its arrival times are those it has when every device runs it.
  WorkloadSpec spec;
  spec.arrivals = ArrivalProcess::poisson;
  spec.rate_per_s = 3;
  spec.samples_per_device = 6;
  Workload all(spec, 11, 5, 20);
  std::map<int, std::vector<double>> whole, part;
  while (!all.done()) {
    const double t = all.next_time();
    whole[all.take_next()].push_back(t);
  }
  const std::vector<int> members = {1, 3, 4};
  Workload some(spec, 11, 5, 20, {}, &members);
  while (!some.done()) {
    const double t = some.next_time();
    part[some.take_next()].push_back(t);
  }
  ASSERT_EQ(part.size(), 3u);
  for (int d : members) EXPECT_EQ(part[d], whole[d]) << "device " << d;
  // Stopping a device that does not run the workload counts nothing; one that does, its arrivals still to come.
  Workload stopped(spec, 11, 5, 20, {}, &members);
  EXPECT_EQ(stopped.stop(0), 0);
  EXPECT_EQ(stopped.stop(3), 6);
}

}  // namespace
}  // namespace hybridfog
