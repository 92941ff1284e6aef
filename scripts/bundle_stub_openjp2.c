/* Pillow's _imaging asks OpenJPEG for its version when it is imported (PIL.features);
 * scripts/bundle_stubs.py compiles this into the stub of libopenjp2 so that the import
 * works. Every other OpenJPEG function aborts with a message (no JPEG 2000 in the bundle). */
__attribute__((visibility("default"))) const char *opj_version(void) {
    return "0.0.0 (not in this bundle)";
}
