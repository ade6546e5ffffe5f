#pragma once
// Numeric precision a layer computes in; host throughput and energy per MAC are given per precision.
#include <array>
#include <optional>
#include <string>

namespace hybridfog {

enum class Precision { fp32 = 0, fp16, int8, int4, binary };
inline constexpr int kPrecisionCount = 5;
inline constexpr std::array<Precision, kPrecisionCount> kAllPrecisions = {
    Precision::fp32, Precision::fp16, Precision::int8, Precision::int4, Precision::binary};

const char* precision_name(Precision p);
std::optional<Precision> parse_precision(const std::string& name);
// "fp32, fp16, int8, int4, binary" for error messages.
std::string precision_choices();

}  // namespace hybridfog
