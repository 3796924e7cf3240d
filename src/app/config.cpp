#include "app/config.h"

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

#include "app/key_files.h"

extern char** environ;

namespace motcua::app {

namespace {

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(" \t\r");
  s = s.substr(b, e - b + 1);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

long parse_int(const std::string& key, const std::string& v, long min, long max) {
  char* end = nullptr;
  errno = 0;
  long n = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno != 0 || n < min || n > max)
    throw std::runtime_error("configuration " + key + ": expected a whole number from " + std::to_string(min) +
                             " to " + std::to_string(max) + ", got '" + v + "'");
  return n;
}

bool parse_bool(const std::string& key, const std::string& v) {
  if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
  if (v == "0" || v == "false" || v == "no" || v == "off") return false;
  throw std::runtime_error("configuration " + key + ": expected true or false, got '" + v + "'");
}

// One table maps both the INI key (section.key) and the environment variable to a setter, so the
// two sources cannot drift apart.
struct Setting {
  const char* ini;
  const char* env;
  std::function<void(Config&, const std::string&, const std::string&)> set;
};

const std::vector<Setting>& settings() {
  static const std::vector<Setting> s = {
      {"database.url", "MOTCUA_DB", [](Config& c, auto&, auto& v) { c.db_url = v; }},
      {"server.listen_address", "MOTCUA_LISTEN_ADDRESS", [](Config& c, auto&, auto& v) { c.listen_address = v; }},
      {"server.port", "MOTCUA_PORT",
       [](Config& c, auto& k, auto& v) { c.port = static_cast<std::uint16_t>(parse_int(k, v, 0, 65535)); }},
      {"server.data_dir", "MOTCUA_DATA_DIR", [](Config& c, auto&, auto& v) { c.data_dir = v; }},
      {"server.public_base_url", "MOTCUA_PUBLIC_BASE_URL",
       [](Config& c, auto&, auto& v) { c.public_base_url = v; }},
      {"server.web_dir", "MOTCUA_WEB_DIR", [](Config& c, auto&, auto& v) { c.web_dir = v; }},
      {"server.portal_host", "MOTCUA_PORTAL_HOST", [](Config& c, auto&, auto& v) { c.portal_host = v; }},
      {"server.officer_host", "MOTCUA_OFFICER_HOST", [](Config& c, auto&, auto& v) { c.officer_host = v; }},
      {"server.io_threads", "MOTCUA_IO_THREADS",
       [](Config& c, auto& k, auto& v) { c.io_threads = static_cast<int>(parse_int(k, v, 1, 64)); }},
      {"server.worker_threads", "MOTCUA_WORKER_THREADS",
       [](Config& c, auto& k, auto& v) { c.worker_threads = static_cast<int>(parse_int(k, v, 1, 256)); }},
      {"limits.max_body_bytes", "MOTCUA_MAX_BODY_BYTES",
       [](Config& c, auto& k, auto& v) { c.max_body_bytes = static_cast<std::size_t>(parse_int(k, v, 1024, 1L << 30)); }},
      {"limits.max_header_bytes", "MOTCUA_MAX_HEADER_BYTES",
       [](Config& c, auto& k, auto& v) { c.max_header_bytes = static_cast<std::size_t>(parse_int(k, v, 1024, 1 << 20)); }},
      {"limits.max_upload_bytes", "MOTCUA_MAX_UPLOAD_BYTES",
       [](Config& c, auto& k, auto& v) { c.max_upload_bytes = static_cast<std::size_t>(parse_int(k, v, 1024, 1L << 34)); }},
      {"limits.read_timeout_seconds", "MOTCUA_READ_TIMEOUT_SECONDS",
       [](Config& c, auto& k, auto& v) { c.read_timeout_seconds = static_cast<int>(parse_int(k, v, 1, 3600)); }},
      {"limits.max_connections", "MOTCUA_MAX_CONNECTIONS",
       [](Config& c, auto& k, auto& v) { c.max_connections = static_cast<int>(parse_int(k, v, 1, 1000000)); }},
      {"server.shutdown_grace_seconds", "MOTCUA_SHUTDOWN_GRACE_SECONDS",
       [](Config& c, auto& k, auto& v) { c.shutdown_grace_seconds = static_cast<int>(parse_int(k, v, 0, 600)); }},
      {"security.session_idle_minutes", "MOTCUA_SESSION_IDLE_MINUTES",
       [](Config& c, auto& k, auto& v) { c.session_idle_minutes = static_cast<int>(parse_int(k, v, 1, 24 * 60)); }},
      {"security.session_absolute_hours", "MOTCUA_SESSION_ABSOLUTE_HOURS",
       [](Config& c, auto& k, auto& v) { c.session_absolute_hours = static_cast<int>(parse_int(k, v, 1, 24 * 30)); }},
      {"security.login_max_failures", "MOTCUA_LOGIN_MAX_FAILURES",
       [](Config& c, auto& k, auto& v) { c.login_max_failures = static_cast<int>(parse_int(k, v, 1, 100)); }},
      {"security.login_lock_minutes", "MOTCUA_LOGIN_LOCK_MINUTES",
       [](Config& c, auto& k, auto& v) { c.login_lock_minutes = static_cast<int>(parse_int(k, v, 1, 24 * 60)); }},
      {"security.reset_token_minutes", "MOTCUA_RESET_TOKEN_MINUTES",
       [](Config& c, auto& k, auto& v) { c.reset_token_minutes = static_cast<int>(parse_int(k, v, 5, 24 * 60)); }},
      {"stats.cache_seconds", "MOTCUA_STATS_CACHE_SECONDS",
       [](Config& c, auto& k, auto& v) { c.stats_cache_seconds = static_cast<int>(parse_int(k, v, 0, 3600)); }},
      {"mail.sink", "MOTCUA_MAIL_SINK",
       [](Config& c, auto& k, auto& v) {
         if (v != "file") throw std::runtime_error("configuration " + k + ": only 'file' is supported for now");
         c.mail_sink = v;
       }},
      {"server.access_log", "MOTCUA_ACCESS_LOG", [](Config& c, auto& k, auto& v) { c.access_log = parse_bool(k, v); }},
      {"province.profile", "MOTCUA_PROFILE", [](Config& c, auto&, auto& v) { c.profile = v; }},
      {"signing.keys_dir", "MOTCUA_SIGNING_KEYS_DIR", [](Config& c, auto&, auto& v) { c.signing_keys_dir = v; }},
      {"signing.key_encryption_key", "MOTCUA_SIGNING_KEY_ENCRYPTION_KEY",
       [](Config& c, auto&, auto& v) {
         parse_key_encryption_key(v);  // refuse a malformed key at start-up, not at the first signing
         c.signing_key_encryption_key = v;
       }},
  };
  return s;
}

void apply_ini(Config& c, const std::string& text) {
  std::istringstream in(text);
  std::string line, section;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[') {
      if (line.back() != ']')
        throw std::runtime_error("configuration line " + std::to_string(lineno) + ": unclosed section header");
      section = trim(line.substr(1, line.size() - 2));
      continue;
    }
    auto eq = line.find('=');
    if (eq == std::string::npos)
      throw std::runtime_error("configuration line " + std::to_string(lineno) + ": expected key = value");
    const std::string key = section + "." + trim(line.substr(0, eq));
    const std::string value = trim(line.substr(eq + 1));
    bool known = false;
    for (const auto& s : settings()) {
      if (key == s.ini) {
        s.set(c, key, value);
        known = true;
      }
    }
    if (!known)
      throw std::runtime_error("configuration line " + std::to_string(lineno) + ": unknown key '" + key + "'");
  }
}

}  // namespace

