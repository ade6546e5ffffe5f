// oracle: exit exactly when the head's prediction is correct: the upper bound any exit policy can reach
// with these heads (it reads the label, which no real policy can).
#include "model/model_profile.hpp"
#include "policy/exit_policy.hpp"
#include "trace/trace.hpp"

namespace hybridfog {
namespace {

class OraclePolicy final : public ExitPolicy {
 public:
  Decision decide(const Trace& trace, size_t row, const HeadInfo& head) const override {
    return trace.heads[head.index].pred[row] == trace.label[row] ? Decision::exit : Decision::next;
  }
};

HYBRIDFOG_REGISTER_POLICY(PolicyInfo{"oracle", "exit exactly when the head's prediction is correct (upper bound)", {},
                                     [](const PolicySpec&, const ModelProfile&, const Trace&) -> std::unique_ptr<ExitPolicy> {
                                       return std::make_unique<OraclePolicy>();
                                     }});

}  // namespace
}  // namespace hybridfog
