self@{ x ? self, ... }: x
