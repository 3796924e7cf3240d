// The only translation unit that includes Beast/Asio (they cost ~14 s of compile time each).
#include "http/server.h"

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/serialize.hpp>
#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "http/api_error.h"

namespace motcua::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using asio::use_awaitable;
constexpr auto as_tuple_awaitable = asio::as_tuple(asio::use_awaitable);

namespace {

std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char hex[] = "0123456789abcdef";
  std::string id(16, '0');
  auto v = rng();
  for (auto& ch : id) {
    ch = hex[v & 15];
    v >>= 4;
  }
  return id;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes; '+' becomes a space only in query components.
std::string url_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && s[i] == '+') ? ' ' : s[i];
  }
  return out;
}

void split_target(Request& req) {
  std::string_view t = req.target;
  auto q = t.find('?');
  req.path = url_decode(t.substr(0, q), false);
  if (q == std::string_view::npos) return;
  std::string_view qs = t.substr(q + 1);
  while (!qs.empty()) {
    auto amp = qs.find('&');
    std::string_view part = qs.substr(0, amp);
    if (!part.empty()) {
      auto eq = part.find('=');
      if (eq == std::string_view::npos)
        req.query.emplace_back(url_decode(part, true), "");
      else
        req.query.emplace_back(url_decode(part.substr(0, eq), true), url_decode(part.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    qs.remove_prefix(amp + 1);
  }
}

std::string json_escape(std::string_view s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char b[8];
          std::snprintf(b, sizeof b, "\\u%04x", c);
          o += b;
        } else {
          o += c;
        }
    }
  }
  return o;
}

std::mutex g_log_mu;

}  // namespace

struct Conn {
  explicit Conn(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  std::atomic<bool> busy{false};
};

struct Server::Impl {
  ServerOptions opt;
  const Router& router;
  Metrics& metrics;
  asio::io_context ioc;
  asio::thread_pool workers;
  tcp::acceptor acceptor;
  asio::signal_set signals;
  asio::steady_timer tick_timer;
  std::function<void()> tick;
  std::atomic<bool> tick_running{false};
  std::atomic<bool> draining{false};
  std::atomic<int> open{0};
  std::mutex conns_mu;
  std::set<std::shared_ptr<Conn>> conns;

  Impl(ServerOptions o, const Router& r, Metrics& m)
      : opt(std::move(o)),
        router(r),
        metrics(m),
        ioc(opt.io_threads),
        workers(static_cast<std::size_t>(std::max(1, opt.worker_threads))),
        acceptor(ioc),
        signals(ioc, SIGINT, SIGTERM),
        tick_timer(ioc) {}

  Response error_response(int status, const char* code, const char* vi, const char* en) {
    return ApiError(status, code, vi, en).to_response();
  }

  // The answer's header block, byte for byte what Beast's response<string_body> + prepare_payload + serializer
  // wrote before (status line with Beast's reason phrase, fields in insertion order with leading/trailing blanks
  // trimmed, Connection by Beast's keep-alive rule, Content-Length last), built in one string and written with
  // the body in one gather write: the Beast message and serializer cost about 30,000 instructions per answer.
  static std::string response_head(const Response& r, unsigned version, bool keep_alive,
                                   const std::string& request_id) {
    std::string h;
    h.reserve(320);
    h += "HTTP/";
    h += static_cast<char>('0' + version / 10 % 10);
    h += '.';
    h += static_cast<char>('0' + version % 10);
    h += ' ';
    h += std::to_string(r.status);
    h += ' ';
    const auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(r.status));
    h.append(reason.data(), reason.size());
    h += "\r\n";
    const auto field = [&h](std::string_view name, std::string_view value) {
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
      h += name;
      h += ": ";
      h += value;
      h += "\r\n";
    };
    field("Server", "motcua");
    if (!r.content_type.empty()) field("Content-Type", r.content_type);
    field("X-Request-Id", request_id);
    // Safe defaults for every answer; the web UI sets nothing weaker.
    field("X-Content-Type-Options", "nosniff");
    field("X-Frame-Options", "DENY");
    field("Referrer-Policy", "same-origin");
    bool has_cache_control = false;
    for (const auto& [k, v] : r.headers) {
      field(k, v);
      if (beast::iequals(k, "Cache-Control")) has_cache_control = true;
    }
    if (!has_cache_control) field("Cache-Control", "no-store");
    if (version < 11 && keep_alive) field("Connection", "keep-alive");
    if (version >= 11 && !keep_alive) field("Connection", "close");
    field("Content-Length", std::to_string(r.body.size()));  // that of the GET answer for a HEAD too
    h += "\r\n";
    return h;
  }

  // Writes the answer (no body for HEAD) under the connection's timeout.
  asio::awaitable<boost::system::error_code> write_response(Conn& c, const Response& r, unsigned version,
                                                            bool keep_alive, const std::string& request_id,
                                                            bool head, std::chrono::seconds timeout) {
    const std::string h = response_head(r, version, keep_alive, request_id);
    const std::array<asio::const_buffer, 2> bufs{asio::buffer(h),
                                                 asio::buffer(r.body.data(), head ? 0 : r.body.size())};
    c.stream.expires_after(timeout);
    auto [ec, n] = co_await asio::async_write(c.stream, bufs, as_tuple_awaitable);
    co_return ec;
  }

