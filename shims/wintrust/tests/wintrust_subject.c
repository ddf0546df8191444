/* The file wintrust_verify checks, unsigned and signed (build.cmake). */
int main(void) { return 0; }
