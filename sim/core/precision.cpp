#include "core/precision.hpp"

namespace hybridfog {

const char* precision_name(Precision p) {
  switch (p) {
    case Precision::fp32: return "fp32";
    case Precision::fp16: return "fp16";
    case Precision::int8: return "int8";
    case Precision::int4: return "int4";
    case Precision::binary: return "binary";
  }
  return "?";
}

std::optional<Precision> parse_precision(const std::string& name) {
  for (Precision p : kAllPrecisions)
    if (name == precision_name(p)) return p;
  return std::nullopt;
}

std::string precision_choices() {
  std::string out;
  for (Precision p : kAllPrecisions) out += (out.empty() ? "" : ", ") + std::string(precision_name(p));
  return out;
}

}  // namespace hybridfog
