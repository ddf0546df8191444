// Reading a cabinet (cabinet/cabinet.h): its header, folders and files, and a folder's data
// decompressed block by block. FDI reads through the program's callbacks, SETUPAPI from the file.
#include <cstring>

#include "shims/cabinet/cabinet.h"

namespace polyrun::shims::cab {

std::string c_string(const std::vector<uint8_t>& d, size_t* at) {
  std::string s;
  while (*at < d.size() && d[*at]) s += static_cast<char>(d[(*at)++]);
  ++*at;
  return s;
}

// The header's fields from the first bytes (false: no cabinet; *error says which).
bool read_header(const std::vector<uint8_t>& d, Cabinet* c, int32_t* error) {
  if (d.size() < 36 || std::memcmp(d.data(), "MSCF", 4) != 0) return *error = FDIERROR_NOT_A_CABINET, false;
  if (d[25] != 1 || d[24] != 3) return *error = FDIERROR_UNKNOWN_CABINET_VERSION, false;
  c->size = u32(&d[8]);
  c->folders = u16(&d[26]);
  c->files = u16(&d[28]);
  c->flags = u16(&d[30]);
  c->set_id = u16(&d[32]);
  c->index = u16(&d[34]);
  return true;
}

// The folders and files after the header.
bool read_tables(const std::vector<uint8_t>& d, Cabinet* c) {
  size_t at = 36;
  if (c->flags & kFlagReserve) {
    if (d.size() < 40) return false;
    c->reserve_header = u16(&d[36]);
    c->reserve_folder = d[38];
    c->reserve_data = d[39];
    at = 40 + c->reserve_header;
  }
  if (c->flags & kFlagPrev) c->prev_cab = c_string(d, &at), c->prev_disk = c_string(d, &at);
  if (c->flags & kFlagNext) c->next_cab = c_string(d, &at), c->next_disk = c_string(d, &at);
  for (uint16_t i = 0; i < c->folders; ++i) {
    if (at + 8 > d.size()) return false;
    c->folder_list.push_back({u32(&d[at]), u16(&d[at + 4]), u16(&d[at + 6])});
    at += 8 + c->reserve_folder;
  }
  at = u32(&d[16]);  // coffFiles
  for (uint16_t i = 0; i < c->files; ++i) {
    if (at + 16 > d.size()) return false;
    File f{u32(&d[at]), u32(&d[at + 4]), u16(&d[at + 8]), u16(&d[at + 10]), u16(&d[at + 12]), u16(&d[at + 14]), ""};
    at += 16;
    f.name = c_string(d, &at);
    c->file_list.push_back(f);
  }
  return at <= d.size();
}

int32_t FolderReader::read(uint32_t offset, uint32_t n, std::vector<uint8_t>* out) {
  if ((f_.compression & 0x0f) != kCompressNone && (f_.compression & 0x0f) != kCompressMszip)
    return FDIERROR_BAD_COMPR_TYPE;  // Quantum and LZX folders are not decoded here
  if (offset < block_start_) restart();
  while (n) {
    if (offset >= block_start_ + block_.size()) {
      if (int32_t e = next_block()) return e;
      continue;
    }
    const size_t from = offset - block_start_;
    const size_t take = std::min<size_t>(n, block_.size() - from);
    out->insert(out->end(), block_.begin() + from, block_.begin() + from + take);
    offset += take, n -= take;
  }
  return FDIERROR_NONE;
}

void FolderReader::restart() {
  block_start_ = 0, block_.clear(), next_ = 0, at_ = 0;
  inflater_ = std::make_unique<MszipInflater>();
}

int32_t FolderReader::next_block() {
  if (next_ >= f_.blocks) return FDIERROR_CORRUPT_CABINET;
  if (!at_) at_ = f_.data_offset;
  if (at_ + 8 + c_.reserve_data > cab_.size()) return FDIERROR_CORRUPT_CABINET;
  const uint16_t packed = u16(&cab_[at_ + 4]), plain = u16(&cab_[at_ + 6]);
  const size_t data = at_ + 8 + c_.reserve_data;
  if (data + packed > cab_.size()) return FDIERROR_CORRUPT_CABINET;
  block_start_ += block_.size();
  if ((f_.compression & 0x0f) == kCompressNone) {
    if (packed != plain) return FDIERROR_CORRUPT_CABINET;
    block_.assign(cab_.begin() + data, cab_.begin() + data + packed);
  } else if (!inflater_->block(&cab_[data], packed, plain, &block_)) {
    return FDIERROR_CORRUPT_CABINET;
  }
  at_ = data + packed;
  ++next_;
  return FDIERROR_NONE;
}

}  // namespace polyrun::shims::cab
