// Reads one bundle entry on a second thread while the caller works on what was already
// read, so that the bundle's decompression overlaps the parsing of the entry. Chunks are
// handed out in order through a small bounded queue: memory does not grow with the entry.
//
// An optional prepare step (e.g. finding the lines worth matching) runs on whichever
// thread has time: the reader takes it on for queued chunks whenever it would otherwise
// wait for the caller, and the caller does it for a chunk nobody prepared yet. With a
// fast codec the reader does most of it; with a slow one the caller does.
//
// Marks is whatever the prepare step makes of a chunk; its object is reused from chunk to
// chunk, so that buffers inside it are allocated once.
//
//   ReadAhead<std::vector<size_t>> ahead(stream, [&](std::string_view bytes, auto* marks) {...});
//   while (auto chunk = ahead.Next()) Parse(chunk->bytes, chunk->marks);
//   if (ahead.error()) Record(*ahead.error());  // what stopped the reading, if anything
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "aligned_bytes.h"
#include "sparkpm/bundle_reader.h"
#include "sparkpm/status.h"

namespace sparkpm {

// Bytes of one chunk: large enough that handing one over costs nothing next to its
// parsing, small enough that the queue stays a few MiB.
inline constexpr size_t kReadAheadChunkBytes = 256 << 10;
// Chunks in flight (read ahead plus the one the caller holds).
inline constexpr size_t kReadAheadBuffers = 16;

template <class Marks = std::vector<size_t>>
class ReadAhead {
 public:
  // Computes a chunk's marks; must be safe to run on any thread.
  using Prepare = std::function<void(std::string_view bytes, Marks* marks)>;

  struct Chunk {
    std::string_view bytes;
    const Marks& marks;  // what Prepare gave (as left by the last chunk without Prepare)
  };

  enum class State { kRead, kPreparing, kReady };
  struct Buffer {
    AlignedBytes data;
    size_t size = 0;
    Marks marks;
    State state = State::kRead;
  };
  // Buffers kept from one entry to the next (their memory is touched once, not per entry).
  using Pool = std::vector<Buffer>;

  // Starts reading stream; the stream must stay valid until the destructor returns. The
  // buffers come from *pool when given, and go back to it at the end.
  explicit ReadAhead(EntryStream& stream, Prepare prepare = nullptr, Pool* pool = nullptr);
  ~ReadAhead();
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // Returns the next chunk, valid until the next call; nullopt once the entry is read.
  std::optional<Chunk> Next();
  // Returns what stopped the reading before the end of the entry (damaged, over a
  // limit); meaningful once Next returned nullopt.
  const std::optional<Error>& error() const { return error_; }

 private:
  void Run();
  // Prepares a queued chunk nobody has claimed, the oldest or the newest; false if there
  // is none. Called with lock held; unlocks while preparing. The reader takes the newest
  // (just read, still in its cache, and the last the caller needs), the caller the oldest.
  bool PrepareOneQueued(std::unique_lock<std::mutex>& lock, bool newest_first);

  EntryStream& stream_;
  Prepare prepare_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Buffer> full_;     // read, waiting for the caller
  std::vector<Buffer> free_;    // empty, waiting for the reader
  std::optional<Buffer> held_;  // handed out by the last Next()
  bool done_ = false;           // the reader has finished (end, error or stop)
  bool stop_ = false;           // the caller is gone: stop reading
  std::optional<Error> error_;
  Pool* pool_;
  std::thread thread_;
};

template <class Marks>
ReadAhead<Marks>::ReadAhead(EntryStream& stream, Prepare prepare, Pool* pool)
    : stream_(stream), prepare_(std::move(prepare)), pool_(pool) {
  while (free_.size() < kReadAheadBuffers) {
    if (pool_ != nullptr && !pool_->empty()) {
      free_.push_back(std::move(pool_->back()));
      pool_->pop_back();
      continue;
    }
    Buffer b;
    b.data = MakeAlignedBytes(kReadAheadChunkBytes);
    free_.push_back(std::move(b));
  }
  thread_ = std::thread([this] { Run(); });
}

template <class Marks>
ReadAhead<Marks>::~ReadAhead() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  if (pool_ == nullptr) return;
  auto keep = [this](Buffer& b) {
    b.size = 0;
    b.state = State::kRead;
    pool_->push_back(std::move(b));
  };
  for (Buffer& b : free_) keep(b);
  for (Buffer& b : full_) keep(b);
  if (held_) keep(*held_);
}

