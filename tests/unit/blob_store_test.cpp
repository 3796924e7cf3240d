#include "storage/blob_store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <thread>

namespace fs = std::filesystem;
using motcua::storage::BlobStore;
using motcua::storage::BlobTooLarge;
using motcua::storage::sha256_hex;

namespace {

class BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("motcua-blob-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::size_t temp_count() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_ / "blobs" / "tmp")) ++n;
    return n;
  }
  // All committed blobs (files under blobs/<aa>/<bb>/).
  std::vector<fs::path> blobs() const {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir_ / "blobs"))
      if (e.is_regular_file() && e.path().parent_path().parent_path().parent_path() == dir_ / "blobs")
        out.push_back(e.path());
    return out;
  }

  fs::path dir_;
};

std::string pseudo_random(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng());
  return s;
}

std::string sha256sum_of(const fs::path& p) {
  std::string cmd = "sha256sum '" + p.string() + "'";
  FILE* f = ::popen(cmd.c_str(), "r");
  if (!f) return "";
  char buf[65] = {};
  const std::size_t n = std::fread(buf, 1, 64, f);
  ::pclose(f);
  return std::string(buf, n);
}

}  // namespace

TEST_F(BlobStoreTest, HashOfKnownContentIsTheSha256sumValue) {
  BlobStore store(dir_);
  auto w = store.writer(1024);
  w.write("ab");
  w.write("c");
  const auto ref = w.commit();
  // printf abc | sha256sum
  EXPECT_EQ(ref.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ref.size, 3u);
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_TRUE(store.exists(ref.sha256));
  EXPECT_EQ(store.path_of(ref.sha256), dir_ / "blobs" / "ba" / "78" / ref.sha256);

  // A larger file written in uneven pieces (small ones batched, big ones straight through).
  const std::string big = pseudo_random(3 * 1024 * 1024 + 17, 7);
  auto w2 = store.writer(big.size());
  std::size_t at = 0, step = 1;
  while (at < big.size()) {
    const std::size_t n = std::min(step, big.size() - at);
    w2.write(big.data() + at, n);
    at += n;
    step = step * 3 % 200003 + 1;
  }
  const auto ref2 = w2.commit();
  EXPECT_EQ(ref2.size, big.size());
  EXPECT_EQ(ref2.sha256, sha256_hex(big));
  EXPECT_EQ(sha256sum_of(store.path_of(ref2.sha256)), ref2.sha256);
  EXPECT_TRUE(store.verify(ref2.sha256));
  EXPECT_EQ(temp_count(), 0u);
}

TEST_F(BlobStoreTest, IdenticalContentIsStoredOnce) {
  BlobStore store(dir_);
  auto a = store.writer(100);
  a.write("same bytes");
  auto b = store.writer(100);
  b.write("same bytes");
  const auto ra = a.commit();
  const auto rb = b.commit();
  EXPECT_EQ(ra.sha256, rb.sha256);
  EXPECT_EQ(blobs().size(), 1u);
  EXPECT_EQ(temp_count(), 0u);
}

TEST_F(BlobStoreTest, SizeLimitThrowsAndRemovesTheTemp) {
  BlobStore store(dir_);
  auto w = store.writer(10);
  w.write("0123456789");
  EXPECT_EQ(temp_count(), 1u);
  EXPECT_THROW(w.write("x"), BlobTooLarge);
  EXPECT_EQ(temp_count(), 0u);
  EXPECT_THROW(w.commit(), std::logic_error);
  EXPECT_TRUE(blobs().empty());
}

TEST_F(BlobStoreTest, AbandonedWriterLeavesNothing) {
  BlobStore store(dir_);
  {
    auto w = store.writer(1 << 20);
    w.write(std::string(200000, 'z'));
    EXPECT_EQ(temp_count(), 1u);
  }
  EXPECT_EQ(temp_count(), 0u);
  EXPECT_TRUE(blobs().empty());
}