  void access_log(const Request& req, int status, double seconds, std::size_t bytes) {
    if (!opt.access_log) return;
    const auto now = std::chrono::system_clock::now();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    char line[2048];
    std::snprintf(line, sizeof line,
                  "{\"ts_ms\":%lld,\"request_id\":\"%s\",\"ip\":\"%s\",\"method\":\"%s\",\"path\":\"%s\","
                  "\"route\":\"%s\",\"status\":%d,\"duration_ms\":%.3f,\"bytes\":%zu}\n",
                  static_cast<long long>(ms), req.request_id.c_str(), req.remote_ip.c_str(),
                  std::string(method_name(req.method)).c_str(), json_escape(req.path.substr(0, 512)).c_str(),
                  json_escape(req.route).c_str(), status, seconds * 1000.0, bytes);
    std::lock_guard lk(g_log_mu);
    std::fputs(line, stdout);
    std::fflush(stdout);
  }

  asio::awaitable<void> session(std::shared_ptr<Conn> c) {
    beast::flat_buffer buffer;
    std::string remote_ip;
    {
      boost::system::error_code ec;
      auto ep = c->stream.socket().remote_endpoint(ec);
      if (!ec) remote_ip = ep.address().to_string();
    }
    for (;;) {
      if (draining) break;
      // The header decides the body's fate: upload routes spool to a file under a larger limit, every
      // other request is read into memory under the normal limit.
      bhttp::request_parser<bhttp::empty_body> head_parser;
      head_parser.header_limit(static_cast<std::uint32_t>(opt.max_header_bytes));
      head_parser.body_limit(boost::none);
      c->stream.expires_after(std::chrono::seconds(opt.read_timeout_seconds));
      // Between requests a connection is idle and may be closed by a drain; once a request's header
      // has arrived the request is in flight and is served to the end.
      auto [ec, n] = co_await bhttp::async_read_header(c->stream, buffer, head_parser, as_tuple_awaitable);
      std::optional<bhttp::request_parser<bhttp::string_body>> parser;
      std::optional<bhttp::request_parser<bhttp::file_body>> file_parser;
      std::string spool_path;
      if (!ec) {
        c->busy = true;
        const auto& h = head_parser.get();
        const bool upload =
            router.is_upload(parse_method(std::string_view(h.method_string().data(), h.method_string().size())),
                             url_decode(std::string_view(h.target()).substr(0, std::string_view(h.target()).find('?')), false));
        const std::size_t limit = upload ? opt.max_upload_bytes : opt.max_body_bytes;
        const auto len = head_parser.content_length();
        if (len && *len > limit) {
          ec = bhttp::error::body_limit;
        } else if (upload && !(len && *len <= opt.upload_memory_bytes)) {  // small uploads: in memory below
          file_parser.emplace(std::move(head_parser));
          file_parser->body_limit(limit);
          spool_path = opt.spool_dir + "/upload-" + new_request_id();
          file_parser->get().body().open(spool_path.c_str(), beast::file_mode::write, ec);
          if (!ec && !file_parser->is_done()) {
            auto [body_ec, body_n] = co_await bhttp::async_read(c->stream, buffer, *file_parser, as_tuple_awaitable);
            ec = body_ec;
          }
          if (!ec) file_parser->get().body().close();
        } else {
          parser.emplace(std::move(head_parser));
          parser->body_limit(limit);
          if (!parser->is_done()) {
            auto [body_ec, body_n] = co_await bhttp::async_read(c->stream, buffer, *parser, as_tuple_awaitable);
            ec = body_ec;
          }
        }
      }
      // The spooled body lives exactly as long as its request.
      struct SpoolGuard {
        std::string path;
        ~SpoolGuard() {
          if (!path.empty()) std::remove(path.c_str());
        }
      } spool_guard{spool_path};
      if (ec) {
        // Tell the client what was wrong with its request when we can; otherwise just close.
        std::optional<Response> reply;
        if (ec == bhttp::error::body_limit)
          reply = error_response(413, "payload_too_large", "Dữ liệu gửi lên vượt quá dung lượng cho phép",
                                 "The request body is too large");
        else if (ec == bhttp::error::header_limit)
          reply = error_response(431, "headers_too_large", "Phần đầu yêu cầu quá lớn",
                                 "Request headers are too large");
        else if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
                 ec != bhttp::error::end_of_stream &&
                 ec != bhttp::error::partial_message)
          reply = error_response(400, "bad_request", "Yêu cầu HTTP không hợp lệ", "Malformed HTTP request");
        c->busy = false;
        if (reply) {
          Request req;
          req.request_id = new_request_id();
          req.remote_ip = remote_ip;
          req.route = "invalid";
          co_await write_response(*c, *reply, 11, false, req.request_id, false, std::chrono::seconds(5));
          metrics.observe("OTHER", "invalid", reply->status, 0);
          access_log(req, reply->status, 0, reply->body.size());
        }
        break;
      }
      c->busy = true;
      const auto start = std::chrono::steady_clock::now();
      Request req;
      bool keep_alive = false;
      unsigned version = 11;
      auto take_header = [&](const auto& msg) {
        req.method = parse_method(std::string_view(msg.method_string().data(), msg.method_string().size()));
        req.target = std::string(msg.target());
        split_target(req);
        for (const auto& f : msg) req.headers[std::string(f.name_string())] = std::string(f.value());
        keep_alive = msg.keep_alive();
        version = msg.version();
      };
      if (file_parser) {
        take_header(file_parser->get());
        req.body_file = spool_path;
      } else {
        take_header(parser->get());
        req.body = std::move(parser->get().body());
      }
      req.remote_ip = remote_ip;
      req.request_id = new_request_id();
      const bool head = req.method == Method::HEAD;

      Response resp = co_await asio::co_spawn(
          workers, [&]() -> asio::awaitable<Response> { co_return router.dispatch(req); }, use_awaitable);

      // Counted before the write: a client that has read its answer must already see it in /metrics.
      const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      metrics.observe(method_name(req.method), req.route, resp.status, secs);
      access_log(req, resp.status, secs, resp.body.size());
      const auto wec = co_await write_response(*c, resp, version, keep_alive && !draining, req.request_id, head,
                                               std::chrono::seconds(opt.read_timeout_seconds));
      c->busy = false;
      if (wec || !keep_alive || draining) break;
    }
    boost::system::error_code ignored;
    c->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    c->stream.socket().close(ignored);
    {
      std::lock_guard lk(conns_mu);
      conns.erase(c);
    }
    metrics.set_open_connections(--open);
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, sock] = co_await acceptor.async_accept(asio::make_strand(ioc), as_tuple_awaitable);
      if (ec) {
        if (!acceptor.is_open() || draining) co_return;
        continue;  // e.g. EMFILE: keep serving the connections we have
      }
      if (open >= opt.max_connections) {
        boost::system::error_code ignored;
        sock.close(ignored);  // over the limit: refuse rather than degrade everyone
        continue;
      }
      auto c = std::make_shared<Conn>(std::move(sock));
      {
        std::lock_guard lk(conns_mu);
        conns.insert(c);
      }
      metrics.set_open_connections(++open);
      asio::co_spawn(c->stream.get_executor(), session(c), asio::detached);
    }
  }

  void begin_drain() {
    if (draining.exchange(true)) return;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    tick_timer.cancel();
    std::lock_guard lk(conns_mu);
    for (const auto& c : conns) {
      // Idle keep-alive connections are closed now; busy ones close after their answer is written.
      asio::post(c->stream.get_executor(), [c] {
        if (!c->busy) c->stream.socket().cancel();
      });
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(opt.shutdown_grace_seconds);
    asio::co_spawn(
        ioc,
        [this, deadline]() -> asio::awaitable<void> {
          asio::steady_timer t(ioc);
          while (open > 0 && std::chrono::steady_clock::now() < deadline) {
            t.expires_after(std::chrono::milliseconds(20));
            co_await t.async_wait(as_tuple_awaitable);
          }
          ioc.stop();
        },
        asio::detached);
  }

  void schedule_tick() {
    tick_timer.expires_after(std::chrono::seconds(1));
    tick_timer.async_wait([this](boost::system::error_code ec) {
      if (ec || draining) return;
      if (tick && !tick_running.exchange(true)) {
        asio::post(workers, [this] {
          try {
            tick();
          } catch (const std::exception& e) {
            std::cerr << "background tick failed: " << e.what() << "\n";
          }
          tick_running = false;
        });
      }
      schedule_tick();
    });
  }
};

