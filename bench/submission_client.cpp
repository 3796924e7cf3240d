// Closed-loop load of whole online submissions (issue #7), the C++ replacement of bench/submission_load.py:
// the Python client topped out at ~650–800 three-request submissions/s against nginx on this machine, far below
// what the server is asked to do, so it measured itself. This one is Beast/Asio coroutines on one (or a few)
// threads, so it leaves the CPU to the server.
//
// Each of --clients coroutines holds one keep-alive connection and repeats, until --duration has passed:
//
//   motcua: POST /api/dossiers (draft.json, the draft with its e-form) -> 201 {"id":…}
//           POST /api/dossiers/{id}/attachments (multipart, scan.pdf, ~200 KB, its uniqueness slot overwritten
//                so every upload stores a new blob) -> 201
//           POST /api/dossiers/{id}/submit {"channel":"online"} -> 200, answered after the commit, so a counted
//                submission survives a crash of the server (tests/api/test_kill.py);
//   nginx:  the same three bodies PUT to nginx's WebDAV location /put/ (the baseline: same bytes, same client,
//           written to files without fsync or a database) -> 201/204 each.
//
// A submission is counted when all three answers were the expected status; its latency runs from the first
// request to the third answer. A failed request counts one failure and drops to the next submission (after a
// reconnect if the connection broke). Submissions in flight at the deadline finish and count, as in the Python
// client; the rate divides by the time until the last one finished.
//
// Inputs: DATA_DIR as written by bench/load_data.py: session.sh (CITIZEN_COOKIE, CITIZEN_CSRF), draft.json,
// scan.pdf (with the 29-byte slot "%MOTCUA-UNIQ-" + 16 digits). The 16 digits are client (4) + run salt (5,
// from the clock, so a second run on the same store does not deduplicate on the first one's blobs) + counter (7).
//
// Output on stdout, one line, as submission_load.py: "submissions/s p50 p99 failed", e.g.
//   "1234.56 11.20ms 40.31ms 0"
// With --steps, the p50/p99 of each of the three requests go to stderr.
//
//   submission_client motcua|nginx URL DATA_DIR [--clients 16] [--duration 10] [--threads 1] [--steps]
//
//   URL       http://127.0.0.1:PORT (IPv4 literal or host name; no https)
//   --clients connections, each running one submission at a time (closed loop)
//   --duration seconds during which new submissions start (decimal allowed)
//   --threads threads running the client coroutines (1 leaves the most CPU to the server)
//   --steps   also print per-request latencies to stderr
//
// Exit status: 0 when it ran (even with failures: they are in the output), 2 on bad arguments or inputs,
// 1 when the server could not be reached at all.
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::string_view kBoundary = "motcuaBenchBoundary7d1f";
constexpr std::string_view kSlot = "%MOTCUA-UNIQ-0000000000000000";
constexpr std::size_t kSlotDigits = 16;  // after "%MOTCUA-UNIQ-"
constexpr auto as_tuple = asio::as_tuple(asio::use_awaitable);

struct Options {
  bool nginx = false;
  std::string host;
  std::string port;
  std::string data;
  int clients = 16;
  double duration = 10;
  int threads = 1;
  bool steps = false;
};

struct Inputs {
  std::string cookie, csrf, draft, upload;  // upload: the whole multipart body
  std::size_t digits_at = 0;                // where the slot's 16 digits start in `upload`
  std::string submit = R"({"channel":"online"})";
};

struct Stats {
  std::vector<double> total, draft, upload, submit;  // seconds
  long failed = 0;
};

[[noreturn]] void usage(const std::string& why) {
  std::cerr << "submission_client: " << why
            << "\nusage: submission_client motcua|nginx URL DATA_DIR [--clients 16] [--duration 10] [--threads 1] "
               "[--steps]\n";
  std::exit(2);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) usage("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Options parse_args(int argc, char** argv) {
  Options o;
  std::vector<std::string> pos;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(a + " needs a value");
      return argv[++i];
    };
    try {
      if (a == "--clients") o.clients = std::stoi(value());
      else if (a == "--duration") o.duration = std::stod(value());
      else if (a == "--threads") o.threads = std::stoi(value());
      else if (a == "--steps") o.steps = true;
      else if (a == "-h" || a == "--help") usage("help");
      else if (a.rfind("--", 0) == 0) usage("unknown option " + a);
      else pos.push_back(a);
    } catch (const std::logic_error&) {
      usage("bad value for " + a);
    }
  }
  if (pos.size() != 3) usage("expected MODE URL DATA_DIR");
  if (pos[0] != "motcua" && pos[0] != "nginx") usage("mode must be motcua or nginx");
  o.nginx = pos[0] == "nginx";
  std::string url = pos[1];
  if (url.rfind("http://", 0) != 0) usage("URL must start with http://");
  url = url.substr(7);
  if (auto slash = url.find('/'); slash != std::string::npos) url.resize(slash);
  const auto colon = url.rfind(':');
  o.host = colon == std::string::npos ? url : url.substr(0, colon);
  o.port = colon == std::string::npos ? "80" : url.substr(colon + 1);
  o.data = pos[2];
  if (o.clients < 1 || o.threads < 1 || o.duration <= 0) usage("clients, threads and duration must be positive");
  return o;
}

