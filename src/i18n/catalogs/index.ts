/** Registers every shipped catalog. Kept in one place so a new language is one line. */
export function loadCatalogs(): void {
  // English is built in; es, zh-CN and fr are registered here as they land.
}
