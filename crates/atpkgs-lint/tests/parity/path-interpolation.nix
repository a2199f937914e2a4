./${missing}.nix
