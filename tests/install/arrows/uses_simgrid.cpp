// Probe: code that calls SimGrid. Linked with any room but platform and engine it must fail: no room
// re-exports SimGrid.
#include <simgrid/s4u/Engine.hpp>

double probe_uses_simgrid() { return simgrid::s4u::Engine::get_clock(); }
