// Stand-in for js-yaml in the CLI bundle: gray-matter requires it for its default engine, but
// flagstore always gives gray-matter the `yaml` package as its engine, so this is never called.
function unused() {
  throw new Error('js-yaml is not bundled: flagstore parses front matter with the yaml package');
}
// eslint-disable-next-line no-undef
module.exports = { safeLoad: unused, safeDump: unused, load: unused, dump: unused };
