// SHFOLDER.dll: the redistributable that brought SHGetFolderPath to Windows before 2000, which
// installers still load (by its full path in the system directory). Its two functions are SHELL32's.
#include "shims/shell32/exports.h"

namespace polyrun::shims {

const Dll kShfolder{
    .name = "shfolder.dll",
    .crt = false,
    .exports = {},
    .forwards = {{"shell32.dll", {"SHGetFolderPathA", "SHGetFolderPathW"}}},
};

}  // namespace polyrun::shims