std::string Config::effective_db_url() const {
  if (!db_url.empty()) return db_url;
  return "sqlite://" + data_dir + "/motcua.db";
}

std::string Config::effective_base_url() const {
  if (!public_base_url.empty()) {
    std::string u = public_base_url;
    while (!u.empty() && u.back() == '/') u.pop_back();
    return u;
  }
  return "http://" + listen_address + ":" + std::to_string(port);
}

std::string Config::effective_keys_dir() const {
  return signing_keys_dir.empty() ? data_dir + "/keys" : signing_keys_dir;
}

bool Config::cookies_secure() const { return effective_base_url().rfind("https://", 0) == 0; }

Config load_config_from(const std::string& ini_text, const std::map<std::string, std::string>& env) {
  Config c;
  if (!ini_text.empty()) apply_ini(c, ini_text);
  for (const auto& s : settings()) {
    auto it = env.find(s.env);
    if (it != env.end()) s.set(c, s.env, it->second);
  }
  return c;
}

Config load_config(const std::string& ini_path) {
  std::string path = ini_path;
  if (path.empty())
    if (const char* p = std::getenv("MOTCUA_CONFIG")) path = p;
  std::string text;
  if (!path.empty()) {
    std::ifstream f(path);
    if (!f) throw std::runtime_error("cannot read configuration file " + path);
    std::ostringstream ss;
    ss << f.rdbuf();
    text = ss.str();
  }
  std::map<std::string, std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string kv = *e;
    if (kv.rfind("MOTCUA_", 0) != 0) continue;
    auto eq = kv.find('=');
    env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return load_config_from(text, env);
}

}  // namespace motcua::app
