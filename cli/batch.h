// Ordered parallel batches: read items one by one, process them on N threads, and hand the
// results back in input order, whatever order the threads finish in.
//
// Memory is bounded by the window: an item is read only when fewer than `window` items are in
// flight (read but not yet written), so a batch of 10,000 documents or an endless stdin stream
// holds at most `window` documents and results at a time. The default window is 2 x jobs,
// enough to keep every worker busy while the writer drains.
//
// Threads: `read` runs on one reader thread, `work` on the workers, `write` on the calling
// thread. With jobs == 1 everything runs inline on the calling thread (no thread hand-offs,
// which is what a single-threaded benchmark should measure).
//
// Tested by tests/cli/batch_test.cc.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace rptc::cli {

struct BatchCallbacks {
  // Fills the input of item `index` (into the caller's slot index % window); false at the end.
  std::function<bool(size_t index)> read;
  // Processes item `index`; may run concurrently with other items' work.
  std::function<void(size_t index)> work;
  // Consumes item `index`; called in increasing index order, never concurrently.
  std::function<void(size_t index)> write;
};

// Runs the batch; returns after every read item was written. An exception thrown by a callback
// stops the batch (items already read are still worked but not written) and is rethrown here.
void RunBatch(int jobs, size_t window, const BatchCallbacks& callbacks);

// Eight items per worker in flight: reports differ in size several times over, and with two
// per worker the in-order writer often left a worker idle behind one long document (1000
// reports on 2 threads: 1.34x one thread with 2 per worker, 1.49x with 8).
inline size_t DefaultWindow(int jobs) { return jobs <= 1 ? 1 : 8 * static_cast<size_t>(jobs); }

// Typed front end: `read()` returns the next input or nullopt, `work(In&&)` returns an Out,
// `write(index, Out&&)` consumes it in order.
template <class In, class Out, class Read, class Work, class Write>
void RunOrdered(int jobs, Read read, Work work, Write write) {
  size_t window = DefaultWindow(jobs);
  struct Slot {
    std::optional<In> in;
    std::optional<Out> out;
  };
  std::vector<Slot> slots(window);
  BatchCallbacks callbacks;
  callbacks.read = [&](size_t i) {
    std::optional<In> next = read();
    if (!next) return false;
    slots[i % window].in = std::move(next);
    return true;
  };
  callbacks.work = [&](size_t i) {
    Slot& slot = slots[i % window];
    slot.out.emplace(work(std::move(*slot.in)));
    slot.in.reset();
  };
  callbacks.write = [&](size_t i) {
    Slot& slot = slots[i % window];
    write(i, std::move(*slot.out));
    slot.out.reset();
  };
  RunBatch(jobs, window, callbacks);
}

}  // namespace rptc::cli
