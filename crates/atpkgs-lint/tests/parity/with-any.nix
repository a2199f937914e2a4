{ pkgs }: with pkgs; [ hello anything.at.all ]
