// The lazy DFAs' state store; see state_cache.h for the layout and the guarantees. Only the rare
// paths live here: clearing and growing the index. Find and Add are inline in the header.
// Tested by tests/runtime/engine/state_cache_test.cc.
#include "runtime/engine/state_cache.h"

namespace rptc::rt::internal {

void StateCache::Clear() {
  pool_.clear();
  offset_.assign(1, 0);
  std::fill(index_.begin(), index_.end(), 0);
}

void StateCache::RebuildIndex(size_t size) {
  std::vector<uint32_t> fresh;
  ReservePrefaulted(fresh, size);
  fresh.assign(size, 0);
  index_.swap(fresh);
  for (uint32_t id = 0; id < num_states(); ++id) InsertIndex(id);
}

}  // namespace rptc::rt::internal
