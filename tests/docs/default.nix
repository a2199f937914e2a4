# Every generated documentation file, by path: the option reference (docs/options.md and
# docs/options/<module>.md) and the package inventory (docs/packages.md). `tests/gen-docs`
# writes them and checks the committed ones.
{harness ? import ../harness.nix {}}:
import ./options.nix {inherit harness;}
// {"docs/packages.md" = (import ./packages.nix {inherit harness;}).markdown;}
