// Private key files of the agencies' signing keys: mode 0600 at creation, refused on load when group or
// others may read them, optional encryption bound to the key id (docs/SIGNING.md).
#include "app/key_files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <random>
#include <sstream>

#include "domain/result_signature.h"

namespace fs = std::filesystem;
using motcua::app::KeyFileError;
using motcua::app::KeyFiles;
using motcua::app::parse_key_encryption_key;

namespace {

class KeyFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("motcua-keys-" + std::to_string(std::random_device{}()));
    kp = motcua::domain::generate_signing_key();
    id = motcua::domain::key_id_of(kp.public_key);
  }
  void TearDown() override { fs::remove_all(dir); }

  static unsigned mode_of(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0);
    return st.st_mode & 07777;
  }
  static std::string read(const fs::path& p) {
    std::ifstream f(p);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }
  std::string load_error(const KeyFiles& files, const std::string& key_id) {
    try {
      files.load(key_id);
    } catch (const KeyFileError& e) {
      return e.what();
    }
    return "";
  }

  fs::path dir;
  motcua::domain::SigningKeyPair kp;
  std::string id;
  const std::string kek = std::string(32, '\x42');
};

TEST_F(KeyFilesTest, CreatedWithMode0600InA0700DirectoryAndLoadsBack) {
  const KeyFiles files(dir / "keys", std::nullopt);
  ::umask(0);  // even a permissive umask must not widen the file
  files.create(id, 7, kp.seed);
  ::umask(022);
  EXPECT_EQ(mode_of(dir / "keys"), 0700u);
  EXPECT_EQ(mode_of(files.path_of(id)), 0600u);
  EXPECT_EQ(files.load(id), kp.seed);
  const auto text = read(files.path_of(id));
  EXPECT_NE(text.find("motcua-agency-key-v1\nkey_id: " + id + "\nagency_id: 7\nencryption: none\n"), std::string::npos);
}

TEST_F(KeyFilesTest, NeverOverwritesAnExistingKey) {
  const KeyFiles files(dir, std::nullopt);
  files.create(id, 7, kp.seed);
  EXPECT_THROW(files.create(id, 7, motcua::domain::generate_signing_key().seed), KeyFileError);
  EXPECT_EQ(files.load(id), kp.seed);
}

TEST_F(KeyFilesTest, GroupOrOtherAccessIsRefusedWithAClearMessage) {
  const KeyFiles files(dir, std::nullopt);
  files.create(id, 7, kp.seed);
  for (unsigned mode : {0640u, 0604u, 0660u, 0644u, 0610u}) {
    fs::permissions(files.path_of(id), static_cast<fs::perms>(mode), fs::perm_options::replace);
    const auto err = load_error(files, id);
    EXPECT_NE(err.find("group or others"), std::string::npos) << std::oct << mode << ": " << err;
    EXPECT_NE(err.find(files.path_of(id).string()), std::string::npos) << err;
  }
  fs::permissions(files.path_of(id), fs::perms::owner_read, fs::perm_options::replace);  // 0400 is fine
  EXPECT_EQ(files.load(id), kp.seed);
}

TEST_F(KeyFilesTest, MissingSymlinkedOrForeignFilesAreRefused) {
  const KeyFiles files(dir, std::nullopt);
  EXPECT_NE(load_error(files, id).find("cannot open"), std::string::npos);
  files.create(id, 7, kp.seed);
  const auto other = motcua::domain::key_id_of(motcua::domain::generate_signing_key().public_key);
  fs::create_symlink(files.path_of(id), files.path_of(other));
  EXPECT_NE(load_error(files, other), "");  // O_NOFOLLOW
  fs::remove(files.path_of(other));
  fs::copy_file(files.path_of(id), files.path_of(other));  // a file renamed to another key's name
  fs::permissions(files.path_of(other), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  EXPECT_NE(load_error(files, other).find("holds key"), std::string::npos);
  EXPECT_THROW(files.path_of("../etc/passwd"), KeyFileError);
  EXPECT_THROW(files.path_of(""), KeyFileError);
}

TEST_F(KeyFilesTest, EncryptedFilesHoldNoSeedAndNeedTheRightKey) {
  const KeyFiles files(dir, kek);
  files.create(id, 7, kp.seed);
  const auto text = read(files.path_of(id));
  EXPECT_NE(text.find("encryption: xchacha20poly1305\nnonce: "), std::string::npos);
  EXPECT_EQ(text.find(motcua::domain::base64_encode(kp.seed)), std::string::npos);
  EXPECT_EQ(files.load(id), kp.seed);

  EXPECT_NE(load_error(KeyFiles(dir, std::nullopt), id).find("no key-encryption key is configured"), std::string::npos);
  EXPECT_NE(load_error(KeyFiles(dir, std::string(32, '\x43')), id).find("cannot be decrypted"), std::string::npos);
  // Plain files made before encryption was switched on still load.
  const auto old = motcua::domain::generate_signing_key();
  const auto old_id = motcua::domain::key_id_of(old.public_key);
  KeyFiles(dir, std::nullopt).create(old_id, 8, old.seed);
  EXPECT_EQ(files.load(old_id), old.seed);
}

TEST_F(KeyFilesTest, EncryptionIsBoundToTheKeyId) {
  const KeyFiles files(dir, kek);
  files.create(id, 7, kp.seed);
  // Rewrite the key_id line so the id check passes: the associated data still refuses it.
  const auto other = motcua::domain::key_id_of(motcua::domain::generate_signing_key().public_key);
  auto text = read(files.path_of(id));
  text.replace(text.find(id), id.size(), other);
  {
    std::ofstream f(files.path_of(other));
    f << text;
  }
  fs::permissions(files.path_of(other), fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  EXPECT_NE(load_error(files, other).find("cannot be decrypted"), std::string::npos);
}

TEST(KeyEncryptionKey, IsBase64OfThirtyTwoBytes) {
  EXPECT_FALSE(parse_key_encryption_key(""));
  EXPECT_EQ(parse_key_encryption_key(motcua::domain::base64_encode(std::string(32, 'k')))->size(), 32u);
  EXPECT_THROW(parse_key_encryption_key(motcua::domain::base64_encode(std::string(16, 'k'))), std::runtime_error);
  EXPECT_THROW(parse_key_encryption_key("not base64"), std::runtime_error);
}

}  // namespace
