[ mapAttrs ]
