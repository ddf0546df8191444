/* The data protection API: CryptProtectData / CryptUnprotectData round trips (a description,
 * entropy, the wrong entropy or none, a damaged blob, no input, the machine's scope, empty data)
 * and CryptProtectMemory / CryptUnprotectMemory in place. Expected output: wine 8.0's (x64), but for
 * the memory functions (wine-differences.txt). */
// Links: -lcrypt32
#include <windows.h>
#include <wincrypt.h>
#include <dpapi.h>
#include <stdio.h>
int main(){
  DATA_BLOB in={6,(BYTE*)"secret"}, out={0}, back={0}, ent={3,(BYTE*)"abc"}, bad={3,(BYTE*)"abd"};
  SetLastError(0);
  BOOL r=CryptProtectData(&in,L"my description",&ent,NULL,NULL,CRYPTPROTECT_UI_FORBIDDEN,&out);
  printf("protect %d err %lu size>6 %d version %lu\n",r,GetLastError(),out.cbData>6, out.cbData>=4?*(DWORD*)out.pbData:0);
  LPWSTR desc=NULL; SetLastError(0);
  r=CryptUnprotectData(&out,&desc,&ent,NULL,NULL,CRYPTPROTECT_UI_FORBIDDEN,&back);
  printf("unprotect %d err %lu [%.*s] desc [%ls]\n",r,GetLastError(),(int)back.cbData,back.pbData,desc?desc:L"(null)");
  LocalFree(desc); LocalFree(back.pbData); back.pbData=NULL;
  SetLastError(0); r=CryptUnprotectData(&out,NULL,&bad,NULL,NULL,0,&back); printf("wrong entropy %d err %lu\n",r,GetLastError());
  SetLastError(0); r=CryptUnprotectData(&out,NULL,NULL,NULL,NULL,0,&back); printf("no entropy %d err %lu\n",r,GetLastError());
  DATA_BLOB junk={5,(BYTE*)"junk!"}; SetLastError(0); r=CryptUnprotectData(&junk,NULL,NULL,NULL,NULL,0,&back); printf("junk %d err %lu\n",r,GetLastError());
  SetLastError(0); r=CryptProtectData(NULL,NULL,NULL,NULL,NULL,0,&out); printf("null in %d err %lu\n",r,GetLastError());
  DATA_BLOB m={0}; SetLastError(0); r=CryptProtectData(&in,NULL,NULL,NULL,NULL,CRYPTPROTECT_LOCAL_MACHINE,&m); printf("machine %d err %lu\n",r,GetLastError());
  SetLastError(0); r=CryptUnprotectData(&m,&desc,NULL,NULL,NULL,0,&back); printf("machine back %d err %lu [%.*s] desc [%ls]\n",r,GetLastError(),(int)back.cbData,back.pbData,desc?desc:L"(null)");
  DATA_BLOB e={0,(BYTE*)""}; SetLastError(0); r=CryptProtectData(&e,NULL,NULL,NULL,NULL,0,&m); printf("empty %d err %lu\n",r,GetLastError());
  SetLastError(0); r=CryptUnprotectData(&m,NULL,NULL,NULL,NULL,0,&back); printf("empty back %d err %lu size %lu\n",r,GetLastError(),back.cbData);
  char buf[32]="0123456789abcdef0123456789abcdef";
  SetLastError(0); r=CryptProtectMemory(buf,32,CRYPTPROTECTMEMORY_SAME_PROCESS); printf("protect memory %d err %lu changed %d\n",r,GetLastError(),memcmp(buf,"0123456789abcdef",16)!=0);
  SetLastError(0); r=CryptUnprotectMemory(buf,32,CRYPTPROTECTMEMORY_SAME_PROCESS); printf("unprotect memory %d [%.32s]\n",r,buf);
  SetLastError(0); r=CryptProtectMemory(buf,10,0); printf("10 bytes %d err %lu\n",r,GetLastError());
  return 0;}
