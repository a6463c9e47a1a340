#include "cli/batch.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace rptc::cli {
namespace {

// Everything the reader, the workers and the writer share; every field is guarded by `mu`.
// Slot hand-offs go through the mutex, which is what makes the caller's slot data visible
// from one thread to the next.
struct Shared {
  std::mutex mu;
  std::condition_variable space;  // reader: an item was written, the window has room
  std::condition_variable ready;  // workers: an item was read
  std::condition_variable done;   // writer: an item was worked, or the input ended
  std::deque<size_t> pending;     // read, not yet taken by a worker
  std::vector<char> finished;     // finished[i % window]: item i was worked
  size_t read_count = 0;          // items read so far
  size_t written = 0;             // items written so far
  bool input_done = false;
  bool stop = false;  // a callback threw: wind down
  std::exception_ptr error;

  void Fail(std::exception_ptr e) {
    std::lock_guard lock(mu);
    if (!error) error = std::move(e);
    stop = true;
    space.notify_all();
    ready.notify_all();
    done.notify_all();
  }
};

void ReaderLoop(Shared& s, size_t window, const BatchCallbacks& cb) {
  for (size_t i = 0;; ++i) {
    {
      std::unique_lock lock(s.mu);
      s.space.wait(lock, [&] { return s.stop || i - s.written < window; });
      if (s.stop) break;
    }
    bool more = false;
    try {
      more = cb.read(i);
    } catch (...) {
      s.Fail(std::current_exception());
      break;
    }
    std::lock_guard lock(s.mu);
    if (!more) break;
    s.pending.push_back(i);
    s.read_count = i + 1;
    s.ready.notify_one();
  }
  std::lock_guard lock(s.mu);
  s.input_done = true;
  s.ready.notify_all();
  s.done.notify_all();
}

void WorkerLoop(Shared& s, size_t window, const BatchCallbacks& cb) {
  for (;;) {
    size_t i;
    {
      std::unique_lock lock(s.mu);
      s.ready.wait(lock, [&] { return s.stop || !s.pending.empty() || s.input_done; });
      if (s.stop || s.pending.empty()) return;
      i = s.pending.front();
      s.pending.pop_front();
    }
    try {
      cb.work(i);
    } catch (...) {
      s.Fail(std::current_exception());
      return;
    }
    std::lock_guard lock(s.mu);
    s.finished[i % window] = 1;
    // notify_all: the writer waits on `done` and so may a reader-less shutdown; cheap here.
    s.done.notify_all();
  }
}

void WriterLoop(Shared& s, size_t window, const BatchCallbacks& cb) {
  for (;;) {
    size_t i;
    {
      std::unique_lock lock(s.mu);
      s.done.wait(lock, [&] {
        return s.stop || s.finished[s.written % window] ||
               (s.input_done && s.written == s.read_count);
      });
      if (s.stop || !s.finished[s.written % window]) return;
      i = s.written;
      s.finished[i % window] = 0;
    }
    try {
      cb.write(i);
    } catch (...) {
      s.Fail(std::current_exception());
      return;
    }
    std::lock_guard lock(s.mu);
    ++s.written;
    s.space.notify_one();
  }
}

}  // namespace

void RunBatch(int jobs, size_t window, const BatchCallbacks& callbacks) {
  if (jobs <= 1) {
    for (size_t i = 0; callbacks.read(i); ++i) {
      callbacks.work(i);
      callbacks.write(i);
    }
    return;
  }
  window = std::max<size_t>(window, 1);
  Shared s;
  s.finished.assign(window, 0);
  std::vector<std::thread> threads;
  threads.emplace_back(ReaderLoop, std::ref(s), window, std::cref(callbacks));
  for (int j = 0; j < jobs; ++j) {
    threads.emplace_back(WorkerLoop, std::ref(s), window, std::cref(callbacks));
  }
  WriterLoop(s, window, callbacks);
  for (std::thread& t : threads) t.join();
  if (s.error) std::rethrow_exception(s.error);
}

}  // namespace rptc::cli
