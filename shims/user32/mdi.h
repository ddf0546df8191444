// The multiple-document interface's part of CreateWindowEx (user32/mdi.cpp): a WS_EX_MDICHILD
// window's styles, id, default place and MDICREATESTRUCT before it is made, and its showing,
// listing and activation after.
#pragma once

#include <cstdint>
#include <vector>

#include "shims/core/shim.h"

namespace polyrun::shims::user32 {

// `mdi_cs`: the MDICREATESTRUCT written for the window's creation messages (the caller frees it
// with the process heap); false, the last error set, when `parent` is not an MDI client.
bool mdi_prepare_child(WindowsProcess& p, uint64_t parent, uint64_t class_arg, uint64_t name, uint64_t instance,
                       uint32_t& style, int32_t& x, int32_t& y, int32_t& cx, int32_t& cy, uint64_t& menu,
                       uint64_t& params, uint64_t& mdi_cs);
void mdi_child_made(WindowsProcess& p, uint64_t hwnd, uint32_t style);
const std::vector<Export>& mdi_exports();

}  // namespace polyrun::shims::user32
