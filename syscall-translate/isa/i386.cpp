// i386 Linux: syscall convention (`int 0x80`, number in eax, arguments ebx, ecx, edx, esi, edi,
// ebp, result eax), guest layout below 4 GiB, AT_HWCAP as CPUID leaf 1's EDX (what Linux's
// ELF_HWCAP is on x86), and the thread-local segments of set_thread_area and clone.
#include <cstdio>
#include <cstring>
#include <string>

#include "cpu-emu/cpu.h"
#include "cpu-emu/x86_regs.h"
#include "syscall-translate/isa/guest_window.h"
#include "syscall-translate/isa/linux_isa.h"

namespace polyrun::linux_abi {

namespace x86 = cpu::x86;

namespace {

// GDT_ENTRY_TLS_MIN .. GDT_ENTRY_TLS_MIN + GDT_ENTRY_TLS_ENTRIES - 1 on i386 (asm/segment.h).
constexpr int kTlsMin = 6, kTlsEntries = 3;

// struct user_desc (asm/ldt.h): entry_number, base_addr, limit, then the flag bits seg_32bit,
// contents (2 bits), read_exec_only, limit_in_pages, seg_not_present, useable.
struct UserDesc {
  uint32_t entry_number, base_addr, limit;
  uint32_t seg_32bit, contents, read_exec_only, limit_in_pages, seg_not_present, useable;
};
constexpr uint64_t kUserDescSize = 16;

UserDesc read_user_desc(uint64_t at) {
  uint32_t w[4];
  std::memcpy(w, reinterpret_cast<const void*>(at), sizeof w);
  UserDesc d{w[0], w[1], w[2], 0, 0, 0, 0, 0, 0};
  d.seg_32bit = w[3] & 1;
  d.contents = (w[3] >> 1) & 3;
  d.read_exec_only = (w[3] >> 3) & 1;
  d.limit_in_pages = (w[3] >> 4) & 1;
  d.seg_not_present = (w[3] >> 5) & 1;
  d.useable = (w[3] >> 6) & 1;
  return d;
}

// Linux's LDT_empty and LDT_zero (asm/desc.h): the two ways to ask for no segment.
bool ldt_empty(const UserDesc& d) {
  return d.base_addr == 0 && d.limit == 0 && d.contents == 0 && d.read_exec_only == 1 && d.seg_32bit == 0 &&
         d.limit_in_pages == 0 && d.seg_not_present == 1 && d.useable == 0;
}
bool ldt_zero(const UserDesc& d) {
  return d.base_addr == 0 && d.limit == 0 && d.contents == 0 && d.read_exec_only == 0 && d.seg_32bit == 0 &&
         d.limit_in_pages == 0 && d.seg_not_present == 0 && d.useable == 0;
}

// What the TLS array accepts (Linux's tls_desc_okay): no segment, or a present 32-bit data one.
bool tls_desc_okay(const UserDesc& d) {
  if (ldt_empty(d) || ldt_zero(d)) return true;
  return d.seg_32bit && d.contents <= 1 && !d.seg_not_present;
}

// The descriptor Linux's fill_ldt makes: DPL 3, accessed, S set, type from contents and
// read_exec_only, the flags from the rest.
uint64_t descriptor(const UserDesc& d) {
  if (ldt_empty(d) || ldt_zero(d)) return 0;
  const uint64_t type = ((d.read_exec_only ^ 1u) << 1) | (d.contents << 2) | 1u;
  uint64_t v = d.limit & 0xffff;
  v |= static_cast<uint64_t>(d.base_addr & 0xffffff) << 16;
  v |= type << 40;
  v |= uint64_t{1} << 44;                                   // S: code or data
  v |= uint64_t{3} << 45;                                   // DPL 3
  v |= static_cast<uint64_t>(d.seg_not_present ^ 1u) << 47;  // P
  v |= static_cast<uint64_t>((d.limit >> 16) & 0xf) << 48;
  v |= static_cast<uint64_t>(d.useable) << 52;              // AVL
  v |= static_cast<uint64_t>(d.seg_32bit) << 54;            // D/B
  v |= static_cast<uint64_t>(d.limit_in_pages) << 55;       // G
  v |= static_cast<uint64_t>(d.base_addr >> 24) << 56;
  return v;
}

int desc_reg(int index) { return x86::DESC6 + (index - kTlsMin); }

int64_t set_thread_area(cpu::Cpu& cpu, const mem::AddressSpace& memory, uint64_t u_info, bool can_allocate) {
  if (!memory.accessible(u_info, kUserDescSize, mem::kRead)) return -EFAULT;
  const UserDesc d = read_user_desc(u_info);
  if (!tls_desc_okay(d)) return -EINVAL;
  int index = static_cast<int32_t>(d.entry_number);
  if (index == -1 && can_allocate) {
    for (int i = kTlsMin; i < kTlsMin + kTlsEntries && index == -1; ++i)
      if (cpu.reg(desc_reg(i)) == 0) index = i;
    if (index == -1) return -ESRCH;
    if (!memory.accessible(u_info, 4, mem::kWrite)) return -EFAULT;
    const uint32_t n = static_cast<uint32_t>(index);
    std::memcpy(reinterpret_cast<void*>(u_info), &n, 4);
  }
  if (index < kTlsMin || index >= kTlsMin + kTlsEntries) return -EINVAL;
  cpu.set_reg(desc_reg(index), descriptor(d));  // (FS or GS selecting it load it again)
  return 0;
}

// clone's tls: a user_desc naming its entry (set_thread_area's without allocation).
int64_t clone_tls(const mem::AddressSpace& memory, uint64_t tls, int& reg, uint64_t& value) {
  if (!memory.accessible(tls, kUserDescSize, mem::kRead)) return -EFAULT;
  const UserDesc d = read_user_desc(tls);
  if (!tls_desc_okay(d)) return -EINVAL;
  const int index = static_cast<int32_t>(d.entry_number);
  if (index < kTlsMin || index >= kTlsMin + kTlsEntries) return -EINVAL;
  reg = desc_reg(index);
  value = descriptor(d);
  return 0;
}

uint64_t hwcap(cpu::Cpu& cpu) {
  uint64_t v = 0;
  return cpu.read_system_register(1, v) ? v >> 32 : 0;  // CPUID.1: EDX << 32 | ECX
}

// /proc/cpuinfo's flags: the names Linux 6.1 gives the CPUID bits (arch/x86/include/asm/
// cpufeatures.h; null: no name, or one Linux does not show), in its order: leaf 1's EDX (word 0),
// 0x80000001's EDX (word 1), leaf 1's ECX (word 4), 0x80000001's ECX (word 6), leaf 7's EBX
// (word 9).
constexpr const char* kLeaf1Edx[32] = {
    "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", nullptr, "sep", "mtrr", "pge", "mca", "cmov",
    "pat", "pse36", "pn", "clflush", nullptr, "dts", "acpi", "mmx", "fxsr", "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe"};
constexpr const char* kExtEdx[32] = {
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, "syscall",
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, "mp", "nx", nullptr, "mmxext", nullptr,
    nullptr, "fxsr_opt", "pdpe1gb", "rdtscp", nullptr, "lm", "3dnowext", "3dnow"};
constexpr const char* kLeaf1Ecx[32] = {
    "pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "ssse3", "cid", "sdbg", "fma",
    "cx16", "xtpr", "pdcm", nullptr, "pcid", "dca", "sse4_1", "sse4_2", "x2apic", "movbe", "popcnt",
    "tsc_deadline_timer", "aes", "xsave", nullptr, "avx", "f16c", "rdrand", "hypervisor"};
constexpr const char* kExtEcx[32] = {
    "lahf_lm", "cmp_legacy", "svm", "extapic", "cr8_legacy", "abm", "sse4a", "misalignsse", "3dnowprefetch", "osvw",
    "ibs", "xop", "skinit", "wdt", nullptr, "lwp", "fma4", "tce", nullptr, "nodeid_msr", nullptr, "tbm", "topoext",
    "perfctr_core", "perfctr_nb", nullptr, "bpext", "ptsc", "perfctr_llc", "mwaitx", nullptr, nullptr};
constexpr const char* kLeaf7Ebx[32] = {
    "fsgsbase", "tsc_adjust", "sgx", "bmi1", "hle", "avx2", nullptr, "smep", "bmi2", "erms", "invpcid", "rtm", "cqm",
    nullptr, "mpx", "rdt_a", "avx512f", "avx512dq", "rdseed", "adx", "smap", "avx512ifma", nullptr, "clflushopt",
    "clwb", "intel_pt", "avx512pf", "avx512er", "avx512cd", "sha_ni", "avx512bw", "avx512vl"};

// CPUID through the CPU (x86_regs.h): EDX << 32 | ECX, or EAX << 32 | EBX.
uint64_t cpuid(cpu::Cpu& cpu, uint32_t leaf, bool eax_ebx = false) {
  uint64_t v = 0;
  cpu.read_system_register(leaf | (eax_ebx ? x86::kCpuidEaxEbx : 0), v);
  return v;
}

std::string four_chars(uint32_t w) { return std::string(reinterpret_cast<const char*>(&w), 4); }

// i386 Linux's /proc/cpuinfo entry (arch/x86/kernel/cpu/proc.c's show_cpuinfo for a 32-bit
// kernel) for the engine's CPU, from its CPUID: vendor, family, model and stepping, the brand
// string, the flags of the four feature words, clflush size and address sizes. (Facts a kernel
// measures rather than reads — cpu MHz, cache size, bogomips, the bugs it found — are left out.)
std::string cpuinfo_body(cpu::Cpu& cpu) {
  const uint64_t l0 = cpuid(cpu, 0, true), l0c = cpuid(cpu, 0);
  const uint32_t max_leaf = static_cast<uint32_t>(l0 >> 32);
  const std::string vendor = four_chars(static_cast<uint32_t>(l0)) + four_chars(static_cast<uint32_t>(l0c >> 32)) +
                             four_chars(static_cast<uint32_t>(l0c));
  const uint64_t l1 = cpuid(cpu, 1, true), f1 = cpuid(cpu, 1);
  const uint32_t sig = static_cast<uint32_t>(l1 >> 32), ebx1 = static_cast<uint32_t>(l1);
  unsigned family = (sig >> 8) & 0xf, model = (sig >> 4) & 0xf;
  if (family == 0xf) family += (sig >> 20) & 0xff;
  if (family >= 6) model += ((sig >> 16) & 0xf) << 4;
  const uint32_t ext_max = static_cast<uint32_t>(cpuid(cpu, 0x80000000, true) >> 32);
  std::string brand;
  if (ext_max >= 0x80000004) {
    for (uint32_t leaf = 0x80000002; leaf <= 0x80000004; ++leaf) {
      const uint64_t ab = cpuid(cpu, leaf, true), dc = cpuid(cpu, leaf);
      brand += four_chars(static_cast<uint32_t>(ab >> 32)) + four_chars(static_cast<uint32_t>(ab)) +
               four_chars(static_cast<uint32_t>(dc)) + four_chars(static_cast<uint32_t>(dc >> 32));
    }
    brand.resize(std::strlen(brand.c_str()));
    while (!brand.empty() && brand.front() == ' ') brand.erase(0, 1);
  }
  const uint64_t f_ext = ext_max >= 0x80000001 ? cpuid(cpu, 0x80000001) : 0;
  std::string flags;
  auto add = [&](const char* const (&names)[32], uint32_t word) {
    for (unsigned b = 0; b < 32; ++b)
      if ((word >> b & 1) && names[b]) flags += std::string(flags.empty() ? "" : " ") + names[b];
  };
  add(kLeaf1Edx, static_cast<uint32_t>(f1 >> 32));
  add(kExtEdx, static_cast<uint32_t>(f_ext >> 32));
  add(kLeaf1Ecx, static_cast<uint32_t>(f1));
  add(kExtEcx, static_cast<uint32_t>(f_ext));
  if (max_leaf >= 7) add(kLeaf7Ebx, static_cast<uint32_t>(cpuid(cpu, 7, true)));
  unsigned phys = 32, virt = 32;
  if (ext_max >= 0x80000008) {
    const uint32_t a = static_cast<uint32_t>(cpuid(cpu, 0x80000008, true) >> 32);
    phys = a & 0xff;
  } else if (static_cast<uint32_t>(f1 >> 32) & (1u << 6)) {
    phys = 36;  // PAE
  }
  const unsigned clflush = ((ebx1 >> 8) & 0xff) * 8;
  char b[2048];
  std::snprintf(b, sizeof b,
                "vendor_id\t: %s\n"
                "cpu family\t: %u\n"
                "model\t\t: %u\n"
                "model name\t: %s\n"
                "stepping\t: %u\n"
                "fdiv_bug\t: no\n"
                "f00f_bug\t: no\n"
                "coma_bug\t: no\n"
                "fpu\t\t: %s\n"
                "fpu_exception\t: %s\n"
                "cpuid level\t: %u\n"
                "wp\t\t: yes\n"
                "flags\t\t: %s\n"
                "clflush size\t: %u\n"
                "cache_alignment\t: %u\n"
                "address sizes\t: %u bits physical, %u bits virtual\n"
                "power management:\n\n",
                vendor.c_str(), family, model, brand.empty() ? "unknown" : brand.c_str(), sig & 0xf,
                (f1 >> 32) & 1 ? "yes" : "no", (f1 >> 32) & 1 ? "yes" : "no", max_leaf, flags.c_str(), clflush,
                clflush, phys, virt);
  return b;
}

// Each CPUID query runs a scratch engine: the entry is made once, the CPU model being fixed.
std::string cpuinfo_entry(unsigned n, const std::string&, cpu::Cpu& cpu) {
  static const std::string body = cpuinfo_body(cpu);
  return "processor\t: " + std::to_string(n) + "\n" + body;
}

void init_registers(cpu::Cpu& cpu) {
  // Linux's ELF_PLAT_INIT on i386: every general register zero (edx, the rtld_fini pointer: none);
  // eflags with IF, as user code runs.
  for (int r = x86::RAX; r <= x86::RDI; ++r)
    if (r != x86::RSP) cpu.set_reg(r, 0);
  cpu.set_reg(x86::RFLAGS, 0x202);
}

}  // namespace

int64_t i386_set_thread_area(cpu::Cpu& cpu, const mem::AddressSpace& memory, uint64_t u_info, bool can_allocate) {
  return set_thread_area(cpu, memory, u_info, can_allocate);
}

// Linux's fill_user_desc from the entry's descriptor (an empty one: all zero but entry_number).
int64_t i386_get_thread_area(cpu::Cpu& cpu, const mem::AddressSpace& memory, uint64_t u_info) {
  if (!memory.accessible(u_info, 4, mem::kRead)) return -EFAULT;
  int32_t index = 0;
  std::memcpy(&index, reinterpret_cast<const void*>(u_info), 4);
  if (index < kTlsMin || index >= kTlsMin + kTlsEntries) return -EINVAL;
  if (!memory.accessible(u_info, kUserDescSize, mem::kWrite)) return -EFAULT;
  const uint64_t v = cpu.reg(desc_reg(index));
  uint32_t w[4] = {static_cast<uint32_t>(index), 0, 0, 0};
  if (v) {
    w[1] = static_cast<uint32_t>(((v >> 16) & 0xffffff) | ((v >> 56) << 24));
    w[2] = static_cast<uint32_t>((v & 0xffff) | (((v >> 48) & 0xf) << 16));
    const uint32_t type = (v >> 40) & 0xf;
    w[3] = static_cast<uint32_t>((v >> 54) & 1)            // seg_32bit
           | ((type >> 2) & 3) << 1                        // contents
           | (((type >> 1) & 1) ^ 1u) << 3                 // read_exec_only
           | static_cast<uint32_t>((v >> 55) & 1) << 4     // limit_in_pages
           | static_cast<uint32_t>(((v >> 47) & 1) ^ 1) << 5  // seg_not_present
           | static_cast<uint32_t>((v >> 52) & 1) << 6;    // useable
  }
  std::memcpy(reinterpret_cast<void*>(u_info), w, sizeof w);
  return 0;
}

const LinuxIsa& linux_isa_i386() {
  static const LinuxIsa isa = [] {
    LinuxIsa l{
        Isa::I386,
        &pr_kernel_abi_i386,
        "i686",
        "i686",
        "/usr/i686-linux-gnu",
        1,  // any byte
        x86::RAX,
        {x86::RBX, x86::RCX, x86::RDX, x86::RSI, x86::RDI, x86::RBP},
        x86::RAX,
        x86::RSP,
        x86::GS,  // (clone's tls is a user_desc: clone_tls)
        mem::Layout{4096, kGuest32.mmap_bottom, kGuest32.mmap_top, kGuest32End},
        kGuest32.stack_top,
        8ull << 20,
        kGuest32.dyn_base,
        0,   // no AT_MINSIGSTKSZ
        {},  // AT_HWCAP: CPUID's EDX (hwcap)
        &cpuinfo_entry,
        3,  // clone(flags, stack, parent_tid, tls, child_tid)
        4,
        &init_registers,
        &signal_abi_i386(),
    };
    l.word_size = 4;
    l.pairs_aligned = false;  // 64-bit arguments in the next two registers
    l.old_mmap = true;        // number 90 takes a struct (mmap2 is the six-argument call)
    l.interp_base = kGuest32.interp_base;
    l.syscall_vector = 0x80;
    l.user_mode = true;
    l.undefined_code = "ILL_ILLOPN";
    l.breakpoint_code = "SI_KERNEL";
    l.hwcap = &hwcap;
    l.clone_tls = &clone_tls;
    return l;
  }();
  return isa;
}

}  // namespace polyrun::linux_abi
