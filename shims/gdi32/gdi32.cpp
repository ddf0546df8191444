// GDI32.dll: device contexts, objects, bitmaps and the DIB engine that draws on them (one file per
// concern in this folder, each with its export list), and MSIMG32.dll, whose three functions are
// GDI32's under other names.
#include "shims/gdi32/exports.h"
#include "shims/gdi32/gdi32.h"

namespace polyrun::shims {

const Dll kGdi32 = [] {
  Dll d{"gdi32.dll", false, {}};
  for (const auto* list : {&gdi32::object_exports(), &gdi32::dc_exports(), &gdi32::brush_exports(),
                           &gdi32::bitmap_exports(), &gdi32::blit_exports(), &gdi32::region_exports(),
                           &gdi32::palette_exports(), &gdi32::drawing_exports(),
                           &gdi32::font_exports(), &gdi32::text_out_exports(),
                           &gdi32::pixel_format_exports(), &gdi32::path_exports(),
                           &gdi32::font_data_exports(), &gdi32::print_job_exports(),
                           &gdi32::glyph_outline_exports(), &gdi32::outline_metric_exports(), &gdi32::path_widening_exports(),
                           &gdi32::font_resource_exports()})
    for (const Export& e : *list) d.exports.push_back(e);
  return d;
}();

const Dll kMsimg32 = [] {
  Dll d{"msimg32.dll", false, {}};
  for (const auto* list : {&gdi32::blit_exports(), &gdi32::drawing_exports()})
    for (const Export& e : *list) {
      const std::string name = e.name;
      if (name == "GdiAlphaBlend" || name == "GdiTransparentBlt" || name == "GdiGradientFill") {
        Export renamed = e;
        renamed.name = name == "GdiAlphaBlend" ? "AlphaBlend" : name == "GdiTransparentBlt" ? "TransparentBlt" : "GradientFill";
        d.exports.push_back(renamed);
      }
    }
  return d;
}();

}  // namespace polyrun::shims