template <class Marks>
std::optional<typename ReadAhead<Marks>::Chunk> ReadAhead<Marks>::Next() {
  std::unique_lock<std::mutex> lock(mu_);
  if (held_) {
    held_->size = 0;
    held_->state = State::kRead;
    free_.push_back(std::move(*held_));
    held_.reset();
    cv_.notify_all();
  }
  cv_.wait(lock, [this] { return !full_.empty() || done_; });
  if (full_.empty()) return std::nullopt;
  Buffer& front = full_.front();  // deque: stays valid while the reader appends
  if (prepare_ && front.state == State::kRead) {
    front.state = State::kPreparing;
    lock.unlock();
    prepare_(std::string_view(front.data.get(), front.size), &front.marks);
    lock.lock();
    front.state = State::kReady;
  } else if (prepare_) {
    // The reader is preparing it: prepare a later one meanwhile rather than wait.
    while (front.state != State::kReady) {
      if (!PrepareOneQueued(lock, /*newest_first=*/false)) {
        cv_.wait(lock, [&front] { return front.state == State::kReady; });
      }
    }
  }
  held_ = std::move(full_.front());
  full_.pop_front();
  return Chunk{std::string_view(held_->data.get(), held_->size), held_->marks};
}

template <class Marks>
bool ReadAhead<Marks>::PrepareOneQueued(std::unique_lock<std::mutex>& lock, bool newest_first) {
  if (!prepare_) return false;
  for (size_t k = 0; k < full_.size(); ++k) {
    Buffer& b = full_[newest_first ? full_.size() - 1 - k : k];
    if (b.state != State::kRead) continue;
    b.state = State::kPreparing;
    lock.unlock();
    prepare_(std::string_view(b.data.get(), b.size), &b.marks);
    lock.lock();
    b.state = State::kReady;
    cv_.notify_all();
    return true;
  }
  return false;
}

template <class Marks>
void ReadAhead<Marks>::Run() {
  while (true) {
    Buffer buffer;
    {
      std::unique_lock<std::mutex> lock(mu_);
      // Waiting for a free buffer means the caller is behind: help it meanwhile.
      while (free_.empty() && !stop_) {
        if (!PrepareOneQueued(lock, /*newest_first=*/true)) cv_.wait(lock);
      }
      if (stop_) break;
      buffer = std::move(free_.back());
      free_.pop_back();
    }
    // Fill the whole chunk: libarchive hands out a block at a time.
    bool end = false;
    std::optional<Error> error;
    while (buffer.size < kReadAheadChunkBytes) {
      Result<size_t> n =
          stream_.Read(buffer.data.get() + buffer.size, kReadAheadChunkBytes - buffer.size);
      if (!n) {
        error = n.error();
        end = true;
        break;
      }
      if (*n == 0) {
        end = true;
        break;
      }
      buffer.size += *n;
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (buffer.size > 0) {
      full_.push_back(std::move(buffer));
    } else {
      free_.push_back(std::move(buffer));
    }
    cv_.notify_all();
    if (end) {
      error_ = std::move(error);
      break;
    }
  }
  std::unique_lock<std::mutex> lock(mu_);
  done_ = true;
  cv_.notify_all();
  // The entry is read: prepare what is still queued while the caller catches up.
  while (!stop_ && PrepareOneQueued(lock, /*newest_first=*/true)) {
  }
}

}  // namespace sparkpm
