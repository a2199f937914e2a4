[ builtins.map map __map removeAttrs scopedImport derivation fetchTree true null ]
