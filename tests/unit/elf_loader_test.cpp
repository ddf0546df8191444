// The ELF loader on a small hand-made aarch64 program and on crafted malformed variants of it.
#include "loader/elf_loader.h"

#include <elf.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <functional>

#include "common/error.h"
#include "loader/format.h"

using namespace polyrun;
using namespace polyrun::loader;

namespace {

constexpr uint64_t kBase = 0x400000;
constexpr uint32_t kCode[] = {0xd2800ba8, 0xd4000001};  // mov x8, #93; svc #0

struct Elf {
  Elf64_Ehdr eh{};
  std::vector<Elf64_Phdr> ph;
  std::vector<uint8_t> tail;  // bytes after the headers
};

Elf good_elf(uint16_t type = ET_EXEC) {
  Elf e;
  std::memcpy(e.eh.e_ident, ELFMAG, SELFMAG);
  e.eh.e_ident[EI_CLASS] = ELFCLASS64;
  e.eh.e_ident[EI_DATA] = ELFDATA2LSB;
  e.eh.e_ident[EI_VERSION] = EV_CURRENT;
  e.eh.e_type = type;
  e.eh.e_machine = EM_AARCH64;
  e.eh.e_version = EV_CURRENT;
  e.eh.e_phoff = sizeof(Elf64_Ehdr);
  e.eh.e_ehsize = sizeof(Elf64_Ehdr);
  e.eh.e_phentsize = sizeof(Elf64_Phdr);
  e.eh.e_phnum = 1;
  uint64_t hdrs = sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr);
  e.tail.resize(sizeof kCode);
  std::memcpy(e.tail.data(), kCode, sizeof kCode);
  uint64_t vbase = type == ET_EXEC ? kBase : 0;
  e.eh.e_entry = vbase + hdrs;
  Elf64_Phdr load{};
  load.p_type = PT_LOAD;
  load.p_flags = PF_R | PF_X;
  load.p_offset = 0;
  load.p_vaddr = vbase;
  load.p_filesz = hdrs + e.tail.size();
  load.p_memsz = load.p_filesz + 0x3000;  // .bss across page boundaries
  load.p_align = 0x1000;
  e.ph.push_back(load);
  return e;
}

std::string write_file(const Elf& e, size_t truncate_to = SIZE_MAX) {
  std::vector<uint8_t> bytes(sizeof e.eh);
  std::memcpy(bytes.data(), &e.eh, sizeof e.eh);
  for (const auto& p : e.ph) {
    const auto* b = reinterpret_cast<const uint8_t*>(&p);
    bytes.insert(bytes.end(), b, b + sizeof p);
  }
  bytes.insert(bytes.end(), e.tail.begin(), e.tail.end());
  if (truncate_to < bytes.size()) bytes.resize(truncate_to);
  char path[] = "/tmp/polyrun-elf-XXXXXX";
  int fd = ::mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(::write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  ::close(fd);
  return path;
}

// read_elf's error message for a file, or "" if it is accepted.
std::string error_for(const Elf& e, size_t truncate_to = SIZE_MAX) {
  std::string path = write_file(e, truncate_to);
  int fd = ::open(path.c_str(), O_RDONLY);
  std::string msg;
  try {
    read_elf(path, fd);
  } catch (const UserError& err) {
    msg = err.what();
    EXPECT_EQ(err.exit_status(), 126);
  }
  ::close(fd);
  ::unlink(path.c_str());
  return msg;
}

TEST(ElfLoader, AcceptsAndMapsAStaticProgram) {
  Elf e = good_elf();
  std::string path = write_file(e);
  int fd = ::open(path.c_str(), O_RDONLY);
  ElfInfo info = read_elf(path, fd);
  EXPECT_EQ(info.isa, Isa::Aarch64);
  EXPECT_TRUE(info.interpreter.empty());
  mem::AddressSpace as(mem::Layout{4096, 0x180000000000ull, 0x181000000000ull});
  LoadedImage img = load_elf(as, path, fd, info, 0);
  ::close(fd);
  ::unlink(path.c_str());
  EXPECT_EQ(img.bias, 0u);
  EXPECT_EQ(img.entry, e.eh.e_entry);
  EXPECT_EQ(img.phdr, kBase + sizeof(Elf64_Ehdr));
  EXPECT_EQ(img.phnum, 1);
  EXPECT_EQ(std::memcmp(reinterpret_cast<const void*>(img.entry), kCode, sizeof kCode), 0);
  // .bss: zero after the file bytes, on the file's last page and on the pages after it.
  uint64_t file_end = kBase + e.ph[0].p_filesz;
  EXPECT_EQ(*reinterpret_cast<const uint8_t*>(file_end), 0);
  EXPECT_EQ(*reinterpret_cast<const uint8_t*>(kBase + e.ph[0].p_memsz - 1), 0);
  EXPECT_EQ(img.highest, as.page_up(kBase + e.ph[0].p_memsz));
  const mem::Vma* v = as.find(kBase);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->prot, mem::kRead | mem::kExec);
  EXPECT_EQ(v->name, path);  // the file's absolute path, for /proc/self/maps
  EXPECT_NE(v->inode, 0u);
  // What /proc/self/stat reports: the one segment is code and the last segment.
  EXPECT_EQ(img.start_code, kBase);
  EXPECT_EQ(img.end_code, file_end);
  EXPECT_EQ(img.start_data, kBase);
  EXPECT_EQ(img.end_data, file_end);
}

