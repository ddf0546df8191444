/* CertStrToNameW: X.500 strings made Names (keys, OIDs, quoting, separators and their flags, + for
 * multi-valued RDNs, the string types a value gets, reversed order, errors and where they are),
 * printed as DER and as CertNameToStrW reads them back. Expected output: wine 8.0's (x64), but for
 * the lines wine-differences.txt names, as Microsoft's CertStrToName page gives them. */
// Links: -lcrypt32
#include <windows.h>
#include <wincrypt.h>
#include <stdio.h>
static void t(const WCHAR* s, DWORD type){ BYTE b[512]; DWORD n=sizeof b; LPCWSTR err=NULL; SetLastError(0);
 BOOL r=CertStrToNameW(X509_ASN_ENCODING,s,type,NULL,b,&n,&err);
 printf("["); for(const WCHAR*q=s;*q;q++) printf(*q>=0x20&&*q<0x80?"%c":"\\u%04x",*q); printf("] %lx: %d err %08lx", type, r, GetLastError()); if(!r&&err) printf(" at %d", (int)(err-s));
 if(r){ printf(" %lu:",n); for(DWORD i=0;i<n;i++)printf("%02x",b[i]); CERT_NAME_BLOB nb={n,b}; WCHAR o[256]; CertNameToStrW(X509_ASN_ENCODING,&nb,CERT_X500_NAME_STR,o,256); printf(" -> "); for(WCHAR*q=o;*q;q++) printf(*q<0x80?"%c":"\\u%04x",*q);} printf("\n");}
int main(){
 t(L"CN=Test",CERT_X500_NAME_STR);
 t(L"CN=Test, O=Org, C=US",CERT_X500_NAME_STR);
 t(L"CN=Test; O=Org",CERT_X500_NAME_STR|CERT_NAME_STR_SEMICOLON_FLAG);
 t(L"CN=a+OU=b, O=c",CERT_X500_NAME_STR);
 t(L"CN=a+OU=b, O=c",CERT_X500_NAME_STR|CERT_NAME_STR_NO_PLUS_FLAG);
 t(L"CN=\"quoted, value\"",CERT_X500_NAME_STR);
 t(L"CN=\"say \"\"hi\"\"\"",CERT_X500_NAME_STR);
 t(L"E=a@b.c, DC=example, DC=com",CERT_X500_NAME_STR);
 t(L"OID.2.5.4.3=x, 2.5.4.10=y",CERT_X500_NAME_STR);
 t(L"CN=M\x00fcnchen",CERT_X500_NAME_STR);
 t(L"CN=M\x00fcnchen",CERT_X500_NAME_STR|CERT_NAME_STR_ENABLE_UTF8_UNICODE_FLAG);
 t(L"CN=M\x00fcnchen",CERT_X500_NAME_STR|CERT_NAME_STR_ENABLE_T61_UNICODE_FLAG);
 t(L"CN=a*b",CERT_X500_NAME_STR);
 t(L"CN=Test, O=Org",CERT_X500_NAME_STR|CERT_NAME_STR_REVERSE_FLAG);
 t(L"XX=bad",CERT_X500_NAME_STR);
 t(L"CN",CERT_X500_NAME_STR);
 t(L"CN=",CERT_X500_NAME_STR);
 t(L"  CN = spaced  ,  O = x ",CERT_X500_NAME_STR);
 t(L"Test",CERT_SIMPLE_NAME_STR);
 t(L"2.5.4.3=a",CERT_OID_NAME_STR);
 t(L"CN=a, S=b, L=c, STREET=d, T=e, G=f, I=g, SN=h, SERIALNUMBER=i",CERT_X500_NAME_STR);
 t(L"C=USA",CERT_X500_NAME_STR);
 t(L"CN=Test\r\nO=Org",CERT_X500_NAME_STR|CERT_NAME_STR_CRLF_FLAG);
 t(L"",CERT_X500_NAME_STR);
 return 0;}
