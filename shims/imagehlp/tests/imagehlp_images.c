// IMAGEHLP: the program's own image mapped as a file (MapAndLoad, its LOADED_IMAGE; ImageLoad),
// its checksum from the view and from the file (CheckSumMappedFile, MapFileAndCheckSum), a name
// that is no file, and a DBGHELP function IMAGEHLP forwards.
// Links: -limagehlp
#include <stdio.h>
#include <string.h>
#include <windows.h>
#include <imagehlp.h>

int main(void) {
  char self[MAX_PATH];
  GetModuleFileNameA(NULL, self, sizeof self);
  LOADED_IMAGE li;
  memset(&li, 0xcc, sizeof li);
  BOOL ok = MapAndLoad(self, NULL, &li, FALSE, TRUE);
  printf("MapAndLoad(self): %d\n", ok);
  printf("  name is the path: %d, sections and characteristics the file header's: %d %d\n", !_stricmp(li.ModuleName, self),
         li.NumberOfSections == li.FileHeader->FileHeader.NumberOfSections,
         li.Characteristics == li.FileHeader->FileHeader.Characteristics);
  printf("  read-only: %d\n", li.fReadOnly);
  printf("  headers %s, sections follow the optional header: %d, last section the first: %d\n",
         li.FileHeader->Signature == IMAGE_NT_SIGNATURE ? "PE" : "not PE",
         (BYTE*)li.Sections == (BYTE*)&li.FileHeader->OptionalHeader + li.FileHeader->FileHeader.SizeOfOptionalHeader,
         li.LastRvaSection == li.Sections);
  WIN32_FILE_ATTRIBUTE_DATA fa;
  GetFileAttributesExA(self, GetFileExInfoStandard, &fa);
  printf("  size is the file's: %d, links empty: %d\n", li.SizeOfImage == fa.nFileSizeLow, li.Links.Flink == &li.Links);
  DWORD header = 1, sum = 1;
  PIMAGE_NT_HEADERS nt = CheckSumMappedFile(li.MappedAddress, li.SizeOfImage, &header, &sum);
  printf("CheckSumMappedFile: headers %s, stored the header's: %d, computed the stored: %d\n", nt == li.FileHeader ? "the image's" : "other",
         header == li.FileHeader->OptionalHeader.CheckSum, sum == header);
  DWORD header2 = 1, sum2 = 1;
  DWORD r = MapFileAndCheckSumA(self, &header2, &sum2);
  printf("MapFileAndCheckSumA: %lu, the same sums: %d\n", r, header2 == header && sum2 == sum);
  char text[] = "not an image at all";
  nt = CheckSumMappedFile(text, sizeof text - 1, &header, &sum);
  printf("CheckSumMappedFile of text: %s, stored %#lx, computed %#lx\n", nt ? "headers" : "NULL", header, sum);
  printf("UnMapAndLoad: %d\n", UnMapAndLoad(&li));

  SetLastError(0xdeadbeef);
  ok = MapAndLoad("no-such-image-here.exe", NULL, &li, FALSE, TRUE);
  printf("MapAndLoad(no such file): %d error %lu\n", ok, GetLastError());
  r = MapFileAndCheckSumA("no-such-image-here.exe", &header2, &sum2);
  printf("MapFileAndCheckSumA(no such file): %lu\n", r);

  char dir[MAX_PATH];
  strcpy(dir, self);
  *strrchr(dir, '\\') = 0;
  PLOADED_IMAGE image = ImageLoad(strrchr(self, '\\') + 1, dir);
  printf("ImageLoad(self, its directory): %s, sections the file header's: %d\n", image ? "an image" : "NULL",
         image && image->NumberOfSections == image->FileHeader->FileHeader.NumberOfSections);
  printf("ImageUnload: %d\n", ImageUnload(image));

  printf("SymInitialize forwarded: %d\n", GetProcAddress(GetModuleHandleA("imagehlp.dll"), "SymInitialize") != NULL);
  return 0;
}
