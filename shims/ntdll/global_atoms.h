// The global atom table (ntdll/global_atoms.cpp): the one NtAddAtom, NtFindAtom, NtDeleteAtom and
// NtQueryInformationAtom use, and KERNEL32's GlobalAddAtom, GlobalFindAtom, GlobalDeleteAtom and
// GlobalGetAtomName over them (kernel32/atoms.cpp). String atoms only: the callers take integer
// atoms ("#n", MAKEINTATOM) apart first.
#pragma once

#include <cstdint>
#include <string>

namespace polyrun::shims::ntdll_global_atoms {

// A reference more to the name's atom (a new atom, the lowest number free, at the first);
// STATUS_NO_MEMORY when every number is taken.
uint32_t add(const std::u16string& name, uint16_t* atom);
// The name's atom (compared without case), or STATUS_OBJECT_NAME_NOT_FOUND.
uint32_t find(const std::u16string& name, uint16_t* atom);
// A reference less (none: the atom is gone); STATUS_INVALID_HANDLE for an atom not there.
uint32_t remove(uint16_t atom);
// The atom's name and references; false for an atom not there.
bool name(uint16_t atom, std::u16string* name, uint32_t* references);

}  // namespace polyrun::shims::ntdll_global_atoms
