#pragma once
// A PlatformSpec written back as a platform file (docs/formats.md): what parse_platform reads into an equal
// spec. Quantities are written in SI units (Bps, s, MAC/s, W, J) with 17 significant digits, so every
// double reads back exactly. Used by partition --verify to give child runs a platform restricted to one
// host class per tier, without re-reading the original file.
#include <string>

#include "platform/platform_spec.hpp"

namespace hybridfog {

// The platform file of `spec` (no `description`; `file` is not part of the file).
std::string platform_to_yaml(const PlatformSpec& spec);

}  // namespace hybridfog
