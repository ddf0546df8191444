// COMCTL32's common controls: each control's file gives its window class (and the exports it adds
// beyond the window procedure), listed in comctl32.cpp.
#pragma once

#include <vector>

#include "shims/core/shim.h"
#include "shims/user32/controls.h"

namespace polyrun::shims::comctl32 {

// The controls' classes and export lists (comctl32.cpp joins them).
std::vector<const user32::ControlClass*> control_classes();
std::vector<const std::vector<Export>*> export_lists();

}  // namespace polyrun::shims::comctl32
