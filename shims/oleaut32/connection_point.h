// A connection point of OLEAUT32's own objects (pictures, fonts): the sinks of one outgoing
// interface advised to it (IConnectionPoint: Advise, Unadvise, EnumConnections through an
// IEnumConnections, its interface and container), and the notifications the object sends them
// (IPropertyNotifySink::OnChanged), and the enumeration of a container's points. Kept in
// connection_point.cpp.
#pragma once

#include <cstdint>
#include <vector>

#include "shims/oleaut32/variant_value.h"

namespace polyrun::shims::oleaut {

inline constexpr GuidBytes kIidIPropertyNotifySink =
                               make_guid(0x9bfbbc02, 0xeff1, 0x101a, {0x84, 0xed, 0x00, 0xaa, 0x00, 0x34, 0x1d, 0x07}),
                           kIidIConnectionPointContainer =
                               make_guid(0xb196b284, 0xbab4, 0x101a, {0xb6, 0x9c, 0x00, 0xaa, 0x00, 0x34, 0x1d, 0x07}),
                           kIidIConnectionPoint =
                               make_guid(0xb196b286, 0xbab4, 0x101a, {0xb6, 0x9c, 0x00, 0xaa, 0x00, 0x34, 0x1d, 0x07});
inline constexpr int32_t CONNECT_E_NOCONNECTION = static_cast<int32_t>(0x80040200);

// A new connection point for the outgoing interface `iid` of the object whose
// IConnectionPointContainer is `container` (not referenced: the point lives inside its object,
// which releases it with release_connection_point). 0 when out of memory.
uint64_t new_connection_point(WindowsProcess& p, uint64_t container, const GuidBytes& iid);
void release_connection_point(WindowsProcess& p, uint64_t point);
// IConnectionPointContainer::EnumConnectionPoints of a container with the points `at`: an
// IEnumConnectionPoints over them.
int32_t enum_connection_points(WindowsProcess& p, const std::vector<uint64_t>& at, uint64_t out);
// The sinks advised to the point now (each its interface of the point's kind).
std::vector<uint64_t> advised_sinks(uint64_t point);
// IPropertyNotifySink::OnChanged(dispid) of every sink advised to the point.
void notify_changed(WindowsProcess& p, uint64_t point, int32_t dispid);

}  // namespace polyrun::shims::oleaut
