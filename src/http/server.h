// The HTTP/1.1 server (Boost.Beast + C++20 coroutines). It owns sockets, limits, request ids, the
// access log, metrics and graceful shutdown; handlers run on a worker pool so blocking database
// calls never stall the I/O threads.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/metrics.h"
#include "http/router.h"

namespace motcua::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 = any free port (see Server::port())
  int io_threads = 2;
  int worker_threads = 4;
  std::size_t max_body_bytes = 1 << 20;
  // Routes registered with Router::upload() get their body spooled to a file in spool_dir (which must
  // exist) under this larger limit, so a large attachment never sits in memory.
  std::size_t max_upload_bytes = 64 << 20;
  std::string spool_dir = "/tmp";
  // An upload body whose Content-Length is at most this is read into Request::body instead (no spool
  // file): writing a 200 KB scan to the spool only to read it back doubled the disk writes of every
  // attachment. Handlers take either (http::receive_upload(const Request&, ...)). 0 spools every non-empty body.
  std::size_t upload_memory_bytes = 1 << 20;
  std::size_t max_header_bytes = 16 << 10;
  int read_timeout_seconds = 30;
  int max_connections = 1024;
  int shutdown_grace_seconds = 20;
  bool access_log = true;
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();

  // Binds the listening socket; throws std::runtime_error when the address is taken.
  void bind();
  std::uint16_t port() const;

  // Serves until SIGTERM/SIGINT or stop(), then stops accepting, lets in-flight requests finish
  // (up to shutdown_grace_seconds) and returns.
  void run();
  void stop();

  // Called every second on a worker thread while serving (outbox delivery, timers).
  void set_tick(std::function<void()> tick);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace motcua::http
