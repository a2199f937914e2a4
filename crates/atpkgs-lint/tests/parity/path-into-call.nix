{ a = import ./x.nix; a.b = 1; }
