#include "read_ahead.h"

#include <utility>

namespace sparkpm {
namespace {

// Bytes of one chunk: large enough that handing one over costs nothing next to its
// parsing, small enough that the queue stays a few MiB.
constexpr size_t kChunkBytes = 1 << 20;
// Chunks in flight (read ahead plus the one the caller holds).
constexpr size_t kBuffers = 4;

}  // namespace

ReadAhead::ReadAhead(EntryStream& stream) : stream_(stream) {
  for (size_t i = 0; i < kBuffers; ++i) {
    free_.push_back(Buffer{std::make_unique<char[]>(kChunkBytes), 0});
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

std::optional<std::string_view> ReadAhead::Next() {
  std::unique_lock<std::mutex> lock(mu_);
  if (held_) {
    held_->size = 0;
    free_.push_back(std::move(*held_));
    held_.reset();
    cv_.notify_all();
  }
  cv_.wait(lock, [this] { return !full_.empty() || done_; });
  if (full_.empty()) return std::nullopt;
  held_ = std::move(full_.front());
  full_.pop_front();
  return std::string_view(held_->data.get(), held_->size);
}

void ReadAhead::Run() {
  while (true) {
    Buffer buffer;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return !free_.empty() || stop_; });
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
    if (end) {
      error_ = std::move(error);
      break;
    }
    cv_.notify_all();
  }
  std::lock_guard<std::mutex> lock(mu_);
  done_ = true;
  cv_.notify_all();
}

}  // namespace sparkpm
