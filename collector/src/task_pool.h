// Bounded parallelism for the collection: N worker threads run submitted tasks; a task
// may submit more (a stage list submits its task-list pages). Wait() returns when the
// queue is empty and no task is running.
//
//   TaskPool pool(4);
//   pool.Submit([&] { FetchLogs(pod); });
//   pool.Wait();
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sparkpm::collect {

class TaskPool {
 public:
  explicit TaskPool(int threads);
  ~TaskPool();
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  // Queues a task; tasks run in submission order as workers free up.
  void Submit(std::function<void()> task);
  // Blocks until every submitted task (including ones submitted meanwhile) finished.
  void Wait();

 private:
  void Work();

  std::mutex mu_;
  std::condition_variable has_work_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> queue_;
  int running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace sparkpm::collect
