# expect: attribute 'noSuchPackage' missing
{pkgs, ...}: pkgs.noSuchPackage
