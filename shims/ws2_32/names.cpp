// WS2_32.dll's names and addresses: text forms of addresses (inet_*, InetPton/InetNtop,
// WSAAddressToString/WSAStringToAddress),
// getaddrinfo and getnameinfo in their narrow and wide forms over the host's resolver (numeric
// names, the hosts file, DNS where the host has it), and the host name. Windows' ADDRINFO differs
// from glibc's (ai_addrlen is a size_t, ai_canonname comes before ai_addr), and so do the flag
// values and AF_INET6.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <strings.h>

#include <cstring>
#include <string>
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/core/shim.h"
#include "shims/core/text.h"
#include "shims/core/windows_threads.h"
#include "shims/ws2_32/ws2_32.h"

namespace polyrun::shims {

namespace {

using namespace winsock;

constexpr uint32_t INADDR_NONE_ = 0xffffffffu;

// inet_addr: dotted forms with one to four parts in decimal, octal or hex, as inet_aton reads them.
uint32_t inet_addr_(WindowsProcess&, CStr text) {
  in_addr a;
  if (!text.addr || ::inet_aton(text.c_str(), &a) == 0) return INADDR_NONE_;
  return a.s_addr;
}

// inet_ntoa: a buffer of the calling thread's, which the next call overwrites.
Ptr inet_ntoa_(WindowsProcess& p, uint32_t addr) {
  static thread_local uint64_t buffer = 0;
  if (!buffer) buffer = p.alloc_data(16);
  in_addr a{addr};
  std::strcpy(static_cast<char*>(guest_pointer(buffer)), ::inet_ntoa(a));
  return Ptr(buffer);
}

int host_family(int32_t af) { return af == AF_INET ? AF_INET : af == kWinAfInet6 ? AF_INET6 : -1; }

int32_t inet_pton_(WindowsProcess& p, int32_t af, CStr text, Ptr out) {
  const int family = host_family(af);
  if (family < 0) return wsa_fail(p, WSAEAFNOSUPPORT);
  if (!text.addr || !out) return wsa_fail(p, WSAEFAULT);
  return ::inet_pton(family, text.c_str(), out.as<void>());
}

int32_t InetPtonW(WindowsProcess& p, int32_t af, WStr text, Ptr out) {
  const int family = host_family(af);
  if (family < 0) return wsa_fail(p, WSAEAFNOSUPPORT);
  if (!text.addr || !out) return wsa_fail(p, WSAEFAULT);
  return ::inet_pton(family, utf16_to_utf8(text.str()).c_str(), out.as<void>());
}

// The text of an address, or "" (last error set: WSAEAFNOSUPPORT, or ERROR_INVALID_PARAMETER for
// a buffer too small, as Windows reports it).
std::string ntop(WindowsProcess& p, int32_t af, Ptr addr, uint64_t size) {
  const int family = host_family(af);
  if (family < 0) return p.set_last_error(WSAEAFNOSUPPORT), "";
  if (!addr) return p.set_last_error(WSA_INVALID_PARAMETER), "";
  char text[INET6_ADDRSTRLEN];
  ::inet_ntop(family, addr.as<const void>(), text, sizeof text);
  if (std::strlen(text) + 1 > size) return p.set_last_error(WSA_INVALID_PARAMETER), "";
  return text;
}

Ptr inet_ntop_(WindowsProcess& p, int32_t af, Ptr addr, Ptr buf, USize size) {
  std::string t = ntop(p, af, addr, size);
  if (t.empty() || !buf) return Ptr(0);
  std::memcpy(buf.as<char>(), t.c_str(), t.size() + 1);
  return buf;
}

Ptr InetNtopW(WindowsProcess& p, int32_t af, Ptr addr, Ptr buf, USize size) {
  std::string t = ntop(p, af, addr, size);
  if (t.empty() || !buf) return Ptr(0);
  std::u16string w = utf8_to_utf16(t);
  std::memcpy(buf.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  return buf;
}

// ---- getaddrinfo ----

// Windows' AI_* flags and Linux's.
struct FlagPair {
  int32_t win;
  int host;
};
constexpr FlagPair kAiFlags[] = {{0x1, AI_PASSIVE},     {0x2, AI_CANONNAME}, {0x4, AI_NUMERICHOST},
                                 {0x8, AI_NUMERICSERV}, {0x100, AI_ALL},     {0x400, AI_ADDRCONFIG},
                                 {0x800, AI_V4MAPPED}};
constexpr FlagPair kNiFlags[] = {{0x1, NI_NOFQDN}, {0x2, NI_NUMERICHOST}, {0x4, NI_NAMEREQD},
                                 {0x8, NI_NUMERICSERV}, {0x10, NI_DGRAM}};

int32_t wsa_error_from_eai(int e) {
  switch (e) {
    case 0: return 0;
    case EAI_AGAIN: return WSATRY_AGAIN;
    case EAI_BADFLAGS: return WSAEINVAL;
    case EAI_FAIL: return WSANO_RECOVERY;
    case EAI_FAMILY: return WSAEAFNOSUPPORT;
    case EAI_MEMORY: return 8;  // WSA_NOT_ENOUGH_MEMORY
    case EAI_NODATA: return WSANO_DATA;
    case EAI_SERVICE: return 10109;  // WSATYPE_NOT_FOUND
    case EAI_SOCKTYPE: return WSAESOCKTNOSUPPORT;
    case EAI_SYSTEM: return wsa_error_from_errno(errno);
    default: return WSAHOST_NOT_FOUND;  // EAI_NONAME
  }
}

// ADDRINFOA/ADDRINFOW: four ints, then ai_addrlen (size_t), ai_canonname, ai_addr, ai_next.
struct AddrinfoLayout {
  unsigned ptr;
  uint64_t addrlen() const { return 16; }
  uint64_t canonname() const { return 16 + ptr; }
  uint64_t addr() const { return 16 + 2 * ptr; }
  uint64_t next() const { return 16 + 3 * ptr; }
  uint64_t size() const { return 16 + 4 * ptr; }
};

int32_t getaddrinfo_common(WindowsProcess& p, const char* node, const char* service, uint64_t hints, uint64_t result,
                           bool wide) {
  if (!result) return wsa_fail(p, WSAEFAULT), WSAEFAULT;
  p.put_ptr(result, 0);
  if (!node && !service) return wsa_fail(p, WSAHOST_NOT_FOUND), WSAHOST_NOT_FOUND;
  addrinfo h{};
  bool any_type = true;
  if (hints) {
    const int32_t flags = get<int32_t>(hints), af = get<int32_t>(hints + 4);
    int32_t unknown = flags;
    for (const auto& f : kAiFlags)
      if (flags & f.win) h.ai_flags |= f.host, unknown &= ~f.win;
    if (unknown) return wsa_fail(p, WSAEINVAL), WSAEINVAL;
    if (af == 0) h.ai_family = AF_UNSPEC;
    else if ((h.ai_family = host_family(af)) < 0) return wsa_fail(p, WSAEAFNOSUPPORT), WSAEAFNOSUPPORT;
    h.ai_socktype = get<int32_t>(hints + 8);
    h.ai_protocol = get<int32_t>(hints + 12);
    any_type = h.ai_socktype == 0 && h.ai_protocol == 0;
  }
  // Windows answers a query that names no socket type with one entry per address (type 0), where
  // glibc gives one per type: ask for streams and report them as type 0. It reports the protocol
  // the query named (0 if none), where glibc fills it in.
  if (any_type) h.ai_socktype = SOCK_STREAM;
  const int32_t asked_protocol = h.ai_protocol;
  std::string n = node ? node : "", s = service ? service : "";
  // "localhost" is ::1 and 127.0.0.1 on Windows, which answers it itself whatever a hosts file says.
  std::vector<std::string> names;
  if (node && ::strcasecmp(node, "localhost") == 0) {
    names = {"::1", "127.0.0.1"};
    h.ai_flags |= AI_NUMERICHOST;
    h.ai_flags &= ~AI_ADDRCONFIG;
  } else {
    names = {n};
  }
  std::vector<addrinfo*> results;
  int e = 0;
  for (const auto& name : names) {
    addrinfo* res = nullptr;
    int r = blocking(p, [&] { return ::getaddrinfo(node ? name.c_str() : nullptr, service ? s.c_str() : nullptr, &h, &res); });
    if (r == 0) results.push_back(res);
    else if (!e || r != EAI_ADDRFAMILY) e = r;
  }
  if (results.empty()) {
    int32_t w = wsa_error_from_eai(e);
    return wsa_fail(p, w), w;
  }
  const AddrinfoLayout L{p.isa->ptr};
  uint64_t prev = 0;
  for (addrinfo* res : results)
  for (addrinfo* a = res; a; a = a->ai_next) {
    if (a->ai_family != AF_INET && a->ai_family != AF_INET6) continue;
    const uint32_t alen = guest_sockaddr_size(a->ai_addr);
    std::u16string wname;
    std::string name;
    uint64_t name_bytes = 0;
    if (a->ai_canonname) {
      name = a->ai_canonname;
      if (wide) wname = utf8_to_utf16(name);
      name_bytes = wide ? (wname.size() + 1) * 2 : name.size() + 1;
    }
    // One block: the ADDRINFO, its sockaddr, its canonical name (freed together).
    const uint64_t node_at = p.heap.alloc(L.size() + 32 + name_bytes, true);
    if (!node_at) {
      for (addrinfo* r : results) ::freeaddrinfo(r);
      return wsa_fail(p, 8), 8;
    }
    put<int32_t>(node_at, a->ai_flags & AI_CANONNAME ? 2 : 0);
    put<int32_t>(node_at + 4, a->ai_family == AF_INET6 ? kWinAfInet6 : AF_INET);
    put<int32_t>(node_at + 8, any_type ? 0 : a->ai_socktype);
    put<int32_t>(node_at + 12, asked_protocol);
    p.put_ptr(node_at + L.addrlen(), alen);
    const uint64_t sa = node_at + L.size();
    write_guest_sockaddr(a->ai_addr, static_cast<uint8_t*>(guest_pointer(sa)));
    p.put_ptr(node_at + L.addr(), sa);
    if (name_bytes) {
      const uint64_t at = sa + 32;
      if (wide) std::memcpy(guest_pointer(at), wname.c_str(), name_bytes);
      else std::memcpy(guest_pointer(at), name.c_str(), name_bytes);
      p.put_ptr(node_at + L.canonname(), at);
    }
    p.put_ptr(prev ? prev + L.next() : result, node_at);
    prev = node_at;
  }
  for (addrinfo* r : results) ::freeaddrinfo(r);
  if (!prev) return wsa_fail(p, WSAHOST_NOT_FOUND), WSAHOST_NOT_FOUND;
  p.set_last_error(0);
  return 0;
}

int32_t getaddrinfo_(WindowsProcess& p, CStr node, CStr service, Ptr hints, Ptr result) {
  if (!started(p)) return WSANOTINITIALISED;
  return getaddrinfo_common(p, node.addr ? node.c_str() : nullptr, service.addr ? service.c_str() : nullptr,
                            hints.addr, result.addr, false);
}

int32_t GetAddrInfoW(WindowsProcess& p, WStr node, WStr service, Ptr hints, Ptr result) {
  if (!started(p)) return WSANOTINITIALISED;
  std::string n = utf16_to_utf8(node.str()), s = utf16_to_utf8(service.str());
  return getaddrinfo_common(p, node.addr ? n.c_str() : nullptr, service.addr ? s.c_str() : nullptr, hints.addr,
                            result.addr, true);
}

void freeaddrinfo_(WindowsProcess& p, Ptr list) {
  const AddrinfoLayout L{p.isa->ptr};
  for (uint64_t at = list.addr; at;) {
    uint64_t next = p.get_ptr(at + L.next());
    p.heap.free(at);
    at = next;
  }
}

// ---- getnameinfo ----

// The host and service names of an address, or a WSA error.
int32_t nameinfo(WindowsProcess& p, uint64_t sa, int32_t salen, std::string* host, uint64_t hostlen,
                 std::string* serv, uint64_t servlen, int32_t flags) {
  sockaddr_storage a;
  uint32_t alen;
  if (!to_host_sockaddr(p, sa, salen, a, alen)) return static_cast<int32_t>(p.last_error());
  int f = 0;
  int32_t unknown = flags;
  for (const auto& fl : kNiFlags)
    if (flags & fl.win) f |= fl.host, unknown &= ~fl.win;
  if (unknown) return WSAEINVAL;
  char h[NI_MAXHOST], s[NI_MAXSERV];
  int e = blocking(p, [&] {
    return ::getnameinfo(reinterpret_cast<sockaddr*>(&a), alen, host ? h : nullptr, host ? sizeof h : 0,
                         serv ? s : nullptr, serv ? sizeof s : 0, f);
  });
  if (e != 0) return wsa_error_from_eai(e);
  if (host) *host = h;
  if (serv) *serv = s;
  if ((host && host->size() + 1 > hostlen) || (serv && serv->size() + 1 > servlen)) return WSAEFAULT;
  return 0;
}

int32_t getnameinfo_(WindowsProcess& p, Ptr sa, int32_t salen, Ptr host, uint32_t hostlen, Ptr serv, uint32_t servlen,
                     int32_t flags) {
  if (!started(p)) return WSANOTINITIALISED;
  std::string h, s;
  int32_t e = nameinfo(p, sa.addr, salen, host && hostlen ? &h : nullptr, hostlen, serv && servlen ? &s : nullptr,
                       servlen, flags);
  if (e) return wsa_fail(p, e), e;
  if (host && hostlen) std::memcpy(host.as<char>(), h.c_str(), h.size() + 1);
  if (serv && servlen) std::memcpy(serv.as<char>(), s.c_str(), s.size() + 1);
  p.set_last_error(0);
  return 0;
}

// GetNameInfoW: the buffer sizes count characters.
int32_t GetNameInfoW(WindowsProcess& p, Ptr sa, int32_t salen, Ptr host, uint32_t hostlen, Ptr serv, uint32_t servlen,
                     int32_t flags) {
  if (!started(p)) return WSANOTINITIALISED;
  std::string h, s;
  int32_t e = nameinfo(p, sa.addr, salen, host && hostlen ? &h : nullptr, hostlen, serv && servlen ? &s : nullptr,
                       servlen, flags);
  std::u16string wh = utf8_to_utf16(h), ws = utf8_to_utf16(s);
  if (!e && ((host && hostlen && wh.size() + 1 > hostlen) || (serv && servlen && ws.size() + 1 > servlen))) e = WSAEFAULT;
  if (e) return wsa_fail(p, e), e;
  if (host && hostlen) std::memcpy(host.as<char16_t>(), wh.c_str(), (wh.size() + 1) * 2);
  if (serv && servlen) std::memcpy(serv.as<char16_t>(), ws.c_str(), (ws.size() + 1) * 2);
  p.set_last_error(0);
  return 0;
}

// ---- Winsock 1.1's databases: hostent, servent, protoent ----
//
// Each thread has one buffer of its own for their results, which the next such call overwrites,
// as Windows has. hostent is { h_name, h_aliases, short h_addrtype, short h_length, h_addr_list };
// servent puts s_proto before s_port on x64 and after it on x86; protoent ends with its number.

struct DbBuffer {
  WindowsProcess& p;
  uint64_t base, at;
  static constexpr uint64_t kSize = 2048;
  explicit DbBuffer(WindowsProcess& proc) : p(proc) {
    static thread_local uint64_t buffer = 0;
    if (!buffer) buffer = p.alloc_data(kSize);
    base = at = buffer;
    std::memset(guest_pointer(base), 0, kSize);
  }
  uint64_t take(uint64_t n) {  // 0 when the buffer is full
    n = (n + 7) & ~7ull;
    if (at + n > base + kSize) return 0;
    uint64_t r = at;
    at += n;
    return r;
  }
  uint64_t string(const std::string& s) {
    uint64_t r = take(s.size() + 1);
    if (r) std::memcpy(guest_pointer(r), s.c_str(), s.size() + 1);
    return r;
  }
  // A NULL-ended array of pointers to the strings.
  uint64_t strings(const std::vector<std::string>& list) {
    std::vector<uint64_t> at_;
    for (const auto& x : list) at_.push_back(string(x));
    uint64_t arr = take((list.size() + 1) * p.isa->ptr);
    for (size_t i = 0; arr && i < at_.size(); ++i) p.put_ptr(arr + i * p.isa->ptr, at_[i]);
    return arr;
  }
};

// A hostent for a name and its IPv4 addresses.
Ptr put_hostent(WindowsProcess& p, const std::string& name, const std::vector<in_addr>& addrs) {
  DbBuffer b(p);
  const unsigned ptr = p.isa->ptr;
  const uint64_t h = b.take(4 * ptr + 8);
  p.put_ptr(h, b.string(name));
  p.put_ptr(h + ptr, b.strings({}));
  put<int16_t>(h + 2 * ptr, AF_INET);
  put<int16_t>(h + 2 * ptr + 2, 4);
  std::vector<uint64_t> at;
  for (const auto& a : addrs) {
    uint64_t x = b.take(4);
    std::memcpy(guest_pointer(x), &a, 4);
    at.push_back(x);
  }
  const uint64_t list = b.take((at.size() + 1) * ptr);
  for (size_t i = 0; i < at.size(); ++i) p.put_ptr(list + i * ptr, at[i]);
  p.put_ptr(h + (ptr == 8 ? 24 : 12), list);
  p.set_last_error(0);
  return Ptr(h);
}

// gethostbyname: IPv4 only, as Winsock 1.1 is. A dotted address is its own answer; NULL or "" is
// this host.
Ptr gethostbyname_(WindowsProcess& p, Ptr name_ptr) {
  if (!started(p)) return Ptr(0);
  char self[256] = {};
  ::gethostname(self, sizeof self - 1);
  std::string name = name_ptr ? std::string(name_ptr.as<const char>()) : "";
  if (name.empty()) name = self;
  std::vector<in_addr> addrs;
  in_addr a;
  if (::inet_pton(AF_INET, name.c_str(), &a) == 1) return put_hostent(p, name, {a});
  if (::strcasecmp(name.c_str(), "localhost") == 0) {
    a.s_addr = htonl(INADDR_LOOPBACK);
    return put_hostent(p, name, {a});
  }
  addrinfo h{}, *res = nullptr;
  h.ai_family = AF_INET;
  h.ai_socktype = SOCK_STREAM;
  h.ai_flags = AI_CANONNAME;
  int e = blocking(p, [&] { return ::getaddrinfo(name.c_str(), nullptr, &h, &res); });
  if (e != 0) return wsa_fail(p, wsa_error_from_eai(e)), Ptr(0);
  std::string canonical = res->ai_canonname ? res->ai_canonname : name;
  for (addrinfo* r = res; r; r = r->ai_next) addrs.push_back(reinterpret_cast<sockaddr_in*>(r->ai_addr)->sin_addr);
  ::freeaddrinfo(res);
  return put_hostent(p, canonical, addrs);
}

Ptr gethostbyaddr_(WindowsProcess& p, Ptr addr, int32_t len, int32_t type) {
  if (!started(p)) return Ptr(0);
  if (type != AF_INET) return wsa_fail(p, WSAEAFNOSUPPORT), Ptr(0);
  if (!addr || len < 4) return wsa_fail(p, WSAEFAULT), Ptr(0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  std::memcpy(&sa.sin_addr, addr.as<void>(), 4);
  char host[NI_MAXHOST];
  int e = blocking(p, [&] {
    return ::getnameinfo(reinterpret_cast<sockaddr*>(&sa), sizeof sa, host, sizeof host, nullptr, 0, NI_NAMEREQD);
  });
  if (e != 0) return wsa_fail(p, e == EAI_NONAME ? WSANO_DATA : wsa_error_from_eai(e)), Ptr(0);
  return put_hostent(p, host, {sa.sin_addr});
}

Ptr put_servent(WindowsProcess& p, const servent& s) {
  DbBuffer b(p);
  const unsigned ptr = p.isa->ptr;
  const uint64_t at = b.take(4 * ptr);
  std::vector<std::string> aliases;
  for (char** a = s.s_aliases; a && *a; ++a) aliases.push_back(*a);
  p.put_ptr(at, b.string(s.s_name));
  p.put_ptr(at + ptr, b.strings(aliases));
  if (ptr == 8) {
    p.put_ptr(at + 16, b.string(s.s_proto));
    put<int16_t>(at + 24, static_cast<int16_t>(s.s_port));  // network order, as given
  } else {
    put<int16_t>(at + 8, static_cast<int16_t>(s.s_port));
    p.put_ptr(at + 12, b.string(s.s_proto));
  }
  p.set_last_error(0);
  return Ptr(at);
}

Ptr getservbyname_(WindowsProcess& p, CStr name, CStr proto) {
  if (!started(p)) return Ptr(0);
  servent s, *r = nullptr;
  char buf[1024];
  if (::getservbyname_r(name.c_str(), proto.addr ? proto.c_str() : nullptr, &s, buf, sizeof buf, &r) != 0 || !r)
    return wsa_fail(p, WSANO_DATA), Ptr(0);
  return put_servent(p, s);
}

Ptr getservbyport_(WindowsProcess& p, int32_t port, CStr proto) {
  if (!started(p)) return Ptr(0);
  servent s, *r = nullptr;
  char buf[1024];
  if (::getservbyport_r(port, proto.addr ? proto.c_str() : nullptr, &s, buf, sizeof buf, &r) != 0 || !r)
    return wsa_fail(p, WSANO_DATA), Ptr(0);
  return put_servent(p, s);
}

Ptr put_protoent(WindowsProcess& p, const protoent& e) {
  DbBuffer b(p);
  const unsigned ptr = p.isa->ptr;
  const uint64_t at = b.take(3 * ptr);
  std::vector<std::string> aliases;
  for (char** a = e.p_aliases; a && *a; ++a) aliases.push_back(*a);
  p.put_ptr(at, b.string(e.p_name));
  p.put_ptr(at + ptr, b.strings(aliases));
  put<int16_t>(at + 2 * ptr, static_cast<int16_t>(e.p_proto));
  p.set_last_error(0);
  return Ptr(at);
}

Ptr getprotobyname_(WindowsProcess& p, CStr name) {
  if (!started(p)) return Ptr(0);
  protoent e, *r = nullptr;
  char buf[1024];
  if (::getprotobyname_r(name.c_str(), &e, buf, sizeof buf, &r) != 0 || !r) return wsa_fail(p, WSANO_DATA), Ptr(0);
  return put_protoent(p, e);
}

Ptr getprotobynumber_(WindowsProcess& p, int32_t number) {
  if (!started(p)) return Ptr(0);
  protoent e, *r = nullptr;
  char buf[1024];
  if (::getprotobynumber_r(number, &e, buf, sizeof buf, &r) != 0 || !r) return wsa_fail(p, WSANO_DATA), Ptr(0);
  return put_protoent(p, e);
}

// ---- the host's name ----

int32_t gethostname_(WindowsProcess& p, Ptr name, int32_t len) {
  if (!started(p)) return SOCKET_ERROR;
  char h[256] = {};
  ::gethostname(h, sizeof h - 1);
  if (!name || len < 0 || std::strlen(h) + 1 > static_cast<size_t>(len)) return wsa_fail(p, WSAEFAULT);
  std::memcpy(name.as<char>(), h, std::strlen(h) + 1);
  return 0;
}

int32_t GetHostNameW(WindowsProcess& p, Ptr name, int32_t len) {
  if (!started(p)) return SOCKET_ERROR;
  char h[256] = {};
  ::gethostname(h, sizeof h - 1);
  std::u16string w = utf8_to_utf16(h);
  if (!name || len < 0 || w.size() + 1 > static_cast<size_t>(len)) return wsa_fail(p, WSAEFAULT);
  std::memcpy(name.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  return 0;
}


// ---- WSAAddressToString and WSAStringToAddress ----
//
// The text forms of socket addresses as Windows' TCP/IP provider writes and reads them (its
// RtlIpv4/Ipv6AddressToStringEx and StringToAddressEx): "a.b.c.d[:port]" and
// "[ipv6%scope]:port" (brackets only with a port), the IPv6 form with the longest run of two or more
// zero groups shortened to "::" (the first of equal runs) and the IPv4-mapped, -compatible and
// ISATAP forms ending in a dotted address. Reading takes IPv4's one to four parts in decimal,
// octal (0…) or hex (0x…) and a port in any of those, and IPv6 with an optional decimal scope and,
// in brackets, a port. Wrong text fails with WSAEINVAL; a buffer too small with WSAEFAULT and the
// size needed stored.

std::string ipv4_text(const uint8_t* b) {
  return std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + "." + std::to_string(b[3]);
}

std::string ipv6_text(const uint8_t* b) {
  uint16_t w[8];
  for (int i = 0; i < 8; ++i) w[i] = static_cast<uint16_t>(b[2 * i] << 8 | b[2 * i + 1]);
  // A dotted IPv4 tail: ISATAP's (…:0:5efe:a.b.c.d, or 200:5efe), and ::a.b.c.d, ::ffff:a.b.c.d
  // and ::ffff:0:a.b.c.d (the last two words not 0).
  bool tail = false;
  if (w[5] == 0x5efe && (w[4] & ~0x0200) == 0) {
    tail = true;
  } else if (!w[0] && !w[1] && !w[2] && !w[3] && w[6] &&
             ((w[4] == 0 && (w[5] == 0 || w[5] == 0xffff)) || (w[4] == 0xffff && w[5] == 0))) {
    tail = true;
  }
  const int end = tail ? 6 : 8;
  int gap = -1, gap_len = 1;
  for (int i = 0; i < end;) {
    int len = 0;
    while (i + len < end && w[i + len] == 0) ++len;
    if (len > gap_len) gap = i, gap_len = len;
    i += len ? len : 1;
  }
  std::string s;
  char hex[8];
  for (int i = 0; i < end;) {
    if (i == gap) {
      s += ':';
      i += gap_len;
      if (i == end) s += ':';
      continue;
    }
    if (i > 0) s += ':';
    std::snprintf(hex, sizeof hex, "%x", w[i]);
    s += hex;
    ++i;
  }
  if (tail) {
    if (s.empty() || s.back() != ':') s += ':';
    s += ipv4_text(b + 12);
  }
  return s;
}

// The text of a Windows sockaddr in guest memory, or false with the WSA error.
bool address_text(uint64_t addr, uint32_t len, std::string& out, int32_t& error) {
  const uint16_t family = get<uint16_t>(addr);
  if (family == AF_INET) {
    if (len < 16) return error = WSAEFAULT, false;
    const uint16_t port = __builtin_bswap16(get<uint16_t>(addr + 2));
    out = ipv4_text(static_cast<const uint8_t*>(guest_pointer(addr + 4)));
    if (port) out += ":" + std::to_string(port);
    return true;
  }
  if (family == kWinAfInet6) {
    if (len < 28) return error = WSAEFAULT, false;
    const uint16_t port = __builtin_bswap16(get<uint16_t>(addr + 2));
    const uint32_t scope = get<uint32_t>(addr + 24);
    out = ipv6_text(static_cast<const uint8_t*>(guest_pointer(addr + 8)));
    if (scope) out += "%" + std::to_string(scope);
    if (port) out = "[" + out + "]:" + std::to_string(port);
    return true;
  }
  return error = WSAEINVAL, false;
}

int32_t address_to_string(WindowsProcess& p, Ptr addr, uint32_t len, Ptr buf, Ptr buf_len, bool wide) {
  if (!started(p)) return SOCKET_ERROR;
  if (!addr || !buf_len) return wsa_fail(p, WSAEFAULT);
  std::string text;
  int32_t error = 0;
  if (!address_text(addr.addr, len, text, error)) return wsa_fail(p, error);
  const uint32_t need = static_cast<uint32_t>(text.size() + 1);  // characters, the NUL too
  if (!buf || get<uint32_t>(buf_len.addr) < need) {
    put<uint32_t>(buf_len.addr, need);
    return wsa_fail(p, WSAEFAULT);
  }
  if (wide) {
    const std::u16string w = utf8_to_utf16(text);
    std::memcpy(buf.as<char16_t>(), w.c_str(), (w.size() + 1) * 2);
  } else {
    std::memcpy(buf.as<char>(), text.c_str(), need);
  }
  put<uint32_t>(buf_len.addr, need);
  return 0;
}
int32_t WSAAddressToStringA(WindowsProcess& p, Ptr addr, uint32_t len, Ptr, Ptr buf, Ptr buf_len) {
  return address_to_string(p, addr, len, buf, buf_len, false);
}
int32_t WSAAddressToStringW(WindowsProcess& p, Ptr addr, uint32_t len, Ptr, Ptr buf, Ptr buf_len) {
  return address_to_string(p, addr, len, buf, buf_len, true);
}

// One number of an IPv4 address or a port: decimal, octal after a 0, hex after 0x (`strict`:
// decimal only, no leading 0 before another digit). 32-bit arithmetic, a wrap below the previous
// value counting as too big, as Windows reads it.
bool read_number(const char*& s, bool strict, uint32_t& value) {
  unsigned base = 10;
  if (*s == '0' && (s[1] == 'x' || s[1] == 'X')) {
    if (strict) return false;
    s += 2;
    base = 16;
  } else if (*s == '0' && s[1] >= '0' && s[1] <= '9') {
    if (strict) return false;
    s += 1;
    base = 8;
  }
  uint32_t v = 0, previous = 0;
  bool any = false;
  for (;; ++s) {
    unsigned d;
    if (*s >= '0' && *s <= '9') d = static_cast<unsigned>(*s - '0');
    else if (*s >= 'a' && *s <= 'f') d = static_cast<unsigned>(*s - 'a' + 10);
    else if (*s >= 'A' && *s <= 'F') d = static_cast<unsigned>(*s - 'A' + 10);
    else break;
    if (d >= base) break;
    v = v * base + d;
    if (v < previous) return false;
    previous = v;
    any = true;
  }
  if (any) value = v;
  return any;
}

// "a.b.c.d" in one to four parts (the last part fills the bytes left), then an optional ":port".
// The address is stored once its parts are read, even if what follows is wrong (as Windows does).
bool read_ipv4(const char* s, uint8_t* addr, uint16_t& port) {
  uint32_t part[4];
  int n = 0;
  for (;;) {
    if (*s == '.' || !read_number(s, false, part[n])) return false;
    ++n;
    if (*s != '.') break;
    if (n == 4) return false;
    ++s;
  }
  uint32_t v;
  switch (n) {
    case 4:
      if (part[0] > 0xff || part[1] > 0xff || part[2] > 0xff || part[3] > 0xff) return false;
      v = part[0] << 24 | part[1] << 16 | part[2] << 8 | part[3];
      break;
    case 3:
      if (part[0] > 0xff || part[1] > 0xff || part[2] > 0xffff) return false;
      v = part[0] << 24 | part[1] << 16 | part[2];
      break;
    case 2:
      if (part[0] > 0xff || part[1] > 0xffffff) return false;
      v = part[0] << 24 | part[1];
      break;
    default: v = part[0]; break;
  }
  for (int i = 0; i < 4; ++i) addr[i] = static_cast<uint8_t>(v >> (24 - 8 * i));
  port = 0;
  if (*s == ':') {
    ++s;
    uint32_t p;
    if (!read_number(s, false, p) || p == 0 || p > 0xffff) return false;
    port = static_cast<uint16_t>(p);
  }
  return *s == 0;
}

bool hex_digit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// An IPv6 address: eight groups of one to four hex digits, one run of them shortened to "::", the
// last two groups optionally a dotted IPv4 address; then "%scope" (decimal); all of it in brackets
// when a ":port" follows.
bool read_ipv6(const char* s, uint8_t* addr, uint32_t& scope, uint16_t& port) {
  const bool bracket = *s == '[';
  if (bracket) ++s;
  std::vector<uint16_t> before, after;
  bool gap = false;
  auto groups = [&]() -> std::vector<uint16_t>& { return gap ? after : before; };
  if (s[0] == ':') {
    if (s[1] != ':') return false;
    s += 2;
    gap = true;
  }
  while (hex_digit(*s)) {
    // A dotted IPv4 tail: digits then '.'.
    const char* t = s;
    while (*t >= '0' && *t <= '9') ++t;
    if (*t == '.') {
      uint8_t v4[4];
      for (int i = 0; i < 4; ++i) {
        const char* start = s;
        uint32_t v = 0;
        while (*s >= '0' && *s <= '9' && s - start < 4) v = v * 10 + static_cast<uint32_t>(*s++ - '0');
        if (s == start || s - start > 3 || v > 255) return false;
        v4[i] = static_cast<uint8_t>(v);
        if (i < 3 && *s++ != '.') return false;
      }
      groups().push_back(static_cast<uint16_t>(v4[0] << 8 | v4[1]));
      groups().push_back(static_cast<uint16_t>(v4[2] << 8 | v4[3]));
      break;
    }
    uint32_t v = 0;
    int digits = 0;
    for (; hex_digit(*s); ++s, ++digits) {
      if (digits == 4) return false;
      v = v << 4 | static_cast<uint32_t>(*s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10);
    }
    groups().push_back(static_cast<uint16_t>(v));
    if (*s != ':') break;
    if (s[1] == ':') {
      if (gap) return false;
      gap = true;
      s += 2;
      continue;
    }
    ++s;
    if (!hex_digit(*s)) return false;
  }
  const size_t n = before.size() + after.size();
  if (gap ? n > 7 : n != 8) return false;
  uint16_t w[8] = {};
  for (size_t i = 0; i < before.size(); ++i) w[i] = before[i];
  for (size_t i = 0; i < after.size(); ++i) w[8 - after.size() + i] = after[i];
  for (int i = 0; i < 8; ++i) addr[2 * i] = static_cast<uint8_t>(w[i] >> 8), addr[2 * i + 1] = static_cast<uint8_t>(w[i]);
  scope = 0;
  port = 0;
  if (*s == '%') {
    ++s;
    if (!read_number(s, true, scope)) return false;
  }
  if (bracket) {
    if (*s++ != ']') return false;
    if (*s == ':') {
      ++s;
      uint32_t p;
      if (!read_number(s, false, p) || p == 0 || p > 0xffff) return false;
      port = static_cast<uint16_t>(p);
    }
  }
  return *s == 0;
}

int32_t string_to_address(WindowsProcess& p, const std::string* text, int32_t family, Ptr addr, Ptr len) {
  if (!started(p)) return SOCKET_ERROR;
  if (!addr || !len) return wsa_fail(p, WSAEFAULT);
  if (!text) return wsa_fail(p, WSAEINVAL);
  const char* s = text->c_str();
  if (family == AF_INET) {
    if (get<int32_t>(len.addr) < 16) {
      put<int32_t>(len.addr, 16);
      return wsa_fail(p, WSAEFAULT);
    }
    std::memset(addr.as<void>(), 0, 16);
    uint16_t port;
    if (!read_ipv4(s, addr.as<uint8_t>() + 4, port)) return wsa_fail(p, WSAEINVAL);
    put<uint16_t>(addr.addr, AF_INET);
    put<uint16_t>(addr.addr + 2, __builtin_bswap16(port));
    put<int32_t>(len.addr, 16);
    return 0;
  }
  if (family == kWinAfInet6) {
    if (get<int32_t>(len.addr) < 28) {
      put<int32_t>(len.addr, 28);
      return wsa_fail(p, WSAEFAULT);
    }
    std::memset(addr.as<void>(), 0, 28);
    uint8_t a[16];
    uint32_t scope;
    uint16_t port;
    if (!read_ipv6(s, a, scope, port)) return wsa_fail(p, WSAEINVAL);
    put<uint16_t>(addr.addr, kWinAfInet6);
    put<uint16_t>(addr.addr + 2, __builtin_bswap16(port));
    std::memcpy(addr.as<uint8_t>() + 8, a, 16);
    put<uint32_t>(addr.addr + 24, scope);
    put<int32_t>(len.addr, 28);
    return 0;
  }
  return wsa_fail(p, WSAEINVAL);  // (the TCP/IP provider reads only these two families)
}
int32_t WSAStringToAddressA(WindowsProcess& p, AStr text, int32_t family, Ptr, Ptr addr, Ptr len) {
  const std::string s = text.str();
  return string_to_address(p, text.addr ? &s : nullptr, family, addr, len);
}
int32_t WSAStringToAddressW(WindowsProcess& p, WStr text, int32_t family, Ptr, Ptr addr, Ptr len) {
  // (A character beyond ASCII is no part of an address: its UTF-8 bytes fail the reading.)
  const std::string s = utf16_to_utf8(text.str());
  return string_to_address(p, text.addr ? &s : nullptr, family, addr, len);
}

}  // namespace

const std::vector<Export>& ws2_32_name_exports() {
  static const std::vector<Export> exports = {
      EXPORT("inet_addr", inet_addr_),
      EXPORT("inet_ntoa", inet_ntoa_),
      EXPORT("inet_pton", inet_pton_),
      EXPORT("inet_ntop", inet_ntop_),
      EXPORT("InetPtonA", inet_pton_),
      EXPORT("InetNtopA", inet_ntop_),
      EXPORT("InetPtonW", InetPtonW),
      EXPORT("InetNtopW", InetNtopW),
      EXPORT("getaddrinfo", getaddrinfo_),
      EXPORT("GetAddrInfoA", getaddrinfo_),
      EXPORT("GetAddrInfoW", GetAddrInfoW),
      EXPORT("freeaddrinfo", freeaddrinfo_),
      EXPORT("FreeAddrInfoA", freeaddrinfo_),
      EXPORT("FreeAddrInfoW", freeaddrinfo_),
      EXPORT("getnameinfo", getnameinfo_),
      EXPORT("GetNameInfoW", GetNameInfoW),
      EXPORT("gethostname", gethostname_),
      EXPORT("gethostbyname", gethostbyname_),
      EXPORT("gethostbyaddr", gethostbyaddr_),
      EXPORT("getservbyname", getservbyname_),
      EXPORT("getservbyport", getservbyport_),
      EXPORT("getprotobyname", getprotobyname_),
      EXPORT("getprotobynumber", getprotobynumber_),
      EXPORT("GetHostNameW", GetHostNameW),
      EXPORT("WSAAddressToStringA", WSAAddressToStringA),
      EXPORT("WSAAddressToStringW", WSAAddressToStringW),
      EXPORT("WSAStringToAddressA", WSAStringToAddressA),
      EXPORT("WSAStringToAddressW", WSAStringToAddressW),
  };
  return exports;
}

}  // namespace polyrun::shims
