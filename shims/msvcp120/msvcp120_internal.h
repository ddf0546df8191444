// What the files of MSVCP120.dll and MSVCP110.dll share: each family's export table
// (msvcp120.cpp joins them into the DLLs' tables).
#pragma once

#include <vector>

#include "shims/core/shim.h"

namespace polyrun::shims::msvcp120 {

// tr2_filesystem.cpp: <filesystem>'s std::tr2::sys functions, narrow and wide; the _vc11 table
// has MSVCP110's forms that take plain pointers where MSVCP120's take arrays of MAX_PATH.
const std::vector<Export>& tr2_filesystem_exports();
const std::vector<Export>& tr2_filesystem_vc11_exports();
// header_support.cpp: the debug iterators' container bases, std::placeholders, Concurrency's
// _Byte_reverse_table, _Runtime_object, _GetCombinableSize, is_current_task_group_canceling.
const std::vector<Export>& header_support_exports();

// concurrent_containers.cpp: Concurrency::details::_Concurrent_queue_base_v4 and
// _Concurrent_vector_base_v4, beneath concurrent_queue and concurrent_vector.
const std::vector<Export>& concurrent_container_exports();

}  // namespace polyrun::shims::msvcp120