Inputs load_inputs(const Options& o) {
  Inputs in;
  std::istringstream session(read_file(o.data + "/session.sh"));
  for (std::string line; std::getline(session, line);) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string k = line.substr(0, eq), v = line.substr(eq + 1);
    if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') v = v.substr(1, v.size() - 2);
    if (k == "CITIZEN_COOKIE") in.cookie = v;
    if (k == "CITIZEN_CSRF") in.csrf = v;
  }
  if (!o.nginx && (in.cookie.empty() || in.csrf.empty())) usage("session.sh has no CITIZEN_COOKIE/CITIZEN_CSRF");
  in.draft = read_file(o.data + "/draft.json");
  const std::string pdf = read_file(o.data + "/scan.pdf");
  const auto at = pdf.find(kSlot);
  if (at == std::string::npos) usage("scan.pdf has no uniqueness slot");
  in.upload = "--" + std::string(kBoundary) +
              "\r\nContent-Disposition: form-data; name=\"giay_to_1\"; filename=\"ban-quet.pdf\"\r\n"
              "Content-Type: application/pdf\r\n\r\n" +
              pdf + "\r\n--" + std::string(kBoundary) + "--\r\n";
  in.digits_at = in.upload.find(kSlot) + kSlot.size() - kSlotDigits;
  return in;
}

// Writes n as exactly `width` decimal digits (the low ones) at p.
void put_digits(char* p, std::uint64_t n, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + n % 10);
    n /= 10;
  }
}

struct Shared {
  const Options& opt;
  const Inputs& in;
  tcp::resolver::results_type endpoints;
  Clock::time_point deadline;
  std::uint64_t salt;
  std::mutex mu;
  Stats all;
  std::atomic<int> unreachable{0};
};

class Client {
 public:
  Client(Shared& sh, int no) : sh_(sh), no_(no) { upload_ = sh.in.upload; }

  asio::awaitable<void> run() {
    std::uint64_t n = 0;
    Stats mine;
    while (Clock::now() < sh_.deadline) {
      if (!connected_ && !co_await connect()) {
        ++mine.failed;
        asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(100));
        co_await t.async_wait(as_tuple);
        continue;
      }
      ++n;
      char* digits = upload_.data() + sh_.in.digits_at;
      put_digits(digits, static_cast<std::uint64_t>(no_), 4);
      put_digits(digits + 4, sh_.salt, 5);
      put_digits(digits + 9, n, 7);
      const auto start = Clock::now();
      bool ok = false;
      double t_draft = 0, t_upload = 0, t_submit = 0;
      if (sh_.opt.nginx) {
        const std::string name(digits, kSlotDigits);
        auto t0 = Clock::now();
        ok = ok_put(co_await call(http::verb::put, "/put/" + name + "-draft.json", sh_.in.draft,
                                  "application/octet-stream"));
        auto t1 = Clock::now();
        if (ok)
          ok = ok_put(co_await call(http::verb::put, "/put/" + name + ".pdf", upload_, "application/octet-stream"));
        auto t2 = Clock::now();
        if (ok)
          ok = ok_put(co_await call(http::verb::put, "/put/" + name + "-submit.json", sh_.in.submit,
                                    "application/octet-stream"));
        auto t3 = Clock::now();
        t_draft = secs(t1 - t0), t_upload = secs(t2 - t1), t_submit = secs(t3 - t2);
      } else {
        auto t0 = Clock::now();
        int status = co_await call(http::verb::post, "/api/dossiers", sh_.in.draft, "application/json");
        auto t1 = t0, t2 = t0;
        std::int64_t id = 0;
        if (status == 201) id = dossier_id();
        if (id > 0) {
          const std::string base = "/api/dossiers/" + std::to_string(id);
          t1 = Clock::now();
          status = co_await call(http::verb::post, base + "/attachments", upload_,
                                 "multipart/form-data; boundary=" + std::string(kBoundary));
          t2 = Clock::now();
          if (status == 201)
            status = co_await call(http::verb::post, base + "/submit", sh_.in.submit, "application/json");
          ok = status == 200;
        }
        auto t3 = Clock::now();
        t_draft = secs(t1 - t0), t_upload = secs(t2 - t1), t_submit = secs(t3 - t2);
        if (!ok && status > 0 && mine.failed < 3)
          std::cerr << "submission_client: client " << no_ << ": HTTP " << status << ": "
                    << res_.body().substr(0, 300) << "\n";
      }
      if (ok) {
        mine.total.push_back(secs(Clock::now() - start));
        mine.draft.push_back(t_draft);
        mine.upload.push_back(t_upload);
        mine.submit.push_back(t_submit);
      } else {
        ++mine.failed;
      }
    }
    if (connected_) {
      beast::error_code ignored;
      stream_->socket().shutdown(tcp::socket::shutdown_both, ignored);
    }
    std::lock_guard lk(sh_.mu);
    auto append = [](std::vector<double>& to, const std::vector<double>& from) {
      to.insert(to.end(), from.begin(), from.end());
    };
    append(sh_.all.total, mine.total);
    append(sh_.all.draft, mine.draft);
    append(sh_.all.upload, mine.upload);
    append(sh_.all.submit, mine.submit);
    sh_.all.failed += mine.failed;
  }

 private:
  static double secs(Clock::duration d) { return std::chrono::duration<double>(d).count(); }
  static bool ok_put(int status) { return status == 201 || status == 204; }

  asio::awaitable<bool> connect() {
    stream_.emplace(co_await asio::this_coro::executor);
    stream_->expires_after(std::chrono::seconds(10));
    auto [ec, ep] = co_await stream_->async_connect(sh_.endpoints, as_tuple);
    if (ec) {
      ++sh_.unreachable;
      co_return false;
    }
    stream_->socket().set_option(tcp::no_delay(true));
    connected_ = true;
    co_return true;
  }

  // One request on the keep-alive connection (reconnecting first when the server closed it after its last
  // answer, e.g. nginx's keepalive_requests); the status, or -1 when the connection failed.
  asio::awaitable<int> call(http::verb method, const std::string& target, const std::string& body,
                            const std::string& content_type) {
    if (!connected_ && !co_await connect()) co_return -1;
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, sh_.opt.host);
    req.set(http::field::content_type, content_type);
    if (!sh_.opt.nginx) {
      req.set(http::field::cookie, sh_.in.cookie);
      req.set("X-CSRF-Token", sh_.in.csrf);
    }
    req.keep_alive(true);
    req.body() = body;
    req.prepare_payload();
    stream_->expires_after(std::chrono::seconds(60));
    auto [wec, wn] = co_await http::async_write(*stream_, req, as_tuple);
    if (!wec) {
      res_ = {};
      buffer_.clear();
      auto [rec, rn] = co_await http::async_read(*stream_, buffer_, res_, as_tuple);
      if (!rec) {
        if (!res_.keep_alive()) close();
        co_return static_cast<int>(res_.result_int());
      }
    }
    close();
    co_return -1;
  }

  void close() {
    beast::error_code ignored;
    stream_->socket().close(ignored);
    connected_ = false;
  }

  std::int64_t dossier_id() const {
    boost::system::error_code ec;
    const auto v = boost::json::parse(res_.body(), ec);
    if (ec || !v.is_object()) return 0;
    const auto* id = v.as_object().if_contains("id");
    return id && id->is_int64() ? id->as_int64() : 0;
  }

  Shared& sh_;
  int no_;
  std::optional<beast::tcp_stream> stream_;  // a new one per (re)connection
  bool connected_ = false;
  beast::flat_buffer buffer_;
  http::response<http::string_body> res_;
  std::string upload_;  // this client's copy, its slot rewritten per submission
};

