#pragma once
// Constraints on partition configurations, in the spirit of Scission's query language (docs/partition.md).
//
//   --query TIER=ITEM[,ITEM...]   per tier, every item must hold:
//       N | LAYER        layer N (0-based index) / the layer called LAYER must run on TIER
//       !N | !LAYER      ... must not run on TIER
//       -1 | !-1         TIER must not be used / must be used
//       CLASS            TIER must use one of the host classes named this way (implies it is used)
//       !CLASS           TIER must not use host class CLASS
//       layer:X, class:X explicit forms, when a name is both a layer and a host class
//   --max-upload TIER=SIZE        a sample sends at most SIZE out of TIER in one hop ("200kB")
//   --max-time TIER=TIME|P%       expected compute time on TIER at most TIME ("50ms"), or at most P % of
//                                 the total expected compute time
#include <string>
#include <vector>

#include "search/estimate.hpp"
#include "search/search_space.hpp"

namespace hybridfog::search {

enum class ConstraintKind { layer_on, layer_not_on, tier_unused, tier_used, class_in, class_not_in, max_upload, max_time_s,
                            max_time_percent };

struct Constraint {
  ConstraintKind kind = ConstraintKind::tier_used;
  int tier = 0;
  int layer = -1;            // layer_on, layer_not_on
  std::vector<int> classes;  // class_in (any of), class_not_in (one)
  double limit = 0;          // bytes, seconds or percent
  std::string text;          // as written, for messages: "--query edge=!-1"
};

struct ConstraintSet {
  std::vector<Constraint> items;  // checked in this order (queries, then uploads, then times)
};

// Parses the three options. Throws InputError (file "<command line>", key "--query edge") naming the token
// when a tier, layer or host class does not exist or a token is malformed; and when the set contradicts
// itself (a layer on two tiers, a tier both used and unused, layers placed against the tier order, ...).
ConstraintSet parse_constraints(const SearchSpace& space, const std::vector<std::string>& queries,
                                const std::vector<std::string>& max_uploads, const std::vector<std::string>& max_times);

bool satisfies(const Constraint& constraint, const SearchSpace& space, const Configuration& config, const Estimate& estimate);

}  // namespace hybridfog::search
