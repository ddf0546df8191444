// polyrun's own heap, set up once at start-up so that it costs few page faults.
#pragma once

namespace polyrun {

// A start allocates a few MiB of host memory before the guest's first instruction (the engine's
// translation-block hash table, software TLBs, physical memory map and translator state), and
// each first touch of a 4 KiB page of it is a page fault: some 600 of them for a dynamically
// linked guest, about 11 µs each on a virtual machine against under 1 µs per page when the kernel
// fills a range in one call. So the heap is grown by a margin up front, its first part is filled
// in at once (MADV_POPULATE_WRITE, Linux 5.14; older kernels refuse the advice and nothing
// changes), and blocks up to 8 MiB come from the heap rather than from mappings of their own.
// Does nothing in sanitizer builds, whose allocators are their own.
void prepare_host_heap();
// Fills in the heap's first part (once): called where an engine is about to be created, since a
// start without one (a Windows x64 program running natively) touches far less and would pay some
// 1 ms for pages it never uses.
void fill_host_heap();

}  // namespace polyrun