TEST(ElfLoader, PlacesStaticPieAtTheChosenBase) {
  Elf e = good_elf(ET_DYN);
  std::string path = write_file(e);
  int fd = ::open(path.c_str(), O_RDONLY);
  ElfInfo info = read_elf(path, fd);
  mem::AddressSpace as(mem::Layout{4096, 0x190000000000ull, 0x191000000000ull});
  LoadedImage img = load_elf(as, path, fd, info, 0x190000100000ull);
  ::close(fd);
  ::unlink(path.c_str());
  EXPECT_EQ(img.bias, 0x190000100000ull);
  EXPECT_EQ(img.start_code, 0x190000100000ull);
  EXPECT_EQ(img.entry, 0x190000100000ull + e.eh.e_entry);
  EXPECT_EQ(std::memcmp(reinterpret_cast<const void*>(img.entry), kCode, sizeof kCode), 0);
}

TEST(ElfLoader, RejectsMalformedFiles) {
  EXPECT_NE(error_for(good_elf(), 30).find("truncated ELF file"), std::string::npos);
  EXPECT_NE(error_for(good_elf(), sizeof(Elf64_Ehdr) + 10).find("program headers lie beyond"), std::string::npos);
  {
    Elf e = good_elf();
    e.ph[0].p_filesz = e.ph[0].p_memsz + 1;
    EXPECT_NE(error_for(e).find("file size above memory size"), std::string::npos);
  }
  {
    Elf e = good_elf();
    e.ph[0].p_offset = 1 << 20;
    EXPECT_NE(error_for(e).find("beyond the end of the file"), std::string::npos);
  }
  {
    Elf e = good_elf();
    e.ph[0].p_type = PT_NOTE;
    EXPECT_NE(error_for(e).find("without loadable segments"), std::string::npos);
  }
  {
    Elf e = good_elf();
    e.eh.e_phentsize = 10;
    EXPECT_NE(error_for(e).find("program header size"), std::string::npos);
  }
  {
    Elf e = good_elf();
    e.ph[0].p_vaddr += 0x10;
    EXPECT_NE(error_for(e).find("disagree"), std::string::npos);
  }
  EXPECT_NE(error_for(good_elf(ET_REL)).find("relocatable object"), std::string::npos);
  {
    Elf e = good_elf();
    e.eh.e_machine = EM_MIPS;
    EXPECT_EQ(error_for(e).substr(error_for(e).find(": ") + 2), "ELF 64-bit MIPS is not supported");
  }
  EXPECT_EQ(error_for(good_elf()), "");
}

TEST(Format, IdentifiesByContents) {
  uint8_t arm32[20] = {0x7f, 'E', 'L', 'F', 1, 1, 1};
  arm32[16] = 2;
  arm32[18] = EM_ARM;
  FileKind k = identify_bytes(arm32, sizeof arm32);
  EXPECT_EQ(k.format, Format::Elf);
  EXPECT_EQ(k.description, "ELF 32-bit ARM");
  EXPECT_EQ(k.isa, Isa::Arm);

  std::vector<uint8_t> pe(0x200, 0);
  pe[0] = 'M', pe[1] = 'Z';
  pe[0x3c] = 0x80;
  std::memcpy(&pe[0x80], "PE\0\0", 4);
  pe[0x84] = 0x64, pe[0x85] = 0x86;  // AMD64
  pe[0x98] = 0x0b, pe[0x99] = 0x02;  // PE32+
  k = identify_bytes(pe.data(), pe.size());
  EXPECT_EQ(k.format, Format::Pe);
  EXPECT_EQ(k.description, "PE32+ x86-64 Windows program");

  const uint8_t script[] = "#!/bin/sh\n";
  EXPECT_EQ(identify_bytes(script, sizeof script).format, Format::Script);
  const uint8_t junk[] = "hello world";
  EXPECT_EQ(identify_bytes(junk, sizeof junk).format, Format::Unknown);
}

}  // namespace