std::string pct(std::vector<double>& v, double p) {
  if (v.empty()) return "-";
  std::sort(v.begin(), v.end());
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fms", v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))] * 1000);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = parse_args(argc, argv);
  const Inputs in = load_inputs(opt);
  asio::io_context ioc(opt.threads);
  Shared sh{opt, in, {}, {}, 0, {}, {}, {}};
  {
    tcp::resolver resolver(ioc);
    boost::system::error_code ec;
    sh.endpoints = resolver.resolve(opt.host, opt.port, ec);
    if (ec) usage("cannot resolve " + opt.host + ": " + ec.message());
  }
  sh.salt = static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch() / std::chrono::seconds(1)) %
            100000;
  std::vector<std::unique_ptr<Client>> clients;
  const auto began = Clock::now();
  sh.deadline = began + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(opt.duration));
  for (int i = 0; i < opt.clients; ++i) {
    auto strand = asio::make_strand(ioc);
    clients.push_back(std::make_unique<Client>(sh, i + 1));
    asio::co_spawn(strand, clients.back()->run(), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
  }
  std::vector<std::thread> threads;
  for (int i = 1; i < opt.threads; ++i) threads.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - began).count();

  Stats& s = sh.all;
  const double rate = static_cast<double>(s.total.size()) / elapsed;
  std::printf("%.2f %s %s %ld\n", rate, pct(s.total, 0.50).c_str(), pct(s.total, 0.99).c_str(), s.failed);
  if (opt.steps) {
    const char* names[3] = {opt.nginx ? "PUT draft" : "POST draft", opt.nginx ? "PUT pdf" : "POST attachment",
                            opt.nginx ? "PUT submit" : "POST submit"};
    std::vector<double>* v[3] = {&s.draft, &s.upload, &s.submit};
    for (int i = 0; i < 3; ++i)
      std::fprintf(stderr, "%-16s p50 %s p99 %s\n", names[i], pct(*v[i], 0.50).c_str(), pct(*v[i], 0.99).c_str());
    std::fprintf(stderr, "%zu submissions in %.2f s, %d clients, %d thread(s)\n", s.total.size(), elapsed,
                 opt.clients, opt.threads);
  }
  if (s.total.empty() && sh.unreachable > 0) return 1;
  return 0;
}
