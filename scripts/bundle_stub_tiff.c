/* Pillow's _imaging asks libtiff for its version when it is imported (PIL.features);
 * scripts/bundle_stubs.py compiles this into the stub of libtiff so that the import works.
 * Every other libtiff function aborts with a message (no TIFF in the bundle). */
__attribute__((visibility("default"))) const char *TIFFGetVersion(void) {
    return "LIBTIFF, Version 0.0.0 (not in this bundle)";
}