TEST_F(BlobStoreTest, CrashLeftTempsAreSwept) {
  BlobStore store(dir_);
  const fs::path old_tmp = dir_ / "blobs" / "tmp" / "deadbeef.part";
  const fs::path fresh_tmp = dir_ / "blobs" / "tmp" / "cafebabe.part";
  std::ofstream(old_tmp) << "half a file";
  std::ofstream(fresh_tmp) << "an upload in flight";
  fs::last_write_time(old_tmp, fs::file_time_type::clock::now() - std::chrono::hours(2));
  EXPECT_EQ(store.remove_orphan_temps(std::chrono::hours(1)), 1u);
  EXPECT_FALSE(fs::exists(old_tmp));
  EXPECT_TRUE(fs::exists(fresh_tmp));
  EXPECT_EQ(store.remove_orphan_temps(std::chrono::seconds(0)), 1u);  // at start-up: all of them
  EXPECT_EQ(temp_count(), 0u);
}

TEST_F(BlobStoreTest, FinalPathAppearsOnlyOnCommitAndComplete) {
  BlobStore store(dir_);
  const std::string data = pseudo_random(1 << 20, 3);
  auto w = store.writer(data.size());
  w.write(data.data(), data.size() / 2);
  EXPECT_FALSE(store.exists(sha256_hex(data)));
  EXPECT_TRUE(blobs().empty());
  w.write(data.data() + data.size() / 2, data.size() - data.size() / 2);
  EXPECT_TRUE(blobs().empty());
  const auto ref = w.commit();
  ASSERT_EQ(blobs().size(), 1u);
  EXPECT_EQ(fs::file_size(blobs()[0]), data.size());
  EXPECT_TRUE(store.verify(ref.sha256));
}

// The kill test in miniature: a child process stores blobs in a loop and is SIGKILLed at random
// moments. Whatever it left, every final path must hold exactly the content its name says.
TEST_F(BlobStoreTest, SigkillNeverLeavesAPartialBlob) {
  std::mt19937 rng(11);
  for (int round = 0; round < 6; ++round) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {  // the child never returns into the test framework
      try {
        BlobStore store(dir_);
        for (unsigned i = 0;; ++i) {
          auto w = store.writer(1 << 22);
          const std::string chunk = pseudo_random(64 * 1024 + i, round * 1000 + i);
          for (int k = 0; k < 16; ++k) w.write(chunk);
          w.commit();
        }
      } catch (...) {
      }
      ::_exit(1);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5 + rng() % 60));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  BlobStore store(dir_);
  EXPECT_FALSE(blobs().empty()) << "the child should have committed some blobs before being killed";
  for (const auto& p : blobs()) EXPECT_TRUE(store.verify(p.filename().string())) << p;
  store.remove_orphan_temps(std::chrono::seconds(0));
  EXPECT_EQ(temp_count(), 0u);
}

TEST_F(BlobStoreTest, VerifyDetectsCorruptionAndBadNamesAreRejected) {
  BlobStore store(dir_);
  auto w = store.writer(100);
  w.write("Giấy khai sinh");
  const auto ref = w.commit();
  EXPECT_TRUE(store.verify(ref.sha256));
  auto in = store.open(ref.sha256);
  ASSERT_TRUE(in);
  std::string back((std::istreambuf_iterator<char>(*in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(back, "Giấy khai sinh");
  {
    std::ofstream f(store.path_of(ref.sha256), std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(0);
    f.put('g');
  }
  EXPECT_FALSE(store.verify(ref.sha256));
  const std::string missing(64, 'a');
  EXPECT_FALSE(store.exists(missing));
  EXPECT_FALSE(store.verify(missing));
  EXPECT_FALSE(store.open(missing));
  EXPECT_FALSE(store.exists("../../etc/passwd"));
  EXPECT_FALSE(store.open("../../etc/passwd"));
  EXPECT_THROW(store.path_of("ABC"), std::invalid_argument);
  EXPECT_THROW(store.path_of(std::string(64, 'A')), std::invalid_argument);  // upper case is not a name
}
