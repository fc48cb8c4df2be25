// Reads one bundle entry on a second thread while the caller works on what was already
// read, so that the bundle's decompression overlaps the parsing of the entry. Chunks are
// handed out in order through a small bounded queue: memory does not grow with the entry.
//
//   ReadAhead ahead(stream);
//   while (std::optional<std::string_view> chunk = ahead.Next()) Parse(*chunk);
//   if (ahead.error()) Record(*ahead.error());  // what stopped the reading, if anything
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
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
  // Starts reading stream; the stream must stay valid until the destructor returns.
  explicit ReadAhead(EntryStream& stream);
  ~ReadAhead();
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // Returns the next chunk, valid until the next call; nullopt once the entry is read.
  std::optional<std::string_view> Next();
  // Returns what stopped the reading before the end of the entry (damaged, over a
  // limit); meaningful once Next returned nullopt.
  const std::optional<Error>& error() const { return error_; }

 private:
  struct Buffer {
    std::unique_ptr<char[]> data;
    size_t size = 0;
  };

  void Run();

  EntryStream& stream_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Buffer> full_;    // read, waiting for the caller
  std::vector<Buffer> free_;   // empty, waiting for the reader
  std::optional<Buffer> held_;  // handed out by the last Next()
  bool done_ = false;           // the reader has finished (end, error or stop)
  bool stop_ = false;           // the caller is gone: stop reading
  std::optional<Error> error_;
  std::thread thread_;
};

}  // namespace sparkpm
