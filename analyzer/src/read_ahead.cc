#include "read_ahead.h"

#include <utility>

namespace sparkpm {
namespace {

// Bytes of one chunk: large enough that handing one over costs nothing next to its
// parsing, small enough that the queue stays a few MiB.
constexpr size_t kChunkBytes = 1 << 20;
// Chunks in flight (read ahead plus the one the caller holds).
constexpr size_t kBuffers = 8;

}  // namespace

ReadAhead::ReadAhead(EntryStream& stream, Prepare prepare)
    : stream_(stream), prepare_(std::move(prepare)) {
  for (size_t i = 0; i < kBuffers; ++i) {
    Buffer b;
    b.data = std::make_unique<char[]>(kChunkBytes);
    free_.push_back(std::move(b));
  }
  thread_ = std::thread([this] { Run(); });
}

ReadAhead::~ReadAhead() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

std::optional<ReadAhead::Chunk> ReadAhead::Next() {
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
    cv_.wait(lock, [&front] { return front.state == State::kReady; });
  }
  held_ = std::move(full_.front());
  full_.pop_front();
  return Chunk{std::string_view(held_->data.get(), held_->size), held_->marks};
}

bool ReadAhead::PrepareOneQueued(std::unique_lock<std::mutex>& lock) {
  if (!prepare_) return false;
  for (Buffer& b : full_) {
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

void ReadAhead::Run() {
  while (true) {
    Buffer buffer;
    {
      std::unique_lock<std::mutex> lock(mu_);
      // Waiting for a free buffer means the caller is behind: help it meanwhile.
      while (free_.empty() && !stop_) {
        if (!PrepareOneQueued(lock)) cv_.wait(lock);
      }
      if (stop_) break;
      buffer = std::move(free_.back());
      free_.pop_back();
    }
    // Fill the whole chunk: libarchive hands out a block at a time.
    bool end = false;
    std::optional<Error> error;
    while (buffer.size < kChunkBytes) {
      Result<size_t> n = stream_.Read(buffer.data.get() + buffer.size, kChunkBytes - buffer.size);
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
  while (!stop_ && PrepareOneQueued(lock)) {
  }
}

}  // namespace sparkpm
