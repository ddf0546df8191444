/* DBGHELP's PE header functions over the program's own image, as loaded and as its file's bytes:
 * ImageNtHeader, ImageDirectoryEntryToData(Ex) for each directory (the address against the
 * headers' RVA, the size, the section), ImageRvaToSection and ImageRvaToVa, the import directory's
 * DLL names read both ways, GetTimestampForLoadedLibrary, and what they give for memory that is no
 * image. */
// Links: -ldbghelp
#include <windows.h>
#include <dbghelp.h>
#include <stdio.h>
#include <string.h>
#include <ctype.h>
#include <stdlib.h>

static const char* P(const void* p) { return p ? "set" : "NULL"; }

static void lower(char* s) {
  for (; *s; ++s) *s = (char)tolower((unsigned char)*s);
}

/* Whether a directory's loaded bytes are the file's wherever the image is placed: the IAT is bound,
 * and the TLS and load configuration directories hold addresses that relocation changes when the
 * image is not at its preferred base (ASLR on Windows; polyrun under AddressSanitizer, whose shadow
 * covers 0x140000000). */
static int holds_no_addresses(USHORT d) {
  return d != IMAGE_DIRECTORY_ENTRY_IAT && d != IMAGE_DIRECTORY_ENTRY_TLS && d != IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG;
}

int main(void) {
  BYTE* base = (BYTE*)GetModuleHandleA(NULL);
  IMAGE_NT_HEADERS* nt = ImageNtHeader(base);
  printf("ImageNtHeader: at e_lfanew %d, signature %d\n", (BYTE*)nt == base + ((IMAGE_DOS_HEADER*)base)->e_lfanew,
         nt && nt->Signature == IMAGE_NT_SIGNATURE);
  printf("GetTimestampForLoadedLibrary: the header's %d\n", GetTimestampForLoadedLibrary((HMODULE)base) == nt->FileHeader.TimeDateStamp);

  /* the file's bytes */
  char path[MAX_PATH];
  GetModuleFileNameA(NULL, path, MAX_PATH);
  HANDLE f = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  DWORD file_size = GetFileSize(f, NULL), got = 0;
  BYTE* file = (BYTE*)malloc(file_size);
  ReadFile(f, file, file_size, &got, NULL);
  CloseHandle(f);
  IMAGE_NT_HEADERS* fnt = ImageNtHeader(file);
  printf("file: read all %d, ImageNtHeader %d\n", got == file_size, (BYTE*)fnt == file + ((IMAGE_DOS_HEADER*)file)->e_lfanew);

  for (USHORT d = 0; d < 16; ++d) {
    ULONG size = 12345, fsize = 12345;
    PIMAGE_SECTION_HEADER section = (PIMAGE_SECTION_HEADER)1, fsection = (PIMAGE_SECTION_HEADER)1;
    BYTE* loaded = (BYTE*)ImageDirectoryEntryToDataEx(base, TRUE, d, &size, &section);
    BYTE* raw = (BYTE*)ImageDirectoryEntryToDataEx(file, FALSE, d, &fsize, &fsection);
    DWORD rva = nt->OptionalHeader.DataDirectory[d].VirtualAddress;
    DWORD dsize = nt->OptionalHeader.DataDirectory[d].Size;
    if (!rva) {
      printf("directory %2u: none: loaded %s size %lu section %s; file %s size %lu section %s\n", d, P(loaded), size,
             P(section), P(raw), fsize, P(fsection));
      continue;
    }
    PIMAGE_SECTION_HEADER s = ImageRvaToSection(nt, base, rva);
    BYTE* va = (BYTE*)ImageRvaToVa(fnt, file, rva, NULL);
    printf("directory %2u: loaded at base+rva %d size ok %d section %s; file at section offset %d (same as ImageRvaToVa %d) "
           "size ok %d section %s; bytes equal %d\n",
           d, loaded == base + rva, size == dsize, P(section), s && raw == file + (rva - s->VirtualAddress) + s->PointerToRawData,
           raw == va, fsize == dsize, fsection == ImageRvaToSection(fnt, file, rva) ? "its own" : "other",
           s && raw && loaded && holds_no_addresses(d) && memcmp(raw, loaded, dsize < 64 ? dsize : 64) == 0);
  }

  ULONG size = 0;
  IMAGE_IMPORT_DESCRIPTOR* imports = (IMAGE_IMPORT_DESCRIPTOR*)ImageDirectoryEntryToData(base, TRUE, IMAGE_DIRECTORY_ENTRY_IMPORT, &size);
  IMAGE_IMPORT_DESCRIPTOR* fimports = (IMAGE_IMPORT_DESCRIPTOR*)ImageDirectoryEntryToData(file, FALSE, IMAGE_DIRECTORY_ENTRY_IMPORT, &size);
  int dbghelp_loaded = 0, dbghelp_file = 0, kernel_loaded = 0, kernel_file = 0;
  for (; imports && imports->Name; ++imports) {
    char name[64];
    snprintf(name, sizeof name, "%s", (char*)(base + imports->Name));
    lower(name);
    dbghelp_loaded |= strcmp(name, "dbghelp.dll") == 0;
    kernel_loaded |= strcmp(name, "kernel32.dll") == 0;
  }
  PIMAGE_SECTION_HEADER last = NULL;
  for (; fimports && fimports->Name; ++fimports) {
    char name[64];
    snprintf(name, sizeof name, "%s", (char*)ImageRvaToVa(fnt, file, fimports->Name, &last));
    lower(name);
    dbghelp_file |= strcmp(name, "dbghelp.dll") == 0;
    kernel_file |= strcmp(name, "kernel32.dll") == 0;
  }
  printf("imports: dbghelp.dll loaded %d file %d; kernel32.dll loaded %d file %d; last section set %d\n", dbghelp_loaded,
         dbghelp_file, kernel_loaded, kernel_file, last != NULL);

  /* beyond the table, and no image */
  size = 777;
  void* beyond = ImageDirectoryEntryToData(base, TRUE, (USHORT)nt->OptionalHeader.NumberOfRvaAndSizes, &size);
  printf("directory %lu: %s size %lu\n", nt->OptionalHeader.NumberOfRvaAndSizes, P(beyond), size);
  static BYTE zeros[4096];
  size = 777;
  PIMAGE_SECTION_HEADER section = (PIMAGE_SECTION_HEADER)1;
  void* none = ImageDirectoryEntryToDataEx(zeros, TRUE, 1, &size, &section);
  printf("no image: ImageNtHeader %s, ImageDirectoryEntryToDataEx %s size %lu section %s\n", P(ImageNtHeader(zeros)), P(none),
         size, P(section));
  printf("ImageRvaToSection beyond the image: %s\n", P(ImageRvaToSection(nt, base, 0x7fffffff)));
  printf("ImageRvaToVa beyond the image: %s\n", P(ImageRvaToVa(nt, base, 0x7fffffff, NULL)));
  free(file);
  return 0;
}
