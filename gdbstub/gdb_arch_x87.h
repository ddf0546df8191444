// The x87 registers as gdb's i386 and amd64 core features list them, shared by both.
#pragma once

#include <vector>

#include "gdbstub/gdb_arch.h"

// Pieces of target.xml that gdb's i386 and amd64 descriptions share, as string literals to splice
// into each: the eflags type, the segment registers with the x87 registers after them (in that
// order in org.gnu.gdb.i386.core), and the SSE feature's vector types and mxcsr flags.
#define X86_EFLAGS_XML \
  "<flags id=\"i386_eflags\" size=\"4\">\n" \
  "<field name=\"CF\" start=\"0\" end=\"0\"/><field name=\"\" start=\"1\" end=\"1\"/><field name=\"PF\" start=\"2\" end=\"2\"/>\n" \
  "<field name=\"AF\" start=\"4\" end=\"4\"/><field name=\"ZF\" start=\"6\" end=\"6\"/><field name=\"SF\" start=\"7\" end=\"7\"/>\n" \
  "<field name=\"TF\" start=\"8\" end=\"8\"/><field name=\"IF\" start=\"9\" end=\"9\"/><field name=\"DF\" start=\"10\" end=\"10\"/>\n" \
  "<field name=\"OF\" start=\"11\" end=\"11\"/><field name=\"NT\" start=\"14\" end=\"14\"/><field name=\"RF\" start=\"16\" end=\"16\"/>\n" \
  "<field name=\"VM\" start=\"17\" end=\"17\"/><field name=\"AC\" start=\"18\" end=\"18\"/><field name=\"VIF\" start=\"19\" end=\"19\"/>\n" \
  "<field name=\"VIP\" start=\"20\" end=\"20\"/><field name=\"ID\" start=\"21\" end=\"21\"/>\n" \
  "</flags>\n"
#define X86_SEGMENTS_X87_XML \
  "<reg name=\"cs\" bitsize=\"32\" type=\"int32\"/>\n" \
  "<reg name=\"ss\" bitsize=\"32\" type=\"int32\"/>\n" \
  "<reg name=\"ds\" bitsize=\"32\" type=\"int32\"/>\n" \
  "<reg name=\"es\" bitsize=\"32\" type=\"int32\"/>\n" \
  "<reg name=\"fs\" bitsize=\"32\" type=\"int32\"/>\n" \
  "<reg name=\"gs\" bitsize=\"32\" type=\"int32\"/>\n" \
  "<reg name=\"st0\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
  "<reg name=\"st1\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
  "<reg name=\"st2\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
  "<reg name=\"st3\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
  "<reg name=\"st4\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
  "<reg name=\"st5\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
  "<reg name=\"st6\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
  "<reg name=\"st7\" bitsize=\"80\" type=\"i387_ext\"/>\n" \
  "<reg name=\"fctrl\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n" \
  "<reg name=\"fstat\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n" \
  "<reg name=\"ftag\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n" \
  "<reg name=\"fiseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n" \
  "<reg name=\"fioff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n" \
  "<reg name=\"foseg\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n" \
  "<reg name=\"fooff\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n" \
  "<reg name=\"fop\" bitsize=\"32\" type=\"int\" group=\"float\"/>\n"
#define X86_SSE_TYPES_XML \
  "<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n" \
  "<vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n" \
  "<vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n" \
  "<vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n" \
  "<vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n" \
  "<vector id=\"v2i64\" type=\"int64\" count=\"2\"/>\n" \
  "<union id=\"vec128\"><field name=\"v4_float\" type=\"v4f\"/><field name=\"v2_double\" type=\"v2d\"/>\n" \
  "<field name=\"v16_int8\" type=\"v16i8\"/><field name=\"v8_int16\" type=\"v8i16\"/><field name=\"v4_int32\" type=\"v4i32\"/>\n" \
  "<field name=\"v2_int64\" type=\"v2i64\"/><field name=\"uint128\" type=\"uint128\"/></union>\n" \
  "<flags id=\"i386_mxcsr\" size=\"4\">\n" \
  "<field name=\"IE\" start=\"0\" end=\"0\"/><field name=\"DE\" start=\"1\" end=\"1\"/><field name=\"ZE\" start=\"2\" end=\"2\"/>\n" \
  "<field name=\"OE\" start=\"3\" end=\"3\"/><field name=\"UE\" start=\"4\" end=\"4\"/><field name=\"PE\" start=\"5\" end=\"5\"/>\n" \
  "<field name=\"DAZ\" start=\"6\" end=\"6\"/><field name=\"IM\" start=\"7\" end=\"7\"/><field name=\"DM\" start=\"8\" end=\"8\"/>\n" \
  "<field name=\"ZM\" start=\"9\" end=\"9\"/><field name=\"OM\" start=\"10\" end=\"10\"/><field name=\"UM\" start=\"11\" end=\"11\"/>\n" \
  "<field name=\"PM\" start=\"12\" end=\"12\"/><field name=\"FZ\" start=\"15\" end=\"15\"/>\n" \
  "</flags>\n"

namespace polyrun::gdb {

// Appends st0–st7 (ST(i): the physical register (TOP + i) mod 8, 80 bits), fctrl, fstat, ftag,
// fiseg, fioff, foseg, fooff and fop.
void add_x87_registers(std::vector<RegisterDesc>& r);

}  // namespace polyrun::gdb