Server::Server(ServerOptions options, const Router& router, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, metrics)) {}

Server::~Server() = default;

void Server::bind() {
  auto& a = impl_->acceptor;
  tcp::endpoint ep(asio::ip::make_address(impl_->opt.address), impl_->opt.port);
  a.open(ep.protocol());
  a.set_option(asio::socket_base::reuse_address(true));
  boost::system::error_code ec;
  a.bind(ep, ec);
  if (ec)
    throw std::runtime_error("cannot listen on " + impl_->opt.address + ":" + std::to_string(impl_->opt.port) +
                             ": " + ec.message());
  a.listen(asio::socket_base::max_listen_connections);
}

std::uint16_t Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::set_tick(std::function<void()> tick) { impl_->tick = std::move(tick); }

void Server::stop() {
  asio::post(impl_->ioc, [this] { impl_->begin_drain(); });
}

void Server::run() {
  auto& im = *impl_;
  if (!im.acceptor.is_open()) bind();
  im.signals.async_wait([&im](boost::system::error_code ec, int) {
    if (!ec) im.begin_drain();
  });
  asio::co_spawn(im.ioc, im.accept_loop(), asio::detached);
  im.schedule_tick();
  std::vector<std::thread> threads;
  for (int i = 1; i < im.opt.io_threads; ++i) threads.emplace_back([&im] { im.ioc.run(); });
  im.ioc.run();
  for (auto& t : threads) t.join();
  im.workers.join();
}

}  // namespace motcua::http
