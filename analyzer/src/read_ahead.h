// Reads one bundle entry on a second thread while the caller works on what was already
// read, so that the bundle's decompression overlaps the parsing of the entry. Chunks are
// handed out in order through a small bounded queue: memory does not grow with the entry.
//
// An optional prepare step (e.g. finding the lines worth matching) runs on whichever
// thread has time: the reader takes it on for queued chunks whenever it would otherwise
// wait for the caller, and the caller does it for a chunk nobody prepared yet. With a
// fast codec the reader does most of it; with a slow one the caller does.
//
//   ReadAhead ahead(stream, [&](std::string_view bytes, std::vector<size_t>* marks) {...});
//   while (const ReadAhead::Chunk* chunk = ahead.Next()) Parse(chunk->bytes, chunk->marks);
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
#include <vector>

#include "sparkpm/bundle_reader.h"
#include "sparkpm/status.h"

namespace sparkpm {

class ReadAhead {
 public:
  // Computes a chunk's marks; must be safe to run on any thread.
  using Prepare = std::function<void(std::string_view bytes, std::vector<size_t>* marks)>;

  struct Chunk {
    std::string_view bytes;
    const std::vector<size_t>& marks;  // what Prepare gave (empty without Prepare)
  };

  // Starts reading stream; the stream must stay valid until the destructor returns.
  explicit ReadAhead(EntryStream& stream, Prepare prepare = nullptr);
  ~ReadAhead();
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // Returns the next chunk, valid until the next call; nullopt once the entry is read.
  std::optional<Chunk> Next();
  // Returns what stopped the reading before the end of the entry (damaged, over a
  // limit); meaningful once Next returned nullopt.
  const std::optional<Error>& error() const { return error_; }

 private:
  enum class State { kRead, kPreparing, kReady };
  struct Buffer {
    std::unique_ptr<char[]> data;
    size_t size = 0;
    std::vector<size_t> marks;
    State state = State::kRead;
  };

  void Run();
  // Prepares the first queued chunk nobody has claimed; false if there is none. Called
  // with lock held; unlocks while preparing.
  bool PrepareOneQueued(std::unique_lock<std::mutex>& lock);

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
  std::thread thread_;
};

}  // namespace sparkpm
