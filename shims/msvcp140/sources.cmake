# MSVCP140's files, which shims/msvcp140/ builds for MSVCP140 (and MSVCP120 and MSVCP110 through
# it) and shims/msvcp90/ and shims/msvcp100/ build again for their runtimes' objects: their paths.
set(msvcp_runtime_files threads.cpp exceptions.cpp error_maps.cpp lockit.cpp numerics.cpp exception_ptr.cpp
    crt_wrappers.cpp filesystem.cpp tasks.cpp manipulators.cpp ctype.cpp collate.cpp yarn.cpp locale.cpp
    facets.cpp streambuf.cpp ios.cpp ostream.cpp istream.cpp std_streams.cpp num_facets.cpp time_facets.cpp
    time_get.cpp)
list(TRANSFORM msvcp_runtime_files PREPEND ${CMAKE_CURRENT_LIST_DIR}/)
