{ a ? b, b ? a, ... }@args: args.c or a
