// The PE loader on a real mingw-w64 program (when the cross compiler built one) and on corrupted
// copies of it.
#include "loader/pe_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

#include "common/error.h"

using namespace polyrun;
using namespace polyrun::loader;

namespace {

const std::string kHello = std::string(POLYRUN_WIN64_SAMPLES_DIR) + "/hello.exe";

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string write_temp(const std::string& bytes) {
  char path[] = "/tmp/polyrun-pe-XXXXXX";
  int fd = ::mkstemp(path);
  EXPECT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  ::close(fd);
  return path;
}

mem::Layout layout(uint64_t bottom) { return mem::Layout{4096, bottom, bottom + 0x100000000ull}; }

std::string load_error(const std::string& bytes) {
  std::string path = write_temp(bytes);
  mem::AddressSpace as(layout(0x1c0000000000ull));
  std::string msg;
  try {
    load_pe(as, path, 0x200000000000ull);
  } catch (const UserError& e) {
    msg = e.what();
    EXPECT_EQ(e.exit_status(), 126);
  }
  ::unlink(path.c_str());
  return msg;
}

class PeLoader : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access(kHello.c_str(), R_OK) != 0) GTEST_SKIP() << "mingw-w64 samples not built";
    file = read_file(kHello);
  }
  std::string file;
  uint32_t pe_offset() const {
    uint32_t v;
    std::memcpy(&v, file.data() + 0x3c, 4);
    return v;
  }
};

TEST_F(PeLoader, MapsImportsAndEntry) {
  mem::AddressSpace as(layout(0x1c1000000000ull));
  PeImage img = load_pe(as, kHello, 0x200000000000ull);
  EXPECT_TRUE(img.is64);
  EXPECT_EQ(img.isa, Isa::X86_64);
  EXPECT_EQ(img.subsystem, kSubsystemWindowsCui);
  EXPECT_GT(img.entry, img.base);
  EXPECT_LT(img.entry, img.base + img.size);
  bool kernel32 = false, msvcrt = false;
  for (const auto& i : img.imports) {
    kernel32 |= i.dll == "KERNEL32.dll" && i.name == "GetLastError";
    msvcrt |= i.dll == "msvcrt.dll" && i.name == "__getmainargs";
    EXPECT_GE(i.iat_slot, img.base);
    EXPECT_LT(i.iat_slot, img.base + img.size);
  }
  EXPECT_TRUE(kernel32);
  EXPECT_TRUE(msvcrt);
  EXPECT_EQ(std::memcmp(reinterpret_cast<const void*>(img.base), "MZ", 2), 0);
  const mem::Vma* text = as.find(img.entry);
  ASSERT_NE(text, nullptr);
  EXPECT_TRUE(text->prot & mem::kExec);
  EXPECT_FALSE(text->prot & mem::kWrite);
}

TEST_F(PeLoader, RelocatesWhenThePreferredBaseIsTaken) {
  mem::AddressSpace first(layout(0x1c2000000000ull));
  PeImage a = load_pe(first, kHello, 0x200000000000ull);
  // The host memory of the first copy occupies its range: the second copy must move.
  mem::AddressSpace second(layout(0x1c3000000000ull));
  PeImage b = load_pe(second, kHello, 0x200000000000ull);
  ASSERT_NE(a.base, b.base);
  EXPECT_EQ(b.entry - b.base, a.entry - a.base);
  // Every 64-bit word that differs between the two copies differs by exactly the delta.
  uint64_t delta = b.base - a.base;
  size_t differing = 0;
  for (uint64_t off = 0; off + 8 <= a.size; off += 8) {
    if (!first.accessible(a.base + off, 8, mem::kRead)) continue;
    uint64_t x, y;
    std::memcpy(&x, reinterpret_cast<const void*>(a.base + off), 8);
    std::memcpy(&y, reinterpret_cast<const void*>(b.base + off), 8);
    if (x != y) {
      ++differing;
      EXPECT_EQ(y - x, delta) << "at offset " << off;
    }
  }
  EXPECT_GT(differing, 0u);
}

TEST_F(PeLoader, RejectsCorruptFiles) {
  EXPECT_NE(load_error(file.substr(0, 40)).find("truncated PE file"), std::string::npos);
  EXPECT_NE(load_error(file.substr(0, pe_offset() + 30)).find("truncated PE file"), std::string::npos);
  EXPECT_NE(load_error(file.substr(0, file.size() / 3)).find("PE file"), std::string::npos);
  {
    std::string f = file;
    uint32_t far = 0x7fffffff;
    std::memcpy(&f[0x3c], &far, 4);
    EXPECT_NE(load_error(f).find("truncated PE file"), std::string::npos);
  }
  {
    std::string f = file;
    uint16_t native = 1;  // (GUI, 2, and console, 3, programs load; a native one does not)
    std::memcpy(&f[pe_offset() + 24 + 68], &native, 2);  // OptionalHeader.Subsystem
    EXPECT_NE(load_error(f).find("for subsystem 1: only Windows GUI and console programs"), std::string::npos);
  }
  {
    std::string f = file;
    f[pe_offset() + 4] = static_cast<char>(0x64), f[pe_offset() + 5] = static_cast<char>(0xaa);  // ARM64
    EXPECT_NE(load_error(f).find("PE32+ ARM64 Windows program is not supported"), std::string::npos);
  }
  {
    std::string f = file;
    uint16_t ch;
    std::memcpy(&ch, &f[pe_offset() + 22], 2);
    ch |= 0x2000;  // IMAGE_FILE_DLL
    std::memcpy(&f[pe_offset() + 22], &ch, 2);
    EXPECT_NE(load_error(f).find("a DLL, not a program"), std::string::npos);
  }
}

