// Configuration: defaults < INI file (--config or MOTCUA_CONFIG) < environment variables.
// Every key is documented in docs/CONFIGURATION.md.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace motcua::app {

struct Config {
  std::string db_url;                       // MOTCUA_DB; default sqlite under data_dir
  std::string listen_address = "127.0.0.1";  // MOTCUA_LISTEN_ADDRESS
  std::uint16_t port = 8080;                 // MOTCUA_PORT
  std::string data_dir = "./var";            // MOTCUA_DATA_DIR (database, mail sink, uploads)
  std::string public_base_url;               // MOTCUA_PUBLIC_BASE_URL; default http://<listen>:<port>
  std::string web_dir;                       // MOTCUA_WEB_DIR: built web UI served at /, optional
  // Sơn La Điều 5: separate addresses for citizens (portal) and officials (one-stop back office), served by
  // this one server. Empty: the active profile's portal_host / officer_site_host; both empty: no split.
  std::string portal_host;                   // MOTCUA_PORTAL_HOST
  std::string officer_host;                  // MOTCUA_OFFICER_HOST
  int io_threads = 2;                        // MOTCUA_IO_THREADS
  int worker_threads = 4;                    // MOTCUA_WORKER_THREADS (blocking DB work)
  std::size_t max_body_bytes = 1 << 20;      // MOTCUA_MAX_BODY_BYTES
  std::size_t max_header_bytes = 16 << 10;   // MOTCUA_MAX_HEADER_BYTES
  std::size_t max_upload_bytes = 64 << 20;   // MOTCUA_MAX_UPLOAD_BYTES (one multipart upload request)
  int read_timeout_seconds = 30;             // MOTCUA_READ_TIMEOUT_SECONDS
  int max_connections = 1024;                // MOTCUA_MAX_CONNECTIONS
  int shutdown_grace_seconds = 20;           // MOTCUA_SHUTDOWN_GRACE_SECONDS
  int session_idle_minutes = 30;             // MOTCUA_SESSION_IDLE_MINUTES
  int session_absolute_hours = 12;           // MOTCUA_SESSION_ABSOLUTE_HOURS
  int login_max_failures = 5;                // MOTCUA_LOGIN_MAX_FAILURES before a temporary lock
  int login_lock_minutes = 15;               // MOTCUA_LOGIN_LOCK_MINUTES
  int reset_token_minutes = 30;              // MOTCUA_RESET_TOKEN_MINUTES
  int stats_cache_seconds = 60;              // MOTCUA_STATS_CACHE_SECONDS: age limit of the public statistics
  std::string mail_sink = "file";            // MOTCUA_MAIL_SINK: file (var/mail/*.eml) until SMTP exists
  bool access_log = true;                    // MOTCUA_ACCESS_LOG
  std::string profile;                       // MOTCUA_PROFILE: province profile (data/profiles/<key>.json)
  // Result signing (docs/SIGNING.md): where the agencies' private keys live, and the optional key that
  // encrypts them (base64 of 32 bytes, checked at load; never logged).
  std::string signing_keys_dir;              // MOTCUA_SIGNING_KEYS_DIR; default <data_dir>/keys
  std::string signing_key_encryption_key;    // MOTCUA_SIGNING_KEY_ENCRYPTION_KEY; empty = files in the clear, 0600

  // Derived helpers.
  std::string effective_db_url() const;
  std::string effective_base_url() const;
  std::string effective_keys_dir() const;
  bool cookies_secure() const;  // true when the public base URL is https
};

// Loads the INI file (if path is non-empty), then the environment. Throws std::runtime_error with a
// message naming the key on a bad value or an unknown key.
Config load_config(const std::string& ini_path);
// For tests: the same from explicit maps.
Config load_config_from(const std::string& ini_text, const std::map<std::string, std::string>& env);

}  // namespace motcua::app
