// Probe: code that calls into model/. Linked as a room below model (trace) it must fail (--no-undefined).
#include "model/model_profile.hpp"

int probe_uses_model() { return static_cast<int>(hybridfog::load_profile("none.yaml").layers.size()); }