// Windows reads a program's export directory only when GetProcAddress asks for it: a program whose
// directory cannot be read at load time (a UPX-packed one's points into the section its stub fills)
// runs, without exports. A DLL's is read as it is loaded (MapsADllWithItsExportTable).
TEST_F(PeLoader, RunsAProgramWhoseExportDirectoryIsUnreadable) {
  std::string f = file;
  const uint32_t far = 0x7ffffff0, size = 0x40;
  std::memcpy(&f[pe_offset() + 24 + 112], &far, 4);  // PE32+: DataDirectory[EXPORT].VirtualAddress
  std::memcpy(&f[pe_offset() + 24 + 116], &size, 4);  // and its Size
  EXPECT_EQ(load_error(f), "");
  std::string path = write_temp(f);
  mem::AddressSpace as(layout(0x1c0000000000ull));
  PeImage img = load_pe(as, path, 0x200000000000ull);
  ::unlink(path.c_str());
  EXPECT_TRUE(img.exports.empty());
  EXPECT_TRUE(img.export_table.functions.empty());
}

// A DLL (dll_basic's modplug.dll): mapped only by load_pe_dll, with its export table: a function by
// name and ordinal, and two exports forwarded to other DLLs. A program is not a DLL, and a refused
// file leaves nothing mapped.
TEST_F(PeLoader, MapsADllWithItsExportTable) {
  const std::string dll = std::string(POLYRUN_WIN64_SAMPLES_DIR) + "/modplug.dll";
  if (::access(dll.c_str(), R_OK) != 0) GTEST_SKIP() << "the DLL samples are not built";
  mem::AddressSpace as(layout(0x1c0000000000ull));
  PeImage img = load_pe_dll(as, dll, 0x200000000000ull);
  EXPECT_TRUE(img.is_dll);
  const PeExportTable& t = img.export_table;
  ASSERT_EQ(t.names.count("plug_twice"), 1u);
  const uint32_t twice = t.names.at("plug_twice");
  ASSERT_LT(twice, t.functions.size());
  EXPECT_GE(t.functions[twice], img.base);
  EXPECT_LT(t.functions[twice], img.base + img.size);
  EXPECT_EQ(img.exports.at("plug_twice"), t.functions[twice]);
  ASSERT_EQ(t.names.count("plug_add"), 1u);
  EXPECT_EQ(t.forwards.at(t.names.at("plug_add")), "modlib.add");
  EXPECT_EQ(t.forwards.at(t.names.at("plug_strlen")), "msvcrt.strlen");
  EXPECT_EQ(img.exports.count("plug_add"), 0u);  // (a forwarder has no address of its own)
  EXPECT_EQ(t.functions[t.names.at("plug_add")], 0u);

  mem::AddressSpace other(layout(0x1c0000000000ull));
  // The error a load gives (the loader's one line), "" when it succeeds.
  auto error_of = [&](bool as_dll, const std::string& path) {
    try {
      if (as_dll) load_pe_dll(other, path, 0x200000000000ull);
      else load_pe(other, path, 0x200000000000ull);
    } catch (const UserError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  std::string msg = error_of(false, dll);
  EXPECT_NE(msg.find("a DLL, not a program"), std::string::npos) << msg;
  msg = error_of(true, kHello);
  EXPECT_NE(msg.find("not a DLL"), std::string::npos) << msg;
  // A DLL whose data directory `index` lies outside the image is found so once it is mapped: it is
  // unmapped again.
  auto directory_outside = [&](int index) {
    std::string bytes = read_file(dll);
    uint32_t pe = 0, far = 0x7ffffff0;
    std::memcpy(&pe, &bytes[0x3c], 4);
    std::memcpy(&bytes[pe + 24 + 112 + 8 * index], &far, 4);  // PE32+: DataDirectory[index].VirtualAddress
    const std::string path = write_temp(bytes);
    const std::string error = error_of(true, path);
    ::unlink(path.c_str());
    return error;
  };
  msg = directory_outside(1);  // the imports
  EXPECT_NE(msg.find("corrupt PE file"), std::string::npos) << msg;
  EXPECT_TRUE(other.vmas().empty());
  msg = directory_outside(0);  // the exports
  EXPECT_NE(msg.find("corrupt PE file (the export directory outside the image)"), std::string::npos) << msg;
  EXPECT_TRUE(other.vmas().empty());
}

}  // namespace
