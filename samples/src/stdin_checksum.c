/* Reads stdin to EOF in odd-sized chunks and prints the byte count and CRC32. */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

static uint32_t table[256];

int main(void) {
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  uint32_t crc = 0xffffffffu;
  unsigned long long total = 0;
  unsigned char buf[777];
  ssize_t n;
  while ((n = read(0, buf, sizeof buf)) > 0) {
    for (ssize_t i = 0; i < n; ++i) crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
    total += (unsigned long long)n;
  }
  if (n < 0) return 1;
  printf("bytes=%llu crc32=%08x\n", total, crc ^ 0xffffffffu);
  return 0;
}
